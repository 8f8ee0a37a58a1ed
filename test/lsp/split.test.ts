// The isa-mixing refactor over the real server: a `refactor.rewrite` code action whose WorkspaceEdit edits both seed files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspProcess } from './lspProcess';

// This file runs as out/test/lsp/split.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');
const DIR = path.join(os.tmpdir(), 'wixlint-lsp-split');
const PRODUCT_URI = pathToFileURL(path.join(DIR, 'Product.wxs')).href;
const COMPONENTS_URI = pathToFileURL(path.join(DIR, 'Components.wxs')).href;

describe('split into per-ISA packages (textDocument/codeAction)', () => {
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
