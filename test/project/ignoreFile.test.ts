// .gitignore syntax as wixlint reads it: each element of a line, and which rule decides, by the pattern it names.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { excludedBy, IgnoreFile, parseRule } from '../../server/src/project/ignoreFile';

const DIR = path.resolve('/repo');

/** What excludes each path (relative to /repo, '/' separators; a trailing '/' marks a folder): the pattern, or '-'. */
function verdicts(text: string, paths: readonly string[], ignoreCase = false): Record<string, string> {
  const file = IgnoreFile.parse(DIR, text, ignoreCase);
  const out: Record<string, string> = {};
  for (const p of paths) {
    const folder = p.endsWith('/');
    const rule = file.excluding(path.join(DIR, ...p.replace(/\/$/, '').split('/')), folder);
    out[p] = rule ? rule.pattern : '-';
  }
  return out;
}

describe('IgnoreFile', () => {
  it('skips blank lines and # comments, and reads CRLF lines', () => {
    const file = IgnoreFile.parse(DIR, '\r\n# generated sources\r\n   \r\n*.generated.wxs\r\n#*.wxs\r\n', false);
    assert.deepEqual(
      file.rules.map((r) => r.pattern),
      ['*.generated.wxs'],
    );
    assert.deepEqual(verdicts('# generated sources\n', ['# generated sources', 'generated sources']), {
      '# generated sources': '-',
      'generated sources': '-',
    });
  });

  it('drops trailing spaces unless a backslash escapes one', () => {
    assert.deepEqual(verdicts('Product.wxs   \nspaced\\ \n', ['Product.wxs', 'Product.wxs ', 'spaced', 'spaced ']), {
      'Product.wxs': 'Product.wxs',
      'Product.wxs ': '-',
      spaced: '-',
      'spaced ': 'spaced\\',
    });
  });

  it('lets a later ! rule re-include, and a later plain rule exclude again', () => {
    assert.deepEqual(verdicts('*.wxs\n!Keep.wxs\n', ['A.wxs', 'Keep.wxs', 'sub/Keep.wxs']), {
      'A.wxs': '*.wxs',
      'Keep.wxs': '-',
      'sub/Keep.wxs': '-',
    });
    assert.deepEqual(verdicts('!Keep.wxs\n*.wxs\n', ['Keep.wxs']), { 'Keep.wxs': '*.wxs' });
    assert.deepEqual(IgnoreFile.parse(DIR, '!Keep.wxs', false).rules[0]!.negated, true);
  });

  it('never re-includes a file whose folder is excluded', () => {
    assert.deepEqual(verdicts('out/\n!out/Keep.wxs\n!out/sub/\n', ['out/Keep.wxs', 'out/sub/A.wxs', 'out/']), {
      'out/Keep.wxs': 'out/',
      'out/sub/A.wxs': 'out/',
      'out/': 'out/',
    });
    // Re-including the folder's contents needs the folder itself left in.
    assert.deepEqual(verdicts('out/*\n!out/Keep.wxs\n', ['out/Keep.wxs', 'out/Other.wxs']), { 'out/Keep.wxs': '-', 'out/Other.wxs': 'out/*' });
  });

  it('anchors a pattern with a leading or middle / to its folder; one without matches at any depth', () => {
    const paths = ['Product.wxs', 'sub/Product.wxs', 'doc/Files.wxs', 'a/doc/Files.wxs', 'deep/er/Files.wxs'];
    assert.deepEqual(verdicts('/Product.wxs\ndoc/Files.wxs\n', paths), {
      'Product.wxs': '/Product.wxs',
      'sub/Product.wxs': '-',
      'doc/Files.wxs': 'doc/Files.wxs',
      'a/doc/Files.wxs': '-',
      'deep/er/Files.wxs': '-',
    });
    assert.deepEqual(verdicts('Files.wxs\n', paths), {
      'Product.wxs': '-',
      'sub/Product.wxs': '-',
      'doc/Files.wxs': 'Files.wxs',
      'a/doc/Files.wxs': 'Files.wxs',
      'deep/er/Files.wxs': 'Files.wxs',
    });
  });

  it('matches folders only with a trailing /, and their files through them', () => {
    assert.deepEqual(verdicts('build/\n', ['build', 'build/', 'src/build/', 'build/x64/A.wxs', 'src/build/A.wxs', 'builder/A.wxs']), {
      build: '-',
      'build/': 'build/',
      'src/build/': 'build/',
      'build/x64/A.wxs': 'build/',
      'src/build/A.wxs': 'build/',
      'builder/A.wxs': '-',
    });
    assert.deepEqual(verdicts('/sub/build/\n', ['sub/build/', 'x/sub/build/']), { 'sub/build/': '/sub/build/', 'x/sub/build/': '-' });
  });

  it('reads * and ? within one folder', () => {
    assert.deepEqual(
      verdicts('*.wxi\nsrc/*.wxs\nv?.wxs\n', ['a.wxi', 'x/y/a.wxi', 'a.wxix', 'src/A.wxs', 'src/sub/A.wxs', 'v1.wxs', 'v10.wxs', 'v/.wxs']),
      {
        'a.wxi': '*.wxi',
        'x/y/a.wxi': '*.wxi',
        'a.wxix': '-',
        'src/A.wxs': 'src/*.wxs',
        'src/sub/A.wxs': '-',
        'v1.wxs': 'v?.wxs',
        'v10.wxs': '-',
        'v/.wxs': '-',
      },
    );
  });

  it('reads [...] classes: members, ranges, ! and ^ negation, a leading ], never a /', () => {
    const paths = ['a.wxs', 'b.wxs', 'd.wxs', 'v7.wxs', 'vx.wxs', ']x', '-x', 'z1', 'za'];
    assert.deepEqual(verdicts('[ab].wxs\nv[0-9].wxs\n[]]x\n[!0-9a-y]1\n', paths), {
      'a.wxs': '[ab].wxs',
      'b.wxs': '[ab].wxs',
      'd.wxs': '-',
      'v7.wxs': 'v[0-9].wxs',
      'vx.wxs': '-',
      ']x': '[]]x',
      '-x': '-',
      z1: '[!0-9a-y]1',
      za: '-',
    });
    assert.deepEqual(verdicts('[^a].wxs\n[a-]x\n', ['a.wxs', 'c.wxs', '-x', 'ax', 'bx']), {
      'a.wxs': '-',
      'c.wxs': '[^a].wxs',
      '-x': '[a-]x',
      ax: '[a-]x',
      bx: '-',
    });
    // A class that never closes is a literal '['; a backwards range matches nothing.
    assert.deepEqual(verdicts('[ab\n[z-a]x\n', ['[ab', 'ax', 'zx']), { '[ab': '[ab', ax: '-', zx: '-' });
    assert.deepEqual(verdicts('a[/]b\n', ['a/b', 'a[/]b']), { 'a/b': '-', 'a[/]b': '-' });
  });

  it('reads ** at the start, at the end and in the middle, and as two * elsewhere', () => {
    assert.deepEqual(verdicts('**/gen\n', ['gen', 'a/gen', 'a/b/gen/', 'a/gen/x.wxs', 'agen']), {
      gen: '**/gen',
      'a/gen': '**/gen',
      'a/b/gen/': '**/gen',
      'a/gen/x.wxs': '**/gen',
      agen: '-',
    });
    assert.deepEqual(verdicts('out/**\n', ['out', 'out/', 'out/A.wxs', 'out/x/y/A.wxs', 'src/out/A.wxs']), {
      out: '-',
      'out/': '-',
      'out/A.wxs': 'out/**',
      'out/x/y/A.wxs': 'out/**',
      'src/out/A.wxs': '-',
    });
    assert.deepEqual(verdicts('a/**/b.wxs\n', ['a/b.wxs', 'a/x/b.wxs', 'a/x/y/b.wxs', 'x/a/b.wxs', 'ab.wxs']), {
      'a/b.wxs': 'a/**/b.wxs',
      'a/x/b.wxs': 'a/**/b.wxs',
      'a/x/y/b.wxs': 'a/**/b.wxs',
      'x/a/b.wxs': '-',
      'ab.wxs': '-',
    });
    assert.deepEqual(verdicts('/a**b\n', ['ab', 'axyb', 'ax/yb']), { ab: '/a**b', axyb: '/a**b', 'ax/yb': '-' });
  });

  it('reads \\# and \\! as the characters, not a comment or a negation', () => {
    assert.deepEqual(verdicts('\\#Setup.wxs\n\\!Important.wxs\n', ['#Setup.wxs', 'Setup.wxs', '!Important.wxs', 'Important.wxs']), {
      '#Setup.wxs': '\\#Setup.wxs',
      'Setup.wxs': '-',
      '!Important.wxs': '\\!Important.wxs',
      'Important.wxs': '-',
    });
    assert.equal(IgnoreFile.parse(DIR, '\\!Important.wxs', false).rules[0]!.negated, false);
  });

  it('matches in any case only when asked to (git on Windows)', () => {
    assert.deepEqual(verdicts('Generated/\n*.WXS\n', ['generated/', 'a.wxs']), { 'generated/': '-', 'a.wxs': '-' });
    assert.deepEqual(verdicts('Generated/\n*.WXS\n', ['generated/', 'a.wxs'], true), { 'generated/': 'Generated/', 'a.wxs': '*.WXS' });
  });

  it('says nothing about its own folder or paths outside it', () => {
    const file = IgnoreFile.parse(DIR, '*\n', false);
    assert.equal(file.excluding(DIR, true), undefined);
    assert.equal(file.excluding(path.resolve('/other/A.wxs'), false), undefined);
    assert.equal(file.excluding(path.resolve('/repository/A.wxs'), false), undefined);
    assert.equal(file.excluding(path.join(DIR, 'A.wxs'), false)?.pattern, '*');
  });

  it('has no rule for a line that is only ! or /', () => {
    assert.equal(parseRule('!', false), undefined);
    assert.equal(parseRule('/', false), undefined);
    assert.equal(parseRule(' # not a comment', false)?.pattern, '# not a comment');
  });
});

describe('excludedBy', () => {
  it('lets the last file with a matching rule decide, each file reading paths from its own folder', () => {
    const top = IgnoreFile.parse(DIR, '*.generated.wxs\n/sub/Only.wxs\n', false);
    const sub = IgnoreFile.parse(path.join(DIR, 'sub'), '!Keep.generated.wxs\n/Only.wxs\n', false);
    const at = (rel: string): string => path.join(DIR, ...rel.split('/'));
    assert.deepEqual(
      ['A.generated.wxs', 'Keep.generated.wxs', 'sub/A.generated.wxs', 'sub/Keep.generated.wxs', 'sub/Only.wxs', 'sub/deeper/Only.wxs'].map((p) =>
        excludedBy([top, sub], at(p), false),
      ),
      [true, true, true, false, true, false],
    );
    // Order is precedence: the deeper file last.
    assert.equal(excludedBy([sub, top], at('sub/Keep.generated.wxs'), false), true);
  });
});
