// Table tests for undefined-variable: once per variable and unit, at the first use, counting the uses.
import { runRuleTests, v3, v3Fragment, v4, type Case, type InvalidCase } from '../ruleTester';
import { undefinedVariable } from '../../server/src/rules/undefined-variable';

const valid: Case[] = [
  {
    name: 'variables defined by -d, <?define?> and the environment',
    code: v3(`<?define Local = "1" ?>
    <Property Id="A" Value="$(var.Given)$(var.Local)$(env.WIXLINT_TEST_ENV)" />
<?if $(var.Given) = yes ?><Property Id="B" Value="1" /><?endif?>`),
    defines: { Given: 'yes' },
  },
  {
    name: '<?ifdef?> and <?ifndef?> test whether a variable is defined: no use',
    code: v3(`<?ifdef Debug ?><Property Id="A" Value="1" /><?endif?>
<?ifndef env.NOT_SET ?><Property Id="B" Value="1" /><?endif?>`),
  },
  {
    name: 'a variable only used in a branch that is not taken',
    code: v3(`<?if $(sys.BUILDARCH) = x64 ?>
    <Property Id="X" Value="$(var.OnlyOnX64)" />
<?endif?>`),
  },
  {
    name: "what the preprocessor does not resolve: $$( escapes, $(loc.X), functions, WiX v4's sys variables",
    code: v4(`    <Property Id="A" Value="$$(var.Literal) $(loc.Text) $(fun.AutoVersion(1.0))" />
    <Property Id="B" Value="$(sys.BUILDARCHSHORT) $(sys.WIXMAJORVERSION) $(sys.WIXVERSION) $(sys.SOURCEFILEDIR)" />`),
  },
  {
    name: 'a <?foreach?> variable at every depth of the loop body',
    code: v3(`<Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="D" Name="D">
<?foreach Lang in en;de ?>
      <Component Id="Res.$(var.Lang)" Guid="*">
        <File Id="F.$(var.Lang)" Source="res\\$(var.Lang)\\app.resources.dll" />
        <RegistryKey Root="HKLM" Key="Software\\Contoso\\$(var.Lang)"><RegistryValue Name="N" Value="$(var.Lang)" Type="string" /></RegistryKey>
      </Component>
<?endforeach?>
</Directory></Directory></Directory>`),
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'one problem per variable, at its first use, with the number of uses in every file of the unit',
    files: {
      '/project/Product.wxs': v3(`    <Property Id="A" ⟦first:Value="$(var.Version)"⟧ />
    <Property Id="B" Value="$(var.Version).0" />`),
      '/project/Components.wxs': v3Fragment(`    <Property Id="C" Value="$(var.Version)" />`),
    },
    problems: [
      {
        at: 'first',
        message:
          '$(var.Version) is not defined here It is used 3 times; this is the first. Until the build\'s value is given, wixlint leaves it as written and reports what depends on it as info. Pass -d Version=VALUE to wixlint as to candle or wix build, or add Version=VALUE to DefineConstants in the .wixproj, or to "defines" in wixlint.config.json.',
        severity: 'warning',
      },
    ],
  },
  {
    name: 'a comparison in <?if?>, and a lone variable, count as uses (WiX stops the build on both)',
    code: v3(`    ⟦if:<?if $(var.Flavor) = lite ?>⟧
<?endif?>
<?if $(var.Flavor) ?><?endif?>`),
    problems: [{ at: 'if', messageId: 'variable', data: { written: '$(var.Flavor)', name: 'Flavor', uses: 'used 2 times; this is the first' } }],
  },
  {
    name: "WiX v4's bare $(X) is $(var.X): one variable",
    code: v4(`    <Property Id="A" ⟦a:Value="$(Version)"⟧ />
    <Property Id="B" Value="$(var.Version)" />`),
    problems: [{ at: 'a', messageId: 'variable', data: { written: '$(Version)', name: 'Version', uses: 'used 2 times; this is the first' } }],
  },
  {
    name: 'an environment variable, whatever the case of its name (Windows ignores it)',
    code: v3(`    <Property Id="A" ⟦a:Value="$(env.WIX_ROOT)\\bin"⟧ />
    <Property Id="B" Value="$(env.Wix_Root)\\lib" />`),
    problems: [
      { at: 'a', messageId: 'environment', data: { written: '$(env.WIX_ROOT)', name: 'WIX_ROOT', uses: 'used 2 times; this is the first' } },
    ],
  },
  {
    name: "a sys. variable WiX does not have: WiX v4's in a v3 source, a name in the wrong case",
    code: v3(`    <Property Id="A" ⟦a:Value="$(sys.BUILDARCHSHORT)"⟧ />
    <Property Id="B" ⟦b:Value="$(sys.buildarch)"⟧ />`),
    problems: [
      { at: 'a', messageId: 'system', data: { written: '$(sys.BUILDARCHSHORT)', uses: 'used once' }, severity: 'error' },
      { at: 'b', messageId: 'system', data: { written: '$(sys.buildarch)', uses: 'used once' }, severity: 'error' },
    ],
  },
  {
    name: 'an include named by an undefined variable is that variable, not a missing file',
    code: v3(`    ⟦inc:<?include $(var.ConfigDir)\\Config.wxi ?>⟧`),
    problems: [{ at: 'inc', messageId: 'variable', data: { written: '$(var.ConfigDir)', name: 'ConfigDir', uses: 'used once' } }],
  },
  {
    name: 'once for every platform it is used on',
    code: v3(`    <Property Id="A" ⟦a:Value="$(var.Version)"⟧ />`),
    platforms: ['x86', 'x64'],
    problems: [
      { at: 'a', messageId: 'variable', data: { written: '$(var.Version)', name: 'Version', uses: 'used once' }, platforms: ['x86', 'x64'] },
    ],
  },
];

runRuleTests(undefinedVariable, { valid, invalid });
