// discoverUnits: loose sources grouped by entry section, .wixproj units (given or found up the tree), config projects, lookUp files and ignorePatterns.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigLookup } from '../../server/src/project/config';
import { discoverUnits, type Discovery, type LintUnit } from '../../server/src/project/units';
import { parseXml } from '../../server/src/wix/xml';
import { v3, v3Fragment } from '../ruleTester';
import { memoryFs } from './memoryFs';

const P = (p: string): string => path.resolve(p);
const MSBUILD = 'xmlns="http://schemas.microsoft.com/developer/msbuild/2003"';

interface Ask {
  sources?: string[];
  projectFiles?: string[];
  lookUp?: string[];
  configuration?: string;
}

/** Discovers units over in-memory files (keys: absolute paths with '/'); sources default to every .wxs, in path order. */
function discover(files: Record<string, string>, ask: Ask = {}): { discovery: Discovery; configs: ConfigLookup } {
  const fs = memoryFs(files);
  const configs = new ConfigLookup(fs, undefined);
  const sources =
    ask.sources ??
    Object.keys(files)
      .filter((f) => f.endsWith('.wxs'))
      .sort();
  const discovery = discoverUnits({
    fs,
    parse: parseXml,
    env: {},
    configuration: ask.configuration,
    sources: sources.map(P),
    projectFiles: (ask.projectFiles ?? []).map(P),
    lookUp: (ask.lookUp ?? []).map(P),
    configFor: (file) => configs.configFor(file),
    ignores: (file) => configs.ignores(file),
  });
  return { discovery, configs };
}

/** A unit as `kind anchor [sources]`, paths as given in the fixtures. */
function summary(u: LintUnit): [string, string, string[]] {
  const back = (p: string) =>
    p
      .split(path.sep)
      .join('/')
      .replace(/^[A-Za-z]:/, '');
  return [u.kind, back(u.anchor), u.sources.map(back)];
}

const TREE = (
  name: string,
  refs: string,
) => `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="${name}" /></Directory></Directory>
    <Feature Id="Main">
${refs}
    </Feature>`;
const group = (id: string, inner = '') => `    <ComponentGroup Id="${id}" Directory="INSTALLFOLDER">${inner}</ComponentGroup>`;
const component = (id: string, win64 = '') => `<Component Id="${id}" Guid="*"${win64}><File Source="${id}.dll" /></Component>`;

describe('discoverUnits: loose sources, one unit per entry section', () => {
  // Two products side by side, each with its own Files fragment: the same ComponentGroup and Component ids in both.
  const files = {
    '/ws/AppA/Product.wxs': v3(
      TREE(
        'AppA',
        '      <ComponentGroupRef Id="Files" />\n      <ComponentGroupRef Id="Common" />\n      <ComponentGroupRef Id="Registry" />\n      <ComponentGroupRef Id="Extras" />',
      ),
    ),
    '/ws/AppA/Files.wxs': v3Fragment(group('Files', component('Main'))),
    '/ws/AppA/More/Registry.wxs': v3Fragment(group('Registry', component('Reg'))),
    '/ws/AppB/Product.wxs': v3(TREE('AppB', '      <ComponentGroupRef Id="Files" />\n      <ComponentGroupRef Id="Common" />')).replace(
      '</Wix>',
      // A fragment in an entry's file belongs to that entry's project: another entry never links it.
      `  <Fragment>\n${group('Extras', component('Extra'))}\n  </Fragment>\n</Wix>`,
    ),
    '/ws/AppB/Files.wxs': v3Fragment(group('Files', component('Main', ' Win64="yes"'))),
    // Referenced by both products: linked into both.
    '/ws/Shared/Common.wxs': v3Fragment(group('Common', component('Cmn'))),
    // Defines Registry too, farther from AppA than AppA/More/Registry.wxs, and nothing references it otherwise.
    '/ws/Legacy/Old/Registry.wxs': v3Fragment(group('Registry', component('OldReg'))),
    // No entry reaches these: Orphan.wxs is a unit with what it references, and so is Helper.wxs.
    '/ws/Tools/Orphan.wxs': v3Fragment('    <ComponentGroup Id="Orphan"><ComponentGroupRef Id="Helper" /></ComponentGroup>'),
    '/ws/Tools/Helper.wxs': v3Fragment(group('Helper', component('Help'))),
  };

  it("links each entry with its own fragments, nearest by folder, never another entry's file; shared fragments go into both", () => {
    const { discovery } = discover(files);
    assert.deepEqual(discovery.units.map(summary), [
      ['sources', '/ws/AppA/Product.wxs', ['/ws/AppA/Product.wxs', '/ws/AppA/Files.wxs', '/ws/Shared/Common.wxs', '/ws/AppA/More/Registry.wxs']],
      ['sources', '/ws/AppB/Product.wxs', ['/ws/AppB/Product.wxs', '/ws/AppB/Files.wxs', '/ws/Shared/Common.wxs']],
      ['sources', '/ws/Legacy/Old/Registry.wxs', ['/ws/Legacy/Old/Registry.wxs']],
      ['sources', '/ws/Tools/Helper.wxs', ['/ws/Tools/Helper.wxs']],
      ['sources', '/ws/Tools/Orphan.wxs', ['/ws/Tools/Orphan.wxs', '/ws/Tools/Helper.wxs']],
    ]);
    assert.deepEqual(discovery.warnings, []);
    const a = discovery.units[0]!;
    assert.deepEqual([a.name, a.project, a.configProject, a.config], [undefined, undefined, undefined, undefined]);
  });

  it('the same grouping whatever order the sources come in', () => {
    const forward = discover(files).discovery.units.map(summary);
    const backward = discover(files, { sources: Object.keys(files).sort().reverse() }).discovery.units.map(summary);
    assert.deepEqual(backward, forward);
  });

  it('a source given alone is its own unit, whatever it holds', () => {
    const { discovery } = discover(files, { sources: ['/ws/AppA/Files.wxs'] });
    assert.deepEqual(discovery.units.map(summary), [['sources', '/ws/AppA/Files.wxs', ['/ws/AppA/Files.wxs']]]);
  });

  it('a fragment file two entries of one folder reference goes into both, each entry taking the nearest of twins', () => {
    const flat = {
      '/flat/One.wxs': v3(TREE('One', '      <ComponentGroupRef Id="Common" />\n      <ComponentGroupRef Id="Files" />')),
      '/flat/Two.wxs': v3(TREE('Two', '      <ComponentGroupRef Id="Common" />')),
      '/flat/Common.wxs': v3Fragment(group('Common')),
      '/flat/sub/Files.wxs': v3Fragment(group('Files')),
      '/flat/sub/deeper/Files.wxs': v3Fragment(group('Files')),
    };
    assert.deepEqual(discover(flat).discovery.units.map(summary), [
      ['sources', '/flat/One.wxs', ['/flat/One.wxs', '/flat/Common.wxs', '/flat/sub/Files.wxs']],
      ['sources', '/flat/Two.wxs', ['/flat/Two.wxs', '/flat/Common.wxs']],
      ['sources', '/flat/sub/deeper/Files.wxs', ['/flat/sub/deeper/Files.wxs']],
    ]);
  });
});

describe('discoverUnits: .wixproj units', () => {
  const SETUP = `<Project ToolsVersion="4.0" ${MSBUILD}>
  <PropertyGroup>
    <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="Product.wxs" />
    <Compile Include="Fragments\\*.wxs" />
    <Compile Include="..\\Common\\Shared.wxs" />
  </ItemGroup>
</Project>`;
  const files = {
    '/sln/Setup/Setup.wixproj': SETUP,
    '/sln/Setup/Product.wxs': v3(TREE('Setup', '      <ComponentGroupRef Id="Files" />\n      <ComponentGroupRef Id="Shared" />')),
    '/sln/Setup/Fragments/Files.wxs': v3Fragment(group('Files')),
    '/sln/Setup/Fragments/Registry.wxs': v3Fragment(group('Registry')),
    '/sln/Setup/Fragments/Deeper/NotCompiled.wxs': v3Fragment(group('Deeper')),
    '/sln/Common/Shared.wxs': v3Fragment(group('Shared')),
    '/sln/Setup/Scratch.wxs': v3Fragment(group('Scratch')),
  };

  it('a .wixproj given is a unit of its Compile items (wildcards expanded, outside its folder too)', () => {
    const { discovery } = discover(files, { sources: [], projectFiles: ['/sln/Setup/Setup.wixproj'] });
    assert.deepEqual(discovery.units.map(summary), [
      [
        'wixproj',
        '/sln/Setup/Setup.wixproj',
        ['/sln/Setup/Product.wxs', '/sln/Setup/Fragments/Files.wxs', '/sln/Setup/Fragments/Registry.wxs', '/sln/Common/Shared.wxs'],
      ],
    ]);
    const unit = discovery.units[0]!;
    assert.deepEqual([unit.project?.name, unit.project?.configuration, unit.name, unit.configProject], ['Setup', 'Debug', undefined, undefined]);
  });

  it('a source that a .wixproj up the tree compiles is in its unit, not a loose unit; what it does not compile is loose', () => {
    const { discovery } = discover(files, {
      sources: ['/sln/Setup/Fragments/Registry.wxs', '/sln/Setup/Fragments/Deeper/NotCompiled.wxs', '/sln/Setup/Scratch.wxs'],
    });
    assert.deepEqual(discovery.units.map(summary), [
      [
        'wixproj',
        '/sln/Setup/Setup.wixproj',
        ['/sln/Setup/Product.wxs', '/sln/Setup/Fragments/Files.wxs', '/sln/Setup/Fragments/Registry.wxs', '/sln/Common/Shared.wxs'],
      ],
      ['sources', '/sln/Setup/Fragments/Deeper/NotCompiled.wxs', ['/sln/Setup/Fragments/Deeper/NotCompiled.wxs']],
      ['sources', '/sln/Setup/Scratch.wxs', ['/sln/Setup/Scratch.wxs']],
    ]);
  });

  it('reads a .wixproj in the configuration asked for', () => {
    const project = `<Project ${MSBUILD}>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x86' " />
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|x64' " />
  <ItemGroup Condition=" '$(Configuration)' == 'Debug' "><Compile Include="Debug.wxs" /></ItemGroup>
  <ItemGroup><Compile Include="Product.wxs" /></ItemGroup>
</Project>`;
    const all = { '/c/Setup.wixproj': project, '/c/Product.wxs': v3(''), '/c/Debug.wxs': v3Fragment('') };
    const debug = discover(all, { sources: [], projectFiles: ['/c/Setup.wixproj'] }).discovery.units[0]!;
    const release = discover(all, { sources: [], projectFiles: ['/c/Setup.wixproj'], configuration: 'Release' }).discovery.units[0]!;
    assert.deepEqual(
      [summary(debug), debug.project?.builds.map((b) => b.arch)],
      [['wixproj', '/c/Setup.wixproj', ['/c/Debug.wxs', '/c/Product.wxs']], ['x86']],
    );
    assert.deepEqual([summary(release), release.project?.builds.map((b) => b.arch)], [['wixproj', '/c/Setup.wixproj', ['/c/Product.wxs']], ['x64']]);
  });

  it('a project that cannot be read is a warning, not a unit', () => {
    const { discovery } = discover(files, { sources: [], projectFiles: ['/sln/Gone/Gone.wixproj'] });
    assert.deepEqual([discovery.units, discovery.warnings], [[], [`cannot read the project '${P('/sln/Gone/Gone.wixproj')}'`]]);
  });

  it('a Compile item that does not exist is a warning naming it, and not a source', () => {
    const all = {
      '/m/Setup.wixproj': `<Project ${MSBUILD}><ItemGroup><Compile Include="Product.wxs" /><Compile Include="Missing.wxs" /></ItemGroup></Project>`,
      '/m/Product.wxs': v3(''),
    };
    const { discovery } = discover(all, { sources: [], projectFiles: ['/m/Setup.wixproj'] });
    assert.deepEqual(discovery.warnings, [`${P('/m/Setup.wixproj')}: Compile item '${P('/m/Missing.wxs')}' does not exist`]);
    assert.deepEqual(discovery.units.map(summary), [['wixproj', '/m/Setup.wixproj', ['/m/Product.wxs']]]);
  });

  // A source that a .wixproj compiles from outside its folder (..\Common\Shared.wxs), given before a source that leads
  // to the project (sources in path order: /sln/Common < /sln/Setup), is in the project's unit only, whatever the order.
  it('a source compiled by a .wixproj found through a later source is not also a loose unit', () => {
    const { discovery } = discover(files, { sources: ['/sln/Common/Shared.wxs', '/sln/Setup/Product.wxs'] });
    assert.deepEqual(discovery.units.map(summary), [
      [
        'wixproj',
        '/sln/Setup/Setup.wixproj',
        ['/sln/Setup/Product.wxs', '/sln/Setup/Fragments/Files.wxs', '/sln/Setup/Fragments/Registry.wxs', '/sln/Common/Shared.wxs'],
      ],
    ]);
  });

  describe('lookUp: a source given by name', () => {
    const all = {
      '/lk/Tools/Setup.wixproj': `<Project ${MSBUILD}><ItemGroup><Compile Include="Four.wxs" /></ItemGroup></Project>`,
      '/lk/Tools/Four.wxs': v3(TREE('Four', '')),
      '/lk/Tools/One.wxs': v3(TREE('One', '      <ComponentGroupRef Id="Two" />')),
      '/lk/Tools/Two.wxs': v3Fragment(group('Two')),
      '/lk/Tools/Three.wxs': v3(TREE('Three', '')),
      '/lk/Tools/Sub/Below.wxs': v3Fragment(group('Two')),
    };

    it("that no project compiles is linked with its folder's sources (not those below), grouped by entry", () => {
      const { discovery } = discover(all, { sources: ['/lk/Tools/One.wxs'], lookUp: ['/lk/Tools/One.wxs'] });
      assert.deepEqual(discovery.units.map(summary), [
        // Four.wxs, a sibling, is its project's.
        ['wixproj', '/lk/Tools/Setup.wixproj', ['/lk/Tools/Four.wxs']],
        ['sources', '/lk/Tools/One.wxs', ['/lk/Tools/One.wxs', '/lk/Tools/Two.wxs']],
        ['sources', '/lk/Tools/Three.wxs', ['/lk/Tools/Three.wxs']],
      ]);
    });

    it('a source given but not to look up is linted alone', () => {
      const { discovery } = discover(all, { sources: ['/lk/Tools/One.wxs'] });
      assert.deepEqual(discovery.units.map(summary), [['sources', '/lk/Tools/One.wxs', ['/lk/Tools/One.wxs']]]);
    });

    it('that a project compiles is linted with that project, not with its folder', () => {
      const { discovery } = discover(all, { sources: ['/lk/Tools/Four.wxs'], lookUp: ['/lk/Tools/Four.wxs'] });
      assert.deepEqual(discovery.units.map(summary), [['wixproj', '/lk/Tools/Setup.wixproj', ['/lk/Tools/Four.wxs']]]);
    });
  });
});

describe('discoverUnits: config projects', () => {
  const files = {
    '/cp/wixlint.config.json': JSON.stringify({
      platforms: ['x64'],
      projects: [
        { name: 'Scripted', sources: ['scripted/**/*.wxs', 'extra/Extra.wxs', 'extra/Missing.wxs'] },
        { name: 'Second', sources: ['second/*.wxs'] },
      ],
    }),
    // A .wixproj up the tree compiles scripted/Product.wxs too: the config project wins.
    '/cp/Build.wixproj': `<Project ${MSBUILD}><ItemGroup><Compile Include="scripted\\Product.wxs" /><Compile Include="other\\Other.wxs" /></ItemGroup></Project>`,
    '/cp/scripted/Product.wxs': v3(TREE('Scripted', '      <ComponentGroupRef Id="Files" />')),
    '/cp/scripted/parts/Files.wxs': v3Fragment(group('Files')),
    '/cp/scripted/parts/Unused.wxs': v3Fragment(group('Unused')),
    '/cp/scripted/.hidden/Hidden.wxs': v3Fragment(group('Hidden')),
    '/cp/extra/Extra.wxs': v3Fragment(group('Extra')),
    '/cp/second/Second.wxs': v3(TREE('Second', '')),
    '/cp/other/Other.wxs': v3Fragment(group('Other')),
  };

  it('take their sources (globs, found on disk) before any .wixproj is looked up', () => {
    const { discovery } = discover(files, { sources: ['/cp/scripted/Product.wxs', '/cp/second/Second.wxs'] });
    assert.deepEqual(discovery.units.map(summary), [
      // Every file the globs match, linked as the project's script links them (no grouping by entry); a name that does not exist is left out.
      [
        'config',
        '/cp/wixlint.config.json',
        ['/cp/scripted/Product.wxs', '/cp/scripted/parts/Files.wxs', '/cp/scripted/parts/Unused.wxs', '/cp/extra/Extra.wxs'],
      ],
      ['config', '/cp/wixlint.config.json', ['/cp/second/Second.wxs']],
    ]);
    const [scripted, second] = discovery.units;
    assert.deepEqual([scripted!.name, second!.name], ['Scripted', 'Second']);
    assert.equal(scripted!.configProject, scripted!.config!.projects[0]);
    assert.equal(second!.configProject, scripted!.config!.projects[1]);
    assert.deepEqual([scripted!.config!.file, scripted!.project], [P('/cp/wixlint.config.json'), undefined]);
  });

  // The first project of a config that names a file owns it, whether the file was given or found by a glob.
  it('a file two config projects name is linked only into the first', () => {
    const overlapping = {
      ...files,
      '/cp/wixlint.config.json': JSON.stringify({
        projects: [
          { name: 'Scripted', sources: ['scripted/**/*.wxs'] },
          { name: 'Second', sources: ['scripted/Product.wxs', 'second/*.wxs'] },
        ],
      }),
    };
    const { discovery } = discover(overlapping, { sources: ['/cp/scripted/Product.wxs', '/cp/second/Second.wxs'] });
    assert.deepEqual(discovery.units.map(summary), [
      ['config', '/cp/wixlint.config.json', ['/cp/scripted/Product.wxs', '/cp/scripted/parts/Files.wxs', '/cp/scripted/parts/Unused.wxs']],
      ['config', '/cp/wixlint.config.json', ['/cp/second/Second.wxs']],
    ]);
  });

  it('a source no config project names still goes to the .wixproj that compiles it', () => {
    const { discovery } = discover(files, { sources: ['/cp/other/Other.wxs'] });
    // The .wixproj's unit keeps its Compile items; the config project does not take Product.wxs from it here.
    assert.deepEqual(discovery.units.map(summary), [['wixproj', '/cp/Build.wixproj', ['/cp/scripted/Product.wxs', '/cp/other/Other.wxs']]]);
  });
});

describe('discoverUnits: ignorePatterns', () => {
  const files = {
    '/ig/wixlint.config.json': JSON.stringify({
      ignorePatterns: ['build/', '**/*.generated.wxs', '/Scratch.wxs'],
      projects: [{ name: 'Tools', sources: ['tools/*.wxs'] }],
    }),
    '/ig/Product.wxs': v3(TREE('Ig', '      <ComponentGroupRef Id="Files" />')),
    '/ig/Files.wxs': v3Fragment(group('Files')),
    // Twins of Files that would otherwise be linked or be units of their own.
    '/ig/Files.generated.wxs': v3Fragment(group('Files')),
    '/ig/Scratch.wxs': v3Fragment(group('Scratch')),
    '/ig/sub/Scratch.wxs': v3Fragment(group('SubScratch')),
    '/ig/build/Copy.wxs': v3(TREE('Copy', '')),
    '/ig/app/Setup.wixproj': `<Project ${MSBUILD}><ItemGroup><Compile Include="**\\*.wxs" /></ItemGroup></Project>`,
    '/ig/app/Package.wxs': v3(TREE('App', '')),
    '/ig/app/build/Stale.wxs': v3Fragment(group('Stale')),
    '/ig/app/Parts.generated.wxs': v3Fragment(group('Parts')),
    '/ig/tools/Tool.wxs': v3(TREE('Tool', '')),
    '/ig/tools/Tool.generated.wxs': v3Fragment(group('ToolParts')),
  };

  it('drops ignored files from loose units, .wixproj Compile items and config projects', () => {
    const { discovery, configs } = discover(files, { projectFiles: ['/ig/app/Setup.wixproj'] });
    assert.deepEqual(discovery.units.map(summary), [
      ['wixproj', '/ig/app/Setup.wixproj', ['/ig/app/Package.wxs']],
      ['config', '/ig/wixlint.config.json', ['/ig/tools/Tool.wxs']],
      ['sources', '/ig/Product.wxs', ['/ig/Product.wxs', '/ig/Files.wxs']],
      ['sources', '/ig/sub/Scratch.wxs', ['/ig/sub/Scratch.wxs']],
    ]);
    assert.deepEqual(configs.failures, []);
  });
});
