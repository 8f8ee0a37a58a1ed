// ProjectCache: a project is read again only when something its reading looked at changed (its text, an import, a
// folder its default items come from); otherwise the last reading is the answer.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ProjectCache } from '../../server/src/project/projectCache';
import { memoryFs } from './memoryFs';

const P = (p: string): string => path.resolve(p);
const MSBUILD = 'xmlns="http://schemas.microsoft.com/developer/msbuild/2003"';
const V3 = `<Project ${MSBUILD}>
  <Import Project="Common.props" />
  <ItemGroup><Compile Include="$(ProductBase).wxs" /></ItemGroup>
</Project>`;
const props = (name: string): string => `<Project ${MSBUILD}><PropertyGroup><ProductBase>${name}</ProductBase></PropertyGroup></Project>`;
const SDK = '<Project Sdk="WixToolset.Sdk/5.0.2"></Project>';

describe('ProjectCache', () => {
  const env = {};

  it('reuses a reading while the project and its imports are as they were, and reads again when one changed', () => {
    const cache = new ProjectCache();
    const read = (files: Record<string, string>) =>
      cache.read(P('/w/Setup.wixproj'), files['/w/Setup.wixproj']!, { configuration: undefined, env, host: memoryFs(files) });
    const files = { '/w/Setup.wixproj': V3, '/w/Common.props': props('Contoso'), '/w/Contoso.wxs': '', '/w/Fabrikam.wxs': '' };
    const sources = (p: { builds: { sources: string[] }[] }): string[] => p.builds.flatMap((b) => b.sources.map((s) => path.basename(s)));
    const first = read(files);
    assert.deepEqual(sources(first), ['Contoso.wxs']);
    assert.equal(read({ ...files }), first);
    const changed = read({ ...files, '/w/Common.props': props('Fabrikam') });
    assert.deepEqual(sources(changed), ['Fabrikam.wxs']);
    // Another configuration is another reading.
    assert.notEqual(cache.read(P('/w/Setup.wixproj'), V3, { configuration: 'Release', env, host: memoryFs(files) }), changed);
  });

  it('reads an SDK project again when a folder its default items come from changed', () => {
    const cache = new ProjectCache();
    const read = (files: Record<string, string>) => cache.read(P('/w/Setup.wixproj'), SDK, { configuration: undefined, env, host: memoryFs(files) });
    const files = { '/w/Setup.wixproj': SDK, '/w/Package.wxs': '' };
    const first = read(files);
    assert.equal(read({ ...files }), first);
    const more = read({ ...files, '/w/Fragment.wxs': '' });
    assert.notEqual(more, first);
    assert.deepEqual(more.builds[0]!.sources.map((s) => path.basename(s)).sort(), ['Fragment.wxs', 'Package.wxs']);
  });
});
