// Tests how the server finds the WiX files of its workspace folders, and which folders those are.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { scanWorkspace, workspaceFolderOf, workspaceRoots } from '../../server/src/lsp/workspace';

const WXS = '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Fragment /></Wix>\n';

function tree(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-scan-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const project = (body: string): string => `<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">${body}</Project>\n`;

describe('scanWorkspace', () => {
  it('finds every .wxs and .wixproj below the folders, skipping node_modules, bin, obj and dot-folders, what .gitignore excludes, and what a config ignores', (t) => {
    const dir = tree(t, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '*.generated.wxs\n',
      'a/A.wixproj': project('<ItemGroup><Compile Include="src\\*.wxs" /></ItemGroup>'),
      'a/src/One.wxs': WXS,
      'a/src/Two.generated.wxs': WXS,
      'a/Loose.wxs': WXS,
      'a/bin/Release/Copy.wxs': WXS,
      'a/Bin/Debug/Copy.wxs': WXS,
      'a/OBJ/Copy.wxs': WXS,
      'b/gen/Generated.wxs': WXS,
      'node_modules/D.wxs': WXS,
      '.vs/E.wxs': WXS,
    });
    const scan = scanWorkspace([dir]);
    const rel = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
    assert.deepEqual(
      [rel(scan.sources), rel(scan.projectFiles), scan.warnings],
      [['a/Loose.wxs', 'a/src/One.wxs', 'b/gen/Generated.wxs'], ['a/A.wixproj'], []],
    );
    assert.deepEqual(rel(scanWorkspace([dir], (f) => f.endsWith(`${path.sep}gen`)).sources), ['a/Loose.wxs', 'a/src/One.wxs']);
  });

  it('stops with a warning at the cap', (t) => {
    const dir = tree(t, { 'A.wxs': WXS, 'B.wxs': WXS, 'c/C.wxs': WXS });
    const capped = scanWorkspace([dir], () => false, 2);
    assert.deepEqual(
      capped.sources.map((f) => path.relative(dir, f)),
      ['A.wxs', 'B.wxs'],
    );
    assert.match(capped.warnings.join('\n'), /more than 2 WiX files/);
    assert.deepEqual(scanWorkspace([path.join(dir, 'does-not-exist')]), { sources: [], projectFiles: [], warnings: [] });
  });
});

describe('workspaceRoots', () => {
  it('prefers workspaceFolders, then rootUri, then rootPath, and skips non-file URIs', () => {
    const a = path.resolve('/tmp/a');
    const b = path.resolve('/tmp/b');
    const uri = (p: string): string => pathToFileURL(p).href;
    assert.deepEqual(workspaceRoots({ workspaceFolders: [{ uri: uri(a) }, { uri: 'vscode-vfs://github/x' }], rootUri: uri(b) }), [a]);
    assert.deepEqual(workspaceRoots({ workspaceFolders: null, rootUri: uri(b) }), [b]);
    assert.deepEqual(workspaceRoots({ rootUri: null, rootPath: b }), [b]);
    assert.deepEqual(workspaceRoots({ rootUri: null }), []);
  });
});

describe('workspaceFolderOf', () => {
  it('names the innermost folder holding a file, and none for a file outside them or not on disk', () => {
    const outer = path.resolve('/tmp/ws');
    const inner = path.join(outer, 'installer');
    const other = path.resolve('/tmp/ws-other');
    const roots = [outer, inner, other];
    assert.equal(workspaceFolderOf(path.join(outer, 'Product.wxs'), roots), outer);
    assert.equal(workspaceFolderOf(path.join(inner, 'src', 'Product.wxs'), roots), inner);
    assert.equal(workspaceFolderOf(path.join(inner, 'src', 'Product.wxs'), [inner, outer]), inner);
    assert.equal(workspaceFolderOf(path.join(other, '..foo.wxs'), roots), other);
    assert.equal(workspaceFolderOf(inner, roots), inner);
    // A sibling whose name starts with a folder's name is not inside it.
    assert.equal(workspaceFolderOf(path.resolve('/tmp/ws-elsewhere/Product.wxs'), [outer]), undefined);
    assert.equal(workspaceFolderOf(path.resolve('/tmp/Product.wxs'), roots), undefined);
    assert.equal(workspaceFolderOf('untitled:Untitled-1', roots), undefined);
  });
});
