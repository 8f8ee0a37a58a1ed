// A .wixproj as WiX's MSBuild targets build it: configurations and platforms, DefineConstants, the variables WiX
// defines for the project and its references, Compile items (explicit and WixToolset.Sdk's defaults), include paths.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readWixProject } from '../../server/src/project/wixproj';
import { memoryFs } from './memoryFs';

const MSBUILD = 'xmlns="http://schemas.microsoft.com/developer/msbuild/2003"';

const CLASSIC = `<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="4.0" DefaultTargets="Build" ${MSBUILD}>
  <PropertyGroup>
    <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>
    <OutputName>ContosoSetup</OutputName>
    <OutputType>Package</OutputType>
    <DefineConstants>Version=1.2.3;Edition=$(Edition)</DefineConstants>
    <Edition>pro</Edition>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x86' ">
    <DefineConstants>$(DefineConstants);Debug</DefineConstants>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|x86' ">
    <DefineConstants>$(DefineConstants)</DefineConstants>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x64' ">
    <DefineConstants>$(DefineConstants);Debug;Win64=yes</DefineConstants>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|x64' ">
    <DefineConstants>$(DefineConstants);Win64=yes</DefineConstants>
    <IncludeSearchPaths>..\\include;generated</IncludeSearchPaths>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="Product.wxs" />
    <Compile Include="Fragments\\*.wxs" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="..\\CA\\CA.csproj"><Name>CustomActions</Name></ProjectReference>
    <ProjectReference Include="..\\Lib\\My-Lib.vcxproj" />
  </ItemGroup>
  <Import Project="$(WixTargetsPath)" />
</Project>
`;

const files = (extra: Record<string, string> = {}) => ({
  '/src/Setup/Setup.wixproj': CLASSIC,
  '/src/Setup/Product.wxs': '',
  '/src/Setup/Fragments/Files.wxs': '',
  '/src/Setup/Fragments/Registry.wxs': '',
  ...extra,
});

function read(all: Record<string, string>, file: string, configuration?: string) {
  return readWixProject(file, all[file]!, { configuration, env: {}, host: memoryFs(all) });
}

describe('readWixProject, WiX v3 (wix.targets)', () => {
  it("builds the default configuration's platforms, each with its DefineConstants and the variables WiX defines", () => {
    const p = read(files(), '/src/Setup/Setup.wixproj');
    assert.deepEqual(
      [p.name, p.wixVersion, p.configuration, p.platformReason],
      ['Setup', 3, 'Debug', 'Setup.wixproj: the Debug|x86, Debug|x64 configurations'],
    );
    assert.deepEqual(
      p.builds.map((b) => [b.platform, b.arch]),
      [
        ['x86', 'x86'],
        ['x64', 'x64'],
      ],
    );
    const [x86, x64] = p.builds;
    assert.deepEqual(
      x86!.sources,
      ['/src/Setup/Product.wxs', '/src/Setup/Fragments/Files.wxs', '/src/Setup/Fragments/Registry.wxs'].map((f) => path.resolve(f)),
    );
    assert.deepEqual(x86!.defines, {
      Version: '1.2.3',
      // DefineConstants is evaluated where it is written: Edition is set after it, so it is empty there.
      Edition: '',
      Debug: '',
      Configuration: 'Debug',
      Platform: 'x86',
      ProjectDir: path.resolve('/src/Setup') + path.sep,
      ProjectExt: '.wixproj',
      ProjectFileName: 'Setup.wixproj',
      ProjectName: 'Setup',
      ProjectPath: path.resolve('/src/Setup/Setup.wixproj'),
      TargetExt: '.msi',
      TargetFileName: 'ContosoSetup.msi',
      TargetName: 'ContosoSetup',
      'CustomActions.ProjectDir': path.resolve('/src/CA') + path.sep,
      'CustomActions.ProjectExt': '.csproj',
      'CustomActions.ProjectFileName': 'CA.csproj',
      'CustomActions.ProjectName': 'CA',
      'CustomActions.ProjectPath': path.resolve('/src/CA/CA.csproj'),
      'My-Lib.ProjectDir': path.resolve('/src/Lib') + path.sep,
      'My-Lib.ProjectExt': '.vcxproj',
      'My-Lib.ProjectFileName': 'My-Lib.vcxproj',
      'My-Lib.ProjectName': 'My-Lib',
      'My-Lib.ProjectPath': path.resolve('/src/Lib/My-Lib.vcxproj'),
    });
    assert.deepEqual(x64!.defines['Win64'], 'yes');
    // Values only the build knows are defined, not undefined.
    assert.ok(
      x86!.unknownDefines.includes('TargetDir') &&
        x86!.unknownDefines.includes('CustomActions.TargetPath') &&
        x86!.unknownDefines.includes('SolutionDir'),
    );
    assert.ok(!x86!.unknownDefines.includes('ProjectDir'));
  });

  it('reads the configuration asked for: Release|x64 has its include search paths', () => {
    const p = read(files(), '/src/Setup/Setup.wixproj', 'Release');
    assert.equal(p.platformReason, 'Setup.wixproj: the Release|x86, Release|x64 configurations');
    const x64 = p.builds.find((b) => b.arch === 'x64')!;
    assert.deepEqual([x64.defines['Configuration'], x64.defines['Debug'], x64.defines['Win64']], ['Release', undefined, 'yes']);
    assert.deepEqual(x64.includePaths, [path.resolve('/src/include'), path.resolve('/src/Setup/generated')]);
  });

  it('a project that names only Release is built Release, and InstallerPlatform decides the -arch', () => {
    const project = `<Project ${MSBUILD}>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|AnyCPU' "><InstallerPlatform>x64</InstallerPlatform></PropertyGroup>
  <ItemGroup><Compile Include="Product.wxs" /></ItemGroup>
</Project>`;
    const p = read({ '/p/A.wixproj': project, '/p/Product.wxs': '' }, '/p/A.wixproj');
    assert.deepEqual([p.configuration, p.builds.map((b) => [b.platform, b.arch])], ['Release', [['AnyCPU', 'x64']]]);
  });

  it('without any platform, builds x86, and skips platforms wixlint does not lint with a warning', () => {
    const none = read(
      { '/p/A.wixproj': `<Project ${MSBUILD}><ItemGroup><Compile Include="A.wxs" /></ItemGroup></Project>`, '/p/A.wxs': '' },
      '/p/A.wixproj',
    );
    assert.deepEqual([none.builds.map((b) => b.arch), none.platformReason], [['x86'], 'A.wixproj: no Platform, so x86']);
    const ia64 = read({ '/p/A.wixproj': `<Project ${MSBUILD}><PropertyGroup><Platform>ia64</Platform></PropertyGroup></Project>` }, '/p/A.wixproj');
    assert.deepEqual(
      [ia64.builds, ia64.warnings],
      [[], ["/p/A.wixproj: the Debug|ia64 build makes a 'ia64' package, which wixlint does not lint (x86, x64 and arm64 only)"]],
    );
  });
});

describe('readWixProject, WiX v4+ (WixToolset.Sdk)', () => {
  const SDK = `<Project Sdk="WixToolset.Sdk/5.0.2">
  <PropertyGroup>
    <Platforms>x64;ARM64</Platforms>
    <DefineConstants>ProductVersion=5.0</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <Compile Remove="Old.wxs" />
    <ProjectReference Include="..\\Lib\\My-Lib.csproj" />
    <BindPath Include="..\\payload" BindName="payload" />
  </ItemGroup>
</Project>`;

  it("compiles every .wxs below it but its bin and obj, for each of its Platforms, with WiX v4's variable names", () => {
    const all = {
      '/w/Setup.wixproj': SDK,
      '/w/Package.wxs': '',
      '/w/Old.wxs': '',
      '/w/sub/Folders.wxs': '',
      '/w/bin/Release/Copy.wxs': '',
      '/w/obj/Generated.wxs': '',
      '/w/sub/obj/Kept.wxs': '',
    };
    const p = read(all, '/w/Setup.wixproj');
    assert.deepEqual(
      [p.wixVersion, p.builds.map((b) => [b.platform, b.arch])],
      [
        4,
        [
          ['x64', 'x64'],
          ['ARM64', 'arm64'],
        ],
      ],
    );
    const x64 = p.builds[0]!;
    assert.deepEqual(
      x64.sources,
      ['/w/Package.wxs', '/w/sub/Folders.wxs', '/w/sub/obj/Kept.wxs'].map((f) => path.resolve(f)),
    );
    assert.deepEqual([x64.defines['ProductVersion'], x64.defines['InstallerPlatform'], x64.defines['Platform']], ['5.0', 'x64', 'x64']);
    // WiX v4 makes a reference's name an identifier: My-Lib is My_Lib.
    assert.equal(x64.defines['My_Lib.ProjectName'], 'My-Lib');
    assert.deepEqual(x64.bindPaths, [{ name: 'payload', path: path.resolve('/payload') }]);
  });

  it('a project without a platform builds x86 (WixToolset.Sdk makes AnyCPU and Win32 x86)', () => {
    const p = read({ '/w/Setup.wixproj': '<Project Sdk="WixToolset.Sdk/4.0.5"></Project>', '/w/Package.wxs': '' }, '/w/Setup.wixproj');
    assert.deepEqual([p.configuration, p.builds.map((b) => [b.arch, b.defines['InstallerPlatform']])], ['Debug', [['x86', 'x86']]]);
  });
});
