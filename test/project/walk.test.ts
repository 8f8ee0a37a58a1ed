// The folder walk the CLI and the editor share: skipped folders, .gitignore and .wixlintignore files in and above the
// folder walked, the command line's patterns after them, and a glob's filter and depth.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { IgnoreFile } from '../../server/src/project/ignoreFile';
import { walkFolder, type WalkOptions } from '../../server/src/project/walk';
import { memoryFs } from './memoryFs';

const WXS = '<Wix/>';

const FILES: Record<string, string> = {
  // Above the repository: never read for a walk inside it, read for one outside any repository.
  '/.gitignore': '*.tmp.wxs\n',
  '/repo/.git/HEAD': 'ref: refs/heads/main\n',
  '/repo/.gitignore': '# build outputs\n*.generated.wxs\n/out/\n',
  '/repo/Product.wxs': WXS,
  '/repo/Setup.wixproj': '<Project/>',
  '/repo/Notes.txt': '',
  '/repo/out/Copy.wxs': WXS,
  '/repo/src/A.wxs': WXS,
  '/repo/src/B.generated.wxs': WXS,
  '/repo/src/C.tmp.wxs': WXS,
  '/repo/src/bin/Debug/Copy.wxs': WXS,
  '/repo/src/Bin/Release/Copy.wxs': WXS,
  '/repo/src/OBJ/Copy.wxs': WXS,
  '/repo/src/node_modules/pkg/Copy.wxs': WXS,
  '/repo/src/.vs/Copy.wxs': WXS,
  '/repo/src/binaries/Real.wxs': WXS,
  // A nested file that re-includes one name and excludes the rest.
  '/repo/gen/.gitignore': '*\n!Keep.wxs\n',
  '/repo/gen/Keep.wxs': WXS,
  '/repo/gen/Drop.wxs': WXS,
  // In one folder, .wixlintignore comes after .gitignore and wins.
  '/repo/app/.gitignore': '*.old.wxs\n',
  '/repo/app/.wixlintignore': '!Kept.old.wxs\nLegacy.wxs\n',
  '/repo/app/Gone.old.wxs': WXS,
  '/repo/app/Kept.old.wxs': WXS,
  '/repo/app/Legacy.wxs': WXS,
  '/repo/app/Main.wxs': WXS,
  // A repository inside the repository: its parent's ignore files do not reach into it.
  '/repo/vendor/.git': 'gitdir: ../.git/modules/vendor\n',
  '/repo/vendor/Lib.generated.wxs': WXS,
  // Outside any repository.
  '/loose/proj/A.wxs': WXS,
  '/loose/proj/B.tmp.wxs': WXS,
};

const fs = memoryFs(FILES);

function walk(dir: string, options: Partial<WalkOptions> = {}): string[] {
  const result = walkFolder(fs, path.resolve(dir), { extensions: ['.wxs', '.wixproj'], limit: 1000, ...options });
  return result.files.map((f) => path.relative(path.resolve(dir), f).split(path.sep).join('/'));
}

describe('walkFolder', () => {
  it('skips node_modules, bin and obj in any case, dot-folders, and what the ignore files on the way exclude', () => {
    assert.deepEqual(walk('/repo'), [
      'Product.wxs',
      'Setup.wixproj',
      'app/Kept.old.wxs',
      'app/Main.wxs',
      'gen/Keep.wxs',
      'src/A.wxs',
      'src/C.tmp.wxs',
      'src/binaries/Real.wxs',
      'vendor/Lib.generated.wxs',
    ]);
  });

  it('honours the ignore files above the folder up to the repository root, and no further', () => {
    assert.deepEqual(walk('/repo/src'), ['A.wxs', 'C.tmp.wxs', 'binaries/Real.wxs']);
    assert.deepEqual(walk('/repo/app'), ['Kept.old.wxs', 'Main.wxs']);
  });

  it('honours the ignore files up to the file system root outside a repository', () => {
    assert.deepEqual(walk('/loose/proj'), ['A.wxs']);
  });

  it('walks a folder it is given even when its name is skipped or an ignore file excludes it', () => {
    assert.deepEqual(walk('/repo/src/bin'), ['Debug/Copy.wxs']);
    assert.deepEqual(walk('/repo/out'), ['Copy.wxs']);
  });

  it('reads each ignore file once', () => {
    const counted = memoryFs(FILES);
    walkFolder(counted, path.resolve('/repo'), { extensions: ['.wxs'], limit: 1000 });
    const reads = [...counted.reads].filter(([file]) => /ignore$/.test(file));
    assert.deepEqual(
      reads.map(([file, n]) => [file.split(path.sep).join('/'), n]),
      [
        ['/repo/.gitignore', 1],
        ['/repo/app/.gitignore', 1],
        ['/repo/app/.wixlintignore', 1],
        ['/repo/gen/.gitignore', 1],
      ],
    );
  });

  it('applies the command line patterns after every ignore file: they exclude more, or re-include what git ignores', () => {
    const patterns = IgnoreFile.fromPatterns(path.resolve('/repo'), ['app/', '!B.generated.wxs', 'Product.wxs'], false);
    assert.deepEqual(walk('/repo', { ignorePatterns: patterns }), [
      'Setup.wixproj',
      'gen/Keep.wxs',
      'src/A.wxs',
      'src/B.generated.wxs',
      'src/C.tmp.wxs',
      'src/binaries/Real.wxs',
      'vendor/Lib.generated.wxs',
    ]);
  });

  it("matches the ignore files' patterns in any case when asked", () => {
    const files = memoryFs({ '/r/.git/HEAD': '', '/r/.gitignore': 'generated/\n', '/r/Generated/A.wxs': WXS, '/r/B.wxs': WXS });
    const names = (ignoreCase: boolean): string[] =>
      walkFolder(files, path.resolve('/r'), { extensions: ['.wxs'], limit: 10, ignoreCase }).files.map((f) => path.basename(f));
    assert.deepEqual([names(false), names(true)], [['B.wxs', 'A.wxs'], ['B.wxs']]);
  });

  it("keeps a glob's files, as deep as it reaches, and counts those ignored", () => {
    const re = /^[^/]*\.wxs$/;
    assert.deepEqual(walk('/repo/src', { only: re, maxDepth: 0 }), ['A.wxs', 'C.tmp.wxs']);
    assert.deepEqual(walk('/repo/src', { only: /\.wxs$/, maxDepth: 1 }), ['A.wxs', 'C.tmp.wxs', 'binaries/Real.wxs']);
    const result = walkFolder(fs, path.resolve('/repo/gen'), { extensions: ['.wxs'], limit: 10, only: /^Drop\.wxs$/ });
    assert.deepEqual([result.files, result.ignoredFiles], [[], 1]);
  });

  it('stops at the limit and says so', () => {
    const result = walkFolder(fs, path.resolve('/repo'), { extensions: ['.wxs'], limit: 2 });
    assert.deepEqual([result.files.map((f) => path.basename(f)), result.truncated], [['Product.wxs', 'Kept.old.wxs'], true]);
  });
});
