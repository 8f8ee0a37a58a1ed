// Navigation over the real server, on a copy of examples/v4: outline, definition, references, hover and completion.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, DocumentSymbol, Hover, Location } from 'vscode-languageserver';
import { LspProcess } from './lspProcess';

// This file runs as out/test/lsp/navigation.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-navigation-'));
const PACKAGE = path.join(DIR, 'Package.wxs');
const COMPONENTS = path.join(DIR, 'Components.wxs');
const PACKAGE_URI = pathToFileURL(PACKAGE).href;
const COMPONENTS_URI = pathToFileURL(COMPONENTS).href;

let server: LspProcess;

function outlineNames(symbols: DocumentSymbol[]): unknown[] {
  return symbols.map((s) =>
    s.children && s.children.length > 0 ? [`${s.name} (${s.detail})`, outlineNames(s.children)] : `${s.name} (${s.detail})`,
  );
}

function at(uri: string, line: number, character: number): { textDocument: { uri: string }; position: { line: number; character: number } } {
  return { textDocument: { uri }, position: { line, character } };
}

describe('navigation (textDocument/documentSymbol, definition, references, hover, completion)', () => {
  before(async () => {
    for (const name of ['Package.wxs', 'Components.wxs', 'wixlint.config.json'])
      fs.copyFileSync(path.join(REPO, 'examples', 'v4', name), path.join(DIR, name));
    server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    await server.request('initialize', { processId: process.pid, rootUri: pathToFileURL(DIR).href, capabilities: {} });
    server.notify('initialized', {});
    // Components.wxs stays closed: navigation reads it from the disk, as the linter does.
    server.notify('textDocument/didOpen', {
      textDocument: { uri: PACKAGE_URI, languageId: 'wxs', version: 1, text: fs.readFileSync(PACKAGE, 'utf8') },
    });
  });

  after(async () => {
    await server.request('shutdown', null);
    server.notify('exit', null);
    fs.rmSync(DIR, { recursive: true, force: true });
  });

  it('advertises the navigation capabilities', async () => {
    const probe = new LspProcess(process.execPath, [SERVER, '--stdio']);
    try {
      const init = (await probe.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
        capabilities: Record<string, unknown>;
      };
      const c = init.capabilities;
      assert.deepEqual(
        [
          c['documentSymbolProvider'],
          c['definitionProvider'],
          c['referencesProvider'],
          c['hoverProvider'],
          c['completionProvider'],
          c['renameProvider'],
          c['workspaceSymbolProvider'],
          c['documentHighlightProvider'],
          c['documentLinkProvider'],
        ],
        [true, true, true, true, { triggerCharacters: ['"', "'"] }, true, true, true, { resolveProvider: false }],
      );
    } finally {
      probe.kill();
    }
  });

  it('outlines a document: packages, folders, components, features and what they reference', async () => {
    const symbols = (await server.request('textDocument/documentSymbol', { textDocument: { uri: PACKAGE_URI } })) as DocumentSymbol[];
    assert.deepEqual(outlineNames(symbols), [
      [
        'Fabrikam Tools (Package)',
        [
          'FABRIKAMLICENSEDIR (Property)',
          ['ProgramFiles6432Folder (StandardDirectory)', [['ManufacturerFolder (Directory)', ['INSTALLFOLDER (Directory)']]]],
          ['Main (Feature)', ['FabrikamToolsComponents (ComponentGroupRef)']],
        ],
      ],
    ]);
    // The Package's range is the element; its selection is its name.
    assert.deepEqual(symbols[0]!.range, { start: { line: 6, character: 2 }, end: { line: 33, character: 12 } });
    assert.deepEqual(symbols[0]!.selectionRange, { start: { line: 6, character: 17 }, end: { line: 6, character: 31 } });
  });

  it('goes from a reference to its definition in another (closed) file', async () => {
    // <ComponentGroupRef Id="FabrikamToolsComponents" /> on line 32, the cursor inside the value.
    const found = (await server.request('textDocument/definition', at(PACKAGE_URI, 31, 35))) as Location[];
    assert.deepEqual(found, [{ uri: COMPONENTS_URI, range: { start: { line: 3, character: 24 }, end: { line: 3, character: 47 } } }]);
    // Outside any id: nothing.
    assert.deepEqual(await server.request('textDocument/definition', at(PACKAGE_URI, 12, 5)), []);
  });

  it('finds the references of a definition across files, with or without the declaration', async () => {
    // <Directory Id="INSTALLFOLDER" ...> on line 27; ComponentGroup Directory="INSTALLFOLDER" refers to it.
    const withDeclaration = (await server.request('textDocument/references', {
      ...at(PACKAGE_URI, 26, 26),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(withDeclaration, [
      { uri: PACKAGE_URI, range: { start: { line: 26, character: 23 }, end: { line: 26, character: 36 } } },
      { uri: COMPONENTS_URI, range: { start: { line: 3, character: 60 }, end: { line: 3, character: 73 } } },
    ]);
    const without = (await server.request('textDocument/references', {
      ...at(PACKAGE_URI, 26, 26),
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(without, withDeclaration.slice(1));
  });

  it('hovers with the kind, where it is defined, how often it is referenced, and what a standard folder is', async () => {
    const hover = (await server.request('textDocument/hover', at(PACKAGE_URI, 31, 30))) as Hover;
    assert.deepEqual(hover.contents, {
      kind: 'markdown',
      value: '**ComponentGroup** `FabrikamToolsComponents`\n\nDefined in `Components.wxs` line 4 (ComponentGroup).\n\n1 reference.',
    });
    assert.deepEqual(hover.range, { start: { line: 31, character: 29 }, end: { line: 31, character: 52 } });
    const folder = (await server.request('textDocument/hover', at(PACKAGE_URI, 24, 30))) as Hover;
    assert.deepEqual(folder.contents, {
      kind: 'markdown',
      value:
        '**Directory** `ProgramFiles6432Folder`\n\nWindows Installer standard folder. WiX v4: ProgramFiles64Folder in a 64-bit package, ProgramFilesFolder in a 32-bit one.\n\nDefined in `Package.wxs` line 25 (StandardDirectory).\n\n0 references.',
    });
    assert.equal(await server.request('textDocument/hover', at(PACKAGE_URI, 8, 10)), null);
  });

  it("hovers a component with what the last lint found: its bitness, how it is set, its folder, the package's platform", async () => {
    await server.notification('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === PACKAGE_URI);
    // <Component Id="DiagHelper64" Bitness="always64"> on line 14 of the closed Components.wxs.
    const hover = (await server.request('textDocument/hover', at(COMPONENTS_URI, 13, 22))) as Hover;
    assert.deepEqual(hover.contents, {
      kind: 'markdown',
      value:
        '**Component** `DiagHelper64`\n\nDefined in `Components.wxs` line 14 (Component).\n\n- x86: 64-bit (Bitness="always64"), in INSTALLFOLDER under ProgramFilesFolder; Package \'Fabrikam Tools\' is 32-bit.\n\n0 references.',
    });
  });

  it('hovers a folder with its bitness per platform and the folders up to the standard one', async () => {
    // The lint has run: the test before waited for its diagnostics.
    // <Directory Id="INSTALLFOLDER" ...> on line 27 of Package.wxs.
    const hover = (await server.request('textDocument/hover', at(PACKAGE_URI, 26, 26))) as Hover;
    assert.deepEqual(hover.contents, {
      kind: 'markdown',
      value:
        '**Directory** `INSTALLFOLDER`\n\nDefined in `Package.wxs` line 27 (Directory).\n\n- x86: 32-bit, under ProgramFilesFolder (INSTALLFOLDER ← ManufacturerFolder ← ProgramFilesFolder).\n\n1 reference.',
    });
  });

  it('hovers a component without an Id on its element name, with what the last lint found', async () => {
    // The first <Component> of Components.wxs, line 6: default bitness, so 32-bit in the x86 build.
    const hover = (await server.request('textDocument/hover', at(COMPONENTS_URI, 5, 9))) as Hover;
    assert.deepEqual(hover, {
      contents: {
        kind: 'markdown',
        value:
          "**Component** (no Id: the compiler generates one)\n\n- x86: 32-bit (the default), in INSTALLFOLDER under ProgramFilesFolder; Package 'Fabrikam Tools' is 32-bit.",
      },
      range: { start: { line: 5, character: 7 }, end: { line: 5, character: 16 } },
    });
    // Its File child is no component.
    assert.equal(await server.request('textDocument/hover', at(COMPONENTS_URI, 6, 10)), null);
  });

  it("follows formatted text: [ProductName] is set by the package, [INSTALLFOLDER] is the folder's path", async () => {
    // <MajorUpgrade DowngradeErrorMessage="A newer version of [ProductName] is already installed." /> on line 12.
    const productName = (await server.request('textDocument/hover', at(PACKAGE_URI, 11, 63))) as Hover;
    assert.deepEqual(productName.contents, {
      kind: 'markdown',
      value:
        '**Property** `ProductName`\n\nNot defined in the project: Windows Installer or the package sets it (ProductName, INSTALLLEVEL...), or it comes from the command line.\n\n1 reference.',
    });
    assert.deepEqual(await server.request('textDocument/definition', at(PACKAGE_URI, 11, 63)), []);
  });

  it('renames an id in every file that defines or references it, and refuses what cannot be renamed', async () => {
    // INSTALLFOLDER: defined on line 27 of Package.wxs, referenced by the ComponentGroup in (closed) Components.wxs.
    assert.deepEqual(await server.request('textDocument/prepareRename', at(PACKAGE_URI, 26, 26)), {
      range: { start: { line: 26, character: 23 }, end: { line: 26, character: 36 } },
      placeholder: 'INSTALLFOLDER',
    });
    assert.deepEqual(await server.request('textDocument/rename', { ...at(COMPONENTS_URI, 3, 65), newName: 'APPFOLDER' }), {
      changes: {
        [PACKAGE_URI]: [{ range: { start: { line: 26, character: 23 }, end: { line: 26, character: 36 } }, newText: 'APPFOLDER' }],
        [COMPONENTS_URI]: [{ range: { start: { line: 3, character: 60 }, end: { line: 3, character: 73 } }, newText: 'APPFOLDER' }],
      },
    });
    // A standard folder's name is fixed; a name the compiler refuses is refused with the reason.
    assert.equal(await server.request('textDocument/prepareRename', at(PACKAGE_URI, 24, 30)), null);
    await assert.rejects(
      server.request('textDocument/rename', { ...at(PACKAGE_URI, 24, 30), newName: 'Mine' }),
      /'ProgramFiles6432Folder' is a Windows Installer standard folder: its name is fixed\./,
    );
    await assert.rejects(server.request('textDocument/rename', { ...at(PACKAGE_URI, 26, 26), newName: '9lives' }), /'9lives' is not a valid WiX id/);
    // Nor can a directory of the project take a standard folder's name.
    for (const folder of ['ProgramFiles64Folder', 'WindowsVolume', 'PerUserProgramFilesFolder']) {
      await assert.rejects(
        server.request('textDocument/rename', { ...at(PACKAGE_URI, 26, 26), newName: folder }),
        (e: Error) =>
          e.message ===
          `textDocument/rename failed: '${folder}' is a Windows Installer standard folder: a directory of the project cannot take its name. Pick a name of its own.`,
      );
    }
  });

  it("finds the project's ids by part of their name (go to symbol in workspace)", async () => {
    const found = (await server.request('workspace/symbol', { query: 'folder' })) as { name: string; containerName: string; location: Location }[];
    assert.deepEqual(found.map((f) => [f.name, f.containerName, path.basename(f.location.uri)]).sort(), [
      ['INSTALLFOLDER', 'Directory', 'Package.wxs'],
      ['ManufacturerFolder', 'Directory', 'Package.wxs'],
      ['ProgramFiles6432Folder', 'StandardDirectory', 'Package.wxs'],
    ]);
    assert.deepEqual(await server.request('workspace/symbol', { query: 'nothing-like-this' }), []);
  });

  it('survives whatever a client sends: missing positions, unknown documents, junk', async () => {
    const junk: [string, unknown][] = [
      ['textDocument/definition', { textDocument: { uri: PACKAGE_URI } }],
      ['textDocument/references', { textDocument: { uri: 'file:///nowhere/x.wxs' }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: PACKAGE_URI }, position: { line: -5, character: 1e9 } }],
      ['textDocument/completion', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } }],
      ['textDocument/documentSymbol', { textDocument: { uri: 42 } }],
    ];
    const answers = [];
    for (const [method, params] of junk) answers.push(await server.request(method, params));
    assert.deepEqual(answers, [[], [], null, [], []]);
    // No params at all: the protocol library answers with an error before any handler runs.
    await assert.rejects(server.request('textDocument/definition', null), /failed/);
    // Still answering.
    assert.equal(((await server.request('textDocument/definition', at(PACKAGE_URI, 31, 35))) as Location[]).length, 1);
  });

  it('completes ids where a reference is typed, from every file, while the document does not parse', async () => {
    const text = fs.readFileSync(PACKAGE, 'utf8').replace('<Feature Id="Main">', '<Feature Id="Main">\n      <ComponentGroupRef Id="Fab');
    server.notify('textDocument/didChange', { textDocument: { uri: PACKAGE_URI, version: 2 }, contentChanges: [{ text }] });
    const items = (await server.request('textDocument/completion', at(PACKAGE_URI, 31, 32))) as CompletionItem[];
    assert.deepEqual(items, [
      {
        label: 'FabrikamToolsComponents',
        kind: 9,
        detail: 'ComponentGroup in Components.wxs',
        textEdit: { range: { start: { line: 31, character: 29 }, end: { line: 31, character: 32 } }, newText: 'FabrikamToolsComponents' },
      },
    ]);
    // A Directory attribute: the project's directories (this file's from its last good text), then the standard folders.
    const directoryText = text.replace('<ComponentGroupRef Id="Fab', '<Component Directory="');
    server.notify('textDocument/didChange', { textDocument: { uri: PACKAGE_URI, version: 3 }, contentChanges: [{ text: directoryText }] });
    const directories = (await server.request('textDocument/completion', at(PACKAGE_URI, 31, 28))) as CompletionItem[];
    const labels = directories.map((d) => d.label);
    assert.deepEqual(labels.slice(0, 3), ['ProgramFiles6432Folder', 'ManufacturerFolder', 'INSTALLFOLDER']);
    assert.ok(labels.includes('ProgramFiles64Folder') && labels.includes('CommonFiles6432Folder'), labels.join(' '));
    assert.equal(labels.filter((l) => l === 'ProgramFiles6432Folder').length, 1);
    // Not in an attribute that names a symbol: nothing.
    assert.deepEqual(await server.request('textDocument/completion', at(PACKAGE_URI, 6, 17)), []);
  });
});
