// The split when a .wixproj compiles the product's source: the project is made to build the package once per ISA, with
// an OutputName per platform, and the bundle gets a project of its own that references it per platform. The exact
// texts (golden files), the build files read back by the project reader, and every unit linted clean.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, type Refactor } from '../../server/src/fixes';
import { projectBuild } from '../../server/src/fixes/splitProject';
import { SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE } from '../../server/src/fixes/split';
import { SPLIT_PER_FILE_TITLE, SPLIT_PER_FILE_WITH_BUNDLE_TITLE } from '../../server/src/fixes/splitPerFile';
import { fullMessage } from '../../server/src/engine/problem';
import { ConfigLookup } from '../../server/src/project/config';
import { lintUnits } from '../../server/src/project/lint';
import { discoverUnits } from '../../server/src/project/units';
import { readWixProject } from '../../server/src/project/wixproj';
import { parseXml } from '../../server/src/wix/xml';
import { goldenJoined, joinedFiles } from '../golden';
import { memoryFs } from '../project/memoryFs';
import { applyFix, refactorsFor } from './apply';
import { lintProject } from './project';

// This file runs as out/test/fixes/splitProject.js.
const ROOT = path.resolve(__dirname, '..', '..', '..');

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/\r\n?/g, '\n');
}

interface Fixture {
  files: Record<string, string>;
  project: string;
  product: string;
}

/** examples/v3 (Product.wxs, Components.wxs, Config.wxi) with the Product.wixproj a WiX v3 Visual Studio project has. */
function v3(folder = '/project'): Fixture {
  return {
    files: {
      [`${folder}/Product.wxs`]: read('examples/v3/Product.wxs'),
      [`${folder}/Components.wxs`]: read('examples/v3/Components.wxs'),
      [`${folder}/Config.wxi`]: read('examples/v3/Config.wxi'),
      [`${folder}/Product.wixproj`]: read('test/fixes/projects/v3-Product.wixproj'),
    },
    project: `${folder}/Product.wixproj`,
    product: `${folder}/Product.wxs`,
  };
}

/** examples/v4 (Package.wxs, Components.wxs) with a WixToolset.Sdk Package.wixproj. */
function v4(folder = '/project'): Fixture {
  return {
    files: {
      [`${folder}/Package.wxs`]: read('examples/v4/Package.wxs'),
      [`${folder}/Components.wxs`]: read('examples/v4/Components.wxs'),
      [`${folder}/Package.wixproj`]: read('test/fixes/projects/v4-Package.wixproj'),
    },
    project: `${folder}/Package.wixproj`,
    product: `${folder}/Package.wxs`,
  };
}

/** The four split refactors of the fixture's isa-mixing problem, the project given as the one compiling the product. */
function refactors(f: Fixture, projectOf?: (source: string) => { file: string; text: string } | undefined): Refactor[] {
  const sources = Object.fromEntries(Object.entries(f.files).filter(([file]) => !file.endsWith('.wixproj')));
  const problem = lintProject(sources, 'x86').find((p) => p.ruleId === 'isa-mixing');
  assert.ok(problem, 'the project has an isa-mixing problem');
  const documents = Object.entries(sources).map(([file, text]) => ({ file, text }));
  const fixes = refactorsFor('isa-mixing', problem.data, documents, {
    projectOf: projectOf ?? ((source) => (source === f.product ? { file: f.project, text: f.files[f.project]! } : undefined)),
  });
  assert.deepEqual(
    fixes.map((x) => x.title),
    [SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE, SPLIT_PER_FILE_TITLE, SPLIT_PER_FILE_WITH_BUNDLE_TITLE],
  );
  return fixes;
}

/** The refactor applied: every file after it (edited, created, untouched), and the changed and created ones alone. */
function apply(f: Fixture, fix: Refactor): { after: Record<string, string>; changed: Record<string, string> } {
  const edited = applyFix(fix, f.files).files;
  const changed: Record<string, string> = { ...edited };
  for (const c of fix.creates) {
    assert.ok(!(c.file in f.files), `never overwrites ${c.file}`);
    assert.deepEqual(parseXml(c.file, c.text).errors, [], `${c.file} parses`);
    changed[c.file] = c.text;
  }
  const sorted = Object.fromEntries(Object.entries(changed).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { after: { ...f.files, ...changed }, changed: sorted };
}

const host = (files: Record<string, string>) => memoryFs(files);

/** The project as the reader sees it: per build, the platform, the sources (file names) and the package it makes. */
function builds(files: Record<string, string>, project: string): string[] {
  const p = readWixProject(project, files[project]!, { configuration: undefined, env: {}, host: host(files) });
  assert.deepEqual(p.warnings, []);
  return p.builds.map((b) => `${b.platform} ${b.arch}: ${b.sources.map((s) => path.basename(s)).join(' ')} -> ${b.defines['TargetFileName']}`);
}

/**
 * Every project unit of the folder linted as the command line lints it (the .wixproj files given, the sources left as
 * they are except `skip`): each problem as `file rule [platforms] message`.
 */
function lintAll(files: Record<string, string>, skip: readonly string[] = []): string[] {
  const fs = host(files);
  const configs = new ConfigLookup(fs, undefined);
  const discovery = discoverUnits({
    fs,
    parse: parseXml,
    env: {},
    configuration: undefined,
    sources: Object.keys(files)
      .filter((f) => f.endsWith('.wxs') && !skip.includes(f))
      .sort(),
    projectFiles: Object.keys(files)
      .filter((f) => f.endsWith('.wixproj'))
      .sort(),
    lookUp: [],
    configFor: (file) => configs.configFor(file),
    ignores: (file) => configs.ignores(file),
  });
  assert.deepEqual(discovery.warnings, []);
  const overrides = { platforms: undefined, platformsFrom: 'arguments' as const, defines: {}, includePaths: [], bindPaths: [], severities: {} };
  const result = lintUnits(discovery.units, { fs, parse: parseXml, env: {}, overrides });
  const units = result.units.map((u) => `${path.basename(u.unit.anchor)} [${u.platforms.platforms.join(',')}]`);
  return [
    ...units,
    ...result.problems.map(
      (p) => `${p.location.kind === 'source' ? path.basename(p.location.file) : ''} ${p.ruleId} [${p.platforms.join(',')}] ${fullMessage(p)}`,
    ),
  ];
}

describe('refactor: the split with a .wixproj', () => {
  /** The bundle's project as the reader sees it: its platform, its source, and what its references define. */
  const bundleBuilds = (after: Record<string, string>, product: string): unknown[] =>
    readWixProject('/project/Bundle/Bundle.wixproj', after['/project/Bundle/Bundle.wixproj']!, {
      configuration: undefined,
      env: {},
      host: host(after),
    }).builds.map((b) => [
      b.arch,
      b.sources,
      b.defines[`${product}.x86.ProjectPath`],
      b.defines[`${product}.x64.ProjectPath`],
      b.unknownDefines.filter((d) => d.endsWith('.TargetPath')),
    ]);

  const cases = [
    {
      name: 'v3, single source with a bundle: x64 configurations with their own output folders, OutputName per platform',
      fixture: v3,
      refactor: 1,
      golden: 'v3-in-place-with-bundle',
      builds: ['x86 x86: Components.wxs Product.wxs -> ContosoShellExt-x86.msi', 'x64 x64: Components.wxs Product.wxs -> ContosoShellExt-x64.msi'],
    },
    {
      name: 'v3, one .wxs per ISA with a bundle: the Compile item of the product becomes one per platform',
      fixture: v3,
      refactor: 3,
      golden: 'v3-per-file-with-bundle',
      builds: [
        'x86 x86: Components.wxs Product.x86.wxs -> ContosoShellExt-x86.msi',
        'x64 x64: Components.wxs Product.x64.wxs -> ContosoShellExt-x64.msi',
      ],
    },
    {
      name: 'v4, single source with a bundle: a default Platform, Platforms, and the bundle folder kept out of the SDK project',
      fixture: v4,
      refactor: 1,
      golden: 'v4-in-place-with-bundle',
      builds: ['x86 x86: Components.wxs Package.wxs -> FabrikamTools-x86.msi', 'x64 x64: Components.wxs Package.wxs -> FabrikamTools-x64.msi'],
    },
    {
      name: "v4, one .wxs per ISA with a bundle: Compile Remove of the original and of the other platform's source",
      fixture: v4,
      refactor: 3,
      golden: 'v4-per-file-with-bundle',
      builds: [
        'x86 x86: Components.wxs Package.x86.wxs -> FabrikamTools-x86.msi',
        'x64 x64: Components.wxs Package.x64.wxs -> FabrikamTools-x64.msi',
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.name}; the bundle's Bundle/Bundle.wixproj references the project per platform`, () => {
      const f = c.fixture();
      const { after, changed } = apply(f, refactors(f)[c.refactor]!);
      assert.equal(joinedFiles(changed), goldenJoined(changed, `fixes/golden/split-project/${c.golden}.txt`));
      assert.deepEqual(builds(after, f.project), c.builds);
      const product = path.basename(f.project, '.wixproj');
      assert.deepEqual(bundleBuilds(after, product), [
        ['x86', ['/project/Bundle/Bundle.wxs'], f.project, f.project, [`${product}.x64.TargetPath`, `${product}.x86.TargetPath`]],
      ]);
      // The original source stays on disk until the user deletes it (one .wxs per ISA); no project compiles it any more.
      assert.deepEqual(lintAll(after, c.refactor === 3 ? [f.product] : []), ['Bundle.wixproj [x86]', `${product}.wixproj [x86,x64]`]);
    });
  }

  it('v3, single source without a bundle: the same project edits, nothing created', () => {
    const f = v3();
    const [plain, bundled] = refactors(f);
    const projectEdits = (fix: Refactor) => fix.edits.filter((e) => e.file === f.project);
    assert.deepEqual(plain!.creates, []);
    assert.ok(projectEdits(plain!).length > 0);
    assert.deepEqual(projectEdits(plain!), projectEdits(bundled!));
    const { after } = apply(f, plain!);
    assert.deepEqual(lintAll(after), ['Product.wixproj [x86,x64]']);
  });

  it('gives byte-identical output from two folders', () => {
    for (const make of [v3, v4]) {
      const here = make('/home/a/src/contoso');
      const there = make('/work/checkout/x/contoso');
      const texts = (f: Fixture) =>
        refactors(f).map((fix) =>
          joinedFiles(
            Object.fromEntries(Object.entries(apply(f, fix).changed).map(([file, t]) => [path.relative(path.dirname(f.project), file), t])),
          ),
        );
      assert.deepEqual(texts(here), texts(there));
    }
  });

  it('a project that already builds both platforms with a per-platform OutputName is left as it is', () => {
    const f = v3();
    const once = apply(f, refactors(f)[0]!).after;
    const again: Fixture = { ...f, files: { ...f.files, [f.project]: once[f.project]! } };
    const edits = refactors(again)[0]!.edits.filter((e) => e.file === f.project);
    assert.deepEqual(edits, []);
  });

  it('a project that does not compile the product: the split without a project, as before', () => {
    const f = v3();
    const other = { file: f.project, text: f.files[f.project]!.replace('<Compile Include="Product.wxs" />', '') };
    const with_ = refactors(f, () => other);
    const without = refactors(f, () => undefined);
    assert.deepEqual(with_, without);
    assert.match(without[0]!.edits[0]!.newText, /candle -arch x86 Product\.wxs Components\.wxs/);
  });

  it('takes Bundle2 when the Bundle folder exists', () => {
    const f = v4();
    const sources = Object.fromEntries(Object.entries(f.files).filter(([file]) => !file.endsWith('.wixproj')));
    const problem = lintProject(sources, 'x86').find((p) => p.ruleId === 'isa-mixing')!;
    const fixes = refactorsFor(
      'isa-mixing',
      problem.data,
      Object.entries(sources).map(([file, text]) => ({ file, text })),
      {
        projectOf: () => ({ file: f.project, text: f.files[f.project]! }),
        fileExists: (file) => file === '/project/Bundle',
      },
    );
    assert.deepEqual(
      fixes[1]!.creates.map((c) => c.file),
      ['/project/Bundle2/Bundle.wxs', '/project/Bundle2/Bundle.wixproj'],
    );
    assert.ok(fixes[1]!.edits.some((e) => e.newText.includes('<Compile Remove="Bundle2\\**" />')));
  });
});

describe('projectBuild: the project edits, on project shapes found in real repositories', () => {
  const edited = (text: string, perIsa = false): string => {
    const file = '/p/Setup.wixproj';
    const split = {
      product: '/p/Product.wxs',
      bundleFolder: 'Bundle',
      ...(perIsa ? { perIsa: { x86: '/p/Product.x86.wxs', x64: '/p/Product.x64.wxs' } } : {}),
    };
    const build = projectBuild({ file, text }, split);
    assert.ok(build, 'the project compiles the product');
    return applyEdits(text, build.edits);
  };

  it('an SDK project written as one empty element gets a body', () => {
    assert.equal(
      edited('<!-- header -->\n<Project Sdk="WixToolset.Sdk/6.0.0" />\n'),
      [
        '<!-- header -->',
        '<Project Sdk="WixToolset.Sdk/6.0.0">',
        '  <PropertyGroup>',
        `    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>`,
        '  </PropertyGroup>',
        '  <PropertyGroup>',
        '    <Platforms>x86;x64</Platforms>',
        '  </PropertyGroup>',
        '  <PropertyGroup>',
        '    <OutputName>Setup-$(Platform)</OutputName>',
        '  </PropertyGroup>',
        '  <ItemGroup>',
        '    <Compile Remove="Bundle\\**" />',
        '  </ItemGroup>',
        '</Project>',
        '',
      ].join('\n'),
    );
  });

  it('an InstallerPlatform fixed for every build goes: the platform decides it', () => {
    const text = [
      '<Project Sdk="WixToolset.Sdk">',
      '  <PropertyGroup>',
      '    <OutputName>Setup</OutputName>',
      '    <InstallerPlatform>x86</InstallerPlatform>',
      '  </PropertyGroup>',
      '</Project>',
      '',
    ].join('\n');
    assert.equal(
      edited(text),
      [
        '<Project Sdk="WixToolset.Sdk">',
        '  <PropertyGroup>',
        `    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>`,
        '    <OutputName>Setup-$(Platform)</OutputName>',
        '    <Platforms>x86;x64</Platforms>',
        '  </PropertyGroup>',
        '  <ItemGroup>',
        '    <Compile Remove="Bundle\\**" />',
        '  </ItemGroup>',
        '</Project>',
        '',
      ].join('\n'),
    );
    const files = { '/p/Setup.wixproj': edited(text), '/p/Product.wxs': '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs" />\n' };
    assert.deepEqual(builds(files, '/p/Setup.wixproj'), ['x86 x86: Product.wxs -> Setup-x86.msi', 'x64 x64: Product.wxs -> Setup-x64.msi']);
  });

  it('a v3 project that compiles *.wxs gets Compile Remove items, as an SDK project does', () => {
    const text = [
      '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
      '  <PropertyGroup>',
      `    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>`,
      '    <OutputName>Setup</OutputName>',
      '  </PropertyGroup>',
      '  <PropertyGroup>',
      '    <OutputPath>bin\\$(Platform)\\</OutputPath>',
      '  </PropertyGroup>',
      '  <ItemGroup>',
      '    <Compile Include="*.wxs" />',
      '  </ItemGroup>',
      '  <Import Project="$(WixTargetsPath)" />',
      '</Project>',
      '',
    ].join('\n');
    const after = edited(text, true);
    assert.equal(
      after,
      text
        .replace('<OutputName>Setup</OutputName>', '<OutputName>Setup-$(Platform)</OutputName>\n    <Platforms>x86;x64</Platforms>')
        .replace(
          '  <Import',
          [
            '  <ItemGroup>',
            '    <Compile Remove="Product.wxs" />',
            `    <Compile Remove="Product.x86.wxs" Condition=" '$(Platform)' != 'x86' " />`,
            `    <Compile Remove="Product.x64.wxs" Condition=" '$(Platform)' != 'x64' " />`,
            '    <Compile Remove="Bundle\\**" />',
            '  </ItemGroup>',
            '  <Import',
          ].join('\n'),
        ),
    );
    const v3Source = '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi" />\n';
    const files = {
      '/p/Setup.wixproj': after,
      '/p/Product.wxs': v3Source,
      '/p/Product.x86.wxs': v3Source,
      '/p/Product.x64.wxs': v3Source,
      '/p/Parts.wxs': v3Source,
    };
    assert.deepEqual(builds(files, '/p/Setup.wixproj'), [
      'x86 x86: Parts.wxs Product.x86.wxs -> Setup-x86.msi',
      'x64 x64: Parts.wxs Product.x64.wxs -> Setup-x64.msi',
    ]);
  });

  it('a v3 project whose conditions name each platform alone keeps them; tabs stay tabs', () => {
    const text = [
      '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
      '\t<PropertyGroup>',
      `\t\t<Platform Condition=" '$(Platform)' == '' ">x86</Platform>`,
      '\t\t<OutputName>Setup</OutputName>',
      '\t</PropertyGroup>',
      '\t<PropertyGroup>',
      `\t\t<OutputPath>bin\\$(Platform)\\</OutputPath>`,
      `\t\t<IntermediateOutputPath Condition="'$(Platform)'=='x86'">obj\\32\\</IntermediateOutputPath>`,
      `\t\t<IntermediateOutputPath Condition="'$(Platform)'=='x64'">obj\\64\\</IntermediateOutputPath>`,
      '\t</PropertyGroup>',
      '\t<ItemGroup>',
      '\t\t<Compile Include="Product.wxs;Parts.wxs" />',
      '\t</ItemGroup>',
      '\t<Import Project="$(WixTargetsPath)" />',
      '</Project>',
      '',
    ].join('\n');
    assert.equal(
      edited(text, true),
      text
        .replace('<OutputName>Setup</OutputName>', '<OutputName>Setup-$(Platform)</OutputName>')
        .replace(
          '\t\t<Compile Include="Product.wxs;Parts.wxs" />',
          `\t\t<Compile Include="Parts.wxs" />\n\t\t<Compile Include="Product.x86.wxs" Condition=" '$(Platform)' == 'x86' " />\n\t\t<Compile Include="Product.x64.wxs" Condition=" '$(Platform)' == 'x64' " />`,
        ),
    );
  });
});
