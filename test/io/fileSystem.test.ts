// The file system as the edges read it: texts decoded once, and names in another case found, as Windows finds them.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { it } from 'node:test';
import { nodeFileSystem } from '../../server/src/io/fileSystem';

it('finds a file named in another case, folder by folder, as a build on Windows would (not on Windows itself: it does)', {
  skip: process.platform === 'win32',
}, (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-fs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'WixLib'));
  fs.writeFileSync(path.join(dir, 'WixLib', 'NetFxExtension_Platform.wxi'), '<Include/>');
  const host = nodeFileSystem();
  assert.equal(host.readFile(path.join(dir, 'wixlib', 'NetfxExtension_Platform.wxi')), '<Include/>');
  assert.equal(host.readFile(path.join(dir, 'WixLib', 'NetFxExtension_Platform.wxi')), '<Include/>');
  assert.equal(host.readFile(path.join(dir, 'wixlib', 'Missing.wxi')), undefined);
  // A folder is no file, whatever its case.
  assert.equal(host.readFile(path.join(dir, 'WIXLIB')), undefined);
});

it("prefers the editor's text of an open file to the disk's", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-fs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'Product.wxs');
  fs.writeFileSync(file, 'on disk');
  assert.equal(nodeFileSystem((f) => (f === file ? 'unsaved' : undefined)).readFile(file), 'unsaved');
  assert.equal(nodeFileSystem().readFile(file), 'on disk');
});
