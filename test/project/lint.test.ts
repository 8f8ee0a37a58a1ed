// lintUnits end to end over discoverUnits: units never see each other's symbols, .wixproj and config build context, platform precedence, undefined variables.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fullMessage, sentences, type Problem } from '../../server/src/engine/problem';
import { ConfigLookup } from '../../server/src/project/config';
import { lintUnits, type UnitsLintResult } from '../../server/src/project/lint';
import type { Overrides } from '../../server/src/project/options';
import { discoverUnits } from '../../server/src/project/units';
import { ice80 } from '../../server/src/rules/ice80';
import { isaMixing } from '../../server/src/rules/isa-mixing';
import { fillMessage, type Rule } from '../../server/src/rules/rule';
import { undefinedVariable } from '../../server/src/rules/undefined-variable';
import { parseXml } from '../../server/src/wix/xml';
import { rangeText, v3, v3Fragment } from '../ruleTester';
import { memoryFs } from './memoryFs';

const P = (p: string): string => path.resolve(p);
const MSBUILD = 'xmlns="http://schemas.microsoft.com/developer/msbuild/2003"';
const V4_NS = 'http://wixtoolset.org/schemas/v4/wxs';

interface Run {
  /** Sources to lint (default: every .wxs of `files`, in path order). */
  sources?: string[];
  projectFiles?: string[];
  lookUp?: string[];
  configuration?: string;
  overrides?: Partial<Overrides>;
}

/** Discovers the units of in-memory files (keys: absolute paths with '/') and lints them, as the CLI does. */
function lint(files: Record<string, string>, run: Run = {}): UnitsLintResult {
  const fs = memoryFs(files);
  const configs = new ConfigLookup(fs, undefined);
  const discovery = discoverUnits({
    fs,
    parse: parseXml,
    env: {},
    configuration: run.configuration,
    sources: (
      run.sources ??
      Object.keys(files)
        .filter((f) => f.endsWith('.wxs'))
        .sort()
    ).map(P),
    projectFiles: (run.projectFiles ?? []).map(P),
    lookUp: (run.lookUp ?? []).map(P),
    configFor: (file) => configs.configFor(file),
    ignores: (file) => configs.ignores(file),
  });
  assert.deepEqual([configs.failures, discovery.warnings], [[], []]);
  const overrides: Overrides = {
    platforms: undefined,
    platformsFrom: 'arguments',
    defines: {},
    includePaths: [],
    bindPaths: [],
    severities: {},
    ...run.overrides,
  };
  return lintUnits(discovery.units, { fs, parse: parseXml, env: {}, overrides });
}

/** Each problem as `file:range rule severity [platforms] message`. */
function found(result: UnitsLintResult): string[] {
  return result.problems.map((p: Problem) => {
    const l = p.location;
    assert.equal(l.kind, 'source');
    if (l.kind !== 'source') return '';
    return `${l.file}:${rangeText(result.texts.get(l.file) ?? '', l.start, l.end)} ${p.ruleId} ${p.severity} [${p.platforms.join(',')}] ${fullMessage(p)}`;
  });
}

/** Where `target` is inside the first occurrence of `context` in a fixture file, as `file:range`. */
function at(files: Record<string, string>, file: string, context: string, target = context): string {
  const text = files[file]!;
  const c = text.indexOf(context);
  assert.ok(c >= 0, `'${context}' is not in ${file}`);
  const t = text.indexOf(target, c);
  assert.ok(t >= 0 && t + target.length <= c + context.length, `'${target}' is not in '${context}'`);
  return `${P(file)}:${rangeText(text, t, t + target.length)}`;
}

const problem = (where: string, rule: Rule, severity: string, platforms: string[], message: string) =>
  `${where} ${rule.meta.id} ${severity} [${platforms.join(',')}] ${message}`;
/** A rule's message filled from data, as one text; `rests` is the assumption said at the end of its note. */
const msg = (rule: Rule, id: string, data: Record<string, string | number>, rests?: string) => {
  const filled = fillMessage(rule.meta.messages[id]!, data);
  return fullMessage(rests === undefined ? filled : { ...filled, note: sentences(filled.note, rests) });
};

const X86_BUILD = 'the x86 build makes a 32-bit package';
/** isa-mixing's headline words for its parts: the one part by name, else how many. */
const summaryOf = (parts: string): string => {
  const names = parts.match(/'[^']*'/g) ?? [];
  return names.length > 1 ? `${names.length} of its parts are 64-bit` : `${parts} is 64-bit`;
};
const x86Package = (product: string) => `the x86 build makes Product '${product}' a 32-bit package`;
const mixed = (product: string, parts: string, rests?: string) =>
  msg(
    isaMixing,
    'mixed',
    {
      package: `Product '${product}'`,
      build: 'The x86 build makes a 32-bit package',
      parts,
      summary: summaryOf(parts),
    },
    rests,
  );
const in32BitPackage = (component: string, how: string, product: string, rests?: string) =>
  msg(ice80, 'component64In32BitPackage', { component, how, platform: x86Package(product), build: X86_BUILD }, rests);
const in32BitFolder = (component: string, how: string, rests?: string) =>
  msg(
    ice80,
    'component64In32BitDirectory',
    {
      component,
      how,
      directory: 'INSTALLFOLDER',
      folder: 'ProgramFilesFolder',
      twin: 'ProgramFiles64Folder',
      fix: 'Win64="no"',
    },
    rests,
  );
const undefinedVar = (name: string, uses: string) => msg(undefinedVariable, 'variable', { written: `$(var.${name})`, name, uses });
const restsOn = (name: string) =>
  `This rests on $(var.${name}), which this lint has no value for, so it is reported as info: give it the build's value (-d ${name}=…, or "defines" in wixlint.config.json) to check it.`;

/** A v3 product named `name`. */
const product = (name: string, body: string, pkg = '') => v3(body, pkg).replace('Name="Demo"', `Name="${name}"`);
/** TARGETDIR / ProgramFilesFolder / INSTALLFOLDER, and a feature with `refs`. */
const tree32 = (
  name: string,
  refs: string,
) => `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="${name}" /></Directory></Directory>
    <Feature Id="Main">${refs}</Feature>`;
/** INSTALLFOLDER under ProgramFiles64Folder when $(var.Win64) is yes, else under ProgramFilesFolder. */
const treeByWin64 = (name: string) => `    <Directory Id="TARGETDIR" Name="SourceDir">
<?if $(var.Win64) = yes ?>
      <Directory Id="ProgramFiles64Folder"><Directory Id="INSTALLFOLDER" Name="${name}" /></Directory>
<?else?>
      <Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="${name}" /></Directory>
<?endif?>
    </Directory>
    <Feature Id="Main"><ComponentGroupRef Id="Files" /></Feature>`;

describe('lintUnits: independent loose projects in one folder', () => {
  // Both define INSTALLFOLDER, a ComponentGroup 'Files' and a Component 'Main'. AppA is correct x86 authoring; AppB
  // puts a 64-bit component in its 32-bit package.
  const files = {
    '/ws/AppA/Product.wxs': product('AppA', tree32('AppA', '<ComponentGroupRef Id="Files" />')),
    '/ws/AppA/Files.wxs': v3Fragment(
      '    <ComponentGroup Id="Files" Directory="INSTALLFOLDER"><Component Id="Main" Guid="*"><File Source="a.exe" /></Component></ComponentGroup>',
    ),
    '/ws/AppB/Product.wxs': product('AppB', tree32('AppB', '<ComponentGroupRef Id="Files" />')),
    '/ws/AppB/Files.wxs': v3Fragment(
      '    <ComponentGroup Id="Files" Directory="INSTALLFOLDER"><Component Id="Main" Guid="*" Win64="yes"><File Source="b.exe" /></Component></ComponentGroup>',
    ),
  };

  it('no finding crosses projects: only AppB is reported, in its own files, for x86', () => {
    const result = lint(files);
    assert.deepEqual(
      result.units.map((u) => [u.files, u.platforms]),
      [
        [
          [P('/ws/AppA/Product.wxs'), P('/ws/AppA/Files.wxs')],
          { platforms: ['x86'], source: 'default', reason: "nothing names a platform, so x86, the WiX compilers' default" },
        ],
        [
          [P('/ws/AppB/Product.wxs'), P('/ws/AppB/Files.wxs')],
          { platforms: ['x86'], source: 'default', reason: "nothing names a platform, so x86, the WiX compilers' default" },
        ],
      ],
    );
    const B = '/ws/AppB/Files.wxs';
    assert.deepEqual(found(result), [
      problem(at(files, B, '<Component Id="Main"', 'Component'), ice80, 'error', ['x86'], in32BitFolder('Main', 'Win64="yes"')),
      problem(
        at(files, B, '<Component Id="Main" Guid="*" Win64="yes">', 'Win64="yes"'),
        ice80,
        'error',
        ['x86'],
        in32BitPackage('Main', 'Win64="yes"', 'AppB'),
      ),
      problem(at(files, '/ws/AppB/Product.wxs', '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('AppB', "component 'Main'")),
    ]);
  });

  it('a problem two units find in a fragment they share is reported once', () => {
    const shared = {
      '/sh/One/Product.wxs': product('One', tree32('One', '<ComponentGroupRef Id="Common" />')),
      '/sh/Two/Product.wxs': product('Two', tree32('Two', '<ComponentGroupRef Id="Common" />')),
      '/sh/Common/Common.wxs': v3Fragment(
        '    <ComponentGroup Id="Common" Directory="INSTALLFOLDER"><Component Id="Cmn" Guid="*" Win64="yes"><File Source="c.dll" /></Component></ComponentGroup>',
      ),
    };
    const C = '/sh/Common/Common.wxs';
    const win64 = at(shared, C, '<Component Id="Cmn" Guid="*" Win64="yes">', 'Win64="yes"');
    assert.deepEqual(found(lint(shared)), [
      // The same message from both units: one problem. The package's name makes the other two differ.
      problem(at(shared, C, '<Component Id="Cmn"', 'Component'), ice80, 'error', ['x86'], in32BitFolder('Cmn', 'Win64="yes"')),
      problem(win64, ice80, 'error', ['x86'], in32BitPackage('Cmn', 'Win64="yes"', 'One')),
      problem(win64, ice80, 'error', ['x86'], in32BitPackage('Cmn', 'Win64="yes"', 'Two')),
      problem(at(shared, '/sh/One/Product.wxs', '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('One', "component 'Cmn'")),
      problem(at(shared, '/sh/Two/Product.wxs', '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('Two', "component 'Cmn'")),
    ]);
  });
});

describe('lintUnits: a WiX v3 .wixproj', () => {
  const SETUP = `<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="4.0" DefaultTargets="Build" ${MSBUILD}>
  <PropertyGroup>
    <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>
    <OutputName>Contoso</OutputName>
    <OutputType>Package</OutputType>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x86' ">
    <DefineConstants>Debug;Win64=no</DefineConstants>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|x64' ">
    <DefineConstants>$(DefineConstants);Win64=yes</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="Product.wxs" />
    <Compile Include="Files.wxs" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="..\\App\\App.csproj"><Name>App</Name></ProjectReference>
    <ProjectReference Include="..\\Shell\\ShellExt.vcxproj" />
  </ItemGroup>
  <Import Project="$(WixTargetsPath)" />
</Project>
`;
  // $(var.App.TargetDir) has a value only the build knows; $(var.ShellExt.ProjectDir) one the project gives.
  const FILES = v3Fragment(`    <ComponentGroup Id="Files" Directory="INSTALLFOLDER">
      <Component Id="App" Guid="*" Win64="$(var.Win64)"><File Source="$(var.App.TargetDir)App.exe" /></Component>
      <Component Id="Shell" Guid="*" Win64="yes"><File Source="$(var.ShellExt.ProjectDir)bin\\ShellExt64.dll" /></Component>
    </ComponentGroup>`);
  const files = {
    '/sln/Setup/Setup.wixproj': SETUP,
    '/sln/Setup/Product.wxs': product('Contoso', treeByWin64('Contoso')),
    '/sln/Setup/Files.wxs': FILES,
  };
  const F = '/sln/Setup/Files.wxs';
  const debugProblems = [
    problem(at(files, F, '<Component Id="Shell"', 'Component'), ice80, 'error', ['x86'], in32BitFolder('Shell', 'Win64="yes"')),
    problem(
      at(files, F, '<Component Id="Shell" Guid="*" Win64="yes">', 'Win64="yes"'),
      ice80,
      'error',
      ['x86'],
      in32BitPackage('Shell', 'Win64="yes"', 'Contoso'),
    ),
    problem(at(files, '/sln/Setup/Product.wxs', '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('Contoso', "component 'Shell'")),
  ];

  it("Debug|x86: DefineConstants and the references' variables are defined; the 64-bit shell extension is reported", () => {
    // A source given by name leads to the project that compiles it.
    const result = lint(files, { sources: ['/sln/Setup/Product.wxs'], lookUp: ['/sln/Setup/Product.wxs'] });
    assert.deepEqual(
      result.units.map((u) => [u.unit.kind, u.files, u.platforms]),
      [
        [
          'wixproj',
          [P('/sln/Setup/Product.wxs'), P(F)],
          { platforms: ['x86'], source: 'project', reason: 'Setup.wixproj: the Debug|x86 configuration' },
        ],
      ],
    );
    assert.deepEqual(found(result), debugProblems);
  });

  it('Release|x64 (the configuration asked for): Win64=yes from $(DefineConstants);Win64=yes, and nothing to report', () => {
    const result = lint(files, { sources: [], projectFiles: ['/sln/Setup/Setup.wixproj'], configuration: 'Release' });
    assert.deepEqual(
      result.units.map((u) => u.platforms),
      [{ platforms: ['x64'], source: 'project', reason: 'Setup.wixproj: the Release|x64 configuration' }],
    );
    assert.deepEqual(found(result), []);
  });

  it("a config's configuration is used when none is asked for, and the one asked for wins over it", () => {
    const withConfig = { ...files, '/sln/wixlint.config.json': '{ "configuration": "Release" }' };
    const release = lint(withConfig, { sources: [], projectFiles: ['/sln/Setup/Setup.wixproj'] });
    assert.deepEqual([release.units.map((u) => u.platforms.reason), found(release)], [['Setup.wixproj: the Release|x64 configuration'], []]);
    const debug = lint(withConfig, { sources: [], projectFiles: ['/sln/Setup/Setup.wixproj'], configuration: 'Debug' });
    assert.deepEqual([debug.units.map((u) => u.platforms.reason), found(debug)], [['Setup.wixproj: the Debug|x86 configuration'], debugProblems]);
  });

  it('without the ProjectReferences, $(var.App.TargetDir) and $(var.ShellExt.ProjectDir) are undefined variables', () => {
    const noRefs = { ...files, '/sln/Setup/Setup.wixproj': SETUP.replace(/ {2}<ItemGroup>\n {4}<ProjectReference[\s\S]*?<\/ItemGroup>\n/, '') };
    assert.ok(!noRefs['/sln/Setup/Setup.wixproj'].includes('ProjectReference'));
    const result = lint(noRefs, { sources: [], projectFiles: ['/sln/Setup/Setup.wixproj'] });
    assert.deepEqual(found(result), [
      problem(
        at(files, F, 'Source="$(var.App.TargetDir)App.exe"'),
        undefinedVariable,
        'warning',
        ['x86'],
        undefinedVar('App.TargetDir', 'used once'),
      ),
      debugProblems[0]!,
      debugProblems[1]!,
      problem(
        at(files, F, 'Source="$(var.ShellExt.ProjectDir)bin\\ShellExt64.dll"'),
        undefinedVariable,
        'warning',
        ['x86'],
        undefinedVar('ShellExt.ProjectDir', 'used once'),
      ),
      debugProblems[2]!,
    ]);
  });

  it('Compile items per platform: each platform links only the sources its build compiles', () => {
    const x64Product = v3(
      '    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFiles64Folder"><Directory Id="INSTALLDIR" Name="App">\n' +
        '      <Component Id="Main64" Guid="{6A0C9E55-2B9B-4E1D-8C4C-1B7D3E9A0F64}" Win64="yes"><File Source="app.exe" /></Component>\n' +
        '    </Directory></Directory></Directory>\n' +
        '    <Feature Id="Main"><ComponentRef Id="Main64" /></Feature>',
    );
    const x86Product = v3(
      '    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="App">\n' +
        '      <Component Id="Main32" Guid="{6A0C9E55-2B9B-4E1D-8C4C-1B7D3E9A0F32}"><File Source="app.exe" /></Component>\n' +
        '    </Directory></Directory></Directory>\n' +
        '    <Feature Id="Main"><ComponentRef Id="Main32" /></Feature>',
    );
    const perPlatform = {
      '/pp/Setup.wixproj': `<Project ${MSBUILD}>
  <PropertyGroup><Platform Condition=" '$(Platform)' == '' ">x86</Platform></PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x86' " />
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x64' " />
  <ItemGroup>
    <Compile Include="Product.x86.wxs" Condition=" '$(Platform)' == 'x86' " />
    <Compile Include="Product.x64.wxs" Condition=" '$(Platform)' == 'x64' " />
  </ItemGroup>
</Project>`,
      '/pp/Product.x86.wxs': x86Product,
      '/pp/Product.x64.wxs': x64Product,
    };
    const result = lint(perPlatform, { sources: [], projectFiles: ['/pp/Setup.wixproj'] });
    assert.deepEqual(
      result.units.map((u) => [u.unit.kind, u.files, u.platforms.platforms]),
      [['wixproj', [P('/pp/Product.x86.wxs'), P('/pp/Product.x64.wxs')], ['x86', 'x64']]],
    );
    // Linked together, the two products would be a duplicate Product and the x64 one a 64-bit package in the x86 build.
    assert.deepEqual(found(result), []);
    // Both compiled for x86 (the condition dropped): the x64 product is linted in the x86 build and reported.
    const both = { ...perPlatform, '/pp/Setup.wixproj': perPlatform['/pp/Setup.wixproj'].replace(` Condition=" '$(Platform)' == 'x64' "`, '') };
    const bothFound = found(lint(both, { sources: [], projectFiles: ['/pp/Setup.wixproj'] }));
    assert.ok(
      bothFound.some((p) => p.includes('Product.x64.wxs') && p.includes(' isa-mixing error [x86] ')),
      bothFound.join('\n'),
    );
  });
});

describe('lintUnits: a WiX v4+ SDK-style project', () => {
  const files = {
    '/sdk/Installer/Installer.wixproj': `<Project Sdk="WixToolset.Sdk/5.0.2">
  <PropertyGroup>
    <Platforms>x64;ARM64</Platforms>
    <DefineConstants>ProductVersion=5.0.1</DefineConstants>
  </PropertyGroup>
</Project>
`,
    '/sdk/Installer/Package.wxs': `<Wix xmlns="${V4_NS}">
  <Package Name="Tool" Manufacturer="Contoso" Version="$(var.ProductVersion)" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}" InstallerVersion="200">
    <StandardDirectory Id="ProgramFiles6432Folder"><Directory Id="INSTALLFOLDER" Name="Tool" /></StandardDirectory>
    <ComponentGroupRef Id="Files" />
  </Package>
</Wix>
`,
    '/sdk/Installer/Components/Files.wxs': `<Wix xmlns="${V4_NS}">
  <Fragment>
    <ComponentGroup Id="Files" Directory="INSTALLFOLDER">
      <Component Id="Tool"><File Source="tool.exe" /></Component>
      <Component Id="Helper32" Bitness="always32"><File Source="helper32.exe" /></Component>
    </ComponentGroup>
  </Fragment>
</Wix>
`,
    // Build output: never a default Compile item (each would make a 64-bit component of the x64 build's folder 32-bit).
    '/sdk/Installer/bin/x64/Release/Stale.wxs': `<Wix xmlns="${V4_NS}"><Fragment><ComponentGroup Id="Files" Directory="INSTALLFOLDER"><Component Id="Stale" Bitness="always32" /></ComponentGroup></Fragment></Wix>`,
    '/sdk/Installer/obj/Generated.wxs': `<Wix xmlns="${V4_NS}"><Fragment><ComponentGroup Id="Files" Directory="INSTALLFOLDER"><Component Id="Generated" Bitness="always32" /></ComponentGroup></Fragment></Wix>`,
  };

  it('compiles every .wxs below it but bin and obj, for x64 and ARM64, each finding with its platforms', () => {
    const result = lint(files, { sources: [], projectFiles: ['/sdk/Installer/Installer.wixproj'] });
    assert.deepEqual(
      result.units.map((u) => [u.unit.kind, u.files, u.platforms]),
      [
        [
          'wixproj',
          [P('/sdk/Installer/Components/Files.wxs'), P('/sdk/Installer/Package.wxs')],
          { platforms: ['x64', 'arm64'], source: 'project', reason: 'Installer.wixproj: Platform x64, ARM64' },
        ],
      ],
    );
    assert.deepEqual(found(result), [
      problem(
        at(files, '/sdk/Installer/Components/Files.wxs', '<Component Id="Helper32"', 'Component'),
        ice80,
        'error',
        ['x64', 'arm64'],
        msg(ice80, 'component32In64BitDirectory', {
          component: 'Helper32',
          how: 'Bitness="always32"',
          directory: 'INSTALLFOLDER',
          folder: 'ProgramFiles64Folder',
          twin: 'ProgramFilesFolder',
          fix: 'Bitness="always64"',
        }),
      ),
      // $(var.ProductVersion) comes from DefineConstants; only ARM64 needs InstallerVersion 500.
      problem(
        at(files, '/sdk/Installer/Package.wxs', 'InstallerVersion="200"'),
        ice80,
        'warning',
        ['arm64'],
        msg(ice80, 'schemaRaised', { package: "Package 'Tool'", token: 'Arm64', schema: 200, min: 500, raised: 500, warning: '1143' }),
      ),
    ]);
  });
});

describe('lintUnits: platform precedence', () => {
  const body =
    '    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="P" /></Directory></Directory>';
  const x64 = ' Platform="x64"';
  const base = {
    // A config project with its own platforms, and one without.
    '/p4/withplatforms/Product.wxs': product('WithPlatforms', body, x64),
    '/p4/inherits/Product.wxs': product('Inherits', body, x64),
    // A .wixproj that names its platforms.
    '/p4/proj/Setup.wixproj': `<Project ${MSBUILD}>
  <PropertyGroup><Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration><Platform Condition=" '$(Platform)' == '' ">x86</Platform></PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x86' " />
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x64' " />
  <ItemGroup><Compile Include="Product.wxs" /></ItemGroup>
</Project>`,
    '/p4/proj/Product.wxs': product('Proj', body, x64),
    // .wixproj files with only the template's default Platform: the sources say more, else that default.
    '/p4/tmpl/Setup.wixproj': `<Project ${MSBUILD}><PropertyGroup><Platform Condition=" '$(Platform)' == '' ">x86</Platform></PropertyGroup><ItemGroup><Compile Include="Product.wxs" /></ItemGroup></Project>`,
    '/p4/tmpl/Product.wxs': product('Tmpl', body, x64),
    '/p4/tmpl64/Setup.wixproj': `<Project ${MSBUILD}><PropertyGroup><Platform Condition=" '$(Platform)' == '' ">x64</Platform></PropertyGroup><ItemGroup><Compile Include="Product.wxs" /></ItemGroup></Project>`,
    '/p4/tmpl64/Product.wxs': product('Tmpl64', body),
    // Loose sources that name their platform, and some that do not.
    '/p4/loose/Product.wxs': product('Loose', body, x64),
    '/p4/plain/Product.wxs': product('Plain', body),
  };
  const config = {
    '/p4/wixlint.config.json': JSON.stringify({
      platforms: ['x86', 'arm64'],
      projects: [
        { name: 'WithPlatforms', sources: ['withplatforms/*.wxs'], platforms: ['x64', 'arm64'] },
        { name: 'Inherits', sources: ['inherits/*.wxs'] },
      ],
    }),
  };
  /** The platform choice of every unit, by its anchor (and project name), in that order. */
  const choices = (files: Record<string, string>, overrides?: Partial<Overrides>) =>
    lint(files, overrides ? { overrides } : {})
      .units.map(
        (u) =>
          [
            path.relative(P('/p4'), u.unit.anchor).split(path.sep).join('/') + (u.unit.name !== undefined ? `#${u.unit.name}` : ''),
            u.platforms,
          ] as const,
      )
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const SOURCES = { platforms: ['x64'], source: 'sources', reason: 'Package/@Platform="x64" in Product.wxs' };

  it('without a config: the .wixproj > the sources > the template default Platform > x86', () => {
    assert.deepEqual(choices(base), [
      ['inherits/Product.wxs', SOURCES],
      ['loose/Product.wxs', SOURCES],
      ['plain/Product.wxs', { platforms: ['x86'], source: 'default', reason: "nothing names a platform, so x86, the WiX compilers' default" }],
      ['proj/Setup.wixproj', { platforms: ['x86', 'x64'], source: 'project', reason: 'Setup.wixproj: the Debug|x86, Debug|x64 configurations' }],
      ['tmpl/Setup.wixproj', SOURCES],
      ['tmpl64/Setup.wixproj', { platforms: ['x64'], source: 'project', reason: 'Setup.wixproj: Platform x64 by default' }],
      ['withplatforms/Product.wxs', SOURCES],
    ]);
  });

  it("with a config: a config project's platforms > the config's platforms > the .wixproj and the sources", () => {
    const fromConfig = (where: string) => ({ platforms: ['x86', 'arm64'], source: 'config', reason: where });
    assert.deepEqual(choices({ ...base, ...config }), [
      ['loose/Product.wxs', fromConfig('../wixlint.config.json')],
      ['plain/Product.wxs', fromConfig('../wixlint.config.json')],
      ['proj/Setup.wixproj', fromConfig('../wixlint.config.json')],
      ['tmpl/Setup.wixproj', fromConfig('../wixlint.config.json')],
      ['tmpl64/Setup.wixproj', fromConfig('../wixlint.config.json')],
      ['wixlint.config.json#Inherits', fromConfig('wixlint.config.json')],
      [
        'wixlint.config.json#WithPlatforms',
        { platforms: ['x64', 'arm64'], source: 'config', reason: "wixlint.config.json, project 'WithPlatforms'" },
      ],
    ]);
  });

  it('the platforms given (--arch, the wixlint.platforms setting) > everything else', () => {
    for (const [from, reason] of [
      ['arguments', '--arch'],
      ['settings', 'the wixlint.platforms setting'],
    ] as const) {
      const all = choices({ ...base, ...config }, { platforms: ['arm64'], platformsFrom: from });
      assert.deepEqual(
        all.map(([, choice]) => choice),
        Array.from({ length: 7 }, () => ({ platforms: ['arm64'], source: from, reason })),
      );
    }
  });
});

describe('lintUnits: defines by platform', () => {
  const files = (defines: unknown) => ({
    '/c5/wixlint.config.json': JSON.stringify({ platforms: ['x86', 'x64'], defines }),
    '/c5/Product.wxs': product('Five', treeByWin64('Five')),
    '/c5/Files.wxs': v3Fragment(`    <ComponentGroup Id="Files" Directory="INSTALLFOLDER">
      <Component Id="App" Guid="*" Win64="$(var.Win64)"><File Source="app.exe" /></Component>
      <Component Id="Shell" Guid="*" Win64="yes"><File Source="shell64.dll" /></Component>
    </ComponentGroup>`),
  });
  const F = '/c5/Files.wxs';

  it('"Win64": {"x86": "no", "x64": "yes"}: the x86 build mixes, the x64 build is one ISA', () => {
    const all = files({ Win64: { x86: 'no', x64: 'yes' } });
    const result = lint(all);
    assert.deepEqual(
      result.units.map((u) => u.platforms),
      [{ platforms: ['x86', 'x64'], source: 'config', reason: 'wixlint.config.json' }],
    );
    assert.deepEqual(found(result), [
      problem(at(all, F, '<Component Id="Shell"', 'Component'), ice80, 'error', ['x86'], in32BitFolder('Shell', 'Win64="yes"')),
      problem(
        at(all, F, '<Component Id="Shell" Guid="*" Win64="yes">', 'Win64="yes"'),
        ice80,
        'error',
        ['x86'],
        in32BitPackage('Shell', 'Win64="yes"', 'Five'),
      ),
      problem(at(all, '/c5/Product.wxs', '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('Five', "component 'Shell'")),
    ]);
  });

  it('a define given for this run (-d Win64=yes) overrides the per-platform value on every platform', () => {
    const all = files({ Win64: { x86: 'no', x64: 'yes' } });
    const result = lint(all, { overrides: { defines: { Win64: 'yes' } } });
    assert.deepEqual(found(result), [
      problem(
        at(all, F, '<Component Id="App" Guid="*" Win64="$(var.Win64)">', 'Win64="$(var.Win64)"'),
        ice80,
        'error',
        ['x86'],
        in32BitPackage('App', 'Win64="yes"', 'Five'),
      ),
      problem(
        at(all, F, '<Component Id="Shell" Guid="*" Win64="yes">', 'Win64="yes"'),
        ice80,
        'error',
        ['x86'],
        in32BitPackage('Shell', 'Win64="yes"', 'Five'),
      ),
      problem(at(all, '/c5/Product.wxs', '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('Five', "components 'App' and 'Shell'")),
      problem(
        at(all, '/c5/Product.wxs', '<Directory Id="ProgramFiles64Folder">', 'Id="ProgramFiles64Folder"'),
        ice80,
        'error',
        ['x86'],
        msg(ice80, 'folder64In32BitPackage', {
          directory: 'ProgramFiles64Folder',
          platform: x86Package('Five'),
          build: X86_BUILD,
          twin: 'ProgramFilesFolder',
        }),
      ),
    ]);
  });

  it("a config project's defines override the config's", () => {
    const all = {
      ...files({ Win64: 'yes' }),
      '/c5/wixlint.config.json': JSON.stringify({
        platforms: ['x86', 'x64'],
        defines: { Win64: 'yes' },
        projects: [{ name: 'Five', sources: ['*.wxs'], defines: { Win64: { x86: 'no', x64: 'yes' } } }],
      }),
    };
    assert.deepEqual(found(lint(all)), found(lint(files({ Win64: { x86: 'no', x64: 'yes' } }))));
    assert.deepEqual(
      lint(all).units.map((u) => [u.unit.kind, u.unit.name]),
      [['config', 'Five']],
    );
  });
});

describe('lintUnits: undefined variables', () => {
  it("one undefined-variable problem per variable and unit, at its first use, counting every file's uses", () => {
    const files = {
      '/u6/Product.wxs': product(
        'Six',
        `${tree32('Six', '<ComponentGroupRef Id="Files" />')}
    <Property Id="VERSIONTEXT" Value="$(var.BuildNumber)" />`,
      ),
      '/u6/Files.wxs': v3Fragment(`    <ComponentGroup Id="Files" Directory="INSTALLFOLDER">
      <Component Id="App" Guid="*" Win64="no"><File Source="app.exe" /><RegistryValue Root="HKLM" Key="Software\\Six" Name="Build" Value="$(var.BuildNumber)" Type="string" /></Component>
    </ComponentGroup>
    <Property Id="BUILDTAG" Value="b$(var.BuildNumber)" />`),
      // Another project in the folder, with its own use: its own problem.
      '/u6/Other/Product.wxs': product('Other', '    <Property Id="OTHER" Value="$(var.BuildNumber)" />'),
    };
    const result = lint(files, { overrides: { platforms: ['x86', 'x64'] } });
    assert.deepEqual(
      result.units.map((u) => u.files),
      [[P('/u6/Other/Product.wxs')], [P('/u6/Product.wxs'), P('/u6/Files.wxs')]],
    );
    assert.deepEqual(found(result), [
      problem(
        at(files, '/u6/Other/Product.wxs', 'Value="$(var.BuildNumber)"'),
        undefinedVariable,
        'warning',
        ['x86', 'x64'],
        undefinedVar('BuildNumber', 'used once'),
      ),
      problem(
        at(files, '/u6/Product.wxs', 'Value="$(var.BuildNumber)"'),
        undefinedVariable,
        'warning',
        ['x86', 'x64'],
        undefinedVar('BuildNumber', 'used 3 times; this is the first'),
      ),
    ]);
    assert.equal(
      fullMessage(result.problems[1]!),
      "$(var.BuildNumber) is not defined here It is used 3 times; this is the first. Until the build's value is given, wixlint " +
        'leaves it as written and reports what depends on it as info. Pass -d BuildNumber=VALUE to wixlint as to candle or wix ' +
        'build, or add BuildNumber=VALUE to DefineConstants in the .wixproj, or to "defines" in wixlint.config.json.',
    );
  });

  describe('a finding that rests on an undefined variable is info and names it; one that does not stays an error', () => {
    it('in the <?else?> an undefined $(var.Edition) chose', () => {
      const files = {
        '/u7/Product.wxs': product(
          'Seven',
          `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="Seven">
<?if $(var.Edition) = Lite ?>
      <Component Id="Lite" Guid="*"><File Source="lite.exe" /></Component>
<?else?>
      <Component Id="Pro64" Guid="*" Win64="yes"><File Source="pro64.dll" /></Component>
<?endif?>
      <Component Id="Shell" Guid="*" Win64="yes"><File Source="shell.dll" /></Component>
    </Directory></Directory></Directory>
    <Feature Id="Main"><ComponentRef Id="Shell" /></Feature>`,
        ),
      };
      const F = '/u7/Product.wxs';
      assert.deepEqual(found(lint(files)), [
        // Mixed as long as one 64-bit part is certain: Shell is.
        problem(at(files, F, '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('Seven', "components 'Pro64' and 'Shell'")),
        problem(at(files, F, '<?if $(var.Edition) = Lite ?>'), undefinedVariable, 'warning', ['x86'], undefinedVar('Edition', 'used once')),
        problem(
          at(files, F, '<Component Id="Pro64"', 'Component'),
          ice80,
          'info',
          ['x86'],
          in32BitFolder('Pro64', 'Win64="yes"', restsOn('Edition')),
        ),
        problem(
          at(files, F, '<Component Id="Pro64" Guid="*" Win64="yes">', 'Win64="yes"'),
          ice80,
          'info',
          ['x86'],
          in32BitPackage('Pro64', 'Win64="yes"', 'Seven', restsOn('Edition')),
        ),
        problem(at(files, F, '<Component Id="Shell"', 'Component'), ice80, 'error', ['x86'], in32BitFolder('Shell', 'Win64="yes"')),
        problem(
          at(files, F, '<Component Id="Shell" Guid="*" Win64="yes">', 'Win64="yes"'),
          ice80,
          'error',
          ['x86'],
          in32BitPackage('Shell', 'Win64="yes"', 'Seven'),
        ),
      ]);
    });

    it('the package mixes only through the <?else?>: isa-mixing is info too', () => {
      const files = {
        '/u7b/Product.wxs': product(
          'Seven',
          `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="Seven">
<?if $(var.Edition) = Lite ?>
      <Component Id="Lite" Guid="*"><File Source="lite.exe" /></Component>
<?else?>
      <Component Id="Pro64" Guid="*" Win64="yes"><File Source="pro64.dll" /></Component>
<?endif?>
    </Directory></Directory></Directory>`,
        ),
      };
      const isa = lint(files).problems.find((p) => p.ruleId === 'isa-mixing');
      assert.deepEqual([isa?.severity, isa && fullMessage(isa)], ['info', mixed('Seven', "component 'Pro64'", restsOn('Edition'))]);
    });

    it('Win64="$(var.Win64)" with Win64 undefined, in an x64 build', () => {
      const files = {
        '/u8/Product.wxs': product(
          'Eight',
          `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="Eight">
      <Component Id="Tool" Guid="*" Win64="$(var.Win64)"><File Source="tool.exe" /></Component>
      <Component Id="Helper" Guid="*" Win64="yes"><File Source="helper.exe" /></Component>
    </Directory></Directory></Directory>
    <Feature Id="Main"><ComponentRef Id="Tool" /><ComponentRef Id="Helper" /></Feature>`,
        ),
      };
      const F = '/u8/Product.wxs';
      assert.deepEqual(found(lint(files, { overrides: { platforms: ['x64'] } })), [
        problem(
          at(files, F, '<Component Id="Tool"', 'Component'),
          ice80,
          'info',
          ['x64'],
          msg(
            ice80,
            'component64In32BitDirectory',
            {
              component: 'Tool',
              how: 'Win64="$(var.Win64)" has no value here, so it follows the 64-bit build',
              directory: 'INSTALLFOLDER',
              folder: 'ProgramFilesFolder',
              twin: 'ProgramFiles64Folder',
              fix: 'Win64="no"',
            },
            restsOn('Win64'),
          ),
        ),
        problem(at(files, F, 'Win64="$(var.Win64)"'), undefinedVariable, 'warning', ['x64'], undefinedVar('Win64', 'used once')),
        problem(at(files, F, '<Component Id="Helper"', 'Component'), ice80, 'error', ['x64'], in32BitFolder('Helper', 'Win64="yes"')),
      ]);
    });

    it('$(var.Platform) compared with platform names is no undefined variable: it is set per platform, and findings stay errors', () => {
      const files = {
        '/u9/Product.wxs': product(
          'Nine',
          `    <Directory Id="TARGETDIR" Name="SourceDir">
<?if $(var.Platform) = x64 ?>
      <Directory Id="ProgramFiles64Folder"><Directory Id="INSTALLFOLDER" Name="Nine" /></Directory>
<?else?>
      <Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="Nine" /></Directory>
<?endif?>
    </Directory>
    <DirectoryRef Id="INSTALLFOLDER">
      <Component Id="Shell64" Guid="*" Win64="yes"><File Source="shell64.dll" /></Component>
    </DirectoryRef>
    <Feature Id="Main"><ComponentRef Id="Shell64" /></Feature>`,
        ),
      };
      const F = '/u9/Product.wxs';
      const result = lint(files);
      assert.deepEqual(
        result.units.map((u) => u.platforms),
        [
          {
            platforms: ['x86', 'x64'],
            source: 'sources',
            reason: '<?if $(var.Platform) ?> in Product.wxs chooses by platform; $(var.Platform) set for each platform, as the build passes it',
          },
        ],
      );
      assert.deepEqual(found(result), [
        problem(at(files, F, '<Product Id', 'Product'), isaMixing, 'error', ['x86'], mixed('Nine', "component 'Shell64'")),
        problem(at(files, F, '<Component Id="Shell64"', 'Component'), ice80, 'error', ['x86'], in32BitFolder('Shell64', 'Win64="yes"')),
        problem(
          at(files, F, '<Component Id="Shell64" Guid="*" Win64="yes">', 'Win64="yes"'),
          ice80,
          'error',
          ['x86'],
          in32BitPackage('Shell64', 'Win64="yes"', 'Nine'),
        ),
      ]);
    });
  });
});
