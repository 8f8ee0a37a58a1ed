// Quick fixes over the real server: diagnostics carry fix data, textDocument/codeAction answers with edits that clear them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, InitializeResult, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver';
import { insideWorkspace } from '../../server/src/lsp/codeActions';
import { LspProcess } from './lspProcess';
import { ISA_MIXING_PRODUCT } from './documents';

// This file runs as out/test/lsp/codeActions.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');
const DIR = path.join(os.tmpdir(), 'wixlint-lsp-code-actions');
const URI = pathToFileURL(path.join(DIR, 'Product.wxs')).href;
const SHELL32_URI = pathToFileURL(path.join(DIR, 'Shell32.wxs')).href;
const SHELL64_URI = pathToFileURL(path.join(DIR, 'Shell64.wxs')).href;

const PRODUCT = ISA_MIXING_PRODUCT;

const FIXED = PRODUCT.replace('Win64="yes"', 'Win64="no"');

/** Applies LSP text edits (non-overlapping) to a text, by line and character. */
function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => lineStarts[p.line]! + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

async function start(t: { after(fn: () => void): void }): Promise<{ server: LspProcess; init: InitializeResult }> {
  const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
  t.after(() => server.kill());
  const init = (await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as InitializeResult;
  server.notify('initialized', {});
  return { server, init };
}

async function diagnostics(server: LspProcess, uri: string, version: number): Promise<Diagnostic[]> {
  const params = (await server.notification('textDocument/publishDiagnostics', (p) => {
    const d = p as PublishDiagnosticsParams;
    return d.uri === uri && d.version === version;
  })) as PublishDiagnosticsParams;
  return params.diagnostics;
}

async function codeActions(server: LspProcess, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await server.request('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
}

async function shutdown(server: LspProcess): Promise<void> {
  await server.request('shutdown', null);
  server.notify('exit', null);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
}

describe('quick fixes (textDocument/codeAction)', () => {
  it('fixes a 64-bit component under ProgramFilesFolder in an x86 package, and the diagnostic goes away', async (t) => {
    const { server, init } = await start(t);
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor.rewrite'] });
    server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'wxs', version: 1, text: PRODUCT } });

    const before = await diagnostics(server, URI, 1);
    const directory = before.find((d) => d.code === 'ice80' && d.message.includes('ProgramFilesFolder'));
    assert.ok(directory, `an ice80 diagnostic for the directory among ${JSON.stringify(before.map((d) => d.message))}`);
    assert.deepEqual(directory.data, {
      ruleId: 'ice80',
      fix: { component: 'Core64', directory: 'INSTALLFOLDER', folder: 'ProgramFilesFolder', bitness: 32, packageBitness: 32 },
    });

    const actions = await codeActions(server, URI, directory);
    assert.deepEqual(actions, [
      {
        title: 'Set Win64="no" to match the 32-bit ProgramFilesFolder',
        kind: 'quickfix',
        diagnostics: [directory],
        edit: { changes: { [URI]: [{ range: { start: { line: 7, character: 86 }, end: { line: 7, character: 89 } }, newText: 'no' }] } },
      },
    ]);
    assert.equal(applyTextEdits(PRODUCT, actions[0]!.edit!.changes![URI]!), FIXED);

    server.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: FIXED }] });
    const after = await diagnostics(server, URI, 2);
    assert.deepEqual(
      after.filter((d) => d.code === 'ice80'),
      [],
    );
    // The same diagnostic asked again on the fixed text: nothing left to do.
    assert.deepEqual(await codeActions(server, URI, directory), []);
    await shutdown(server);
  });

  it('keeps CRLF line ends in the edits of a CRLF document, and edits two files for com-overwrite', async (t) => {
    const { server } = await start(t);
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
    const product = PRODUCT.replace(/ {10}<Component[\s\S]*<\/Component>/, '').replace(
      '<ComponentRef Id="Core64" />',
      '<ComponentRef Id="Shell32" /><ComponentRef Id="Shell64" />',
    );
    const component = (id: string, win64: string): string =>
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
        '  <Fragment>',
        '    <DirectoryRef Id="INSTALLFOLDER">',
        `      <Component Id="${id}" Guid="*" Win64="${win64}">`,
        `        <File Id="${id}Dll" Source="${id}.dll" />`,
        `        <RegistryValue Root="HKCR" Key="CLSID\\{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}\\InprocServer32" Type="string" Value="[#${id}Dll]" />`,
        '      </Component>',
        '    </DirectoryRef>',
        '  </Fragment>',
        '</Wix>',
        '',
      ].join('\n');
    const shell32 = crlf(component('Shell32', 'no'));
    const shell64 = component('Shell64', 'yes');
    server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'wxs', version: 1, text: product } });
    server.notify('textDocument/didOpen', { textDocument: { uri: SHELL32_URI, languageId: 'wxs', version: 1, text: shell32 } });
    server.notify('textDocument/didOpen', { textDocument: { uri: SHELL64_URI, languageId: 'wxs', version: 1, text: shell64 } });

    const published = await diagnostics(server, SHELL32_URI, 1);
    const overwrite = published.find((d) => d.code === 'com-overwrite');
    assert.ok(overwrite, `a com-overwrite diagnostic among ${JSON.stringify(published.map((d) => d.code))}`);
    const actions = await codeActions(server, SHELL32_URI, overwrite);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Guard 'Shell64' with VersionNT64 and 'Shell32' with NOT VersionNT64"],
    );
    const changes = actions[0]!.edit!.changes!;
    assert.deepEqual(Object.keys(changes).sort(), [SHELL32_URI, SHELL64_URI].sort());
    assert.equal(
      applyTextEdits(shell32, changes[SHELL32_URI]!),
      crlf(component('Shell32', 'no').replace('Win64="no">\n', 'Win64="no">\n        <Condition>NOT VersionNT64</Condition>\n')),
    );
    assert.equal(
      applyTextEdits(shell64, changes[SHELL64_URI]!),
      component('Shell64', 'yes').replace('Win64="yes">\n', 'Win64="yes">\n        <Condition>VersionNT64</Condition>\n'),
    );

    // Only quick fixes are offered.
    const refactors = await server.request('textDocument/codeAction', {
      textDocument: { uri: SHELL32_URI },
      range: overwrite.range,
      context: { diagnostics: [overwrite], only: ['refactor'] },
    });
    assert.deepEqual(refactors, []);
    await shutdown(server);
  });
});

describe('insideWorkspace', () => {
  it('takes files under a workspace folder, refuses siblings, parents, prefixes and folders linked to the outside', (t) => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-inside-'));
    t.after(() => fs.rmSync(base, { recursive: true, force: true }));
    const ws = path.join(base, 'ws');
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.mkdirSync(path.join(base, 'outside'));
    fs.symlinkSync(path.join(base, 'outside'), path.join(ws, 'linked'));
    const uri = (...parts: string[]): string => pathToFileURL(path.join(base, ...parts)).href;
    assert.deepEqual(
      [
        uri('ws', 'src', 'Bundle.wxs'),
        uri('ws', 'new', 'deeper', 'Bundle.wxs'),
        uri('outside', 'Bundle.wxs'),
        uri('ws-other', 'Bundle.wxs'),
        uri('ws', 'linked', 'Bundle.wxs'),
        uri('ws'),
        'untitled:Bundle.wxs',
      ].map((u) => insideWorkspace(u, [ws])),
      [true, true, false, false, false, false, false],
    );
    assert.equal(insideWorkspace(uri('outside', 'Bundle.wxs'), []), true);
  });
});
