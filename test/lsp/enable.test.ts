// wixlint.enable over the real server: a workspace folder that turns wixlint off gets no diagnostics (those it had are
// cleared) and no code actions, while the other folders, and files outside them, follow their own setting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspProcess, type Message } from './lspProcess';
import { ISA_MIXING_PRODUCT } from './documents';

// This file runs as out/test/lsp/enable.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');

/** The rules ISA_MIXING_PRODUCT breaks, in the order the server publishes them. */
const PRODUCT_RULES = ['isa-mixing', 'ice80', 'ice80'];

interface Workspace {
  /** The workspace folders' paths, by name. */
  folders: Record<string, string>;
  /** A folder's Product.wxs (closed: it is on disk only), by folder name. */
  product: Record<string, string>;
  /** A Product.wxs outside every workspace folder. */
  outside: string;
}

/** Folders `names` side by side, each holding ISA_MIXING_PRODUCT as Product.wxs, and one more Product.wxs outside them. */
function workspace(t: { after(fn: () => void): void }, names: readonly string[]): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-enable-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const folders: Record<string, string> = {};
  const product: Record<string, string> = {};
  for (const name of [...names, 'outside']) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'Product.wxs'), ISA_MIXING_PRODUCT);
    if (name !== 'outside') folders[name] = path.join(dir, name);
    product[name] = pathToFileURL(path.join(dir, name, 'Product.wxs')).href;
  }
  return { folders, product, outside: product['outside']! };
}

function start(t: { after(fn: () => void): void }): LspProcess {
  const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
  t.after(() => server.kill());
  return server;
}

async function initialize(server: LspProcess, folders: readonly string[], capabilities: object): Promise<void> {
  const workspaceFolders = folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) }));
  await server.request('initialize', { processId: process.pid, rootUri: workspaceFolders[0]!.uri, workspaceFolders, capabilities });
  server.notify('initialized', {});
}

/** The next diagnostics published for `uri` that `accepts` takes. */
async function diagnostics(server: LspProcess, uri: string, accepts: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
  const params = (await server.notification('textDocument/publishDiagnostics', (p) => {
    const d = p as PublishDiagnosticsParams;
    return d.uri === uri && accepts(d.diagnostics);
  })) as PublishDiagnosticsParams;
  return params.diagnostics;
}

const rulesOf = (list: readonly Diagnostic[]): unknown[] => list.map((d) => d.code);

/**
 * Every diagnostics list published since the last call, by URI (the last one of each). A request is answered after
 * everything the server wrote before it, so a lint that published one file has published them all by then.
 */
async function published(server: LspProcess): Promise<Record<string, unknown[]>> {
  await server.request('workspace/symbol', { query: 'nothing by this name' });
  const lists: Record<string, unknown[]> = {};
  for (const m of server.takeUnclaimed().filter((m: Message) => m.method === 'textDocument/publishDiagnostics')) {
    const { uri, diagnostics: list } = m.params as PublishDiagnosticsParams;
    lists[uri] = rulesOf(list);
  }
  return lists;
}

async function codeActions(server: LspProcess, uri: string, diagnostic: Diagnostic): Promise<string[]> {
  const actions = (await server.request('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  return actions.map((a) => a.title);
}

async function shutdown(server: LspProcess): Promise<void> {
  assert.equal(await server.request('shutdown', null), null);
  server.notify('exit', null);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
}

const FIX_TITLE = 'Set Win64="no" to match the 32-bit ProgramFilesFolder';

describe('wixlint.enable (out/server/src/node/main.js --stdio)', () => {
  it('is asked of each workspace folder: a folder that turns it off shows no problems and offers no fixes, until it turns it on', async (t) => {
    const ws = workspace(t, ['on', 'off']);
    const server = start(t);
    // The value without a scope (the window's) is off; the folder 'on' turns it on for itself.
    const enable: Record<string, boolean> = { window: false, on: true, off: false };
    const asked: unknown[] = [];
    server.handlers.set('workspace/configuration', (params) => {
      asked.push(params);
      const items = (params as { items: { scopeUri?: string; section?: string }[] }).items;
      return items.map((item) => {
        const folder = Object.entries(ws.folders).find(([, f]) => pathToFileURL(f).href === item.scopeUri)?.[0] ?? 'window';
        return { enable: enable[folder], rules: {} };
      });
    });
    await initialize(server, [ws.folders['on']!, ws.folders['off']!], {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    });

    // The closed files of the folder that is on are linted and shown; the other folder's are not published at all.
    const on = await diagnostics(server, ws.product['on']!);
    assert.deepEqual(rulesOf(on), PRODUCT_RULES);
    assert.deepEqual(await published(server), {});
    assert.deepEqual(asked, [
      { items: [{ section: 'wixlint' }] },
      {
        items: [
          { scopeUri: pathToFileURL(ws.folders['on']!).href, section: 'wixlint' },
          { scopeUri: pathToFileURL(ws.folders['off']!).href, section: 'wixlint' },
        ],
      },
    ]);

    // A code action asked with a diagnostic the client still holds: a fix in the folder that is on, none in the other.
    const directory = on.find((d) => d.code === 'ice80' && d.message.includes('ProgramFilesFolder'))!;
    assert.deepEqual(await codeActions(server, ws.product['on']!, directory), [FIX_TITLE]);
    assert.deepEqual(await codeActions(server, ws.product['off']!, directory), []);

    // A file outside the folders follows the value without a scope: off. Open, it gets an empty list, no problems.
    server.notify('textDocument/didOpen', { textDocument: { uri: ws.outside, languageId: 'wxs', version: 1, text: ISA_MIXING_PRODUCT } });
    assert.deepEqual(await diagnostics(server, ws.outside), []);
    assert.deepEqual(await codeActions(server, ws.outside, directory), []);
    // A lint sends only the lists that changed: the first folder's, unchanged, is not sent again.
    assert.deepEqual(await published(server), {});

    // Turned on in the second folder and without a scope: both folders and the outside file are shown.
    enable['off'] = true;
    enable['window'] = true;
    server.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(rulesOf(await diagnostics(server, ws.product['off']!)), PRODUCT_RULES);
    assert.deepEqual(await published(server), { [ws.outside]: PRODUCT_RULES });
    assert.deepEqual(await codeActions(server, ws.product['off']!, directory), [FIX_TITLE]);

    // Turned off in the first folder: the problems it had are cleared, the others stay.
    enable['on'] = false;
    server.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await diagnostics(server, ws.product['on']!), []);
    assert.deepEqual(await published(server), {});
    assert.deepEqual(await codeActions(server, ws.product['on']!, directory), []);
    assert.equal(asked.length, 6, 'two requests per change: the settings, then wixlint.enable for each folder');

    await shutdown(server);
  });

  it('takes one pushed value for every file when the client cannot be asked', async (t) => {
    const ws = workspace(t, ['only']);
    const server = start(t);
    await initialize(server, [ws.folders['only']!], {});
    const product = ws.product['only']!;
    const before = await diagnostics(server, product);
    assert.deepEqual(rulesOf(before), PRODUCT_RULES);
    const directory = before.find((d) => d.code === 'ice80' && d.message.includes('ProgramFilesFolder'))!;

    server.notify('workspace/didChangeConfiguration', { settings: { wixlint: { enable: false } } });
    assert.deepEqual(await diagnostics(server, product), []);
    assert.deepEqual(await codeActions(server, product, directory), []);

    // Anything but false is on, as the setting's default.
    server.notify('workspace/didChangeConfiguration', { settings: { wixlint: { enable: 'no' } } });
    assert.deepEqual(rulesOf(await diagnostics(server, product)), PRODUCT_RULES);
    assert.deepEqual(await codeActions(server, product, directory), [FIX_TITLE]);

    await shutdown(server);
  });
});
