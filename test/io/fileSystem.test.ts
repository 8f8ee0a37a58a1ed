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

it("prefers an overlay's text to the disk's, and lists an overlay file in its folder whether or not it is there", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-fs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'Product.wxs');
  fs.writeFileSync(file, 'on disk');
  fs.writeFileSync(path.join(dir, 'Other.wxs'), 'other');
  const names = (host: ReturnType<typeof nodeFileSystem>, folder: string) =>
    host
      .readDirectory(folder)
      ?.map((e) => `${e.name}${e.isFile ? '' : '/'}`)
      .sort();
  const overlaid = nodeFileSystem(new Map([[file, 'from stdin']]));
  assert.equal(overlaid.readFile(file), 'from stdin');
  assert.deepEqual(names(overlaid, dir), ['Other.wxs', 'Product.wxs']);
  assert.equal(nodeFileSystem().readFile(file), 'on disk');
  // A file that is not there, in a folder that is not there either.
  const absent = path.join(dir, 'new', 'New.wxs');
  const added = nodeFileSystem(new Map([[absent, 'new text']]));
  assert.equal(added.readFile(absent), 'new text');
  assert.deepEqual(names(added, dir), ['Other.wxs', 'Product.wxs']);
  assert.deepEqual(names(added, path.join(dir, 'new')), ['New.wxs']);
  // A folder of that name is hidden by the file the overlay puts there: a file that is not readable text is never read.
  fs.mkdirSync(path.join(dir, 'Folder.wxs'));
  const overFolder = nodeFileSystem(new Map([[path.join(dir, 'Folder.wxs'), 'text']]));
  assert.deepEqual(names(overFolder, dir), ['Folder.wxs', 'Other.wxs', 'Product.wxs']);
  assert.equal(overFolder.readFile(path.join(dir, 'Folder.wxs')), 'text');
  assert.equal(overFolder.unreadable?.(path.join(dir, 'Folder.wxs')), undefined);
});
