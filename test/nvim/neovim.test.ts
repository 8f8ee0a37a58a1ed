// Runs `wixlint lsp --stdio` under a real Neovim (headless, built-in LSP client, test/nvim/init.lua) and checks that the
// editor shows the same diagnostics, at the same positions, as a hand-framed stdio client gets for the same text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspProcess } from '../lsp/lspProcess';
import { ISA_MIXING_PRODUCT } from '../lsp/documents';
import { IMAGE_FILE_MACHINE_AMD64, peImage } from '../payload/peImage';
import { missing } from '../tools';

// This file runs as out/test/nvim/neovim.test.js; the init script is read from the sources.
const REPO = path.resolve(__dirname, '..', '..', '..');
const INIT = path.join(REPO, 'test', 'nvim', 'init.lua');
const BIN = path.join(REPO, 'bin', 'wixlint.js');
const DIST_CLI = path.join(REPO, 'dist', 'cli.js');

/** A hang (a server that never publishes, an nvim waiting for input) fails the test instead of the whole run. */
const NVIM_TIMEOUT_MS = 30_000;

const NVIM_MISSING = missing('nvim');

const PRODUCT = ISA_MIXING_PRODUCT;

/** vim.diagnostic.severity.ERROR and WARN, which are also the LSP's DiagnosticSeverity values. */
const ERROR = 1;
const WARNING = 2;

/** The cfix 1.2 authoring: an amd64 binary under a 32-bit name, in a 32-bit component of a 32-bit package. */
const CFIX_PRODUCT = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="cfix" Language="1033" Version="1.2.0" Manufacturer="cfix" UpgradeCode="{5C4E7A1D-0B0C-4C9E-9F52-6E1C2E6A7B11}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="cfix">
          <Component Id="Cfix" Guid="{0E7A3C62-5C1B-4E07-9D4A-7E50C1A9B002}">
            <File Id="cfix32.exe" Name="cfix32.exe" Source="bin\\amd64\\cfix64.exe" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentRef Id="Cfix" /></Feature>
  </Product>
</Wix>
`;

/** A diagnostic as init.lua writes it: Neovim's 0-based lines and byte columns (equal to UTF-16 ones on ASCII lines). */
interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  code: string | number | null;
  source: string;
  message: string;
}

interface NvimOutput {
  nvim?: string;
  arrived?: boolean;
  stopped?: boolean;
  diagnostics?: NvimDiagnostic[];
  definition?: unknown;
  server_exit?: { code: number; signal: number } | null;
  error?: string;
}

interface NvimRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function runNvim(args: readonly string[], env: NodeJS.ProcessEnv): Promise<NvimRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, NVIM_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, timedOut, stdout, stderr });
    });
  });
}

/** What a plain stdio client (test/lsp/lspProcess.ts) receives for the same URI and text, in Neovim's shape. */
async function stdioDiagnostics(uri: string, text: string, cleanup: (fn: () => void) => void): Promise<NvimDiagnostic[]> {
  const server = new LspProcess(process.execPath, [BIN, 'lsp', '--stdio']);
  cleanup(() => server.kill());
  await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  server.notify('initialized', {});
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'wxs', version: 1, text } });
  const published = (await server.notification('textDocument/publishDiagnostics', (p) => {
    const params = p as PublishDiagnosticsParams;
    return params.uri === uri && params.version === 1;
  })) as PublishDiagnosticsParams;
  assert.equal(await server.request('shutdown', null), null);
  server.notify('exit', null);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  return published.diagnostics
    .map((d: Diagnostic) => ({
      lnum: d.range.start.line,
      col: d.range.start.character,
      end_lnum: d.range.end.line,
      end_col: d.range.end.character,
      severity: d.severity ?? ERROR,
      code: d.code ?? null,
      source: d.source ?? '',
      message: d.message,
    }))
    .sort(byPosition);
}

function byPosition(a: NvimDiagnostic, b: NvimDiagnostic): number {
  return a.lnum - b.lnum || a.col - b.col || String(a.code).localeCompare(String(b.code));
}

interface NvimSession {
  file: string;
  output: NvimOutput;
  run: NvimRun;
  /** Everything that helps explain a failure: nvim's exit, output, stderr and the LSP log. */
  context: string;
}

/** Opens `text` as Product.wxs in a temporary folder (with `files` beside it) in headless Neovim, until `expect` diagnostics arrive. */
async function openInNvim(
  t: { after(fn: () => void): void },
  text: string,
  expect: number,
  options: { definitionAt?: string; files?: Record<string, Uint8Array> } = {},
): Promise<NvimSession> {
  assert.ok(fs.existsSync(DIST_CLI), `${path.relative(REPO, DIST_CLI)} is missing: build the bundles first (npm run build)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-nvim-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'Product.wxs');
  const outFile = path.join(dir, 'diagnostics.json');
  fs.writeFileSync(file, text);
  for (const [name, bytes] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  // Neovim's own files (the LSP log) go to the temporary folder, never to the user's home.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_STATE_HOME: path.join(dir, 'state'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
    WIXLINT_REPO: REPO,
    WIXLINT_NODE: process.execPath,
    WIXLINT_NVIM_OUT: outFile,
    WIXLINT_NVIM_EXPECT: String(expect),
    ...(options.definitionAt !== undefined ? { WIXLINT_NVIM_DEFINITION_AT: options.definitionAt } : {}),
  };
  const run = await runNvim(['--headless', '--clean', '-u', INIT, file], env);
  const output: NvimOutput = fs.existsSync(outFile) ? (JSON.parse(fs.readFileSync(outFile, 'utf8')) as NvimOutput) : {};
  const lspLog = [path.join(dir, 'cache', 'nvim', 'lsp.log'), path.join(dir, 'state', 'nvim', 'lsp.log')]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('');
  const context =
    `nvim exit ${run.status ?? run.signal}${run.timedOut ? ` (killed after ${NVIM_TIMEOUT_MS} ms)` : ''}; ` +
    `output ${JSON.stringify(output)}; stderr: ${run.stderr.trim() || '(empty)'}; lsp.log: ${lspLog.trim() || '(empty)'}`;
  assert.equal(run.timedOut, false, context);
  assert.equal(output.error, undefined, context);
  assert.equal(output.arrived, true, `the diagnostics did not arrive within 10 s; ${context}`);
  assert.equal(run.status, 0, context);
  return { file, output, run, context };
}

type Placed = Pick<NvimDiagnostic, 'code' | 'lnum' | 'col' | 'end_lnum' | 'end_col' | 'severity' | 'source'>;

function placed(received: readonly NvimDiagnostic[]): Placed[] {
  return received.map(({ code, lnum, col, end_lnum, end_col, severity, source }) => ({ code, lnum, col, end_lnum, end_col, severity, source }));
}

describe('Neovim (headless, built-in LSP client) with wixlint lsp --stdio', { skip: NVIM_MISSING }, () => {
  it('shows isa-mixing and ICE80 at the positions a stdio client gets, and the server exits 0 when Neovim stops it', async (t) => {
    const expected: Placed[] = [
      { code: 'isa-mixing', lnum: 2, col: 3, end_lnum: 2, end_col: 10, severity: ERROR, source: 'wixlint' },
      { code: 'ice80', lnum: 7, col: 11, end_lnum: 7, end_col: 20, severity: ERROR, source: 'wixlint' },
      { code: 'ice80', lnum: 7, col: 79, end_lnum: 7, end_col: 90, severity: ERROR, source: 'wixlint' },
    ];
    // Inside `Core64` of <ComponentRef Id="Core64" />.
    const { file, output, context } = await openInNvim(t, PRODUCT, expected.length, { definitionAt: '14:26' });

    const received = output.diagnostics ?? [];
    assert.deepEqual(placed(received), expected, context);
    const lines = PRODUCT.split('\n');
    assert.deepEqual(
      received.map((d) => lines[d.lnum]!.slice(d.col, d.end_col)),
      ['Product', 'Component', 'Win64="yes"'],
    );
    for (const d of received) {
      assert.ok(d.message.includes("'Core64'") && d.message.endsWith(' [x86]'), d.message);
    }

    // Everything, messages included, is what the stdio client of test/lsp gets for this URI and text.
    const uri = pathToFileURL(file).href;
    assert.deepEqual(received, await stdioDiagnostics(uri, PRODUCT, (fn) => t.after(fn)));

    // Go to definition from the ComponentRef lands on the Component's Id.
    assert.deepEqual(
      output.definition,
      [{ uri: pathToFileURL(file).href, range: { start: { line: 7, character: 25 }, end: { line: 7, character: 31 } } }],
      context,
    );

    // vim.lsp.stop_client sends shutdown and exit: the server must leave with status 0.
    assert.equal(output.stopped, true, context);
    assert.deepEqual(output.server_exit, { code: 0, signal: 0 }, context);
  });

  it('shows payload-isa on the cfix 1.2 authoring, reading the binary beside the source', async (t) => {
    const expected: Placed[] = [
      { code: 'payload-isa', lnum: 8, col: 34, end_lnum: 8, end_col: 51, severity: WARNING, source: 'wixlint' },
      { code: 'payload-isa', lnum: 8, col: 52, end_lnum: 8, end_col: 81, severity: ERROR, source: 'wixlint' },
    ];
    const { file, output, context } = await openInNvim(t, CFIX_PRODUCT, expected.length, {
      files: { 'bin/amd64/cfix64.exe': peImage({ machine: IMAGE_FILE_MACHINE_AMD64 }) },
    });
    const received = output.diagnostics ?? [];
    assert.deepEqual(placed(received), expected, context);
    const lines = CFIX_PRODUCT.split('\n');
    assert.deepEqual(
      received.map((d) => lines[d.lnum]!.slice(d.col, d.end_col)),
      ['Name="cfix32.exe"', 'Source="bin\\amd64\\cfix64.exe"'],
    );
    assert.equal(received[1]!.message, "File 'cfix32.exe' is an x64 binary but component 'Cfix' is 32-bit [x86]");
    assert.deepEqual(received, await stdioDiagnostics(pathToFileURL(file).href, CFIX_PRODUCT, (fn) => t.after(fn)));
    assert.deepEqual(output.server_exit, { code: 0, signal: 0 }, context);
  });
});
