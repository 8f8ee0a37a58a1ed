// End-to-end tests of the language server as real processes (out/, `wixlint lsp`, dist/server.js), with hand-framed JSON-RPC.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspProcess } from './lspProcess';
import { ISA_MIXING_PRODUCT } from './documents';

// This file runs as out/test/lsp/server.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');
const BIN = path.join(REPO, 'bin', 'wixlint.js');
const DIST_CLI = path.join(REPO, 'dist', 'cli.js');
const DIST_SERVER = path.join(REPO, 'dist', 'server.js');

const DOCS = 'https://github.com/wixlint/wixlint/blob/main/docs/rules/';
const ERROR = 1;
const WARNING = 2;

// The files need not exist: the server reads open documents from the editor.
const DIR = path.join(os.tmpdir(), 'wixlint-lsp-test');
const PRODUCT_URI = pathToFileURL(path.join(DIR, 'Product.wxs')).href;
const MAIN_URI = pathToFileURL(path.join(DIR, 'Main.wxs')).href;
const INCLUDE_URI = pathToFileURL(path.join(DIR, 'Parts.wxi')).href;

const PRODUCT = ISA_MIXING_PRODUCT;

/** The same package, its component moved into an include. */
const MAIN = PRODUCT.replace(/ {10}<Component[\s\S]*<\/Component>/, '          <?include Parts.wxi ?>');
const INCLUDE = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Include>',
  '  <Component Id="Core64" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}" Win64="yes">',
  '    <File Id="CoreDll" Source="core.dll" KeyPath="yes" />',
  '  </Component>',
  '</Include>',
  '',
].join('\n');

interface Seen {
  code: unknown;
  severity: unknown;
  source: unknown;
  href: unknown;
  range: [number, number, number, number];
}

function seen(d: Diagnostic): Seen {
  return {
    code: d.code,
    severity: d.severity,
    source: d.source,
    href: d.codeDescription?.href,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
  };
}

function expected(code: string, severity: number, range: [number, number, number, number]): Seen {
  return { code, severity, source: 'wixlint', href: `${DOCS}${code}.md`, range };
}

/** The text a diagnostic's range covers in a document with LF line ends. */
function covered(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  assert.equal(d.range.start.line, d.range.end.line, 'single-line range');
  return lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character);
}

async function initialize(server: LspProcess, capabilities: object = {}): Promise<InitializeResult> {
  const result = (await server.request('initialize', { processId: process.pid, rootUri: null, capabilities })) as InitializeResult;
  server.notify('initialized', {});
  return result;
}

/** The diagnostics published for this document at this version. */
async function diagnostics(server: LspProcess, uri: string, version?: number): Promise<Diagnostic[]> {
  const params = (await server.notification('textDocument/publishDiagnostics', (p) => {
    const d = p as PublishDiagnosticsParams;
    return d.uri === uri && (version === undefined || d.version === version);
  })) as PublishDiagnosticsParams;
  return params.diagnostics;
}

async function shutdown(server: LspProcess): Promise<void> {
  assert.equal(await server.request('shutdown', null), null);
  server.notify('exit', null);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
}

function open(server: LspProcess, uri: string, text: string, languageId = 'wxs', version = 1): void {
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
}

function change(server: LspProcess, uri: string, version: number, text: string): void {
  server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

describe('language server (out/server/src/node/main.js --stdio)', () => {
  it('publishes diagnostics while editing, survives a broken document and exits 0 after shutdown', async (t) => {
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    // No workspace/configuration capability: the defaults (x86, default severities) apply.
    const init = await initialize(server, { workspace: { configuration: false } });
    assert.equal(init.capabilities.textDocumentSync, 2, 'incremental document sync');

    open(server, PRODUCT_URI, PRODUCT);
    const original = await diagnostics(server, PRODUCT_URI, 1);
    assert.deepEqual(original.map(seen), [
      expected('isa-mixing', ERROR, [2, 3, 2, 10]),
      expected('ice80', ERROR, [7, 11, 7, 20]),
      expected('ice80', ERROR, [7, 79, 7, 90]),
    ]);
    assert.deepEqual(
      original.map((d) => covered(PRODUCT, d)),
      ['Product', 'Component', 'Win64="yes"'],
    );
    for (const d of original) {
      assert.ok(d.message.includes("'Core64'"), d.message);
      assert.ok(d.message.endsWith(' [x86]'), `platforms appended: ${d.message}`);
    }

    // Cut off inside the component's directory: one parse error at the end of the text, nothing else.
    const broken = PRODUCT.split('\n').slice(0, 7).join('\n');
    change(server, PRODUCT_URI, 2, broken);
    const parseErrors = await diagnostics(server, PRODUCT_URI, 2);
    assert.deepEqual(parseErrors.map(seen), [expected('parse-error', ERROR, [6, 50, 6, 50])]);
    assert.match(parseErrors[0]!.message, /^Unexpected end of file\b.*\[x86\]$/);

    change(server, PRODUCT_URI, 3, PRODUCT);
    assert.deepEqual(await diagnostics(server, PRODUCT_URI, 3), original);

    // Positions are the editor's: CRLF line ends move no character.
    change(server, PRODUCT_URI, 4, PRODUCT.replace(/\n/g, '\r\n'));
    assert.deepEqual(await diagnostics(server, PRODUCT_URI, 4), original);

    // Edits as an editor sends them under incremental sync: ranges replaced, several in one notification, in order.
    // Win64="yes" (line 7, characters 79-90) becomes "no" in two keystrokes, then "yes" again.
    const win64 = { start: { line: 7, character: 86 }, end: { line: 7, character: 89 } };
    server.notify('textDocument/didChange', {
      textDocument: { uri: PRODUCT_URI, version: 5 },
      contentChanges: [
        { range: win64, text: 'n' },
        { range: { start: { line: 7, character: 87 }, end: { line: 7, character: 87 } }, text: 'o' },
      ],
    });
    assert.deepEqual(await diagnostics(server, PRODUCT_URI, 5), []);
    server.notify('textDocument/didChange', {
      textDocument: { uri: PRODUCT_URI, version: 6 },
      contentChanges: [{ range: { start: { line: 7, character: 86 }, end: { line: 7, character: 88 } }, text: 'yes' }],
    });
    assert.deepEqual(await diagnostics(server, PRODUCT_URI, 6), original);

    await shutdown(server);
  });

  it('lints the open documents as one project: an open include is read from the editor, and cleared when nothing includes it', async (t) => {
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    await initialize(server);

    // Neither file exists on disk, so the include can only come from the open document.
    open(server, INCLUDE_URI, INCLUDE, 'wxi');
    open(server, MAIN_URI, MAIN);
    assert.deepEqual((await diagnostics(server, INCLUDE_URI, 1)).map(seen), [
      expected('ice80', ERROR, [2, 3, 2, 12]),
      expected('ice80', ERROR, [2, 71, 2, 82]),
    ]);
    assert.deepEqual((await diagnostics(server, MAIN_URI, 1)).map(seen), [expected('isa-mixing', ERROR, [2, 3, 2, 10])]);

    server.notify('textDocument/didClose', { textDocument: { uri: MAIN_URI } });
    assert.deepEqual(await diagnostics(server, INCLUDE_URI, 1), []);
    assert.deepEqual(await diagnostics(server, MAIN_URI), []);

    await shutdown(server);
  });

  it('reads wixlint.platforms and wixlint.rules from workspace/configuration, again after didChangeConfiguration', async (t) => {
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    let settings: unknown = { platforms: ['x64'], rules: {} };
    const asked: unknown[] = [];
    server.handlers.set('workspace/configuration', (params) => {
      asked.push(params);
      return [settings];
    });
    await initialize(server, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });

    open(server, PRODUCT_URI, PRODUCT);
    // An x64 package may hold 64-bit components; only the 32-bit folder remains.
    assert.deepEqual((await diagnostics(server, PRODUCT_URI, 1)).map(seen), [expected('ice80', ERROR, [7, 11, 7, 20])]);
    assert.deepEqual(asked, [{ items: [{ section: 'wixlint' }] }]);
    assert.ok(
      server.unclaimed().some((m) => m.method === 'client/registerCapability'),
      'registers for configuration changes',
    );

    settings = { platforms: ['x64', 'x86', 'bogus'], rules: { ice80: 'warning', 'isa-mixing': 'off', nope: 'loud' } };
    server.notify('workspace/didChangeConfiguration', { settings: null });
    const after = await diagnostics(server, PRODUCT_URI, 1);
    assert.deepEqual(after.map(seen), [expected('ice80', WARNING, [7, 11, 7, 20]), expected('ice80', WARNING, [7, 79, 7, 90])]);
    assert.deepEqual(
      after.map((d) => d.message.slice(d.message.lastIndexOf(' ['))),
      [' [x86, x64]', ' [x86]'],
    );
    assert.equal(asked.length, 2);

    await shutdown(server);
  });

  it('takes the settings pushed with didChangeConfiguration when the client cannot be asked', async (t) => {
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    await initialize(server);
    open(server, PRODUCT_URI, PRODUCT);
    assert.equal((await diagnostics(server, PRODUCT_URI, 1)).length, 3);

    server.notify('workspace/didChangeConfiguration', { settings: { wixlint: { rules: { ice80: 'off' } } } });
    assert.deepEqual((await diagnostics(server, PRODUCT_URI, 1)).map(seen), [expected('isa-mixing', ERROR, [2, 3, 2, 10])]);

    await shutdown(server);
  });
});

/** These tests run the bundles and build nothing themselves. */
function assertBuilt(...files: string[]): void {
  for (const file of files) {
    assert.ok(fs.existsSync(file), `${path.relative(REPO, file)} is missing: build the bundles first (npm run build, or node scripts/bundle.mjs)`);
  }
}

describe('the bundles in dist/', () => {
  it('wixlint lsp --stdio answers initialize, lints, and exits 0 after shutdown', async (t) => {
    assertBuilt(DIST_CLI, DIST_SERVER);
    const server = new LspProcess(process.execPath, [BIN, 'lsp', '--stdio']);
    t.after(() => server.kill());
    const init = await initialize(server);
    assert.equal(init.capabilities.textDocumentSync, 2);
    assert.equal(init.serverInfo?.name, 'wixlint');
    open(server, PRODUCT_URI, PRODUCT);
    assert.equal((await diagnostics(server, PRODUCT_URI, 1)).length, 3);
    await shutdown(server);
  });

  it('dist/server.js answers over node IPC, as the VS Code client starts it', async (t) => {
    assertBuilt(DIST_SERVER);
    const child = fork(DIST_SERVER, ['--node-ipc', `--clientProcessId=${process.pid}`], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    t.after(() => child.kill());
    const responses: Map<number, unknown> = new Map();
    const answered = (id: number): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no response ${id} over IPC`)), 10_000);
        const check = (): void => {
          if (!responses.has(id)) return;
          clearTimeout(timer);
          child.off('message', check);
          resolve(responses.get(id));
        };
        child.on('message', check);
        check();
      });
    child.on('message', (m: { id?: number; result?: unknown }) => {
      if (typeof m.id === 'number') responses.set(m.id, m.result);
    });
    child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    const init = (await answered(1)) as InitializeResult;
    assert.equal(init.serverInfo?.name, 'wixlint');
    child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null });
    assert.equal(await answered(2), null);
    child.send({ jsonrpc: '2.0', method: 'exit', params: null });
    assert.deepEqual(await once(child, 'exit'), [0, null]);
  });
});
