// Table tests for ice80: every check decidable from sources, on v3 and v4, per platform.
import { ice80 } from '../../server/src/rules/ice80';
import { runRuleTests, v3, v3Fragment, v4, v4Fragment, type InvalidCase, type Case } from '../ruleTester';

const PF32 = (inner: string) => `    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
${inner}
        </Directory>
      </Directory>
    </Directory>`;

const PF64 = (inner: string) => `    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="Demo">
${inner}
        </Directory>
      </Directory>
    </Directory>`;

const FILE = '<File Source="app.exe" />';

const SINGLE_SOURCE_V3 = `<?xml version="1.0" encoding="utf-8"?>
<?if $(sys.BUILDARCH) = x64 ?>
  <?define Win64 = "yes" ?>
  <?define PlatformProgramFilesFolder = "ProgramFiles64Folder" ?>
<?else?>
  <?define Win64 = "no" ?>
  <?define PlatformProgramFilesFolder = "ProgramFilesFolder" ?>
<?endif?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="500" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="$(var.PlatformProgramFilesFolder)">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Core" Guid="*" Win64="$(var.Win64)">${FILE}</Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>
  </Product>
</Wix>
`;

const valid: Case[] = [
  { name: 'v3 x86: 32-bit component under ProgramFilesFolder', code: v3(PF32(`<Component Id="Core" Guid="*">${FILE}</Component>`)) },
  {
    name: 'v3 x64: unset Win64 follows -arch x64 under ProgramFiles64Folder',
    code: v3(PF64(`<Component Id="Core" Guid="*">${FILE}</Component>`)),
    platforms: ['x64'],
  },
  {
    name: 'v3 arm64: unset Win64 is 64-bit',
    code: v3(PF64(`<Component Id="Core" Guid="*">${FILE}</Component>`)).replace('InstallerVersion="200"', 'InstallerVersion="500"'),
    platforms: ['arm64'],
  },
  {
    name: 'v3 x64: Win64="yes" under ProgramFiles64Folder, Win64="no" under ProgramFilesFolder',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder"><Directory Id="D64" Name="Demo">
        <Component Id="C64" Guid="*" Win64="yes">${FILE}</Component>
      </Directory></Directory>
      <Directory Id="ProgramFilesFolder"><Directory Id="D32" Name="Demo">
        <Component Id="C32" Guid="*" Win64="no">${FILE}</Component>
      </Directory></Directory>
    </Directory>`),
    platforms: ['x64'],
  },
  {
    name: 'directories without bitness (AppDataFolder, TARGETDIR) are never flagged',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Component Id="AtRoot" Guid="*" Win64="no">${FILE}</Component>
      <Directory Id="AppDataFolder"><Directory Id="D" Name="Demo">
        <Component Id="InAppData" Guid="*" Win64="no">${FILE}</Component>
      </Directory></Directory>
    </Directory>`),
    platforms: ['x64'],
  },
  {
    name: 'v4 x86: default bitness under ProgramFiles6432Folder',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Component>${FILE}</Component>
      </Directory>
    </StandardDirectory>`),
    platforms: ['x86'],
  },
  {
    name: 'v4 x64 and arm64: ProgramFiles6432Folder resolves to ProgramFiles64Folder',
    code: v4(
      `    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Component Id="Core">${FILE}</Component>
      </Directory>
    </StandardDirectory>`,
      ' InstallerVersion="500"',
    ),
    platforms: ['x64', 'arm64'],
  },
  {
    name: 'v5 Files under ProgramFiles6432Folder: harvested on every platform without a finding',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Files Include="bin\\**" />
      </Directory>
    </StandardDirectory>`),
    platforms: ['x86', 'x64', 'arm64'],
  },
  {
    name: 'v4: Files outside a Component (each a component of its own) under ProgramFiles6432Folder, in a ComponentGroup too',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <File Source="app.exe" />
      </Directory>
    </StandardDirectory>
    <ComponentGroup Id="More" Directory="INSTALLFOLDER">
      <File Source="more.dll" />
    </ComponentGroup>
    <Feature Id="Main"><ComponentGroupRef Id="More" /></Feature>`),
    platforms: ['x86', 'x64'],
  },
  { name: 'v3 single-source $(sys.BUILDARCH) authoring is clean on every platform', code: SINGLE_SOURCE_V3, platforms: ['x86', 'x64', 'arm64'] },
  {
    name: 'v3 single-source with the bitness variables in an included .wxi',
    files: {
      '/project/Product.wxs': `<?xml version="1.0" encoding="utf-8"?>
<?include Platform.wxi ?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="500" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="$(var.ProgramFilesDir)">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Core" Guid="*" Win64="$(var.Win64)">${FILE}</Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>
  </Product>
</Wix>
`,
      '/project/Platform.wxi': `<?xml version="1.0" encoding="utf-8"?>
<Include xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <?if $(sys.BUILDARCH) = x86 ?>
    <?define Win64 = "no" ?>
    <?define ProgramFilesDir = "ProgramFilesFolder" ?>
  <?else?>
    <?define Win64 = "yes" ?>
    <?define ProgramFilesDir = "ProgramFiles64Folder" ?>
  <?endif?>
</Include>
`,
    },
    platforms: ['x86', 'x64', 'arm64'],
  },
  {
    name: 'v4 single-source: Bitness from a define keyed on $(sys.BUILDARCH)',
    code: `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <?if $(sys.BUILDARCH) ~= "X86" ?>
  <?define Bits = "always32" ?>
  <?else?>
  <?define Bits = "always64" ?>
  <?endif?>
  <Package Name="Demo" Manufacturer="Contoso" Version="1.0.0" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}" InstallerVersion="500">
    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Component Id="Core" Bitness="$(Bits)">${FILE}</Component>
      </Directory>
    </StandardDirectory>
  </Package>
</Wix>
`,
    platforms: ['x86', 'x64', 'arm64'],
  },
  {
    name: 'a fragment no package references is not linked into the package',
    files: {
      '/project/Product.wxs': v3(PF32(`<Component Id="Core" Guid="*">${FILE}</Component>`)),
      '/project/Unused.wxs': v3Fragment(`    <ComponentGroup Id="Unused">
      <Component Id="Lonely" Guid="*" Win64="yes" Directory="TARGETDIR">${FILE}</Component>
    </ComponentGroup>`),
    },
  },
  { name: 'schema 200 is enough for x64', code: v3(PF64(`<Component Id="Core" Guid="*">${FILE}</Component>`)), platforms: ['x64'] },
  {
    name: 'ProductLanguage listed in Package/@Languages',
    code: v3(PF32(`<Component Id="Core" Guid="*">${FILE}</Component>`), ' Languages="1031,1033"'),
  },
];

const NOTE_FLAVOR =
  'This rests on $(var.Flavor), which this lint has no value for, so it is reported as info: give it the build\'s value (-d Flavor=…, or "defines" in wixlint.config.json) to check it.';

/** #9 for the 64-bit component 'Core' in INSTALLDIR under ProgramFilesFolder, resting on $(var.Flavor): info. */
const CORE_UNDER_PROGRAM_FILES_ON_FLAVOR =
  'Component \'Core\' is 64-bit but installs under the 32-bit ProgramFilesFolder It is 64-bit (Win64="yes"), and its directory ' +
  "'INSTALLDIR' is under ProgramFilesFolder. ICE80: This 64BitComponent Core uses 32BitDirectory INSTALLDIR. " +
  NOTE_FLAVOR +
  ' Make it 32-bit (Win64="no"), or install it under ProgramFiles64Folder in a 64-bit package.';

/**
 * What a v4 component with Bitness="always64" in INSTALLFOLDER under ProgramFilesFolder (ProgramFiles6432Folder in an
 * x86 build) gives: #9 at the `dir` mark, #1 at the `bits` mark.
 */
function always64InX86Package(component: string): InvalidCase['problems'] {
  return [
    {
      at: 'dir',
      messageId: 'component64In32BitDirectory',
      data: {
        component,
        how: 'Bitness="always64"',
        directory: 'INSTALLFOLDER',
        folder: 'ProgramFilesFolder',
        twin: 'ProgramFiles64Folder',
        fix: 'Bitness="always32"',
      },
    },
    {
      at: 'bits',
      messageId: 'component64In32BitPackage',
      data: {
        component,
        how: 'Bitness="always64"',
        platform: "the x86 build makes Package 'Demo' a 32-bit package",
        build: 'the x86 build makes a 32-bit package',
      },
    },
  ];
}

/** ProgramFiles64Folder at `at` in the x86 build of the v4 Package 'Demo'. */
function programFiles64InX86Package(at: string): InvalidCase['problems'][number] {
  return {
    at,
    messageId: 'folder64In32BitPackage',
    data: {
      directory: 'ProgramFiles64Folder',
      platform: "the x86 build makes Package 'Demo' a 32-bit package",
      build: 'the x86 build makes a 32-bit package',
      twin: 'ProgramFilesFolder',
    },
  };
}

const invalid: InvalidCase[] = [
  {
    name: 'v5 Files: what it harvests follows the build, so 64-bit under ProgramFilesFolder in x64 and 32-bit under ProgramFiles64Folder in x86',
    code: v4(`    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <⟦pf:Files⟧ Include="bin\\**" />
      </Directory>
    </StandardDirectory>
    <StandardDirectory ⟦pf64:Id="ProgramFiles64Folder"⟧>
      <Directory Id="X64DIR" Name="Demo" />
    </StandardDirectory>
    <ComponentGroup Id="G">
      <Files Include="x64\\*.dll" ⟦dir:Directory="X64DIR"⟧><Exclude Files="x64\\skip.dll" /></Files>
    </ComponentGroup>
    <Feature Id="Main"><ComponentGroupRef Id="G" /></Feature>`),
    platforms: ['x86', 'x64'],
    problems: [
      {
        at: 'pf',
        message:
          'The files <Files Include="bin\\**"> harvests are 64-bit but install under the 32-bit ProgramFilesFolder WiX makes a ' +
          "component of each file it harvests, 64-bit in a 64-bit build, in directory 'INSTALLFOLDER', which is under " +
          'ProgramFilesFolder: each fails ICE80 (This 64BitComponent ... uses 32BitDirectory INSTALLFOLDER). Harvest them under a ' +
          'folder that follows the build (ProgramFiles6432Folder and its kin), or under ProgramFiles64Folder.',
        platforms: ['x64'],
      },
      { ...programFiles64InX86Package('pf64'), platforms: ['x86'] },
      {
        at: 'dir',
        messageId: 'harvested32In64BitDirectory',
        data: { include: 'x64\\*.dll', directory: 'X64DIR', folder: 'ProgramFiles64Folder', twin: 'ProgramFilesFolder' },
        platforms: ['x86'],
      },
    ],
  },
  {
    name: 'v4 x64: a File outside a Component follows the build, so it is 64-bit under ProgramFilesFolder (WiX makes it a component)',
    code: v4(`    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <⟦naked:File⟧ Source="app.exe" />
      </Directory>
    </StandardDirectory>`),
    platforms: ['x64'],
    problems: [
      {
        at: 'naked',
        messageId: 'component64In32BitDirectory',
        data: {
          component: 'app.exe',
          how: 'Bitness is not set, so it follows the 64-bit build',
          directory: 'INSTALLFOLDER',
          folder: 'ProgramFilesFolder',
          twin: 'ProgramFiles64Folder',
          fix: 'Bitness="always32"',
        },
        platforms: ['x64'],
      },
    ],
  },
  {
    name: 'v4 x86: a File outside a Component with Bitness="always64", its Directory named on it, in a 32-bit package',
    code: v4(`    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLFOLDER" Name="Demo" />
    </StandardDirectory>
    <ComponentGroup Id="Shell">
      <File Id="Shell64" Source="shell64.dll" ⟦dir:Directory="INSTALLFOLDER"⟧ ⟦bits:Bitness="always64"⟧ />
    </ComponentGroup>
    <Feature Id="Main"><ComponentGroupRef Id="Shell" /></Feature>`),
    problems: [...always64InX86Package('Shell64')],
  },
  {
    name: 'a component from an <?if?> branch chosen without $(var.Flavor) is info, and a finding that does not rest on it stays an error',
    code: v3(
      PF32(`<?if $(var.Flavor) = lite ?>
          <Component Id="Core" Guid="*">${FILE}</Component>
<?else?>
          <⟦t:Component⟧ Id="Core" Guid="*" ⟦tw:Win64="yes"⟧>${FILE}</Component>
<?endif?>
          <⟦c:Component⟧ Id="Helper" Guid="*" ⟦cw:Win64="yes"⟧><File Source="helper.exe" /></Component>`),
    ),
    problems: [
      {
        at: 't',
        // The assumption is said at the end of the note, before the help; the ICE's words, which end without a full stop, get one.
        message: CORE_UNDER_PROGRAM_FILES_ON_FLAVOR,
        severity: 'info',
      },
      {
        at: 'tw',
        message:
          'Component \'Core\' is 64-bit but the x86 build makes a 32-bit package It is 64-bit (Win64="yes"), and the x86 build makes ' +
          "Product 'Demo' a 32-bit package: on 32-bit Windows its 64-bit flag is ignored. ICE80: This package contains 64 bit component " +
          "'Core' but the Template Summary Property does not contain Intel64, x64, or Arm64. " +
          NOTE_FLAVOR +
          ' Move it to a separate 64-bit package, or make it 32-bit.',
        severity: 'info',
      },
      {
        at: 'c',
        messageId: 'component64In32BitDirectory',
        data: {
          component: 'Helper',
          how: 'Win64="yes"',
          directory: 'INSTALLDIR',
          folder: 'ProgramFilesFolder',
          twin: 'ProgramFiles64Folder',
          fix: 'Win64="no"',
        },
        severity: 'error',
      },
      {
        at: 'cw',
        messageId: 'component64In32BitPackage',
        data: {
          component: 'Helper',
          how: 'Win64="yes"',
          platform: "the x86 build makes Product 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
        },
        severity: 'error',
      },
    ],
  },
  {
    name: 'a directory from an <?if?> branch chosen without $(var.Flavor) makes #9 of its components info, not #1',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
<?if $(var.Flavor) = lite ?>
        <Directory Id="INSTALLDIR" Name="Lite" />
<?else?>
        <Directory Id="INSTALLDIR" Name="Demo" />
<?endif?>
      </Directory>
    </Directory>
    <DirectoryRef Id="INSTALLDIR">
      <⟦c:Component⟧ Id="Core" Guid="*" ⟦cw:Win64="yes"⟧>${FILE}</Component>
    </DirectoryRef>`),
    problems: [
      {
        at: 'c',
        message: CORE_UNDER_PROGRAM_FILES_ON_FLAVOR,
        severity: 'info',
      },
      {
        at: 'cw',
        messageId: 'component64In32BitPackage',
        data: {
          component: 'Core',
          how: 'Win64="yes"',
          platform: "the x86 build makes Product 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
        },
        severity: 'error',
      },
    ],
  },
  {
    name: 'v3 x86: Win64="yes" component in a 32-bit package under ProgramFilesFolder (#1 and #9)',
    code: v3(PF32(`          <⟦dir:Component⟧ Id="Core64" Guid="*" ⟦bits:Win64="yes"⟧>${FILE}</Component>`)),
    problems: [
      {
        at: 'dir',
        range: '8:12-8:21',
        message:
          'Component \'Core64\' is 64-bit but installs under the 32-bit ProgramFilesFolder It is 64-bit (Win64="yes"), and its directory \'INSTALLDIR\' is under ProgramFilesFolder. ICE80: This 64BitComponent Core64 uses 32BitDirectory INSTALLDIR Make it 32-bit (Win64="no"), or install it under ProgramFiles64Folder in a 64-bit package.',
      },
      {
        at: 'bits',
        range: '8:43-8:54',
        message:
          "Component 'Core64' is 64-bit but the x86 build makes a 32-bit package It is 64-bit (Win64=\"yes\"), and the x86 build makes Product 'Demo' a 32-bit package: on 32-bit Windows its 64-bit flag is ignored. ICE80: This package contains 64 bit component 'Core64' but the Template Summary Property does not contain Intel64, x64, or Arm64. Move it to a separate 64-bit package, or make it 32-bit.",
      },
    ],
    // Both problems go with the one edit either fix makes.
    fixes: [
      { at: 'dir', title: 'Set Win64="no" to match the 32-bit ProgramFilesFolder', output: { replace: [['Win64="yes"', 'Win64="no"']] } },
      { at: 'bits', title: `Make 'Core64' 32-bit (Win64="no")`, output: { replace: [['Win64="yes"', 'Win64="no"']] } },
    ],
  },
  {
    name: 'v3: Win64="no" under ProgramFiles64Folder (#10) on every platform, and #7 on x86',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory ⟦pf64:Id="ProgramFiles64Folder"⟧>
        <Directory Id="INSTALLDIR" Name="Demo">
          <⟦c:Component⟧ Id="Core" Guid="*" Win64="no">${FILE}</Component>
        </Directory>
      </Directory>
    </Directory>`),
    platforms: ['x86', 'x64'],
    problems: [
      {
        at: 'pf64',
        messageId: 'folder64In32BitPackage',
        data: {
          directory: 'ProgramFiles64Folder',
          platform: "the x86 build makes Product 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
          twin: 'ProgramFilesFolder',
        },
        platforms: ['x86'],
      },
      {
        at: 'c',
        message:
          'Component \'Core\' is 32-bit but installs under the 64-bit ProgramFiles64Folder It is 32-bit (Win64="no"), and its directory \'INSTALLDIR\' is under ProgramFiles64Folder. ICE80: This 32BitComponent Core uses 64BitDirectory INSTALLDIR Install it under ProgramFilesFolder, or make it 64-bit (Win64="yes") in a 64-bit package.',
        platforms: ['x86', 'x64'],
      },
    ],
    fixes: [
      // A 64-bit component under the 64-bit folder is right in the x64 package, the one that can have it.
      {
        at: 'c',
        title: 'Set Win64="yes" to match the 64-bit ProgramFiles64Folder',
        output: { replace: [['Win64="no"', 'Win64="yes"']] },
        relint: [{ platform: 'x64' }],
      },
      // The 32-bit component under the 32-bit folder is right on both platforms.
      { at: 'c', title: 'Move the folder to ProgramFilesFolder', output: { replace: [['Id="ProgramFiles64Folder"', 'Id="ProgramFilesFolder"']] } },
    ],
  },
  {
    name: 'v3: Package/@Platform="x64" without -arch x64 leaves unset Win64 32-bit (#10 for each component)',
    code: v3(
      PF64(`          <⟦a:Component⟧ Id="A" Guid="*">${FILE}</Component>
          <⟦b:Component⟧ Id="B" Guid="*">${FILE}</Component>`),
      ' Platform="x64"',
    ),
    problems: ['a', 'b'].map((id) => ({
      at: id,
      messageId: 'component32In64BitDirectory',
      data: {
        component: id.toUpperCase(),
        how: 'Win64 is not set, so it follows the x86 build; Platform="x64" does not change that default, only -arch does',
        directory: 'INSTALLDIR',
        folder: 'ProgramFiles64Folder',
        twin: 'ProgramFilesFolder',
        fix: 'Win64="yes"',
      },
    })),
  },
  {
    name: 'v3 x64: unset Win64 under ProgramFilesFolder is a 64-bit component in a 32-bit directory (#9), once for x64 and arm64',
    code: v3(PF32(`          <⟦c:Component⟧ Id="Core" Guid="*">${FILE}</Component>`)).replace('InstallerVersion="200"', '⟦v:InstallerVersion="200"⟧'),
    platforms: ['x64', 'arm64'],
    problems: [
      {
        at: 'v',
        messageId: 'schemaRaised',
        data: { package: "Product 'Demo'", token: 'Arm64', schema: 200, min: 500, raised: 500, warning: '1143' },
        platforms: ['arm64'],
        severity: 'warning',
      },
      {
        at: 'c',
        messageId: 'component64In32BitDirectory',
        data: {
          component: 'Core',
          how: 'Win64 is not set, so it follows the 64-bit build',
          directory: 'INSTALLDIR',
          folder: 'ProgramFilesFolder',
          twin: 'ProgramFiles64Folder',
          fix: 'Win64="no"',
        },
        platforms: ['x64', 'arm64'],
      },
    ],
  },
  {
    name: 'CommonFiles64Folder and System64Folder, directly and through nested directories',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="CommonFiles64Folder">
        <⟦common:Component⟧ Id="Direct" Guid="*" Win64="no">${FILE}</Component>
        <Directory Id="Vendor" Name="Contoso"><Directory Id="Shared" Name="Shared">
          <⟦nested:Component⟧ Id="Nested" Guid="*" Win64="no">${FILE}</Component>
        </Directory></Directory>
      </Directory>
      <Directory Id="System64Folder">
        <⟦sys:Component⟧ Id="Driver" Guid="*" Win64="no">${FILE}</Component>
      </Directory>
    </Directory>`),
    platforms: ['x64'],
    problems: [
      {
        at: 'common',
        messageId: 'component32In64BitDirectory',
        data: {
          component: 'Direct',
          how: 'Win64="no"',
          directory: 'CommonFiles64Folder',
          folder: 'CommonFiles64Folder',
          twin: 'CommonFilesFolder',
          fix: 'Win64="yes"',
        },
      },
      {
        at: 'nested',
        messageId: 'component32In64BitDirectory',
        data: {
          component: 'Nested',
          how: 'Win64="no"',
          directory: 'Shared',
          folder: 'CommonFiles64Folder',
          twin: 'CommonFilesFolder',
          fix: 'Win64="yes"',
        },
      },
      {
        at: 'sys',
        messageId: 'component32In64BitDirectory',
        data: {
          component: 'Driver',
          how: 'Win64="no"',
          directory: 'System64Folder',
          folder: 'System64Folder',
          twin: 'SystemFolder',
          fix: 'Win64="yes"',
        },
      },
    ].map((p) => ({ ...p, platforms: ['x64'] as ['x64'] })),
  },
  {
    name: 'a Directory attribute pointing into a 64-bit folder',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder"><Directory Id="INSTALLDIR64" Name="Demo" /></Directory>
    </Directory>
    <ComponentGroup Id="Parts">
      <Component Id="Core" Guid="*" ⟦d:Directory="INSTALLDIR64"⟧ Win64="no">${FILE}</Component>
    </ComponentGroup>`),
    platforms: ['x64'],
    problems: [
      {
        at: 'd',
        messageId: 'component32In64BitDirectory',
        data: {
          component: 'Core',
          how: 'Win64="no"',
          directory: 'INSTALLDIR64',
          folder: 'ProgramFiles64Folder',
          twin: 'ProgramFilesFolder',
          fix: 'Win64="yes"',
        },
        platforms: ['x64'],
      },
    ],
  },
  {
    name: 'a DirectoryRef in another file, linked through a ComponentGroup defined in a third file',
    files: {
      '/project/Product.wxs': v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="Demo" /></Directory>
    </Directory>
    <Feature Id="Main"><ComponentGroupRef Id="ShellParts" /></Feature>`),
      '/project/Components.wxs': v3Fragment(`    <ComponentGroup Id="ShellParts">
      <ComponentRef Id="Shell32" />
      <ComponentRef Id="Shell64" />
    </ComponentGroup>`),
      '/project/Directories.wxs': v3Fragment(`    <DirectoryRef Id="INSTALLDIR">
      <Component Id="Shell32" Guid="*">${FILE}</Component>
      <⟦dir64:Component⟧ Id="Shell64" Guid="*" ⟦bits64:Win64="yes"⟧>${FILE}</Component>
    </DirectoryRef>`),
    },
    problems: [
      {
        at: 'dir64',
        messageId: 'component64In32BitDirectory',
        data: {
          component: 'Shell64',
          how: 'Win64="yes"',
          directory: 'INSTALLDIR',
          folder: 'ProgramFilesFolder',
          twin: 'ProgramFiles64Folder',
          fix: 'Win64="no"',
        },
      },
      {
        at: 'bits64',
        messageId: 'component64In32BitPackage',
        data: {
          component: 'Shell64',
          how: 'Win64="yes"',
          platform: "the x86 build makes Product 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
        },
      },
    ],
  },
  {
    name: 'a ComponentGroup with a Directory attribute, in another file',
    files: {
      '/project/Product.wxs': v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory ⟦pf:Id="ProgramFiles64Folder"⟧><Directory Id="INSTALLDIR" Name="Demo" /></Directory>
    </Directory>
    <Feature Id="Main"><ComponentGroupRef Id="Parts" /></Feature>`),
      '/project/Parts.wxs': v3Fragment(`    <ComponentGroup Id="Parts" Directory="INSTALLDIR">
      <⟦c:Component⟧ Id="Core" Guid="*">${FILE}</Component>
    </ComponentGroup>`),
    },
    platforms: ['x86', 'x64'],
    problems: [
      {
        at: 'c',
        messageId: 'component32In64BitDirectory',
        data: {
          component: 'Core',
          how: 'Win64 is not set, so it follows the x86 build',
          directory: 'INSTALLDIR',
          folder: 'ProgramFiles64Folder',
          twin: 'ProgramFilesFolder',
          fix: 'Win64="yes"',
        },
        platforms: ['x86'],
      },
      {
        at: 'pf',
        message:
          "Directory 'ProgramFiles64Folder' is a 64-bit folder but the x86 build makes a 32-bit package Only 64-bit Windows sets it, and the x86 build makes Product 'Demo' a 32-bit package. ICE80: This 32Bit Package is using 64 bit property ProgramFiles64Folder Use ProgramFilesFolder in the 32-bit package (ProgramFiles6432Folder and its kin in WiX v4 pick the right one per platform).",
        platforms: ['x86'],
      },
    ],
  },
  {
    name: 'a 64-bit RegistrySearch in a 32-bit package (#8), v3 and v4',
    files: {
      '/project/Product.wxs': v3(`    <Property Id="OTHERPATH">
      <RegistrySearch Id="FindOther" Root="HKLM" Key="SOFTWARE\\Contoso" Name="Path" Type="raw" />
    </Property>
    <Property Id="NATIVEPATH">
      <RegistrySearch Id="FindNative" Root="HKLM" Key="SOFTWARE\\Contoso" Name="Path" Type="raw" ⟦w:Win64="yes"⟧ />
    </Property>`),
      '/project/v4/Package.wxs': v4(`    <Property Id="NATIVEPATH">
      <RegistrySearch Id="FindNative4" Root="HKLM" Key="SOFTWARE\\Contoso" Name="Path" Type="raw" ⟦b:Bitness="always64"⟧ />
    </Property>`),
    },
    platforms: ['x86', 'x64'],
    problems: [
      {
        at: 'w',
        messageId: 'search64In32BitPackage',
        data: {
          search: 'FindNative',
          how: 'Win64="yes"',
          platform: "the x86 build makes Product 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
          fix: 'Win64="no"',
        },
        platforms: ['x86'],
      },
      {
        at: 'b',
        messageId: 'search64In32BitPackage',
        data: {
          search: 'FindNative4',
          how: 'Bitness="always64"',
          platform: "the x86 build makes Package 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
          fix: 'Bitness="always32"',
        },
        platforms: ['x86'],
      },
    ],
  },
  {
    name: 'a 64-bit custom action script in a 32-bit package (#2)',
    code: v3(`    <CustomAction Id="Inline" Script="vbscript" ⟦w:Win64="yes"⟧>MsgBox "hi"</CustomAction>
    <CustomAction Id="NotAScript" BinaryKey="Helper" DllEntry="Run" Win64="yes" />
    <Binary Id="Helper" SourceFile="helper.dll" />`),
    problems: [
      {
        at: 'w',
        messageId: 'script64In32BitPackage',
        data: {
          action: 'Inline',
          how: 'Win64="yes"',
          platform: "the x86 build makes Product 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
          fix: 'Win64="no"',
        },
      },
    ],
  },
  {
    name: 'schema below the platform minimum (#5 x64, #6 arm64, #4 ia64): in sources a warning, since WiX raises it',
    files: {
      '/project/Product.wxs': v3(PF64(`<Component Id="Core" Guid="*" Win64="yes">${FILE}</Component>`), '').replace(
        'InstallerVersion="200"',
        '⟦x64:InstallerVersion="100"⟧',
      ),
      '/project/ia64/Product.wxs': v3(`    <Directory Id="TARGETDIR" Name="SourceDir" />`, ' Platform="ia64"').replace(
        'InstallerVersion="200"',
        '⟦ia64:InstallerVersion="110"⟧',
      ),
    },
    platforms: ['x64', 'arm64'],
    problems: [
      {
        at: 'x64',
        messageId: 'schemaRaised',
        data: { package: "Product 'Demo'", token: 'Arm64', schema: 100, min: 500, raised: 500, warning: '1143' },
        platforms: ['arm64'],
        severity: 'warning',
      },
      {
        at: 'x64',
        messageId: 'schemaRaised',
        data: { package: "Product 'Demo'", token: 'x64', schema: 100, min: 200, raised: 200, warning: '1121' },
        platforms: ['x64'],
        severity: 'warning',
      },
      // WiX raises every platform but Intel to 200: more than Intel64's 150.
      {
        at: 'ia64',
        messageId: 'schemaRaised',
        data: { package: "Product 'Demo'", token: 'Intel64', schema: 110, min: 150, raised: 200, warning: '1121' },
        platforms: ['x64', 'arm64'],
        severity: 'warning',
      },
    ],
  },
  {
    name: 'v4 arm64 package with the default InstallerVersion-less authoring is clean, but an authored 200 is raised, with a warning',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder" />`, ' ⟦v:InstallerVersion="200"⟧'),
    platforms: ['x86', 'x64', 'arm64'],
    problems: [
      {
        at: 'v',
        messageId: 'schemaRaised',
        data: { package: "Package 'Demo'", token: 'Arm64', schema: 200, min: 500, raised: 500, warning: '1143' },
        platforms: ['arm64'],
        severity: 'warning',
      },
    ],
  },
  {
    name: 'ProductLanguage not in Package/@Languages (#11)',
    code: v3(PF32(`<Component Id="Core" Guid="*">${FILE}</Component>`), ' Languages="1031"').replace('Language="1033"', '⟦l:Language="1033"⟧'),
    problems: [{ at: 'l', messageId: 'languageNotInTemplate', data: { language: '1033', languages: '1031' } }],
  },
  {
    name: 'v4 x86: Bitness="always64" in ProgramFiles6432Folder, and ProgramFiles64Folder used by a 32-bit package',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <⟦dir:Component⟧ Id="Helper64" ⟦bits:Bitness="always64"⟧>${FILE}</Component>
      </Directory>
    </StandardDirectory>
    <StandardDirectory ⟦pf:Id="ProgramFiles64Folder"⟧>
      <Directory Id="NATIVE" Name="Demo">
        <Component Id="Native" Bitness="always64">${FILE}</Component>
      </Directory>
    </StandardDirectory>`),
    problems: [
      ...always64InX86Package('Helper64'),
      programFiles64InX86Package('pf'),
      {
        at: 'nbits',
        messageId: 'component64In32BitPackage',
        data: {
          component: 'Native',
          how: 'Bitness="always64"',
          platform: "the x86 build makes Package 'Demo' a 32-bit package",
          build: 'the x86 build makes a 32-bit package',
        },
      },
    ],
  },
  {
    name: 'v4 x64: Bitness="always32" with a Directory attribute to ProgramFiles6432Folder',
    files: {
      '/project/Package.wxs': v4(`    <ComponentGroupRef Id="Tools" />`, ' InstallerVersion="500"'),
      '/project/Tools.wxs': v4Fragment(`    <ComponentGroup Id="Tools">
      <Component Id="Tool32" ⟦d:Directory="ProgramFiles6432Folder"⟧ Bitness="always32">${FILE}</Component>
    </ComponentGroup>`),
    },
    platforms: ['x86', 'x64', 'arm64'],
    problems: [
      {
        at: 'd',
        messageId: 'component32In64BitDirectory',
        data: {
          component: 'Tool32',
          how: 'Bitness="always32"',
          directory: 'ProgramFiles64Folder',
          folder: 'ProgramFiles64Folder',
          twin: 'ProgramFilesFolder',
          fix: 'Bitness="always64"',
        },
        platforms: ['x64', 'arm64'],
      },
    ],
  },
];

// The v4 'Native' component's bitness marker is added here so the case above reads in document order.
const v4Mixed = invalid.find((c) => c.name.startsWith('v4 x86: Bitness="always64" in ProgramFiles6432Folder'))!;
v4Mixed.code = v4Mixed.code!.replace('<Component Id="Native" Bitness="always64">', '<Component Id="Native" ⟦nbits:Bitness="always64"⟧>');

runRuleTests(ice80, { valid, invalid });
