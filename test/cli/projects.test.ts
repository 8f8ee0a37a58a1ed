// The wixlint command as a user runs it on real folders: a file given alone with its project, independent projects, wixlint.config.json, --configuration, units in every format.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { brief, fullText, runWixlint as run, tempTree as makeTree, type JsonProblem } from './cliRun';
import { buildMsi } from '../msi/builder';
import { CORE_COMPONENTS, PROGRAM_FILES_DIRECTORIES } from '../msi/sample';

interface JsonUnit {
  name: string;
  kind: string;
  files: string[];
  platforms: string[];
  platformSource: string;
  reason: string;
}

interface JsonReport {
  version: number;
  problems: JsonProblem[];
  units?: JsonUnit[];
}

/** Runs with --format json; stderr must be empty and stdout one JSON report. */
async function json(argv: string[], cwd: string): Promise<{ code: number; report: JsonReport }> {
  const r = await run(['--format', 'json', ...argv], cwd);
  assert.equal(r.stderr, '');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

const tempTree = (t: { after(fn: () => void): void }, files: Record<string, string>): string => makeTree(t, files, 'wixlint-projects-');

const WIX3 = 'xmlns="http://schemas.microsoft.com/wix/2006/wi"';
const MSBUILD = 'xmlns="http://schemas.microsoft.com/developer/msbuild/2003"';

/**
 * A v3 Product (line 3: `<Product`, column 4) whose Feature references `refs`; INSTALLFOLDER lies under `folder`.
 * `version` is the Product/@Version as written; `body` goes inside INSTALLFOLDER (line 8 on).
 */
function product(o: {
  name: string;
  refs: string[];
  platform?: string;
  folder?: string;
  version?: string;
  body?: string[];
  extra?: string[];
}): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Wix ${WIX3}>`,
    `  <Product Id="*" Name="${o.name}" Language="1033" Version="${o.version ?? '1.0.0'}" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">`,
    `    <Package InstallerVersion="200" Compressed="yes"${o.platform === undefined ? '' : ` Platform="${o.platform}"`} />`,
    '    <Directory Id="TARGETDIR" Name="SourceDir">',
    `      <Directory Id="${o.folder ?? 'ProgramFilesFolder'}">`,
    '        <Directory Id="INSTALLFOLDER" Name="Demo">',
    ...(o.body ?? []),
    '        </Directory>',
    '      </Directory>',
    '    </Directory>',
    ...(o.extra ?? []),
    '    <Feature Id="Main" Level="1">',
    ...o.refs.map((r) => `      <${r.startsWith('Group:') ? 'ComponentGroupRef' : 'ComponentRef'} Id="${r.replace(/^Group:/, '')}" />`),
    '    </Feature>',
    '  </Product>',
    '</Wix>',
    '',
  ].join('\n');
}

/**
 * A fragment defining component `id` in INSTALLFOLDER on line 5 (`<Component` at column 8; the attributes after the
 * Guid start at column 74), with `inner` lines in the component.
 */
function fragment(o: { id: string; attributes?: string; inner?: string[]; group?: string }): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Wix ${WIX3}>`,
    '  <Fragment>',
    '    <DirectoryRef Id="INSTALLFOLDER">',
    `      <Component Id="${o.id}" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}"${o.attributes === undefined ? '' : ` ${o.attributes}`}>`,
    `        <File Id="${o.id}Dll" Source="${o.id}.dll" KeyPath="yes" />`,
    ...(o.inner ?? []),
    '      </Component>',
    '    </DirectoryRef>',
    ...(o.group === undefined ? [] : [`    <ComponentGroup Id="${o.group}"><ComponentRef Id="${o.id}" /></ComponentGroup>`]),
    '  </Fragment>',
    '</Wix>',
    '',
  ].join('\n');
}

/** A classic (wix.targets) project: one `Configuration|Platform` group per entry, each with its DefineConstants. */
function wixproj(configurations: Record<string, string>, compile: string[], head: string[] = []): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Project ToolsVersion="4.0" DefaultTargets="Build" ${MSBUILD}>`,
    '  <PropertyGroup>',
    ...head,
    '    <OutputType>Package</OutputType>',
    '  </PropertyGroup>',
    ...Object.entries(configurations).flatMap(([config, defines]) => [
      `  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == '${config}' ">`,
      `    <DefineConstants>${defines}</DefineConstants>`,
      '  </PropertyGroup>',
    ]),
    '  <ItemGroup>',
    ...compile.map((c) => `    <Compile Include="${c}" />`),
    '  </ItemGroup>',
    '</Project>',
    '',
  ].join('\n');
}

const DEFAULT_X86 = "nothing names a platform, so x86, the WiX compilers' default";

// Problems as one text each: the headline, then `note` and `help`, as `fullText` joins them.
const ICE80_FOLDER = (id: string, win64: string) =>
  `Component '${id}' is 64-bit but installs under the 32-bit ProgramFilesFolder It is 64-bit (Win64="${win64}"), and its directory ` +
  `'INSTALLFOLDER' is under ProgramFilesFolder. ICE80: This 64BitComponent ${id} uses 32BitDirectory INSTALLFOLDER Make it 32-bit ` +
  '(Win64="no"), or install it under ProgramFiles64Folder in a 64-bit package.';
const ICE80_PACKAGE = (id: string, win64: string, productName: string) =>
  `Component '${id}' is 64-bit but the x86 build makes a 32-bit package It is 64-bit (Win64="${win64}"), and the x86 build makes ` +
  `Product '${productName}' a 32-bit package: on 32-bit Windows its 64-bit flag is ignored. ICE80: This package contains 64 bit ` +
  `component '${id}' but the Template Summary Property does not contain Intel64, x64, or Arm64. Move it to a separate 64-bit ` +
  'package, or make it 32-bit.';
const UNDEFINED = (name: string, uses: string, written = `$(var.${name})`) =>
  `${written} is not defined here It is ${uses}. Until the build's value is given, wixlint leaves it as written and reports what ` +
  `depends on it as info. Pass -d ${name}=VALUE to wixlint as to candle or wix build, or add ${name}=VALUE to DefineConstants in ` +
  'the .wixproj, or to "defines" in wixlint.config.json.';
const KNOWN_RULES = 'bundle-isa, com-overwrite, ice80, isa-mixing, parse-error, payload-isa, undefined-variable';

describe('a fragment file given alone is linted with the Product of its folder', () => {
  it('reports the problems of the file named only, and exits as they say', async (t) => {
    const dir = tempTree(t, {
      // The Product has errors of its own (its 64-bit Tools component in a 32-bit package): never reported here.
      'mixed/Product.wxs': product({
        name: 'Demo',
        refs: ['Core', 'Tools'],
        body: [
          '          <Component Id="Tools" Guid="{99999999-2222-3333-4444-555555555555}" Win64="yes"><File Id="ToolsExe" Source="tools.exe" KeyPath="yes" /></Component>',
        ],
      }),
      'mixed/Components.wxs': fragment({ id: 'Core', attributes: 'Win64="yes"' }),
      // Another product in the folder: a unit of its own that the file given is not part of.
      'mixed/Other.wxs': product({ name: 'Other', refs: ['OtherCore'], version: '$(var.OtherVersion)' }).replace(
        '<Directory Id="INSTALLFOLDER" Name="Demo">',
        '<Directory Id="INSTALLFOLDER" Name="Demo"><Component Id="OtherCore" Guid="*" Win64="yes"><File Source="o.dll" /></Component>',
      ),
      'warned/Product.wxs': product({
        name: 'Demo',
        refs: ['Core', 'Tools'],
        body: [
          '          <Component Id="Tools" Guid="{99999999-2222-3333-4444-555555555555}" Win64="yes"><File Id="ToolsExe" Source="tools.exe" KeyPath="yes" /></Component>',
        ],
      }),
      'warned/Components.wxs': fragment({ id: 'Core', inner: ['        <Environment Id="Path" Name="PATH" Value="$(var.BinDir)" Action="set" />'] }),
    });

    // Wide enough that nothing wraps: each problem is its headline line, its note and its help.
    const mixed = await run(['Components.wxs'], path.join(dir, 'mixed'), { COLUMNS: '1000' });
    assert.equal(mixed.stderr, '');
    assert.equal(mixed.code, 1);
    const lines = mixed.stdout.split('\n');
    assert.equal(lines[0], 'Components.wxs');
    // Linked with Product.wxs: the note names its Product, and its folder makes the 64-bit component a misfit.
    assert.deepEqual(lines.slice(1, 7), [
      "  5:8   error  Component 'Core' is 64-bit but installs under the 32-bit ProgramFilesFolder  ice80 [x86]",
      '               = note: It is 64-bit (Win64="yes"), and its directory \'INSTALLFOLDER\' is under ProgramFilesFolder. ICE80: This 64BitComponent Core uses 32BitDirectory INSTALLFOLDER',
      '               = help: Make it 32-bit (Win64="no"), or install it under ProgramFiles64Folder in a 64-bit package.',
      "  5:74  error  Component 'Core' is 64-bit but the x86 build makes a 32-bit package  ice80 [x86]",
      "               = note: It is 64-bit (Win64=\"yes\"), and the x86 build makes Product 'Demo' a 32-bit package: on 32-bit Windows its 64-bit flag is ignored. ICE80: This package contains 64 bit component 'Core' but the Template Summary Property does not contain Intel64, x64, or Arm64.",
      '               = help: Move it to a separate 64-bit package, or make it 32-bit.',
    ]);
    assert.deepEqual(lines.slice(7), [
      '',
      "Linted Product.wxs and 1 more file: x86 (nothing names a platform, so x86, the WiX compilers' default)",
      '',
      '✖ 2 problems (2 errors, 0 warnings, 0 infos)',
      '',
    ]);

    const mixedJson = await json(['Components.wxs'], path.join(dir, 'mixed'));
    assert.equal(mixedJson.code, 1);
    assert.deepEqual(mixedJson.report.problems.map(brief), [
      'Components.wxs:5:8-5:17 error ice80 [x86]',
      'Components.wxs:5:74-5:85 error ice80 [x86]',
    ]);
    assert.deepEqual(mixedJson.report.units, [
      {
        name: 'Product.wxs',
        kind: 'sources',
        files: ['Product.wxs', 'Components.wxs'],
        platforms: ['x86'],
        platformSource: 'default',
        reason: DEFAULT_X86,
      },
    ]);

    // Only a warning in the file named: exit 0, though the Product beside it has errors.
    const warned = await json(['Components.wxs'], path.join(dir, 'warned'));
    assert.equal(warned.code, 0);
    assert.deepEqual(
      warned.report.problems.map((p) => [brief(p), fullText(p)]),
      [['Components.wxs:7:44-7:65 warning undefined-variable [x86]', UNDEFINED('BinDir', 'used once')]],
    );
    // The same folder given whole reports the Product's errors too, and exits 1.
    const whole = await json(['.'], path.join(dir, 'warned'));
    assert.equal(whole.code, 1);
    assert.deepEqual(whole.report.problems.map(brief), [
      './Components.wxs:7:44-7:65 warning undefined-variable [x86]',
      './Product.wxs:3:4-3:11 error isa-mixing [x86]',
      './Product.wxs:8:12-8:21 error ice80 [x86]',
      './Product.wxs:8:79-8:90 error ice80 [x86]',
    ]);
  });
});

describe('a source given alone reports what it includes', () => {
  it("reports the problems of the files it includes, at any depth, and not those of another source's includes", async (t) => {
    const dir = tempTree(t, {
      // Main.wxs includes Parts.wxi (a 64-bit component, two ICE80s there), which includes Nested.wxi (an <?error?>).
      'Main.wxs': product({ name: 'Demo', refs: ['Core64', 'Group:Extra'], body: ['          <?include Parts.wxi ?>'] }),
      'Parts.wxi': [
        '<Include>',
        '  <Component Id="Core64" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}" Win64="yes"><File Source="core.dll" /></Component>',
        '  <?include Nested.wxi ?>',
        '</Include>',
        '',
      ].join('\n'),
      'Nested.wxi': '<Include>\n  <?error Nested.wxi is not finished ?>\n</Include>\n',
      // A fragment linked into the same package includes a file of its own with an <?error?>: not Main.wxs's content.
      'Extra.wxs': `<?xml version="1.0"?>\n<Wix ${WIX3}>\n  <Fragment>\n    <?include Extra.wxi ?>\n    <ComponentGroup Id="Extra" />\n  </Fragment>\n</Wix>\n`,
      'Extra.wxi': '<Include>\n  <?error Extra.wxi is not finished ?>\n</Include>\n',
    });
    const alone = await json(['Main.wxs'], dir);
    assert.equal(alone.code, 1);
    assert.deepEqual(alone.report.problems.map(brief), [
      'Main.wxs:3:4-3:11 error isa-mixing [x86]',
      'Nested.wxi:2:3-2:40 error parse-error [x86]',
      'Parts.wxi:2:4-2:13 error ice80 [x86]',
      'Parts.wxi:2:72-2:83 error ice80 [x86]',
    ]);
    // The folder given whole reports the fragment's include too.
    const whole = await json(['.'], dir);
    assert.deepEqual(
      whole.report.problems.map((p) => p.file).filter((f) => f.endsWith('.wxi')),
      ['./Extra.wxi', './Nested.wxi', './Parts.wxi', './Parts.wxi'],
    );
  });
});

describe('a file given alone that a .wixproj up the tree compiles', () => {
  it("is linted with the project's other Compile items and DefineConstants, and only its own problems are reported", async (t) => {
    const dir = tempTree(t, {
      'setup/Setup.wixproj': wixproj(
        { 'Debug|x86': 'Bits=yes;Debug', 'Release|x86': 'Bits=no' },
        ['src\\Product.wxs', 'src\\Parts\\Components.wxs'],
        [
          "    <Configuration Condition=\" '$(Configuration)' == '' \">Debug</Configuration>",
          "    <Platform Condition=\" '$(Platform)' == '' \">x86</Platform>",
        ],
      ),
      // The project's Product, in another folder than the file given: only the project links it.
      'setup/src/Product.wxs': product({ name: 'Demo', refs: ['Core'], extra: ['    <Property Id="EDITION" Value="$(var.Edition)" />'] }),
      // $(var.Bits) is defined by the project's DefineConstants only.
      'setup/src/Parts/Components.wxs': fragment({ id: 'Core', attributes: 'Win64="$(var.Bits)"' }),
      // Beside the file but not a Compile item: a Product that would take Core if the folder decided.
      'setup/src/Parts/Stray.wxs': product({ name: 'Stray', refs: ['Core'], version: '$(var.StrayVersion)' }),
    });

    const r = await json(['setup/src/Parts/Components.wxs'], dir);
    assert.equal(r.code, 1);
    // Win64="$(var.Bits)" is "yes" from the Debug|x86 DefineConstants; the package is the project's Product 'Demo'.
    assert.deepEqual(
      r.report.problems.map((p) => [brief(p), fullText(p)]),
      [
        ['setup/src/Parts/Components.wxs:5:8-5:17 error ice80 [x86]', ICE80_FOLDER('Core', 'yes')],
        ['setup/src/Parts/Components.wxs:5:74-5:93 error ice80 [x86]', ICE80_PACKAGE('Core', 'yes', 'Demo')],
      ],
    );
    // Product.wxs's own undefined $(var.Edition) is linted but not reported; Stray.wxs is not linted at all.
    assert.deepEqual(r.report.units, [
      {
        name: 'setup/Setup.wixproj',
        kind: 'wixproj',
        files: ['setup/src/Product.wxs', 'setup/src/Parts/Components.wxs'],
        platforms: ['x86'],
        platformSource: 'project',
        reason: 'Setup.wixproj: the Debug|x86 configuration',
      },
    ]);

    // The project's folder given: everything it compiles is reported, and Stray.wxs as a unit of its own.
    const all = await json(['setup'], dir);
    assert.equal(all.code, 1);
    assert.deepEqual(
      all.report.problems.map((p) => [brief(p), fullText(p)]),
      [
        ['setup/src/Parts/Components.wxs:5:8-5:17 error ice80 [x86]', ICE80_FOLDER('Core', 'yes')],
        ['setup/src/Parts/Components.wxs:5:74-5:93 error ice80 [x86]', ICE80_PACKAGE('Core', 'yes', 'Demo')],
        ['setup/src/Parts/Stray.wxs:3:48-3:77 warning undefined-variable [x86]', UNDEFINED('StrayVersion', 'used once')],
        [
          'setup/src/Product.wxs:3:4-3:11 error isa-mixing [x86]',
          "The x86 build makes a 32-bit package, but component 'Core' is 64-bit Product 'Demo' contains " +
            "64-bit component 'Core'. On 32-bit Windows, where a 32-bit package also installs, the 64-bit " +
            'flag is ignored and there is no registry redirection: they act as 32-bit and share every ' +
            "folder and registry key with the package's 32-bit parts. Build one package per ISA (x86 and " +
            'x64), chained by a bundle if needed.',
        ],
        ['setup/src/Product.wxs:11:28-11:50 warning undefined-variable [x86]', UNDEFINED('Edition', 'used once')],
      ],
    );
  });
});

describe('a folder of independent projects', () => {
  /** A fragment writing one COM class registration; 32-bit unless `win64`. */
  const shell = (win64: boolean, group?: string) =>
    fragment({
      id: 'Shell',
      ...(win64 ? { attributes: 'Win64="yes"' } : {}),
      inner: [
        '        <RegistryKey Root="HKCR" Key="CLSID\\{B09BAAE7-55BB-4D9D-A8F6-49D39B963F21}\\InprocServer32"><RegistryValue Type="string" Value="[#ShellDll]" /></RegistryKey>',
      ],
      ...(group !== undefined ? { group } : {}),
    });

  it('lints two .wixproj projects each with its own sources and defines: nothing crosses them', async (t) => {
    const dir = tempTree(t, {
      // Each project defines the variable the other one's sources use: a define that crossed would silence a warning,
      // and a symbol that crossed would pair the 32-bit and the 64-bit registration of the same CLSID.
      'ws/a/A.wixproj': wixproj({ 'Release|x86': 'BOnly=1' }, ['Product.wxs', 'Shell.wxs']),
      'ws/a/Product.wxs': product({ name: 'A', refs: ['Shell'], extra: ['    <Property Id="P" Value="$(var.AOnly)" />'] }),
      'ws/a/Shell.wxs': shell(false),
      'ws/b/B.wixproj': wixproj({ 'Release|x64': 'AOnly=1' }, ['Product.wxs', 'Shell.wxs']),
      'ws/b/Product.wxs': product({
        name: 'B',
        refs: ['Shell'],
        folder: 'ProgramFiles64Folder',
        extra: ['    <Property Id="P" Value="$(var.BOnly)" />'],
      }),
      'ws/b/Shell.wxs': shell(true),
    });
    const r = await json(['ws'], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(
      r.report.problems.map((p) => [brief(p), fullText(p)]),
      [
        ['ws/a/Product.wxs:11:22-11:42 warning undefined-variable [x86]', UNDEFINED('AOnly', 'used once')],
        ['ws/b/Product.wxs:11:22-11:42 warning undefined-variable [x64]', UNDEFINED('BOnly', 'used once')],
      ],
    );
    assert.deepEqual(r.report.units, [
      {
        name: 'ws/a/A.wixproj',
        kind: 'wixproj',
        files: ['ws/a/Product.wxs', 'ws/a/Shell.wxs'],
        platforms: ['x86'],
        platformSource: 'project',
        reason: 'A.wixproj: the Release|x86 configuration',
      },
      {
        name: 'ws/b/B.wixproj',
        kind: 'wixproj',
        files: ['ws/b/Product.wxs', 'ws/b/Shell.wxs'],
        platforms: ['x64'],
        platformSource: 'project',
        reason: 'B.wixproj: the Release|x64 configuration',
      },
    ]);
  });

  it('lints two loose Products each with the fragment nearest to it, though both fragments define the same group', async (t) => {
    const dir = tempTree(t, {
      'loose/x86/Product.wxs': product({ name: 'Setup32', refs: ['Group:Files'], version: '$(var.Version)' }),
      'loose/x86/Files.wxs': shell(false, 'Files'),
      'loose/x64/Product.wxs': product({
        name: 'Setup64',
        refs: ['Group:Files'],
        version: '$(var.Version)',
        platform: 'x64',
        folder: 'ProgramFiles64Folder',
      }),
      'loose/x64/Files.wxs': shell(true, 'Files'),
    });
    const r = await json(['loose'], dir);
    assert.equal(r.code, 0);
    // Once per variable and unit: one unit of both would say "used 2 times" once.
    assert.deepEqual(
      r.report.problems.map((p) => [brief(p), fullText(p)]),
      [
        ['loose/x64/Product.wxs:3:50-3:74 warning undefined-variable [x64]', UNDEFINED('Version', 'used once')],
        ['loose/x86/Product.wxs:3:50-3:74 warning undefined-variable [x86]', UNDEFINED('Version', 'used once')],
      ],
    );
    assert.deepEqual(r.report.units, [
      {
        name: 'loose/x64/Product.wxs',
        kind: 'sources',
        files: ['loose/x64/Product.wxs', 'loose/x64/Files.wxs'],
        platforms: ['x64'],
        platformSource: 'sources',
        reason: 'Package/@Platform="x64" in Product.wxs',
      },
      {
        name: 'loose/x86/Product.wxs',
        kind: 'sources',
        files: ['loose/x86/Product.wxs', 'loose/x86/Files.wxs'],
        platforms: ['x86'],
        platformSource: 'default',
        reason: DEFAULT_X86,
      },
    ]);
  });
});

describe('wixlint.config.json', () => {
  /** A Product whose one component's bitness is $(var.Bits), in ProgramFilesFolder; generated/ holds broken XML. */
  const REPO = {
    'src/Product.wxs': product({
      name: 'Demo',
      refs: ['Core'],
      body: [
        '          <Component Id="Core" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}" Win64="$(var.Bits)"><File Id="CoreDll" Source="core.dll" KeyPath="yes" /></Component>',
      ],
    }),
    'generated/Broken.wxs': `<Wix ${WIX3}>\n  <Fragment>\n`,
    'conf/other.json': '{ "platforms": ["x86"], "defines": { "Bits": "no" } }\n',
  };
  const CONFIG =
    '{\n  "platforms": ["x64"],\n  "defines": { "Bits": "yes" },\n  "rules": { "ice80": "warning" },\n  "ignorePatterns": ["generated/"]\n}\n';
  const CORE_FOLDER = ICE80_FOLDER('Core', 'yes');

  it('found up the tree, its platforms, defines, rules and ignorePatterns take effect', async (t) => {
    const dir = tempTree(t, { ...REPO, 'wixlint.config.json': CONFIG });
    // x64 with Bits=yes: the 64-bit component is in a 32-bit folder, an ice80 the config makes a warning; exit 0.
    // generated/Broken.wxs is ignored: no parse-error.
    const folder = await json(['.'], dir);
    assert.equal(folder.code, 0);
    assert.deepEqual(
      folder.report.problems.map((p) => [brief(p), fullText(p)]),
      [['./src/Product.wxs:8:12-8:21 warning ice80 [x64]', CORE_FOLDER]],
    );
    assert.deepEqual(folder.report.units, [
      {
        name: './src/Product.wxs',
        kind: 'sources',
        files: ['./src/Product.wxs'],
        platforms: ['x64'],
        platformSource: 'config',
        reason: '../wixlint.config.json',
      },
    ]);

    // From below the config's folder, a file given by name finds it the same.
    const named = await json(['Product.wxs'], path.join(dir, 'src'));
    assert.equal(named.code, 0);
    assert.deepEqual(named.report.problems.map(brief), ['Product.wxs:8:12-8:21 warning ice80 [x64]']);
    assert.deepEqual(named.report.units, [
      {
        name: 'Product.wxs',
        kind: 'sources',
        files: ['Product.wxs'],
        platforms: ['x64'],
        platformSource: 'config',
        reason: '../wixlint.config.json',
      },
    ]);

    // The command line still wins over the config: --arch and -d and --rule.
    const overridden = await json(['--arch', 'x86', '-d', 'Bits=no', '--rule', 'ice80=error', 'src'], dir);
    assert.deepEqual(
      [overridden.code, overridden.report.problems, overridden.report.units],
      [
        0,
        [],
        [{ name: 'src/Product.wxs', kind: 'sources', files: ['src/Product.wxs'], platforms: ['x86'], platformSource: 'arguments', reason: '--arch' }],
      ],
    );
  });

  it('--config FILE is used instead of the nearest one, whose ignorePatterns then no longer apply', async (t) => {
    const dir = tempTree(t, { ...REPO, 'wixlint.config.json': CONFIG });
    const r = await json(['--config', 'conf/other.json', '.'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.report.problems.map((p) => [brief(p), fullText(p)]),
      [['./generated/Broken.wxs:3:1-3:1 error parse-error [x86]', 'Unexpected end of file. <Fragment> (line 2) is not closed.']],
    );
    assert.deepEqual(r.report.units, [
      {
        name: './src/Product.wxs',
        kind: 'sources',
        files: ['./src/Product.wxs'],
        platforms: ['x86'],
        platformSource: 'config',
        reason: '../conf/other.json',
      },
      {
        name: './generated/Broken.wxs',
        kind: 'sources',
        files: ['./generated/Broken.wxs'],
        platforms: ['x86'],
        platformSource: 'config',
        reason: '../conf/other.json',
      },
    ]);
  });

  /** Configs that cannot be used, and the one line each gets after "wixlint: <the file>: ". */
  const BROKEN: { name: string; text: string; error: string }[] = [
    {
      name: 'an unknown key',
      text: '{ "platform": ["x64"] }\n',
      error:
        "unknown setting 'platform'; known settings: platforms, configuration, defines, env, includePaths, bindPaths, missingPayloads, rules, ignorePatterns, projects",
    },
    {
      name: 'invalid JSON',
      text: '{ "platforms": ["x64"],\n  "rules": { "ice80": "warning", }\n}\n',
      error: 'invalid JSON: Expected double-quoted property name at line 2, column 34',
    },
    {
      name: 'an unknown rule id',
      text: '{ "rules": { "ice-80": "off" } }\n',
      error: `unknown rule 'ice-80' in 'rules'; known rules: ${KNOWN_RULES}`,
    },
  ];

  for (const broken of BROKEN) {
    it(`with ${broken.name} exits 2 with one line naming the file and the problem, whether found or given`, async (t) => {
      const dir = tempTree(t, { ...REPO, 'wixlint.config.json': broken.text, 'conf/broken.json': broken.text });
      assert.deepEqual(await run(['src'], dir), {
        code: 2,
        stdout: '',
        stderr: `wixlint: ${path.join(dir, 'wixlint.config.json')}: ${broken.error}\n`,
      });
      assert.deepEqual(await run(['--format', 'json', '.'], dir), {
        code: 2,
        stdout: '',
        stderr: `wixlint: ${path.join(dir, 'wixlint.config.json')}: ${broken.error}\n`,
      });
      assert.deepEqual(await run(['--config', 'conf/broken.json', 'src'], dir), {
        code: 2,
        stdout: '',
        stderr: `wixlint: ${path.join(dir, 'conf', 'broken.json')}: ${broken.error}\n`,
      });
    });

    it(`with ${broken.name} exits 2 also when only a file below it is given by name`, async (t) => {
      const dir = tempTree(t, { ...REPO, 'wixlint.config.json': broken.text });
      assert.deepEqual(await run(['src/Product.wxs'], dir), {
        code: 2,
        stdout: '',
        stderr: `wixlint: ${path.join(dir, 'wixlint.config.json')}: ${broken.error}\n`,
      });
      assert.deepEqual(await run(['Product.wxs'], path.join(dir, 'src')), {
        code: 2,
        stdout: '',
        stderr: `wixlint: ${path.join(dir, 'wixlint.config.json')}: ${broken.error}\n`,
      });
    });
  }
});

describe('a file named on the command line that a config ignores', () => {
  it('is not linted, and the user is told why (as ESLint does)', async (t) => {
    const dir = tempTree(t, {
      'wixlint.config.json': '{ "ignorePatterns": ["generated/"] }\n',
      'generated/Broken.wxs': '<Wix',
    });
    assert.deepEqual(await run(['generated/Broken.wxs'], dir), {
      code: 0,
      stdout: '',
      stderr: `wixlint: warning: 'generated/Broken.wxs' is not linted: ${path.join(dir, 'wixlint.config.json')} ignores it (ignorePatterns)\n`,
    });
  });

  it('is not read either when it is a package or a project: nothing is reported on it', async (t) => {
    const dir = tempTree(t, {
      'wixlint.config.json': '{ "ignorePatterns": ["generated/"] }\n',
      'generated/Broken.msi': 'not a package',
      'generated/Setup.wixproj': '<Project',
    });
    const config = path.join(dir, 'wixlint.config.json');
    assert.deepEqual(await run(['--format', 'json', 'generated/Broken.msi', 'generated/Setup.wixproj'], dir), {
      code: 0,
      stdout: '{"version":1,"problems":[]}\n',
      stderr:
        `wixlint: warning: 'generated/Broken.msi' is not linted: ${config} ignores it (ignorePatterns)\n` +
        `wixlint: warning: 'generated/Setup.wixproj' is not linted: ${config} ignores it (ignorePatterns)\n`,
    });
  });
});

describe('--configuration', () => {
  const PROJECT = {
    'Setup.wixproj': wixproj(
      { 'Debug|x86': 'Bits=yes;Debug', 'Release|x86': 'Bits=no', 'Release|x64': 'Bits=yes' },
      ['Product.wxs', 'Components.wxs'],
      [
        "    <Configuration Condition=\" '$(Configuration)' == '' \">Debug</Configuration>",
        "    <Platform Condition=\" '$(Platform)' == '' \">x86</Platform>",
      ],
    ),
    'Product.wxs': product({ name: 'Demo', refs: ['Core'] }),
    'Components.wxs': fragment({ id: 'Core', attributes: 'Win64="$(var.Bits)"' }),
  };

  it("reads the .wixproj's Release configuration: its platforms and DefineConstants", async (t) => {
    const dir = tempTree(t, PROJECT);
    // Debug (the project's default): Debug|x86 only, Bits=yes.
    const debug = await json(['.'], dir);
    assert.equal(debug.code, 1);
    assert.deepEqual(debug.report.problems.map(brief), [
      './Components.wxs:5:8-5:17 error ice80 [x86]',
      './Components.wxs:5:74-5:93 error ice80 [x86]',
      './Product.wxs:3:4-3:11 error isa-mixing [x86]',
    ]);
    assert.deepEqual(debug.report.units, [
      {
        name: './Setup.wixproj',
        kind: 'wixproj',
        files: ['./Product.wxs', './Components.wxs'],
        platforms: ['x86'],
        platformSource: 'project',
        reason: 'Setup.wixproj: the Debug|x86 configuration',
      },
    ]);

    // Release: x86 with Bits=no (clean) and x64 with Bits=yes (a 64-bit component in a 32-bit folder).
    const release = await json(['--configuration', 'Release', '.'], dir);
    assert.equal(release.code, 1);
    assert.deepEqual(
      release.report.problems.map((p) => [brief(p), fullText(p)]),
      [['./Components.wxs:5:8-5:17 error ice80 [x64]', ICE80_FOLDER('Core', 'yes')]],
    );
    assert.deepEqual(release.report.units, [
      {
        name: './Setup.wixproj',
        kind: 'wixproj',
        files: ['./Product.wxs', './Components.wxs'],
        platforms: ['x86', 'x64'],
        platformSource: 'project',
        reason: 'Setup.wixproj: the Release|x86, Release|x64 configurations',
      },
    ]);
    // --configuration=Release and a file of the project given alone read the same.
    const alone = await json(['--configuration=Release', 'Components.wxs'], dir);
    assert.deepEqual(
      [alone.code, alone.report.problems.map(brief), alone.report.units?.map((u) => [u.name, u.platforms, u.reason])],
      [
        1,
        ['Components.wxs:5:8-5:17 error ice80 [x64]'],
        [['Setup.wixproj', ['x86', 'x64'], 'Setup.wixproj: the Release|x86, Release|x64 configurations']],
      ],
    );
  });

  it('takes the configuration from wixlint.config.json, and --configuration over it', async (t) => {
    const dir = tempTree(t, { ...PROJECT, 'wixlint.config.json': '{ "configuration": "Release" }\n' });
    const fromConfig = await json(['.'], dir);
    assert.deepEqual(
      [fromConfig.code, fromConfig.report.problems.map(brief), fromConfig.report.units?.map((u) => u.reason)],
      [1, ['./Components.wxs:5:8-5:17 error ice80 [x64]'], ['Setup.wixproj: the Release|x86, Release|x64 configurations']],
    );
    const debug = await json(['--configuration', 'Debug', '.'], dir);
    assert.deepEqual(
      debug.report.units?.map((u) => [u.platforms, u.reason]),
      [[['x86'], 'Setup.wixproj: the Debug|x86 configuration']],
    );
  });
});

describe('units in every output format', () => {
  /** A .wixproj unit (x64), a config project (arm64) and a loose Product (x86): three units, each with its platforms and why. */
  const TREE = {
    'wixlint.config.json': JSON.stringify({ projects: [{ name: 'Tools', sources: ['tools/*.wxs'], platforms: ['arm64'] }] }),
    'setup/Setup.wixproj': wixproj({ 'Release|x64': 'Bits=no' }, ['Product.wxs', 'Components.wxs']),
    'setup/Product.wxs': product({ name: 'Setup', refs: ['Core'], folder: 'ProgramFiles64Folder' }),
    'setup/Components.wxs': fragment({ id: 'Core', attributes: 'Win64="yes"' }),
    'tools/Tools.wxs': product({ name: 'Tools', refs: ['Tool'], folder: 'ProgramFiles64Folder' }).replace(
      'InstallerVersion="200"',
      'InstallerVersion="500"',
    ),
    'tools/Tool.wxs': fragment({ id: 'Tool', attributes: 'Win64="yes"' }),
    'loose/Product.wxs': product({ name: 'Loose', refs: ['Part'] }),
    'loose/Part.wxs': fragment({ id: 'Part', attributes: 'Win64="yes"' }),
  };
  const LINTED = [
    'Linted setup/Setup.wixproj (2 files): x64 (Setup.wixproj: the Release|x64 configuration)',
    "Linted Tools (wixlint.config.json) (2 files): arm64 (wixlint.config.json, project 'Tools')",
    "Linted loose/Product.wxs and 1 more file: x86 (nothing names a platform, so x86, the WiX compilers' default)",
  ];

  it('json has units with their name, kind, files, platforms, platformSource and reason', async (t) => {
    const dir = tempTree(t, TREE);
    const r = await json(['setup', 'tools', 'loose'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(Object.keys(r.report), ['version', 'problems', 'units']);
    assert.deepEqual(r.report.problems.map(brief), [
      'loose/Part.wxs:5:8-5:17 error ice80 [x86]',
      'loose/Part.wxs:5:74-5:85 error ice80 [x86]',
      'loose/Product.wxs:3:4-3:11 error isa-mixing [x86]',
    ]);
    assert.deepEqual(r.report.units, [
      {
        name: 'setup/Setup.wixproj',
        kind: 'wixproj',
        files: ['setup/Product.wxs', 'setup/Components.wxs'],
        platforms: ['x64'],
        platformSource: 'project',
        reason: 'Setup.wixproj: the Release|x64 configuration',
      },
      {
        name: 'Tools (wixlint.config.json)',
        kind: 'config',
        files: ['tools/Tool.wxs', 'tools/Tools.wxs'],
        platforms: ['arm64'],
        platformSource: 'config',
        reason: "wixlint.config.json, project 'Tools'",
      },
      {
        name: 'loose/Product.wxs',
        kind: 'sources',
        files: ['loose/Product.wxs', 'loose/Part.wxs'],
        platforms: ['x86'],
        platformSource: 'default',
        reason: DEFAULT_X86,
      },
    ]);
  });

  it('text ends with one Linted line per unit, before the summary when there are problems, alone when clean', async (t) => {
    const dir = tempTree(t, TREE);
    // Wide enough that no Linted line wraps.
    const r = await run(['setup', 'tools', 'loose'], dir, { COLUMNS: '1000' });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    const summary = lines.indexOf('✖ 3 problems (3 errors, 0 warnings, 0 infos)');
    assert.equal(lines[0], 'loose/Part.wxs');
    assert.ok(lines.includes('loose/Product.wxs'));
    assert.deepEqual(lines.slice(summary - LINTED.length - 2), ['', ...LINTED, '', '✖ 3 problems (3 errors, 0 warnings, 0 infos)', '']);

    const clean = await run(['setup', 'tools'], dir, { COLUMNS: '1000' });
    assert.deepEqual(clean, { code: 0, stdout: `${LINTED.slice(0, 2).join('\n')}\n`, stderr: '' });
  });

  it('SARIF has the same lines as notifications of its invocation', async (t) => {
    const dir = tempTree(t, TREE);
    const r = await run(['--format', 'sarif', 'setup', 'tools', 'loose'], dir);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout) as { runs: { invocations?: unknown[]; results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0]!.invocations, [
      { executionSuccessful: true, toolExecutionNotifications: LINTED.map((text) => ({ level: 'note', message: { text } })) },
    ]);
    assert.deepEqual(
      sarif.runs[0]!.results.map((x) => x.ruleId),
      ['ice80', 'ice80', 'isa-mixing'],
    );
  });
});

describe('undefined variables', () => {
  it('are one undefined-variable warning per variable and unit, at the first use, with the number of uses', async (t) => {
    const dir = tempTree(t, {
      'Product.wxs': product({
        name: 'Demo',
        refs: ['Core'],
        version: '$(var.Version)',
        extra: ['    <Property Id="V" Value="$(var.Version).$(var.Build)" />', '    <Property Id="E" Value="$(env.WIXLINT_UNSET_FOR_TEST)" />'],
      }),
      'Components.wxs': fragment({
        id: 'Core',
        inner: ['        <RegistryValue Root="HKLM" Key="Software\\Acme" Name="Version" Value="$(var.Version)" Type="string" />'],
      }),
    });
    const r = await json(['.'], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(
      r.report.problems.map((p) => [brief(p), fullText(p)]),
      [
        ['./Product.wxs:3:47-3:71 warning undefined-variable [x86]', UNDEFINED('Version', 'used 3 times; this is the first')],
        ['./Product.wxs:11:22-11:57 warning undefined-variable [x86]', UNDEFINED('Build', 'used once')],
        [
          './Product.wxs:12:22-12:59 warning undefined-variable [x86]',
          '$(env.WIXLINT_UNSET_FOR_TEST) is not set here It is used once, and the build reads it from the environment. Until it is set, ' +
            'wixlint leaves it as written and reports what depends on it as info. Set WIXLINT_UNSET_FOR_TEST when running wixlint, or add it ' +
            'to "env" in wixlint.config.json.',
        ],
      ],
    );
    // Defined on the command line, they are gone.
    const defined = await json(['-d', 'Version=1.2.3', '-dBuild=4', '.'], dir);
    assert.deepEqual(defined.report.problems.map(brief), ['./Product.wxs:12:22-12:59 warning undefined-variable [x86]']);
  });
});

describe('built packages only', () => {
  it('a JSON run over .msi files alone has no units key', async (t) => {
    const dir = tempTree(t, {});
    fs.writeFileSync(
      path.join(dir, 'clean.msi'),
      buildMsi({
        summary: { template: 'Intel;1033', pageCount: 200 },
        tables: [PROGRAM_FILES_DIRECTORIES, { ...CORE_COMPONENTS, rows: [CORE_COMPONENTS.rows[0]!] }],
      }),
    );
    const r = await run(['--format', 'json', 'clean.msi'], dir);
    assert.deepEqual(r, { code: 0, stdout: '{"version":1,"problems":[]}\n', stderr: '' });
    // Beside a source, the source's unit is there.
    fs.writeFileSync(path.join(dir, 'Product.wxs'), product({ name: 'Demo', refs: [] }));
    const both = await json(['clean.msi', 'Product.wxs'], dir);
    assert.deepEqual(
      [both.code, both.report.problems, both.report.units],
      [0, [], [{ name: 'Product.wxs', kind: 'sources', files: ['Product.wxs'], platforms: ['x86'], platformSource: 'default', reason: DEFAULT_X86 }]],
    );
  });
});
