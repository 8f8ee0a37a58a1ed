// Tests input expansion (folders, explicit files, packages, missing paths) on a temporary folder, and text decoding.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandInputs } from '../../server/src/cli/inputs';
import { readTextFile } from '../../server/src/io/fileSystem';
import { decodeText } from '../../server/src/wix/sourceText';

let root: string;

function write(rel: string, text = '<Wix/>'): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function paths(inputs: string[], cwd = root): string[] {
  const result = expandInputs(inputs, cwd, () => false);
  assert.ok(result.ok, JSON.stringify(result));
  return result.files.map((f) => f.path);
}

function errors(inputs: string[]): string[] {
  const result = expandInputs(inputs, root, () => false);
  assert.ok(!result.ok, JSON.stringify(result));
  return result.errors;
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-inputs-'));
  for (const rel of [
    'b.wxs',
    'a.wxs',
    'Upper.WXS',
    'a.wxs.bak',
    'notes.txt',
    'inc.wxi',
    'pkg.msi',
    'Other.MSM',
    'Setup.wixproj',
    'sub/c.wxs',
    'sub/deeper/d.wxs',
    'sub-e.wxs',
    'node_modules/pkg/x.wxs',
    '.git/y.wxs',
    '.hidden.wxs',
  ]) {
    write(rel);
  }
  fs.mkdirSync(path.join(root, 'empty'));
  fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'loop'));
  fs.symlinkSync(path.join(root, 'sub', 'c.wxs'), path.join(root, 'link.wxs'));
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('expandInputs', () => {
  it('expands a folder to every .wxs, .wixproj, .msi and .msm below it, sorted by code unit, skipping node_modules, dot-folders and linked folders', () => {
    // link.wxs is a link to sub/c.wxs: the same file, so it counts once (first in order).
    assert.deepEqual(paths(['.']), [
      './.hidden.wxs',
      './Other.MSM',
      './Setup.wixproj',
      './Upper.WXS',
      './a.wxs',
      './b.wxs',
      './link.wxs',
      './pkg.msi',
      './sub-e.wxs',
      './sub/deeper/d.wxs',
    ]);
  });

  it('joins the folder as given with / and no doubled separator', () => {
    assert.deepEqual(paths(['sub']), ['sub/c.wxs', 'sub/deeper/d.wxs']);
    assert.deepEqual(paths(['sub/']), ['sub/c.wxs', 'sub/deeper/d.wxs']);
    assert.deepEqual(paths(['./sub//']), ['./sub/c.wxs', './sub/deeper/d.wxs']);
    assert.deepEqual(paths([`${root}/sub/`], '/'), [`${root}/sub/c.wxs`, `${root}/sub/deeper/d.wxs`]);
  });

  it('resolves against the given cwd, not the process cwd', () => {
    const result = expandInputs(['sub/c.wxs'], root, () => false);
    assert.ok(result.ok);
    assert.deepEqual(result.files, [{ path: 'sub/c.wxs', absolutePath: path.join(root, 'sub', 'c.wxs') }]);
    assert.deepEqual([...result.named], [path.join(root, 'sub', 'c.wxs')]);
  });

  it('takes explicit files as given, whatever their extension, and the first of duplicates', () => {
    assert.deepEqual(paths(['inc.wxi', 'notes.txt', './sub/c.wxs', 'sub']), ['inc.wxi', 'notes.txt', './sub/c.wxs', 'sub/deeper/d.wxs']);
    assert.deepEqual(paths(['a.wxs', 'a.wxs', './a.wxs']), ['a.wxs']);
  });

  it('sorts what it finds into sources, includes, projects and packages', () => {
    const result = expandInputs(['inc.wxi', 'a.wxs', 'Setup.wixproj', 'pkg.msi', 'notes.txt'], root, () => false);
    assert.ok(result.ok);
    const given = (files: { path: string }[]) => files.map((f) => f.path);
    assert.deepEqual(
      [given(result.sources), given(result.includes), given(result.projects), given(result.packages)],
      [['a.wxs', 'notes.txt'], ['inc.wxi'], ['Setup.wixproj'], ['pkg.msi']],
    );
  });

  it('skips what a config ignores', () => {
    assert.deepEqual(paths(['sub']), ['sub/c.wxs', 'sub/deeper/d.wxs']);
    const result = expandInputs(['sub'], root, (file) => file.endsWith(`${path.sep}deeper`));
    assert.ok(result.ok);
    assert.deepEqual(
      result.files.map((f) => f.path),
      ['sub/c.wxs'],
    );
  });

  it('warns about a folder without .wxs, .wixproj, .msi or .msm files', () => {
    const result = expandInputs(['empty'], root, () => false);
    assert.ok(result.ok);
    assert.deepEqual([result.files, result.warnings], [[], ["no .wxs, .wixproj, .msi or .msm files found in 'empty'"]]);
  });

  it('takes built packages given explicitly, and names each missing path', () => {
    assert.deepEqual(paths(['pkg.msi', 'Other.MSM']), ['pkg.msi', 'Other.MSM']);
    assert.deepEqual(errors(['a.wxs', 'missing.wxs', 'Merge.MSM', 'missing/dir']), [
      "cannot read 'missing.wxs': no such file or directory",
      "cannot read 'Merge.MSM': no such file or directory",
      "cannot read 'missing/dir': no such file or directory",
    ]);
    assert.deepEqual(errors(['a.wxs/x.wxs']), ["cannot read 'a.wxs/x.wxs': a part of the path is not a folder"]);
  });
});

describe('readTextFile', () => {
  it('reads text and names the file it cannot read', () => {
    assert.deepEqual(readTextFile('a.wxs', path.join(root, 'a.wxs')), { ok: true, text: '<Wix/>' });
    assert.deepEqual(readTextFile('sub', path.join(root, 'sub')), {
      ok: false,
      error: "cannot read 'sub': it is a folder",
      reason: 'it is a folder',
    });
  });
});

describe('decodeText', () => {
  const text = '<Wix>é</Wix>';
  it('drops a UTF-8 BOM', () => {
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), text);
    assert.equal(decodeText(Buffer.from(text, 'utf8')), text);
  });
  it('reads UTF-16 with either byte order', () => {
    const le = Buffer.from(text, 'utf16le');
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le])), text);
    const be = Buffer.from(le).swap16();
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), text);
  });
  it('reads an empty file', () => {
    assert.equal(decodeText(new Uint8Array()), '');
  });
  it('normalizes line ends to LF when asked, in every encoding, as the parser reads them, and leaves them otherwise', () => {
    // CR LF, a CR alone, CR CR LF, a CR at the very end; characters of two, three and four UTF-8 bytes beside them.
    const written = '<Wix>\r\né\r✖\r\r\n😀\n</Wix>\r';
    const read = '<Wix>\né\n✖\n\n😀\n</Wix>\n';
    const utf16le = Buffer.from(written, 'utf16le');
    for (const bytes of [
      Buffer.from(written, 'utf8'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(written, 'utf8')]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16le).swap16()]),
    ]) {
      assert.equal(decodeText(Buffer.from(bytes)), written);
      assert.equal(decodeText(bytes, 'lf'), read);
    }
  });
  it('normalizes a source that starts with a line end, one of CRs alone, and leaves one without CR as it is', () => {
    for (const [written, read] of [
      ['\r\n<Wix/>\r\n', '\n<Wix/>\n'],
      ['\r<Wix/>', '\n<Wix/>'],
      ['\r\r\r', '\n\n\n'],
      ['\r\n\r\n', '\n\n'],
      ['<Wix>\n</Wix>\n', '<Wix>\n</Wix>\n'],
    ] as const) {
      assert.equal(decodeText(Buffer.from(written, 'utf8'), 'lf'), read, JSON.stringify(written));
    }
  });
});
