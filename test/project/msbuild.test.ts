// MSBuild's static evaluation: properties in order with conditions and imports, then items with wildcards.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { evaluateMsBuildCondition, evaluateProject } from '../../server/src/project/msbuild';
import { memoryFs } from './memoryFs';

const project = (body: string, sdk = ''): string => `<Project${sdk} xmlns="http://schemas.microsoft.com/developer/msbuild/2003">${body}</Project>\n`;

function evaluate(files: Record<string, string>, globals: Record<string, string> = {}, env: Record<string, string> = {}) {
  return evaluateProject('/p/Setup.wixproj', files['/p/Setup.wixproj']!, {
    globals,
    env,
    host: memoryFs(files),
    itemTypes: ['compile', 'projectreference'],
  });
}

describe('evaluateMsBuildCondition', () => {
  const props: Record<string, string> = { Configuration: 'Release', Platform: 'x64', Empty: '', Flag: 'true', N: '10' };
  const expand = (s: string) => s.replace(/\$\((\w+)\)/g, (_, n: string) => props[n] ?? '');
  const table: [string, boolean][] = [
    [" '$(Configuration)|$(Platform)' == 'Release|x64' ", true],
    ["'$(Configuration)|$(Platform)' == 'release|X64'", true],
    ["'$(Configuration)' != 'Debug'", true],
    ["'$(Empty)' == ''", true],
    ["'$(Missing)' == '' and '$(Platform)' == 'x64'", true],
    ["'$(Platform)' == 'x86' or '$(Platform)' == 'x64'", true],
    ["!('$(Platform)' == 'x64')", false],
    ['$(Flag)', true],
    ["'$(N)' >= '9'", true],
    ["Exists('there.props')", true],
    ["!Exists('missing.props')", true],
    ["HasTrailingSlash('$(Configuration)\\')", true],
    ["'$(Platform)' == 'x64' and", false],
    ["Unknown('x')", false],
  ];
  for (const [condition, expected] of table) {
    it(`${condition} -> ${expected}`, () =>
      assert.equal(
        evaluateMsBuildCondition(condition, expand, (p) => p === 'there.props'),
        expected,
      ));
  }
});

describe('evaluateProject', () => {
  it('sets properties in document order: conditions see what came before, the global ones win, $(X) falls back to the environment', () => {
    const p = evaluate(
      {
        '/p/Setup.wixproj': project(
          "<PropertyGroup><Configuration Condition=\" '$(Configuration)' == '' \">Debug</Configuration><Platform Condition=\" '$(Platform)' == '' \">x86</Platform>" +
            '<Root>$(MSBuildProjectDirectory)\\..</Root><Tools>$(WIX_TOOLS)\\bin</Tools><Name>$(MSBuildProjectName)</Name></PropertyGroup>' +
            "<PropertyGroup Condition=\" '$(Configuration)|$(Platform)' == 'Release|x64' \"><DefineConstants>Release64</DefineConstants></PropertyGroup>" +
            "<PropertyGroup Condition=\" '$(Configuration)' == 'Debug' \"><DefineConstants>Debug</DefineConstants></PropertyGroup>",
        ),
      },
      { Configuration: 'Release', Platform: 'x64' },
      { wix_tools: 'C:\\wix' },
    );
    assert.deepEqual(
      ['configuration', 'platform', 'defineconstants', 'root', 'tools', 'name'].map((k) => p.properties.get(k)),
      ['Release', 'x64', 'Release64', '/p\\..', 'C:\\wix\\bin', 'Setup'],
    );
  });

  it('follows imports relative to the importing file, and <Choose>', () => {
    const p = evaluate({
      '/p/Setup.wixproj': project(
        '<Import Project="..\\shared\\Common.props" /><Import Project="missing.props" Condition="Exists(\'missing.props\')" /><Choose><When Condition="\'$(Shared)\' == \'yes\'"><PropertyGroup><Picked>when</Picked></PropertyGroup></When><Otherwise><PropertyGroup><Picked>otherwise</Picked></PropertyGroup></Otherwise></Choose>',
      ),
      '/shared/Common.props': project(
        '<PropertyGroup><Shared>yes</Shared><Here>$(MSBuildThisFileDirectory)</Here></PropertyGroup><Import Project="Deeper.props" />',
      ),
      '/shared/Deeper.props': project('<PropertyGroup><Deeper>1</Deeper></PropertyGroup>'),
    });
    assert.deepEqual(
      ['shared', 'here', 'deeper', 'picked'].map((k) => p.properties.get(k)),
      ['yes', '/shared/', '1', 'when'],
    );
  });

  it('expands item wildcards (** included), Exclude and Remove, and keeps metadata', () => {
    const p = evaluate({
      '/p/Setup.wixproj': project(
        '<ItemGroup><Compile Include="src\\**\\*.wxs" Exclude="src\\old\\*.wxs" /><Compile Include="Product.wxs;..\\shared\\Common.wxs" /><Compile Remove="src\\b.wxs" />' +
          '<ProjectReference Include="..\\CA\\CustomActions.csproj"><Name>CA</Name><Project>{0000}</Project></ProjectReference></ItemGroup>' +
          '<ItemGroup Condition=" \'$(Platform)\' == \'x64\' "><Compile Include="x64.wxs" /></ItemGroup>',
      ),
      '/p/src/a.wxs': '',
      '/p/src/b.wxs': '',
      '/p/src/deep/c.wxs': '',
      '/p/src/old/d.wxs': '',
      '/p/src/readme.txt': '',
    });
    assert.deepEqual(
      (p.items.get('compile') ?? []).map((i) => i.include),
      ['/p/src/a.wxs', '/p/src/deep/c.wxs', 'Product.wxs', '..\\shared\\Common.wxs'],
    );
    const ref = p.items.get('projectreference')![0]!;
    assert.deepEqual([ref.include, ref.metadata.get('name'), ref.metadata.get('project')], ['..\\CA\\CustomActions.csproj', 'CA', '{0000}']);
  });

  it('names an SDK project, and says when the file is no project', () => {
    assert.equal(evaluate({ '/p/Setup.wixproj': project('', ' Sdk="WixToolset.Sdk/5.0.0"') }).sdk, 'WixToolset.Sdk/5.0.0');
    assert.deepEqual(evaluate({ '/p/Setup.wixproj': '<Nope/>' }).warnings, ['/p/Setup.wixproj: not an MSBuild project (no <Project> root)']);
  });
});
