// The isa-mixing refactor over the real server: a `refactor.rewrite` code action whose WorkspaceEdit edits both seed files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CreateFile, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver';
import { LspProcess } from './lspProcess';

// This file runs as out/test/lsp/split.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');
const DIR = path.join(os.tmpdir(), 'wixlint-lsp-split');
const PRODUCT_URI = pathToFileURL(path.join(DIR, 'Product.wxs')).href;
const COMPONENTS_URI = pathToFileURL(path.join(DIR, 'Components.wxs')).href;

/** A server with the v3 seed open in `dir` (its Config.wxi copied there): the isa-mixing diagnostic and a code action request. */
async function openSeed(
  t: { after: (fn: () => void) => void },
  dir: string,
  capabilities: object,
  rootUri: string | null = null,
): Promise<{ server: LspProcess; diagnostic: Diagnostic; ask: (only: string[]) => Promise<CodeAction[]> }> {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'examples', 'v3', 'Config.wxi'), path.join(dir, 'Config.wxi'));
  const productUri = pathToFileURL(path.join(dir, 'Product.wxs')).href;
  const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
  t.after(() => server.kill());
  await server.request('initialize', { processId: process.pid, rootUri, capabilities });
  server.notify('initialized', {});
  const published = server.notification('textDocument/publishDiagnostics', (p) => {
    const d = p as PublishDiagnosticsParams;
    return d.uri === productUri && d.diagnostics.some((x) => x.code === 'isa-mixing');
  });
  for (const name of ['Components.wxs', 'Product.wxs']) {
    const text = fs.readFileSync(path.join(REPO, 'examples', 'v3', name), 'utf8');
    server.notify('textDocument/didOpen', { textDocument: { uri: pathToFileURL(path.join(dir, name)).href, languageId: 'wxs', version: 1, text } });
  }
  const diagnostic = ((await published) as PublishDiagnosticsParams).diagnostics.find((d) => d.code === 'isa-mixing') as Diagnostic;
  const ask = async (only: string[]): Promise<CodeAction[]> =>
    (await server.request('textDocument/codeAction', {
      textDocument: { uri: productUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only },
    })) as CodeAction[];
  return { server, diagnostic, ask };
}

describe('split into per-ISA packages (textDocument/codeAction)', () => {
  it('with CreateFile support, also offers the variant with a Burn bundle: documentChanges creating Bundle2.wxs beside an existing Bundle.wxs', async (t) => {
    const dir = path.join(os.tmpdir(), 'wixlint-lsp-split-bundle');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Bundle.wxs'), '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi" />\n');
    const { server, ask } = await openSeed(t, dir, { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } });
    const refactors = await ask(['refactor.rewrite']);
    assert.deepEqual(
      refactors.map((a) => [a.title, a.kind]),
      [
        ['Split into per-ISA packages (single source per platform)', 'refactor.rewrite'],
        ['Split into per-ISA packages (single source) and add a Burn bundle', 'refactor.rewrite'],
        ['Split into one .wxs per ISA', 'refactor.rewrite'],
        ['Split into one .wxs per ISA and add a Burn bundle', 'refactor.rewrite'],
      ],
    );
    // Form (b): edits Components.wxs (the twins move out) and creates Product.x86.wxs and Product.x64.wxs, never overwriting.
    const perIsa = refactors[2]!.edit?.documentChanges ?? [];
    assert.deepEqual(
      (perIsa.slice(0, 1) as TextDocumentEdit[]).map((c) => [c.textDocument.uri, c.textDocument.version]),
      [[pathToFileURL(path.join(dir, 'Components.wxs')).href, 1]],
    );
    const created = perIsa.slice(1) as (CreateFile | TextDocumentEdit)[];
    assert.deepEqual(
      created.filter((c): c is CreateFile => 'kind' in c),
      ['x86', 'x64'].map((isa) => ({
        kind: 'create',
        uri: pathToFileURL(path.join(dir, `Product.${isa}.wxs`)).href,
        options: { overwrite: false, ignoreIfExists: false },
      })),
    );
    const texts = created.filter((c): c is TextDocumentEdit => !('kind' in c)).map((c) => c.edits[0]!.newText);
    assert.match(texts[0]!, /<Directory Id="ProgramFilesFolder">[\s\S]*<Component Id="ShellExt32" Win64="no"/);
    assert.match(texts[1]!, /<Directory Id="ProgramFiles64Folder">[\s\S]*<Component Id="ShellExt64" [^>]*Win64="yes"/);
    const bundleUri = pathToFileURL(path.join(dir, 'Bundle2.wxs')).href;
    const changes = refactors[1]!.edit?.documentChanges ?? [];
    const edited = changes.slice(0, -2) as TextDocumentEdit[];
    assert.deepEqual(edited.map((c) => [c.textDocument.uri, c.textDocument.version]).sort(), [
      [pathToFileURL(path.join(dir, 'Components.wxs')).href, 1],
      [pathToFileURL(path.join(dir, 'Product.wxs')).href, 1],
    ]);
    // The same edits as form (a), whose WorkspaceEdit uses `changes`.
    const plain = refactors[0]!.edit?.changes ?? {};
    for (const c of edited) assert.deepEqual(c.edits, plain[c.textDocument.uri]);
    assert.deepEqual(changes[changes.length - 2] as CreateFile, {
      kind: 'create',
      uri: bundleUri,
      options: { overwrite: false, ignoreIfExists: false },
    });
    const content = changes[changes.length - 1] as TextDocumentEdit;
    assert.equal(content.textDocument.uri, bundleUri);
    assert.equal(content.textDocument.version, null);
    assert.equal(content.edits.length, 1);
    assert.deepEqual(content.edits[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(content.edits[0]!.newText, /<MsiPackage SourceFile="Product-x64\.msi" InstallCondition="VersionNT64" \/>/);
    await server.request('shutdown', null);
    server.notify('exit', null);
  });

  it('with the .wixproj that compiles the product: the project builds per ISA, and the bundle gets Bundle/Bundle.wixproj referencing it', async (t) => {
    const dir = path.join(os.tmpdir(), 'wixlint-lsp-split-project');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const project = path.join(dir, 'Product.wixproj');
    fs.copyFileSync(path.join(REPO, 'test', 'fixes', 'projects', 'v3-Product.wixproj'), project);
    const capabilities = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } };
    const { server, ask } = await openSeed(t, dir, capabilities, pathToFileURL(dir).href);
    const refactors = await ask(['refactor.rewrite']);
    assert.equal(refactors.length, 4);
    // Form (a): the project, not open, is edited on disk's text: x64 configurations and an OutputName per platform.
    const projectUri = pathToFileURL(project).href;
    const projectEdits = refactors[0]!.edit?.changes?.[projectUri] ?? [];
    assert.deepEqual(
      projectEdits.map((e) => e.newText.trim().split('\n')[0]),
      [
        `<PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|x64' ">`,
        `<PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|x64' ">`,
        'ContosoShellExt-$(Platform)',
      ],
    );
    const header = refactors[0]!.edit!.changes![pathToFileURL(path.join(dir, 'Product.wxs')).href]![0]!.newText;
    assert.match(header, /Build: msbuild Product\.wixproj -p:Platform=x86, which makes ContosoShellExt-x86\.msi/);
    // With a bundle: the same project edits, and Bundle/Bundle.wxs and Bundle/Bundle.wixproj created.
    const changes = refactors[1]!.edit?.documentChanges ?? [];
    const projectChange = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === projectUri)!;
    assert.deepEqual([projectChange.textDocument.version, projectChange.edits], [null, projectEdits]);
    assert.deepEqual(
      changes.filter((c): c is CreateFile => 'kind' in c).map((c) => c.uri),
      [pathToFileURL(path.join(dir, 'Bundle', 'Bundle.wxs')).href, pathToFileURL(path.join(dir, 'Bundle', 'Bundle.wixproj')).href],
    );
    const texts = changes
      .filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri.includes('/Bundle/'))
      .map((c) => c.edits[0]!.newText);
    assert.match(texts[0]!, /<MsiPackage SourceFile="\$\(var\.Product\.x64\.TargetPath\)" InstallCondition="VersionNT64" \/>/);
    assert.match(texts[1]!, /<ProjectReference Include="\.\.\\Product\.wixproj">\n {6}<Name>Product\.x64<\/Name>/);
    await server.request('shutdown', null);
    server.notify('exit', null);
  });

  it('never creates a file outside the workspace folders: a source linked from outside gets no per-ISA sources beside it', async (t) => {
    const base = path.join(os.tmpdir(), 'wixlint-lsp-split-outside');
    fs.rmSync(base, { recursive: true, force: true });
    const workspace = path.join(base, 'ws', 'installer');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(workspace, { recursive: true });
    // The project in the workspace compiles sources from outside it, as `<Compile Include="../../outside/*.wxs" />` does.
    fs.writeFileSync(
      path.join(workspace, 'Setup.wixproj'),
      '<Project><ItemGroup><Compile Include="../../outside/Product.wxs" /><Compile Include="../../outside/Components.wxs" /></ItemGroup></Project>\n',
    );
    const capabilities = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } };
    const { server, ask } = await openSeed(t, outside, capabilities, pathToFileURL(path.join(base, 'ws')).href);
    const refactors = await ask(['refactor.rewrite']);
    // The bundle goes beside the project, inside the workspace; the one-.wxs-per-ISA forms would write beside the sources.
    assert.deepEqual(
      refactors.map((a) => [a.title, a.edit?.documentChanges === undefined]),
      [
        ['Split into per-ISA packages (single source per platform)', true],
        ['Split into per-ISA packages (single source) and add a Burn bundle', false],
      ],
    );
    assert.deepEqual(
      (refactors[1]!.edit?.documentChanges ?? []).filter((c): c is CreateFile => 'kind' in c).map((c) => c.uri),
      ['Bundle.wxs', 'Bundle.wixproj'].map((f) => pathToFileURL(path.join(workspace, 'Bundle', f)).href),
    );
    // Nothing was written beside the sources either.
    assert.equal(
      fs.readdirSync(outside).some((f) => /Bundle|\.x(86|64)\.wxs$/.test(f)),
      false,
    );
    await server.request('shutdown', null);
    server.notify('exit', null);
  });

  it('when the client shows documents, ends each file-creating action by showing the new files, the last one focused', async (t) => {
    const dir = path.join(os.tmpdir(), 'wixlint-lsp-split-show');
    fs.rmSync(dir, { recursive: true, force: true });
    const { server, ask } = await openSeed(t, dir, {
      workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
      window: { showDocument: { support: true } },
    });
    const shown: unknown[] = [];
    server.handlers.set('window/showDocument', (params) => {
      shown.push(params);
      return { success: true };
    });
    const refactors = await ask(['refactor.rewrite']);
    const perIsa = pathToFileURL(path.join(dir, 'Product.x86.wxs')).href;
    const perIsa64 = pathToFileURL(path.join(dir, 'Product.x64.wxs')).href;
    const bundle = pathToFileURL(path.join(dir, 'Bundle.wxs')).href;
    assert.deepEqual(
      refactors.map((a) => a.command),
      [
        undefined,
        { title: 'Show the new files', command: 'wixlint.showCreatedFiles', arguments: [bundle] },
        { title: 'Show the new files', command: 'wixlint.showCreatedFiles', arguments: [perIsa, perIsa64] },
        { title: 'Show the new files', command: 'wixlint.showCreatedFiles', arguments: [perIsa, perIsa64, bundle] },
      ],
    );
    assert.equal(await server.request('workspace/executeCommand', refactors[3]!.command), null);
    assert.deepEqual(shown, [
      { uri: perIsa, takeFocus: false },
      { uri: perIsa64, takeFocus: false },
      { uri: bundle, takeFocus: true },
    ]);
    // Anything else in the arguments is not a file of ours to show.
    shown.length = 0;
    assert.equal(
      await server.request('workspace/executeCommand', { command: 'wixlint.showCreatedFiles', arguments: [42, 'https://example.com/x', bundle] }),
      null,
    );
    assert.deepEqual(shown, [{ uri: bundle, takeFocus: true }]);
    await server.request('shutdown', null);
    server.notify('exit', null);
  });

  it('without resourceOperations create, offers no action that creates a file', async (t) => {
    const dir = path.join(os.tmpdir(), 'wixlint-lsp-split-nocreate');
    const { server, ask } = await openSeed(t, dir, { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } } });
    assert.deepEqual(
      (await ask(['refactor'])).map((a) => a.title),
      ['Split into per-ISA packages (single source per platform)'],
    );
    await server.request('shutdown', null);
    server.notify('exit', null);
  });

  it('offers the refactor as refactor.rewrite on the isa-mixing diagnostic, editing both files, and not as a quick fix', async (t) => {
    fs.mkdirSync(DIR, { recursive: true });
    fs.copyFileSync(path.join(REPO, 'examples', 'v3', 'Config.wxi'), path.join(DIR, 'Config.wxi'));
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    server.notify('initialized', {});
    const published = server.notification('textDocument/publishDiagnostics', (p) => {
      const d = p as PublishDiagnosticsParams;
      return d.uri === PRODUCT_URI && d.diagnostics.some((x) => x.code === 'isa-mixing');
    });
    for (const [uri, name] of [
      [COMPONENTS_URI, 'Components.wxs'],
      [PRODUCT_URI, 'Product.wxs'],
    ] as const) {
      const text = fs.readFileSync(path.join(REPO, 'examples', 'v3', name), 'utf8');
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'wxs', version: 1, text } });
    }
    const diagnostic = ((await published) as PublishDiagnosticsParams).diagnostics.find((d) => d.code === 'isa-mixing') as Diagnostic;
    const ask = async (only: string[]): Promise<CodeAction[]> =>
      (await server.request('textDocument/codeAction', {
        textDocument: { uri: PRODUCT_URI },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only },
      })) as CodeAction[];

    const refactors = await ask(['refactor']);
    assert.deepEqual(
      refactors.map((a) => [a.title, a.kind, Object.keys(a.edit?.changes ?? {}).sort()]),
      [['Split into per-ISA packages (single source per platform)', 'refactor.rewrite', [COMPONENTS_URI, PRODUCT_URI].sort()]],
    );
    assert.deepEqual(await ask(['quickfix']), []);
    await server.request('shutdown', null);
    server.notify('exit', null);
  });
});
