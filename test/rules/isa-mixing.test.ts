// Table tests for isa-mixing: 64-bit parts in a 32-bit package, reported once at the package.
import { isaMixing } from '../../server/src/rules/isa-mixing';
import { runRuleTests, v3, v3Fragment, v4, v4Fragment, type Case, type InvalidCase, type Relint } from '../ruleTester';
import { SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE } from '../../server/src/fixes/split';
import { SPLIT_PER_FILE_TITLE, SPLIT_PER_FILE_WITH_BUNDLE_TITLE } from '../../server/src/fixes/splitPerFile';

/** The single source, built for each platform. */
const BOTH: Relint[] = [{ platform: 'x86' }, { platform: 'x64' }];
/** The per-platform sources, each built for its platform instead of the original one. */
const PER_FILE: Relint[] = [
  { platform: 'x86', without: ['/project/Product.wxs', '/project/Product.x64.wxs'] },
  { platform: 'x64', without: ['/project/Product.wxs', '/project/Product.x86.wxs'] },
];

const FILE = '<File Source="shell.dll" />';

const TREE_V3 = (inner: string) => `    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
${inner}
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentGroupRef Id="Parts" /></Feature>`;

const v3Product = (inner: string, pkg = '') => v3(TREE_V3(inner), pkg).replace('<Product Id', '<⟦pkg:Product⟧ Id');

const valid: Case[] = [
  {
    name: 'v3 x86 with only 32-bit components',
    code: v3(TREE_V3(`<ComponentGroup Id="Parts"><Component Id="A" Guid="*">${FILE}</Component></ComponentGroup>`)),
  },
  {
    name: 'v3 x64 package with 64-bit components is one ISA',
    code: v3(TREE_V3(`<ComponentGroup Id="Parts"><Component Id="A" Guid="*" Win64="yes">${FILE}</Component></ComponentGroup>`)),
    platforms: ['x64'],
  },
  {
    name: 'v3 Win64="no" components in an x64 build are 32-bit parts of a 64-bit package, not a mix this rule reports',
    code: v3(TREE_V3(`<ComponentGroup Id="Parts"><Component Id="A" Guid="*" Win64="no">${FILE}</Component></ComponentGroup>`)),
    platforms: ['x64', 'arm64'],
  },
  {
    name: 'v4 default bitness on every platform',
    code: v4(
      `    <StandardDirectory Id="ProgramFiles6432Folder"><Directory Id="INSTALLFOLDER" Name="Demo">
      <Component Id="A">${FILE}</Component>
    </Directory></StandardDirectory>`,
      ' InstallerVersion="500"',
    ),
    platforms: ['x86', 'x64', 'arm64'],
  },
  {
    name: 'a 64-bit non-script custom action is not a 64-bit script',
    code: v3(`    <CustomAction Id="Native" BinaryKey="Helper" DllEntry="Run" Win64="yes" />
    <Binary Id="Helper" SourceFile="helper.dll" />`),
  },
  {
    name: 'a fragment with a 64-bit component that the package does not reference',
    files: {
      '/project/Product.wxs': v3(`    <Directory Id="TARGETDIR" Name="SourceDir" />`),
      '/project/Other.wxs': v3Fragment(
        `    <ComponentGroup Id="Elsewhere"><Component Id="A64" Guid="*" Win64="yes" Directory="TARGETDIR">${FILE}</Component></ComponentGroup>`,
      ),
    },
  },
];

const NOTE_FLAVOR =
  'This rests on $(var.Flavor), which this lint has no value for, so it is reported as info: give it the build\'s value (-d Flavor=…, or "defines" in wixlint.config.json) to check it.';

const invalid: InvalidCase[] = [
  {
    name: 'a 64-bit part chosen by an <?if?> on an undefined variable is no error: info, naming the variable',
    code: v3Product(`<?if $(var.Flavor) = lite ?><?define Win64 = "no" ?><?else?><?define Win64 = "yes" ?><?endif?>
          <ComponentGroup Id="Parts"><Component Id="Shell64" Guid="*" Win64="$(var.Win64)">${FILE}</Component></ComponentGroup>`),
    problems: [
      {
        at: 'pkg',
        message:
          "The x86 build makes a 32-bit package, but component 'Shell64' is 64-bit Product 'Demo' " +
          "contains 64-bit component 'Shell64'. On 32-bit Windows, where a 32-bit package also installs, " +
          'the 64-bit flag is ignored and there is no registry redirection: they act as 32-bit and share ' +
          `every folder and registry key with the package's 32-bit parts. ${NOTE_FLAVOR} Build one ` +
          'package per ISA (x86 and x64), chained by a bundle if needed.',
        severity: 'info',
      },
    ],
  },
  {
    name: 'one certain 64-bit part keeps the mix an error, whatever the others rest on',
    code: v3Product(`<?if $(var.Flavor) = lite ?><?define Win64 = "no" ?><?else?><?define Win64 = "yes" ?><?endif?>
          <ComponentGroup Id="Parts">
            <Component Id="Maybe64" Guid="*" Win64="$(var.Win64)">${FILE}</Component>
            <Component Id="Shell64" Guid="*" Win64="yes"><File Source="shell64.dll" /></Component>
          </ComponentGroup>`),
    problems: [
      {
        at: 'pkg',
        messageId: 'mixed',
        data: {
          package: "Product 'Demo'",
          build: 'The x86 build makes a 32-bit package',
          parts: "components 'Maybe64' and 'Shell64'",
          summary: '2 of its parts are 64-bit',
        },
        severity: 'error',
      },
    ],
  },
  {
    name: 'an unnamed package is called by its element and file',
    code: v3Product(`          <ComponentGroup Id="Parts"><Component Id="Shell64" Guid="*" Win64="yes">${FILE}</Component></ComponentGroup>`).replace(
      ' Name="Demo"',
      '',
    ),
    problems: [
      {
        at: 'pkg',
        messageId: 'mixed',
        data: {
          package: 'The Product in Product.wxs',
          build: 'The x86 build makes a 32-bit package',
          parts: "component 'Shell64'",
          summary: "component 'Shell64' is 64-bit",
        },
      },
    ],
  },
  {
    name: 'v3: a 32-bit COM shell extension next to its 64-bit twin in an x86 build',
    code: v3Product(`          <ComponentGroup Id="Parts">
            <Component Id="Shell32" Guid="*">${FILE}</Component>
            <Component Id="Shell64" Guid="*" Win64="yes"><File Source="shell64.dll" /></Component>
          </ComponentGroup>`),
    problems: [
      {
        at: 'pkg',
        range: '3:4-3:11',
        message:
          "The x86 build makes a 32-bit package, but component 'Shell64' is 64-bit Product 'Demo' " +
          "contains 64-bit component 'Shell64'. On 32-bit Windows, where a 32-bit package also installs, " +
          'the 64-bit flag is ignored and there is no registry redirection: they act as 32-bit and share ' +
          "every folder and registry key with the package's 32-bit parts. Build one package per ISA (x86 " +
          'and x64), chained by a bundle if needed.',
      },
    ],
    // The refactors, each linted again as its result is built: one source for both platforms, or one file per platform.
    fixes: [
      { at: 'pkg', title: SPLIT_SINGLE_SOURCE_TITLE, output: { golden: 'rules/golden/isa-mixing/twins-split-in-place.txt' }, relint: BOTH },
      { at: 'pkg', title: SPLIT_WITH_BUNDLE_TITLE, output: { golden: 'rules/golden/isa-mixing/twins-split-in-place-with-bundle.txt' }, relint: BOTH },
      { at: 'pkg', title: SPLIT_PER_FILE_TITLE, output: { golden: 'rules/golden/isa-mixing/twins-split-per-file.txt' }, relint: PER_FILE },
      {
        at: 'pkg',
        title: SPLIT_PER_FILE_WITH_BUNDLE_TITLE,
        output: { golden: 'rules/golden/isa-mixing/twins-split-per-file-with-bundle.txt' },
        relint: PER_FILE,
      },
    ],
  },
  {
    name: 'v3: Package/@Platform="x86" with -arch x64 leaves unset Win64 64-bit',
    code: v3Product(
      `          <ComponentGroup Id="Parts">
            <Component Id="A" Guid="*">${FILE}</Component>
            <Component Id="B" Guid="*">${FILE}</Component>
          </ComponentGroup>`,
      ' Platform="x86"',
    ),
    platforms: ['x86', 'x64'],
    problems: [
      {
        at: 'pkg',
        messageId: 'mixed',
        data: {
          package: "Product 'Demo'",
          build: 'Platform="x86" makes a 32-bit package',
          parts: "components 'A' and 'B'",
          summary: '2 of its parts are 64-bit',
        },
        platforms: ['x64'],
      },
    ],
  },
  {
    name: 'v3: components, a script custom action and a registry search, across files',
    files: {
      '/project/Product.wxs': v3Product(`          <ComponentGroupRef Id="More" />
          <ComponentGroup Id="Parts">
            <Component Id="C1" Guid="*" Win64="yes">${FILE}</Component>
          </ComponentGroup>`),
      '/project/More.wxs': v3Fragment(`    <ComponentGroup Id="More" Directory="INSTALLDIR">
      <Component Id="C2" Guid="*" Win64="yes">${FILE}</Component>
      <Component Id="C3" Guid="*" Win64="yes">${FILE}</Component>
      <Component Id="C4" Guid="*" Win64="yes">${FILE}</Component>
      <Component Id="C5" Guid="*" Win64="yes">${FILE}</Component>
      <Component Id="C6" Guid="*" Win64="yes">${FILE}</Component>
      <Component Id="C7" Guid="*" Win64="yes">${FILE}</Component>
    </ComponentGroup>
    <CustomAction Id="Check" Script="jscript" Win64="yes">var x = 1;</CustomAction>
    <Property Id="P"><RegistrySearch Id="Find" Root="HKLM" Key="SOFTWARE\\X" Type="raw" Win64="yes" /></Property>
    <InstallExecuteSequence><Custom Action="Check" After="CostFinalize" /></InstallExecuteSequence>
    <PropertyRef Id="P" />`),
    },
    problems: [
      {
        at: 'pkg',
        messageId: 'mixed',
        data: {
          package: "Product 'Demo'",
          build: 'The x86 build makes a 32-bit package',
          parts: "components 'C1', 'C2', 'C3', 'C4', 'C5' and 2 more, custom action script 'Check' and registry search 'Find'",
          summary: '9 of its parts are 64-bit',
        },
      },
    ],
  },
  {
    name: 'v4: Bitness="always64" in the default x86 build, at the Package element',
    files: {
      '/project/Package.wxs': v4(`    <StandardDirectory Id="ProgramFiles6432Folder"><Directory Id="INSTALLFOLDER" Name="Demo" /></StandardDirectory>
    <ComponentGroupRef Id="Tools" />`).replace('<Package Name', '<⟦pkg:Package⟧ Name'),
      '/project/Tools.wxs': v4Fragment(`    <ComponentGroup Id="Tools" Directory="INSTALLFOLDER">
      <Component Id="Tool64" Bitness="always64">${FILE}</Component>
    </ComponentGroup>`),
    },
    platforms: ['x86', 'x64'],
    problems: [
      {
        at: 'pkg',
        range: '2:4-2:11',
        messageId: 'mixed',
        data: {
          package: "Package 'Demo'",
          build: 'The x86 build makes a 32-bit package',
          parts: "component 'Tool64'",
          summary: "component 'Tool64' is 64-bit",
        },
        platforms: ['x86'],
      },
    ],
  },
];

runRuleTests(isaMixing, { valid, invalid });
