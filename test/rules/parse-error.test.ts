// Table tests for parse-error: malformed XML and preprocessor errors give one problem at the right place, never a crash.
import { parseError } from '../../server/src/rules/parse-error';
import { runRuleTests, v3, v4, type Case, type InvalidCase } from '../ruleTester';

const GOOD = v3(`    <Directory Id="TARGETDIR" Name="SourceDir" />`);

const valid: Case[] = [
  { name: 'a well-formed v3 product', code: GOOD },
  { name: 'a well-formed v4 package with CRLF line ends', code: v4('    <StandardDirectory Id="ProgramFiles6432Folder" />').replace(/\n/g, '\r\n') },
  {
    name: 'defines from -d, env and sys variables, nested if/elseif/else, foreach',
    code: v3(`<?ifdef Debug?>
<?if $(var.Flavor) = "lite" AND NOT ($(sys.BUILDARCH) = arm64 OR $(env.WIXLINT_TEST_ENV) != "from-env") ?>
    <Property Id="A" Value="$(var.Flavor)" />
<?elseif $(var.Flavor) ~= "FULL" ?>
    <Property Id="B" Value="1" />
<?else?>
    <?error not reached?>
<?endif?>
<?endif?>
<?foreach Lang in 1033;1031?>
    <Property Id="L$(var.Lang)" Value="$(var.Lang)" />
<?endforeach?>`),
    defines: { Debug: '1', Flavor: 'lite' },
    platforms: ['x86', 'x64'],
  },
  {
    name: 'an include found through -I',
    files: {
      '/project/Product.wxs': v3(`<?include Common.wxi ?>
    <Property Id="X" Value="$(var.Shared)" />`),
      '/shared/Common.wxi': '<Include xmlns="http://schemas.microsoft.com/wix/2006/wi"><?define Shared = "yes" ?></Include>',
    },
    includePaths: ['/shared'],
  },
  {
    name: 'an undefined variable in a branch that is not taken',
    code: v3(`<?if $(sys.BUILDARCH) = x64 ?>
    <Property Id="X" Value="$(var.OnlyOnX64)" />
<?endif?>`),
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'a truncated file',
    code: GOOD.slice(0, GOOD.indexOf('<Directory')) + '<Directory Id="TARGETDIR" Name="Sour⟦eof:⟧',
    problems: [
      { at: 'eof', range: '5:41-5:41', message: "Unexpected end of file inside the value of attribute 'Name'. <Product> (line 3) is not closed." },
    ],
  },
  {
    name: 'an unclosed tag',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
    </Directory>`).replace('  </Product>', '  ⟦end:</Product>⟧'),
    problems: [
      {
        at: 'end',
        range: '8:3-8:13',
        message: 'The end tag </Product> does not match the start tag <Directory> on line 5: is </Directory> missing?',
      },
    ],
  },
  {
    name: 'a mismatched end tag',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Component Id="A" Guid="*">
    ⟦end:</Directory>⟧
    </Directory>`),
    problems: [{ at: 'end', message: 'The end tag </Directory> does not match the start tag <Component> on line 6: is </Component> missing?' }],
  },
  {
    name: 'an attribute without quotes',
    code: v3(`    <Directory ⟦a:Id⟧=TARGETDIR Name="SourceDir" />`),
    problems: [{ at: 'a', message: "The value of attribute 'Id' in <Directory> must be quoted." }],
  },
  {
    name: 'an unknown preprocessor directive',
    code: v3(`    ⟦pi:<?iff⟧ $(var.X) = 1 ?>`),
    problems: [
      {
        at: 'pi',
        message:
          'Unknown preprocessor directive <?iff?>: WiX ignores it. Directives are define, undef, if, ifdef, ifndef, elseif, else, endif, include, foreach, error, warning and pragma.',
        severity: 'warning',
      },
    ],
  },
  {
    name: 'a processing instruction that is never closed',
    code: v3(`    ⟦pi:<?define⟧ X = "1" >
    <Property Id="X" Value="1" />`),
    problems: [{ at: 'pi', message: "The processing instruction <?define is not closed with '?>'." }],
  },
  {
    name: 'an <?if?> without <?endif?>',
    code: v3(`    ⟦if:<?if $(sys.BUILDARCH) = x64 ?>⟧
    <Property Id="X" Value="1" />`),
    platforms: ['x86', 'x64'],
    problems: [{ at: 'if', message: '<?if?> has no matching <?endif?>.', platforms: ['x86', 'x64'] }],
  },
  {
    name: 'an <?else?> without <?if?>',
    code: v3(`    ⟦e:<?else?>⟧`),
    problems: [{ at: 'e', message: '<?else?> without a matching <?if?>.' }],
  },
  {
    name: 'a condition that does not parse',
    code: v3(`    ⟦if:<?if $(sys.BUILDARCH) = ?>⟧
<?endif?>`),
    problems: [{ at: 'if', message: 'Cannot evaluate <?if $(sys.BUILDARCH) =?>: the expression ends too early.' }],
  },
  {
    name: 'a missing include: where it looked, and how to add a folder',
    code: v3(`    ⟦inc:<?include Missing.wxi ?>⟧`),
    includePaths: ['/inc'],
    problems: [
      {
        at: 'inc',
        message:
          "Cannot find the include file 'Missing.wxi' Looked in /project, /inc. If the build generates " +
          'it or finds it through an include path, add that folder with -I DIR, "includePaths" in ' +
          'wixlint.config.json, or IncludeSearchPaths in the .wixproj.',
      },
    ],
  },
  {
    name: '<?undef?> of a variable that is not defined',
    code: v3(`    ⟦u:<?undef Nothing ?>⟧`),
    problems: [{ at: 'u', message: "<?undef Nothing?>: 'Nothing' is not defined." }],
  },
  {
    name: 'the WiX v2 namespace, read as v3 with a note',
    code: '<Wix xmlns="http://schemas.microsoft.com/wix/2003/01/wi">\n  <⟦p:Product⟧ Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}" />\n</Wix>\n'
      .replace('<Wix', '<⟦w:Wix⟧')
      .replace('<⟦p:Product⟧', '<Product'),
    problems: [
      {
        at: 'w',
        message:
          'This source uses the WiX v2 namespace (http://schemas.microsoft.com/wix/2003/01/wi) wixlint reads it as WiX v3, whose ' +
          'candle refuses it (CNDL0199). Change the namespace to http://schemas.microsoft.com/wix/2006/wi (wixcop converts it).',
        severity: 'info',
      },
    ],
  },
  {
    name: 'an include that is malformed, reported in the include file',
    files: {
      '/project/Product.wxs': v3(`<?include Broken.wxi ?>`),
      '/project/Broken.wxi': `<Include xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <?define A = "1" ?>
⟦end:</Includ>⟧`,
    },
    problems: [{ at: 'end', message: 'The end tag </Includ> does not match the start tag <Include> on line 1: is </Include> missing?' }],
  },
  {
    name: 'an include that includes itself',
    files: {
      '/project/Product.wxs': v3(`<?include Loop.wxi ?>`),
      '/project/Loop.wxi': `<Include xmlns="http://schemas.microsoft.com/wix/2006/wi">
  ⟦inc:<?include Loop.wxi ?>⟧
</Include>`,
    },
    problems: [{ at: 'inc', message: "The include file 'Loop.wxi' includes itself, directly or through others." }],
  },
  {
    name: '<?error?> and <?warning?>',
    code: v3(`<?if $(sys.BUILDARCH) = arm64 ?>
    ⟦err:<?error arm64 is not supported ($(sys.BUILDARCH)) ?>⟧
<?else?>
    ⟦warn:<?warning Building for $(sys.BUILDARCH) ?>⟧
<?endif?>`),
    platforms: ['x86', 'arm64'],
    problems: [
      { at: 'err', message: 'arm64 is not supported (arm64)', platforms: ['arm64'], severity: 'error' },
      { at: 'warn', message: 'Building for x86', platforms: ['x86'], severity: 'warning' },
    ],
  },
  {
    name: 'nested <?foreach?> loops that would expand without bound',
    code: v3(`<?foreach A in ${Array.from({ length: 400 }, (_, i) => `a${i}`).join(';')}?>
    ⟦inner:<?foreach B in ${Array.from({ length: 400 }, (_, i) => `b${i}`).join(';')}?>⟧<Property Id="P$(var.A)$(var.B)" Value="1" /><?endforeach?>
<?endforeach?>`),
    problems: [{ at: 'inner', message: '<?foreach?> loops expand more than 100000 times; the rest is not read.' }],
  },
  {
    name: 'a define that doubles itself past any memory',
    code: v3(`<?define A = "xxxxxxxxxxxxxxxx" ?>
${'<?define A = "$(var.A)$(var.A)" ?>\n'.repeat(16)}⟦big:<?define A = "$(var.A)$(var.A)" ?>⟧
    <Property Id="P" Value="$(var.A)" />`).replace('<Property Id="P" Value="$(var.A)" />', '<Property Id="P" Value="1" />'),
    problems: [{ at: 'big', message: "The value of 'A' grows past 1048576 characters; it is not defined." }],
  },
  {
    name: 'a root element that is not WiX',
    code: `<?xml version="1.0"?>
<⟦root:Project⟧ xmlns="http://schemas.microsoft.com/developer/msbuild/2003" />
`,
    problems: [
      {
        at: 'root',
        message:
          '<Project> is not a WiX document The root must be <Wix> with xmlns="http://wixtoolset.org/schemas/v4/wxs" (WiX v4 and later) ' +
          'or xmlns="http://schemas.microsoft.com/wix/2006/wi" (WiX v3).',
      },
    ],
  },
  {
    name: 'an empty file',
    code: '⟦e:⟧',
    problems: [{ at: 'e', message: 'The document has no root element.' }],
  },
  {
    name: 'text after the root element',
    code: `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs" />
⟦t:o⟧ops`,
    problems: [{ at: 't', message: 'Text is not allowed after the root element.' }],
  },
];

runRuleTests(parseError, { valid, invalid });
