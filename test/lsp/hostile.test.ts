// The language server against a client that sends what it should not and documents that are hostile: each bad message
// is refused for itself, and the other documents keep their diagnostics, hovers and symbols.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentSymbol, Hover, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspProcess } from './lspProcess';
import { ISA_MIXING_PRODUCT } from './documents';

// This file runs as out/test/lsp/hostile.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');
const DIR = path.join(os.tmpdir(), 'wixlint-lsp-hostile');
const GOOD_URI = pathToFileURL(path.join(DIR, 'Product.wxs')).href;
const BAD_URI = pathToFileURL(path.join(DIR, 'Broken.wxs')).href;
/** ISA_MIXING_PRODUCT's outline, as names with their children in parentheses. */
const OUTLINE = 'Demo(Package, TARGETDIR(ProgramFilesFolder(INSTALLFOLDER(Core64(CoreDll)))), Main(Core64))';

function outlineNames(symbols: readonly DocumentSymbol[]): string {
  return symbols.map((s) => s.name + (s.children?.length ? `(${outlineNames(s.children)})` : '')).join(', ');
}

/** Where Core64's Id is in ISA_MIXING_PRODUCT: a hover there names the component. */
const CORE64 = { line: 7, character: 27 };

async function started(t: { after: (fn: () => void) => void }): Promise<LspProcess> {
  const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
  t.after(() => server.kill());
  await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  server.notify('initialized', {});
  return server;
}

function diagnosticsOf(server: LspProcess, uri: string, version: number): Promise<PublishDiagnosticsParams> {
  return server.notification('textDocument/publishDiagnostics', (p) => {
    const d = p as PublishDiagnosticsParams;
    return d.uri === uri && d.version === version;
  }) as Promise<PublishDiagnosticsParams>;
}

/** Opens the good document and waits for its first diagnostics. */
async function openGood(server: LspProcess): Promise<void> {
  const opened = diagnosticsOf(server, GOOD_URI, 1);
  server.notify('textDocument/didOpen', { textDocument: { uri: GOOD_URI, languageId: 'wxs', version: 1, text: ISA_MIXING_PRODUCT } });
  await opened;
}

/** The good document's diagnostics, hover and outline: what a poisoned server fails to give. */
async function goodDocumentWorks(server: LspProcess, version: number): Promise<void> {
  const published = await diagnosticsOf(server, GOOD_URI, version);
  assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['ice80', 'ice80', 'isa-mixing']);
  const hover = (await server.request('textDocument/hover', { textDocument: { uri: GOOD_URI }, position: CORE64 })) as Hover | null;
  assert.match(JSON.stringify(hover?.contents), /Core64/);
  const outline = (await server.request('textDocument/documentSymbol', { textDocument: { uri: GOOD_URI } })) as DocumentSymbol[];
  assert.equal(outlineNames(outline), OUTLINE);
}

function refusals(server: LspProcess): string[] {
  return server
    .unclaimed()
    .filter((m) => m.method === 'window/logMessage')
    .map((m) => (m.params as { message: string }).message)
    .filter((m) => m.includes('refused'));
}

describe('a client that sends malformed document sync', () => {
  it('a didOpen without text is refused (logged once); every other document keeps its diagnostics, hover and outline', async (t) => {
    const server = await started(t);
    for (let i = 0; i < 2; i++) server.notify('textDocument/didOpen', { textDocument: { uri: BAD_URI, languageId: 'wxs', version: 1 } });
    await openGood(server);
    server.notify('textDocument/didChange', { textDocument: { uri: GOOD_URI, version: 2 }, contentChanges: [{ text: ISA_MIXING_PRODUCT }] });
    await goodDocumentWorks(server, 2);
    assert.deepEqual(refusals(server), [
      'wixlint: refused a textDocument/didOpen notification: its textDocument has no text. The open documents are unchanged; later ones like it are refused without a log line.',
    ]);
  });

  it('malformed didChange and didClose are refused and leave the document as it was', async (t) => {
    const server = await started(t);
    await openGood(server);
    const range = (sl: unknown, sc: unknown, el: unknown, ec: unknown) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
    for (const params of [
      { textDocument: { uri: GOOD_URI }, contentChanges: [{ text: '' }] },
      { textDocument: { uri: GOOD_URI, version: 2 }, contentChanges: 'all of it' },
      { textDocument: { uri: GOOD_URI, version: 2 }, contentChanges: [{ range: range(-1, 0, 0, 0), text: '' }] },
      { textDocument: { uri: GOOD_URI, version: 2 }, contentChanges: [{ range: range(5, 0, 1, 0), text: '' }] },
      { textDocument: { uri: GOOD_URI, version: 2 }, contentChanges: [{ range: range(0, 0, 0, 0) }] },
      { contentChanges: [{ text: '' }] },
    ])
      server.notify('textDocument/didChange', params);
    server.notify('textDocument/didClose', { textDocument: {} });
    server.notify('textDocument/didChange', { textDocument: { uri: GOOD_URI, version: 3 }, contentChanges: [{ text: ISA_MIXING_PRODUCT }] });
    await goodDocumentWorks(server, 3);
    assert.deepEqual(
      refusals(server).map((m) => m.replace(/^wixlint: /, '').split('.')[0]),
      [
        'refused a textDocument/didChange notification: its textDocument has no integer version',
        'refused a textDocument/didChange notification: it has no contentChanges list',
        'refused a textDocument/didChange notification: a content change has a malformed range',
        'refused a textDocument/didChange notification: a content change has a range that ends before it starts',
        'refused a textDocument/didChange notification: a content change has no text',
        'refused a textDocument/didChange notification: it has no textDocument',
        'refused a textDocument/didClose notification: its textDocument has no uri',
      ],
    );
  });

  it('a request without a textDocument is answered with its empty answer; the next one is served', async (t) => {
    const server = await started(t);
    await openGood(server);
    assert.equal(await server.request('textDocument/hover', { position: CORE64 }), null);
    assert.deepEqual(await server.request('textDocument/documentSymbol', {}), []);
    const hover = (await server.request('textDocument/hover', { textDocument: { uri: GOOD_URI }, position: CORE64 })) as Hover | null;
    assert.match(JSON.stringify(hover?.contents), /Core64/);
  });
});

describe('hostile documents', () => {
  it('an <?include /dev/zero?> in an open document is a parse-error at the directive; the server answers at once', {
    skip: !fs.existsSync('/dev/zero'),
  }, async (t) => {
    const server = await started(t);
    const text = ISA_MIXING_PRODUCT.replace('    <Package', '    <?include /dev/zero ?>\n    <Package');
    const published = diagnosticsOf(server, GOOD_URI, 1);
    server.notify('textDocument/didOpen', { textDocument: { uri: GOOD_URI, languageId: 'wxs', version: 1, text } });
    const parse = (await published).diagnostics.filter((d) => d.code === 'parse-error');
    assert.deepEqual(
      parse.map((d) => [d.range.start.line, d.range.start.character, d.message]),
      [[3, 4, "The include file '/dev/zero' cannot be read: it is a device, not a file. [x86]"]],
    );
    const outline = (await server.request('textDocument/documentSymbol', { textDocument: { uri: GOOD_URI } })) as DocumentSymbol[];
    assert.equal(outlineNames(outline), OUTLINE);
  });
});

describe('a workspace with files that are not files', () => {
  it('a FIFO among the workspace sources and one included are refused without blocking; the open document is linted', {
    skip: process.platform === 'win32',
  }, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-lsp-fifo-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    for (const fifo of ['Pipe.wxs', 'Parts.wxi']) assert.equal(spawnSync('mkfifo', [path.join(dir, fifo)]).status, 0);
    const uri = pathToFileURL(path.join(dir, 'Product.wxs')).href;
    const text = ISA_MIXING_PRODUCT.replace('    <Package', '    <?include Parts.wxi ?>\n    <Package');
    fs.writeFileSync(path.join(dir, 'Product.wxs'), text);
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    await server.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    server.notify('initialized', {});
    const published = diagnosticsOf(server, uri, 1);
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'wxs', version: 1, text } });
    const diagnostics = (await published).diagnostics;
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'parse-error').map((d) => [d.range.start.line, d.message]),
      [[3, "The include file 'Parts.wxi' cannot be read: it is a named pipe (FIFO), not a file. [x86]"]],
    );
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['ice80', 'ice80', 'isa-mixing', 'parse-error']);
  });
});

describe('a workspace with a file too large to read', () => {
  it('a source over 64 MB is a problem on it, not read; the other sources are linted', async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-lsp-large-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // Sparse: 65 MB that take no room on disk.
    fs.writeFileSync(path.join(dir, 'Big.wxs'), '');
    fs.truncateSync(path.join(dir, 'Big.wxs'), 65 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'Product.wxs'), ISA_MIXING_PRODUCT);
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    const big = server.notification('textDocument/publishDiagnostics', (p) => (p as PublishDiagnosticsParams).uri.endsWith('/Big.wxs'));
    const product = server.notification('textDocument/publishDiagnostics', (p) => (p as PublishDiagnosticsParams).uri.endsWith('/Product.wxs'));
    await server.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    server.notify('initialized', {});
    assert.deepEqual(
      ((await big) as PublishDiagnosticsParams).diagnostics.map((d) => [d.code, d.range.start, d.message]),
      [
        [
          'parse-error',
          { line: 0, character: 0 },
          'Cannot read this file: it is 65 MB; wixlint reads sources of at most 64 MB. Nothing in it is linted; the other inputs are.',
        ],
      ],
    );
    assert.deepEqual(((await product) as PublishDiagnosticsParams).diagnostics.map((d) => d.code).sort(), ['ice80', 'ice80', 'isa-mixing']);
  });
});
