// Reading platforms and Compile items from .wixproj files.
import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import { readWixProject } from '../../server/src/wix/wixproj';

it('collects the platforms a WiX v3 project configures and its Compile items', () => {
  const project = `<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="4.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>
    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|x64' ">
    <DefineConstants>Release</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="Product.wxs" />
    <Compile Include="Fragments\\Components.wxs" />
  </ItemGroup>
</Project>`;
  assert.deepEqual(readWixProject('a.wixproj', project), { platforms: ['x86', 'x64'], compile: ['Product.wxs', 'Fragments\\Components.wxs'] });
});

it('reads a WiX v4 SDK-style project with InstallerPlatform', () => {
  const project = `<Project Sdk="WixToolset.Sdk/4.0.5">
  <PropertyGroup><InstallerPlatform>arm64</InstallerPlatform></PropertyGroup>
</Project>`;
  assert.deepEqual(readWixProject('b.wixproj', project), { platforms: ['arm64'], compile: [] });
});

it('yields nothing for an unreadable project', () => {
  assert.deepEqual(readWixProject('c.wixproj', '<Project><PropertyGroup>'), { platforms: [], compile: [] });
});
