// The split's output builds as it says (wixl, an independent WiX v3 compiler): each source is built with the commands
// its header gives, and then every package the bundle chains is there, with the platform of its ISA.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readWixProject } from '../../server/src/project/wixproj';
import { attributeValueOf, parseXml, type XmlElement } from '../../server/src/wix/xml';
import { memoryFs } from '../project/memoryFs';
import { missing } from '../tools';
import { applyFix, refactorsFor } from './apply';
import { lintProject } from './project';

const WIXL_MISSING = missing('wixl', 'msiinfo');

/** A two-source v3 product whose header gives its (old, single-package) build, with a 32-bit and a 64-bit tool. */
const PROJECT: Record<string, string> = {
  '/project/Config.wxi': `<?xml version="1.0" encoding="utf-8"?>
<Include>
  <?define ProductName = "Tiny Tool" ?>
  <?define UpgradeCode = "{6C2E3F10-2B4A-4E8D-9F01-23456789ABCD}" ?>
</Include>
`,
  '/project/Product.wxs': `<?xml version="1.0" encoding="utf-8"?>
<!--
  Tiny Tool: one 32-bit package that also carries the 64-bit build.
  Build: candle Product.wxs Parts.wxs && light -out TinyTool.msi Product.wixobj Parts.wixobj
-->
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <?include Config.wxi ?>
  <Product Id="*" Name="$(var.ProductName)" Language="1033" Version="1.0.0" Manufacturer="Tiny" UpgradeCode="$(var.UpgradeCode)">
    <Package InstallerVersion="200" Compressed="yes" InstallScope="perMachine" />
    <MediaTemplate EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Tiny Tool" />
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1">
      <ComponentGroupRef Id="Parts" />
    </Feature>
  </Product>
</Wix>
`,
  '/project/Parts.wxs': `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <ComponentGroup Id="Parts" Directory="INSTALLDIR">
      <!-- The 32-bit tool. -->
      <Component Id="Tool32" Guid="{11111111-2222-3333-4444-000000000032}" Win64="no">
        <File Id="Tool32Exe" Name="tool.exe" Source="bin/Win32/tool.exe" KeyPath="yes" />
      </Component>
      <!-- The 64-bit tool, for 64-bit Windows. -->
      <Component Id="Tool64" Guid="{11111111-2222-3333-4444-000000000064}" Win64="yes">
        <File Id="Tool64Exe" Name="tool.exe" Source="bin/x64/tool.exe" KeyPath="yes" />
      </Component>
    </ComponentGroup>
  </Fragment>
</Wix>
`,
};

/** The project's .wixproj (WiX v3, as Visual Studio writes it), for the split with a project. */
const WIXPROJ = `<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="4.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <Configuration Condition=" '$(Configuration)' == '' ">Release</Configuration>
    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>
    <OutputName>TinyTool</OutputName>
    <OutputType>Package</OutputType>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|x86' ">
    <OutputPath>bin\\$(Configuration)\\</OutputPath>
    <IntermediateOutputPath>obj\\$(Configuration)\\</IntermediateOutputPath>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="Product.wxs" />
    <Compile Include="Parts.wxs" />
  </ItemGroup>
  <Import Project="$(WixTargetsPath)" />
</Project>
`;

/** The split with a bundle (by title), applied: every file of the project afterwards (with `project`, the .wixproj's too). */
function splitProject(title: string, project?: { file: string; text: string }): Record<string, string> {
  const problem = lintProject(PROJECT, 'x86').find((p) => p.ruleId === 'isa-mixing');
  assert.ok(problem, 'the project has an isa-mixing problem');
  const documents = Object.entries(PROJECT).map(([file, text]) => ({ file, text }));
  const fix = refactorsFor('isa-mixing', problem.data, documents, project ? { projectOf: () => project } : {}).find((f) => f.title === title);
  assert.ok(fix, `${title} is offered`);
  const before = project ? { ...PROJECT, [project.file]: project.text } : PROJECT;
  const files = { ...before, ...applyFix(fix, before).files };
  for (const c of fix.creates) files[c.file] = c.text;
  return files;
}

/** The builds a source's header gives (`Build: candle -arch A S... && light -out M ...`, and `and:` lines), as wixl runs them. */
function headerBuilds(text: string): { arch: string; sources: string[]; msi: string }[] {
  const header = /<!--([\s\S]*?)-->/.exec(text)?.[1] ?? '';
  return [...header.matchAll(/^\s*(?:Build|and): candle -arch (\S+) (.+?) && light -out (\S+) /gm)].map((m) => ({
    arch: m[1]!,
    sources: m[2]!.split(' '),
    msi: m[3]!,
  }));
}

/** Writes the files into a new folder, with the payloads they install, and builds what each header says to build. */
function buildAsTheHeadersSay(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-split-build-'));
  const dir = path.join(root, 'project');
  fs.mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, path.basename(file)), text);
  for (const payload of ['bin/Win32/tool.exe', 'bin/x64/tool.exe']) {
    fs.mkdirSync(path.dirname(path.join(dir, payload)), { recursive: true });
    fs.writeFileSync(path.join(dir, payload), 'MZ');
  }
  const builds = Object.entries(files)
    .filter(([file]) => !/Bundle/.test(file))
    .flatMap(([, text]) => headerBuilds(text));
  assert.deepEqual(builds.map((b) => b.arch).sort(), ['x64', 'x86'], 'one build per ISA');
  for (const b of builds) execFileSync('wixl', ['-a', b.arch, '-o', b.msi, ...b.sources], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** The Template summary property of a package, as msiinfo reads it. */
function template(msi: string): string {
  const info = execFileSync('msiinfo', ['suminfo', msi], { encoding: 'utf8' });
  return /Template:\s*(\S*)/.exec(info)?.[1] ?? '';
}

// The single-source form is built with $(sys.BUILDARCH), which wixl does not know (candle and wix build do): only the
// one-file-per-ISA form is built here; the single source's commands are checked as text in split.test.ts's goldens.
describe('the split builds as its headers say (wixl)', { skip: WIXL_MISSING }, () => {
  it('Split into one .wxs per ISA and add a Burn bundle: the packages the bundle chains exist, each for its ISA', () => {
    const files = splitProject('Split into one .wxs per ISA and add a Burn bundle');
    const dir = buildAsTheHeadersSay(files);
    const chained = [...files['/project/Bundle.wxs']!.matchAll(/<MsiPackage SourceFile="([^"]+)" InstallCondition="([^"]+)"/g)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    assert.deepEqual(chained, [
      ['Product.x86.msi', 'NOT VersionNT64'],
      ['Product.x64.msi', 'VersionNT64'],
    ]);
    try {
      for (const [msi, condition] of chained) {
        const file = path.join(dir, msi);
        assert.ok(fs.existsSync(file), `${msi}, chained by the bundle, was built`);
        assert.equal(template(file), condition === 'VersionNT64' ? 'x64;1033' : 'Intel;1033', `${msi} is for the ISA its condition installs it on`);
      }
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});

describe('the split builds as its projects say (wixl for the compiler, wixlint for MSBuild)', { skip: WIXL_MISSING }, () => {
  it('with a .wixproj: each project reference of the bundle, built for its platform, makes the package the bundle chains', () => {
    const files = splitProject('Split into one .wxs per ISA and add a Burn bundle', { file: '/project/Tiny.wixproj', text: WIXPROJ });
    const host = memoryFs(files);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-split-project-'));
    try {
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      }
      const dir = path.join(root, 'project');
      for (const payload of ['bin/Win32/tool.exe', 'bin/x64/tool.exe']) {
        fs.mkdirSync(path.dirname(path.join(dir, payload)), { recursive: true });
        fs.writeFileSync(path.join(dir, payload), 'MZ');
      }
      // The bundle's references: the project and the platform each one builds, by the name its variables take.
      const bundleProject = parseXml('/project/Bundle/Bundle.wixproj', files['/project/Bundle/Bundle.wixproj']!).root!;
      const references = bundleProject.children
        .flatMap((g) => (g.type === 'element' && g.local === 'ItemGroup' ? g.children : []))
        .filter((r): r is XmlElement => r.type === 'element' && r.local === 'ProjectReference')
        .map((r) => {
          const child = (local: string) => r.children.find((c): c is XmlElement => c.type === 'element' && c.local === local);
          const text = (local: string) => (child(local)?.children[0] as { value?: string } | undefined)?.value ?? '';
          return { include: attributeValueOf(r, 'Include')!, name: text('Name'), platform: text('SetPlatform').replace('Platform=', '') };
        });
      assert.deepEqual(references, [
        { include: '..\\Tiny.wixproj', name: 'Tiny.x86', platform: 'x86' },
        { include: '..\\Tiny.wixproj', name: 'Tiny.x64', platform: 'x64' },
      ]);
      const chained = [
        ...files['/project/Bundle/Bundle.wxs']!.matchAll(/<MsiPackage SourceFile="\$\(var\.([^"]+)\.TargetPath\)" InstallCondition="([^"]+)"/g),
      ].map((m) => [m[1]!, m[2]!] as const);
      assert.deepEqual(chained, [
        ['Tiny.x86', 'NOT VersionNT64'],
        ['Tiny.x64', 'VersionNT64'],
      ]);
      const project = readWixProject('/project/Tiny.wixproj', files['/project/Tiny.wixproj']!, { configuration: undefined, env: {}, host });
      for (const [name, condition] of chained) {
        const reference = references.find((r) => r.name === name)!;
        const build = project.buildFor(reference.platform)!;
        const msi = build.defines['TargetFileName']!;
        const sources = build.sources.map((s) => path.basename(s));
        execFileSync('wixl', ['-a', build.arch, '-o', msi, ...sources], { cwd: dir, stdio: 'pipe' });
        assert.ok(fs.existsSync(path.join(dir, msi)), `${msi}, chained by the bundle as ${name}, was built`);
        assert.equal(
          template(path.join(dir, msi)),
          condition === 'VersionNT64' ? 'x64;1033' : 'Intel;1033',
          `${msi} is for the ISA its condition installs it on`,
        );
      }
      assert.deepEqual(
        chained.map(([name]) => project.buildFor(references.find((r) => r.name === name)!.platform)!.defines['TargetFileName']),
        ['TinyTool-x86.msi', 'TinyTool-x64.msi'],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the split is the same wherever the project is', () => {
  it('gives byte-identical files from two folders, for every form', () => {
    const problem = lintProject(PROJECT, 'x86').find((p) => p.ruleId === 'isa-mixing')!;
    const movedTo = (folder: string) =>
      Object.entries(PROJECT)
        .filter(([file]) => !file.endsWith('Config.wxi'))
        .map(([file, text]) => ({ file: file.replace('/project', folder), text }));
    // Config.wxi, which defines the UpgradeCode, is closed: the bundle's code must not come from the folder.
    const split = (folder: string) =>
      refactorsFor('isa-mixing', problem.data, movedTo(folder)).map((f) => ({
        title: f.title,
        edits: f.edits.map((e) => ({ ...e, file: e.file.slice(folder.length) })),
        creates: f.creates.map((c) => ({ file: c.file.slice(folder.length), text: c.text })),
      }));
    const here = split('/home/dev/src/tiny');
    assert.equal(here.length, 4);
    assert.deepEqual(split('/srv/ci/checkout/tiny'), here);
  });
});
