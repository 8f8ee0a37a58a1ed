// Tests how the server finds its project on disk: .wixproj Compile items (paths, wildcards, SDK style), DefineConstants, the file cap.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectDefines, scanWorkspace, workspaceRoots } from '../../server/src/lsp/workspace';

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
  it('takes the Compile items (wildcards too) of every .wixproj, and an SDK-style project\'s .wxs files outside bin and obj', (t) => {
    const dir = tree(t, {
      'a/A.wixproj': project('<ItemGroup><Compile Include="src\\*.wxs" /><Compile Include="..\\shared\\Common.wxs;Missing.wxs" /></ItemGroup>'),
      'a/src/One.wxs': WXS,
      'a/src/deeper/Two.wxs': WXS,
      'a/Loose.wxs': WXS,
      'shared/Common.wxs': WXS,
      'b/B.wixproj': '<Project Sdk="WixToolset.Sdk/4.0.0"><PropertyGroup><Platform>arm64</Platform></PropertyGroup></Project>',
      'b/Package.wxs': WXS,
      'b/sub/Folders.wxs': WXS,
      'b/obj/Generated.wxs': WXS,
    });
    const scan = scanWorkspace([dir]);
    assert.deepEqual(
      scan.files.map((f) => path.relative(dir, f).split(path.sep).join('/')),
      ['a/src/One.wxs', 'b/Package.wxs', 'b/sub/Folders.wxs', 'shared/Common.wxs'],
    );
    assert.deepEqual(scan.platforms, ['arm64']);
    assert.equal(scan.projectFiles.length, 2);
    assert.equal(scan.warnings.length, 1);
    assert.match(scan.warnings[0]!, /Compile item 'Missing\.wxs' does not exist/);
  });

  it('without a .wixproj takes every .wxs, stopping with a warning at the cap', (t) => {
    const dir = tree(t, { 'A.wxs': WXS, 'B.wxs': WXS, 'c/C.wxs': WXS, 'node_modules/D.wxs': WXS, '.vs/E.wxs': WXS });
    assert.deepEqual(scanWorkspace([dir]).files.map((f) => path.relative(dir, f)), ['A.wxs', 'B.wxs', path.join('c', 'C.wxs')]);
    const capped = scanWorkspace([dir], 2);
    assert.deepEqual(capped.files.map((f) => path.relative(dir, f)), ['A.wxs', 'B.wxs']);
    assert.match(capped.warnings.join('\n'), /more than 2 WiX files/);
    assert.deepEqual(scanWorkspace([path.join(dir, 'does-not-exist')]), { files: [], projectFiles: [], platforms: [], defines: {}, warnings: [] });
  });
});

describe('projectDefines', () => {
  it('reads DefineConstants of unconditional PropertyGroups only, skipping $(...) references', () => {
    const text = project(
      '<PropertyGroup><DefineConstants>A=1; B ;$(DefineConstants);C=x=y</DefineConstants></PropertyGroup>' +
        "<PropertyGroup Condition=\"'$(Configuration)' == 'Debug'\"><DefineConstants>Debug=1</DefineConstants></PropertyGroup>" +
        "<PropertyGroup><DefineConstants Condition=\"'$(Platform)' == 'x64'\">Bits=64</DefineConstants></PropertyGroup>",
    );
    assert.deepEqual([...projectDefines('p.wixproj', text)], [['A', '1'], ['B', ''], ['C', 'x=y']]);
    assert.deepEqual([...projectDefines('p.wixproj', '<Project')], []);
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
