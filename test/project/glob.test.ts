// Globs as MSBuild and configs write them and as git and shells write them: what each syntax matches, where a walk for
// a command-line glob starts, and braces written out.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { expandBraces, globToRegExp, hasGlobSyntax, MAX_BRACE_EXPANSIONS, splitGlob } from '../../server/src/project/glob';

function matches(pattern: string, paths: readonly string[], syntax: 'msbuild' | 'posix', ignoreCase = false): string[] {
  const re = globToRegExp(pattern, ignoreCase, syntax);
  return paths.filter((p) => re.test(p));
}

describe('globToRegExp', () => {
  const paths = ['a.wxs', 'src/a.wxs', 'src/x/a.wxs', 'srcb.wxs', '[x].wxs', 'x.wxs', 'a\\b.wxs'];

  it('msbuild: ** anywhere spans folders; [ and \\ are plain characters', () => {
    assert.deepEqual(matches('src/**/*.wxs', paths, 'msbuild'), ['src/a.wxs', 'src/x/a.wxs']);
    assert.deepEqual(matches('src**.wxs', paths, 'msbuild'), ['src/a.wxs', 'src/x/a.wxs', 'srcb.wxs']);
    assert.deepEqual(matches('[x].wxs', paths, 'msbuild'), ['[x].wxs']);
    assert.deepEqual(matches('a\\b.wxs', paths, 'msbuild'), ['a\\b.wxs']);
  });

  it('posix: ** only as a whole segment; classes and escapes', () => {
    assert.deepEqual(matches('src/**/*.wxs', paths, 'posix'), ['src/a.wxs', 'src/x/a.wxs']);
    assert.deepEqual(matches('**/a.wxs', paths, 'posix'), ['a.wxs', 'src/a.wxs', 'src/x/a.wxs']);
    assert.deepEqual(matches('src**.wxs', paths, 'posix'), ['srcb.wxs']);
    assert.deepEqual(matches('[x].wxs', paths, 'posix'), ['x.wxs']);
    assert.deepEqual(matches('\\[x\\].wxs', paths, 'posix'), ['[x].wxs']);
    assert.deepEqual(matches('*.WXS', paths, 'posix', true), ['a.wxs', 'srcb.wxs', '[x].wxs', 'x.wxs', 'a\\b.wxs']);
  });
});

describe('command-line globs', () => {
  it('are told from names by an unescaped *, ?, [ or {', () => {
    assert.deepEqual(['src/**/*.wxs', 'a?.wxs', 'v[12].wxs', '{a,b}.wxs', 'src/Product.wxs', 'odd\\*.wxs'].map(hasGlobSyntax), [
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('start their walk at the folders before the first wildcard', () => {
    assert.deepEqual(splitGlob('src/**/*.wxs'), { base: 'src/', rest: '**/*.wxs' });
    assert.deepEqual(splitGlob('*.wxs'), { base: '', rest: '*.wxs' });
    assert.deepEqual(splitGlob('./src/a*/b/*.wxs'), { base: './src/', rest: 'a*/b/*.wxs' });
    assert.deepEqual(splitGlob('/abs/v[12]/x.wxs'), { base: '/abs/', rest: 'v[12]/x.wxs' });
    assert.deepEqual(splitGlob('odd\\[1\\]/*.wxs'), { base: 'odd[1]/', rest: '*.wxs' });
    assert.deepEqual(splitGlob('src/Product.wxs'), { base: 'src/Product.wxs', rest: '' });
  });

  it('have their braces written out as a shell writes them, nested too', () => {
    assert.deepEqual(expandBraces('src/{a,b}/*.{wxs,wxi}'), ['src/a/*.wxs', 'src/a/*.wxi', 'src/b/*.wxs', 'src/b/*.wxi']);
    assert.deepEqual(expandBraces('{x,y{1,2}}.wxs'), ['x.wxs', 'y1.wxs', 'y2.wxs']);
    assert.deepEqual(expandBraces('{,Setup}.wxs'), ['.wxs', 'Setup.wxs']);
    // No comma, an escaped brace or one never closed: as written.
    assert.deepEqual(expandBraces('{a}.wxs'), ['{a}.wxs']);
    assert.deepEqual(expandBraces('\\{a,b}.wxs'), ['\\{a,b}.wxs']);
    assert.deepEqual(expandBraces('{a,b.wxs'), ['{a,b.wxs']);
  });

  it('refuse more brace alternatives than a command line needs', () => {
    const many = '{0,1}'.repeat(Math.log2(MAX_BRACE_EXPANSIONS));
    assert.equal(expandBraces(many)?.length, MAX_BRACE_EXPANSIONS);
    assert.equal(expandBraces(`${many}{0,1}`), undefined);
  });
});
