// The editor and the CLI report the same problems for the same workspace: the real language server over stdio against runCli --format json.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspProcess } from './lspProcess';
import { runCli } from '../../server/src/cli/main';
import type { StatusParams } from '../../server/src/protocol';

// This file runs as out/test/lsp/parity.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');

const WIX3 = 'xmlns="http://schemas.microsoft.com/wix/2006/wi"';

function product(name: string, version: string, refs: string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Wix ${WIX3}>`,
    `  <Product Id="*" Name="${name}" Language="1033" Version="${version}" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">`,
    '    <Package InstallerVersion="200" Compressed="yes" />',
    '    <Directory Id="TARGETDIR" Name="SourceDir">',
    '      <Directory Id="ProgramFilesFolder">',
    `        <Directory Id="INSTALLFOLDER" Name="${name}" />`,
    '      </Directory>',
    '    </Directory>',
    '    <Feature Id="Main" Level="1">',
    ...refs.map((r) => `      <ComponentRef Id="${r}" />`),
    '    </Feature>',
    '  </Product>',
    '</Wix>',
    '',
  ].join('\n');
}

/** Components in INSTALLFOLDER, each `[id, Win64 as written]`. */
function fragment(components: [string, string][]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Wix ${WIX3}>`,
    '  <Fragment>',
    '    <DirectoryRef Id="INSTALLFOLDER">',
    ...components.map(
      ([id, win64], i) =>
        `      <Component Id="${id}" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEE${i}}" Win64="${win64}"><File Id="${id}Dll" Source="${id}.dll" KeyPath="yes" /></Component>`,
    ),
    '    </DirectoryRef>',
    '  </Fragment>',
    '</Wix>',
    '',
  ].join('\n');
}

/**
 * A .wixproj unit built Release|x64 only, a loose Product + Fragment pair with an ISA mix (x86 by default, a component
 * made 64-bit by the config's define), a config that defines Bits for both, and undefined variables (warnings, and an
 * info for what depends on one).
 */
const WORKSPACE: Record<string, string> = {
  'wixlint.config.json': '{ "defines": { "Bits": "yes" } }\n',
  'proj/Setup.wixproj': [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Project ToolsVersion="4.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
    "  <PropertyGroup Condition=\" '$(Configuration)|$(Platform)' == 'Release|x64' \">",
    '    <OutputType>Package</OutputType>',
    '    <DefineConstants>Flavor=full</DefineConstants>',
    '  </PropertyGroup>',
    '  <ItemGroup>',
    '    <Compile Include="Product.wxs" />',
    '    <Compile Include="Components.wxs" />',
    '  </ItemGroup>',
    '</Project>',
    '',
  ].join('\n'),
  'proj/Product.wxs': product('Setup', '1.0.0', ['Core', 'Extra']),
  'proj/Components.wxs': fragment([
    ['Core', '$(var.Bits)'],
    ['Extra', '$(var.Wide)'],
  ]),
  'loose/Product.wxs': product('Loose', '$(var.Version)', ['Part']),
  'loose/Fragment.wxs': fragment([['Part', '$(var.Bits)']]),
};

/** One problem as both sides can say it: 1-based positions, the message without its platforms. */
interface Reported {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
  platforms: string[];
}

interface JsonProblem extends Reported {
  related?: unknown;
}

const SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info' };

/** A diagnostic back in the CLI's terms: positions 1-based, " [x86, x64]" taken off the message, severity by name. */
function fromDiagnostic(uri: string, d: Diagnostic): Reported {
  const m = /^([\s\S]*) \[((?:x86|x64|arm64)(?:, (?:x86|x64|arm64))*)\]$/.exec(d.message);
  assert.ok(m, `the diagnostic's message ends with its platforms: ${d.message}`);
  assert.equal(d.source, 'wixlint');
  return {
    file: fileURLToPath(uri),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    ruleId: String(d.code),
    severity: SEVERITY[d.severity ?? 0] ?? `severity ${String(d.severity)}`,
    message: m[1]!,
    platforms: m[2]!.split(', '),
  };
}

function key(r: Reported): string {
  return JSON.stringify([r.file, r.line, r.column, r.endLine, r.endColumn, r.ruleId, r.severity, r.message, r.platforms]);
}

describe('the language server and the CLI agree (out/server/src/node/main.js --stdio)', () => {
  it('report the same problems, platforms and units for one workspace of two units', async (t) => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-parity-')));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    for (const [name, text] of Object.entries(WORKSPACE)) {
      const file = path.join(dir, ...name.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }

    // The CLI on the folder, named absolutely so that its file names are the server's paths.
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--format', 'json', dir], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      cwd: os.tmpdir(),
      env: {},
      isTTY: false,
      version: '0.0.0',
    });
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as {
      problems: JsonProblem[];
      units: { name: string; kind: string; files: string[]; platforms: string[]; platformSource: string; reason: string }[];
    };
    const cli: Reported[] = report.problems.map(({ related: _related, ...p }) => p);

    // What the workspace holds, so that agreeing on nothing (or on too little) cannot pass.
    const at = (name: string) => path.join(dir, ...name.split('/'));
    assert.deepEqual(
      cli.map(
        (p) =>
          `${path.relative(dir, p.file).split(path.sep).join('/')}:${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity} ${p.ruleId} [${p.platforms.join(',')}]`,
      ),
      [
        'loose/Fragment.wxs:5:8-5:17 error ice80 [x86]',
        'loose/Fragment.wxs:5:74-5:93 error ice80 [x86]',
        'loose/Product.wxs:3:4-3:11 error isa-mixing [x86]',
        'loose/Product.wxs:3:48-3:72 warning undefined-variable [x86]',
        'proj/Components.wxs:5:8-5:17 error ice80 [x64]',
        'proj/Components.wxs:6:8-6:17 info ice80 [x64]',
        'proj/Components.wxs:6:75-6:94 warning undefined-variable [x64]',
      ],
    );
    assert.deepEqual([...new Set(cli.map((p) => p.ruleId))].sort(), ['ice80', 'isa-mixing', 'undefined-variable']);

    // The server on the same folder as its workspace.
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    const rootUri = pathToFileURL(dir).href;
    await server.request('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: {} });
    server.notify('initialized', {});

    const status = (await server.notification('wixlint/status')) as StatusParams;
    assert.deepEqual(
      status.units,
      report.units.map((u) => ({ name: u.name, files: u.files, platforms: u.platforms, platformSource: u.platformSource, reason: u.reason })),
    );
    assert.deepEqual(
      status.units.map((u) => [u.name, u.platforms]),
      [
        [at('proj/Setup.wixproj'), ['x64']],
        [at('loose/Product.wxs'), ['x86']],
      ],
    );

    // Every file the CLI found problems in gets them published...
    const published = new Map<string, Diagnostic[]>();
    for (const file of new Set(cli.map((p) => p.file))) {
      const uri = pathToFileURL(file).href;
      const params = (await server.notification(
        'textDocument/publishDiagnostics',
        (p) => (p as PublishDiagnosticsParams).uri === uri,
      )) as PublishDiagnosticsParams;
      published.set(uri, params.diagnostics);
    }
    // ...and whatever else this lint published is in by the time the server answers the next request.
    assert.equal(await server.request('shutdown', null), null);
    for (const message of server.unclaimed()) {
      if (message.method !== 'textDocument/publishDiagnostics') continue;
      const params = message.params as PublishDiagnosticsParams;
      assert.ok(!published.has(params.uri), `${params.uri} is published once`);
      published.set(params.uri, params.diagnostics);
    }
    server.notify('exit', null);
    assert.deepEqual(await server.exited, { code: 0, signal: null });

    const lsp = [...published].flatMap(([uri, diagnostics]) => diagnostics.map((d) => fromDiagnostic(uri, d)));
    assert.ok(lsp.length > 0);
    assert.deepEqual(new Set(lsp.map(key)), new Set(cli.map(key)));
    // One diagnostic per problem: the sets hide no duplicate on either side.
    assert.equal(lsp.length, cli.length);
  });
});
