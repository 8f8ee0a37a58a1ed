// End-to-end tests of workspace-wide linking: the server scans its workspace folders for a .wixproj or .wxs files and lints closed files too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspProcess } from './lspProcess';
import { IMAGE_FILE_MACHINE_AMD64, peImage } from '../payload/peImage';
import type { StatusParams } from '../../server/src/protocol';

// This file runs as out/test/lsp/workspace.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');

const PRODUCT = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
  '  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">',
  '    <Package InstallerVersion="200" Compressed="yes" />',
  '    <Directory Id="TARGETDIR" Name="SourceDir">',
  '      <Directory Id="ProgramFilesFolder">',
  '        <Directory Id="INSTALLFOLDER" Name="Demo" />',
  '      </Directory>',
  '    </Directory>',
  '    <Feature Id="Main" Level="1">',
  '      <ComponentRef Id="Core" />',
  '    </Feature>',
  '  </Product>',
  '</Wix>',
  '',
].join('\n');

/** A fragment with the product's one component; `win64` is its Win64 attribute (none: the build platform decides). */
function components(win64?: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
    '  <Fragment>',
    '    <DirectoryRef Id="INSTALLFOLDER">',
    `      <Component Id="Core" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}"${win64 === undefined ? '' : ` Win64="${win64}"`}>`,
    '        <File Id="CoreDll" Source="core.dll" KeyPath="yes" />',
    '      </Component>',
    '    </DirectoryRef>',
    '  </Fragment>',
    '</Wix>',
    '',
  ].join('\n');
}

/** A v3 product of one component, Tool, whose File is bin\tool.dll; `attributes` are added to the Component. */
function toolProduct(attributes = ''): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
    '  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">',
    '    <Package InstallerVersion="200" Compressed="yes" />',
    '    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="Demo">',
    `      <Component Id="Tool" Guid="{6A0C9E55-2B9B-4E1D-8C4C-1B7D3E9A0F01}"${attributes}><File Source="bin\\tool.dll" /></Component>`,
    '    </Directory></Directory></Directory>',
    '    <Feature Id="Main"><ComponentRef Id="Tool" /></Feature>',
    '  </Product>',
    '</Wix>',
    '',
  ].join('\n');
}

const WIXPROJ = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Project ToolsVersion="4.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
  '  <PropertyGroup>',
  '    <OutputType>Package</OutputType>',
  '    <DefineConstants>Bits=no;Flag;$(DefineConstants)</DefineConstants>',
  '  </PropertyGroup>',
  "  <PropertyGroup Condition=\" '$(Configuration)|$(Platform)' == 'Release|x64' \">",
  '    <OutputPath>bin\\x64\\</OutputPath>',
  '    <DefineConstants>$(DefineConstants);Bits=yes</DefineConstants>',
  '  </PropertyGroup>',
  '  <ItemGroup>',
  '    <Compile Include="Product.wxs" />',
  '    <Compile Include="Parts\\Components.wxs" />',
  '  </ItemGroup>',
  '</Project>',
  '',
].join('\n');

function workspace(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-ws-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const uriOf = (dir: string, name: string): string => pathToFileURL(path.join(dir, name)).href;

function start(t: { after(fn: () => void): void }): LspProcess {
  const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
  t.after(() => server.kill());
  return server;
}

/** What the server registers with the client (client/registerCapability), as it does. */
function registered(server: LspProcess): unknown[] {
  const registrations: unknown[] = [];
  server.handlers.set('client/registerCapability', (params) => {
    registrations.push(params);
    return null;
  });
  return registrations;
}

async function initialize(server: LspProcess, dir: string, capabilities: object = {}): Promise<void> {
  const uri = pathToFileURL(dir).href;
  await server.request('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }], capabilities });
  server.notify('initialized', {});
}

async function diagnostics(server: LspProcess, uri: string, accepts: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
  const params = (await server.notification('textDocument/publishDiagnostics', (p) => {
    const d = p as PublishDiagnosticsParams;
    return d.uri === uri && accepts(d.diagnostics);
  })) as PublishDiagnosticsParams;
  return params.diagnostics;
}

function brief(d: Diagnostic): [unknown, [number, number, number, number]] {
  return [d.code, [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]];
}

async function shutdown(server: LspProcess): Promise<void> {
  assert.equal(await server.request('shutdown', null), null);
  server.notify('exit', null);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
}

describe('workspace linking (out/server/src/node/main.js --stdio)', () => {
  it('links the .wixproj Compile items for its platform and defines, lints closed files, and rescans on watched-file changes', async (t) => {
    const dir = workspace(t, {
      'Demo.wixproj': WIXPROJ,
      'Product.wxs': PRODUCT,
      'Parts/Components.wxs': components('$(var.Bits)'),
      // Not a Compile item: a unit of its own, never linked with the project (where Core would be defined twice).
      'Other.wxs': components('yes'),
    });
    const server = start(t);
    const registrations = registered(server);
    const componentsUri = uriOf(dir, 'Parts/Components.wxs');
    await initialize(server, dir, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });

    const status = (await server.notification('wixlint/status')) as StatusParams;
    assert.deepEqual(status, {
      platforms: ['x64'],
      platformSource: 'mixed',
      files: 3,
      units: [
        {
          name: path.join(dir, 'Demo.wixproj'),
          files: [path.join(dir, 'Product.wxs'), path.join(dir, 'Parts', 'Components.wxs')],
          platforms: ['x64'],
          platformSource: 'project',
          reason: 'Demo.wixproj: the Release|x64 configuration',
        },
        {
          name: path.join(dir, 'Other.wxs'),
          files: [path.join(dir, 'Other.wxs')],
          platforms: ['x64'],
          platformSource: 'sources',
          reason: 'its platform-specific authoring is all 64-bit (Component \'Core\' Win64="yes" in Other.wxs)',
        },
      ],
    });
    const found = await diagnostics(server, componentsUri);
    assert.deepEqual(found.map(brief), [['ice80', [4, 7, 4, 16]]]);
    // The project names no default configuration and only Release: it builds Release|x64, whose group chains the
    // unconditional DefineConstants (Bits=no) and overrides Bits: Win64="yes".
    // The headline is the message; the note, at the same range, says how the bitness came about.
    assert.equal(found[0]!.message, "Component 'Core' is 64-bit but installs under the 32-bit ProgramFilesFolder [x64]");
    assert.match(found[0]!.relatedInformation![0]!.message, /^note: It is 64-bit \(Win64="yes"\), and its directory 'INSTALLFOLDER' is under/);
    assert.ok(
      JSON.stringify(registrations).includes('"globPattern":"**/*.wixproj"'),
      `a file watcher is registered: ${JSON.stringify(registrations)}`,
    );

    // Fixed on disk by another tool: the watcher's event rescans, and the closed file's diagnostics are cleared.
    fs.writeFileSync(path.join(dir, 'Parts', 'Components.wxs'), components('no'));
    server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: componentsUri, type: 2 }] });
    assert.deepEqual(await diagnostics(server, componentsUri), []);

    // An open document overrides the disk: the editor's text is the one linted.
    server.notify('textDocument/didOpen', { textDocument: { uri: componentsUri, languageId: 'wxs', version: 1, text: components() } });
    const open = await diagnostics(server, componentsUri, (d) => d.length > 0);
    assert.deepEqual(open.map(brief), [['ice80', [4, 7, 4, 16]]]);
    assert.match(open[0]!.relatedInformation![0]!.message, /^note: It is 64-bit \(Win64 is not set, so it follows the 64-bit build/);

    await shutdown(server);
  });

  it('without a .wixproj links every .wxs under the folders (not node_modules or dot-folders), for x86', async (t) => {
    const dir = workspace(t, {
      'Product.wxs': PRODUCT,
      // Closed, and saved with CRLF line ends as Windows tools save it: its problems are at the same lines and characters.
      'src/Components.wxs': components('yes').replace(/\n/g, '\r\n'),
      'node_modules/pkg/Components.wxs': components('yes'),
      '.git/Components.wxs': components('yes'),
    });
    const server = start(t);
    await initialize(server, dir);

    assert.deepEqual(await server.notification('wixlint/status'), {
      platforms: ['x86'],
      platformSource: 'default',
      files: 2,
      units: [
        {
          name: path.join(dir, 'Product.wxs'),
          files: [path.join(dir, 'Product.wxs'), path.join(dir, 'src', 'Components.wxs')],
          platforms: ['x86'],
          platformSource: 'default',
          reason: "nothing names a platform, so x86, the WiX compilers' default",
        },
      ],
    });
    const product = await diagnostics(server, uriOf(dir, 'Product.wxs'));
    assert.deepEqual(product.map(brief), [['isa-mixing', [2, 3, 2, 10]]]);
    const parts = await diagnostics(server, uriOf(dir, 'src/Components.wxs'));
    assert.deepEqual(parts.map(brief), [
      ['ice80', [4, 7, 4, 16]],
      ['ice80', [4, 73, 4, 84]],
    ]);
    for (const d of [...product, ...parts]) assert.ok(d.message.endsWith(' [x86]'), d.message);
    await shutdown(server);
  });

  it('applies wixlint.defines and wixlint.platforms pushed with didChangeConfiguration', async (t) => {
    const dir = workspace(t, {
      'Product.wxs': PRODUCT,
      'Components.wxs': components('$(var.Bits)'),
    });
    const server = start(t);
    const componentsUri = uriOf(dir, 'Components.wxs');
    await initialize(server, dir);

    const undefinedVariable = await diagnostics(server, componentsUri);
    assert.deepEqual(undefinedVariable.map(brief), [['undefined-variable', [4, 73, 4, 92]]]);
    assert.equal(undefinedVariable[0]!.message, '$(var.Bits) is not defined here [x86]');

    server.notify('workspace/didChangeConfiguration', { settings: { wixlint: { defines: { Bits: 'yes' } } } });
    const defined = await diagnostics(server, componentsUri, (d) => d.every((x) => x.code === 'ice80'));
    assert.deepEqual(defined.map(brief), [
      ['ice80', [4, 7, 4, 16]],
      ['ice80', [4, 73, 4, 92]],
    ]);
    assert.deepEqual((await diagnostics(server, uriOf(dir, 'Product.wxs'))).map(brief), [['isa-mixing', [2, 3, 2, 10]]]);

    // The user's platforms replace the default; a 64-bit package has no ISA mix, and its 64-bit component is still in a 32-bit folder.
    server.notify('workspace/didChangeConfiguration', { settings: { wixlint: { defines: { Bits: 'yes' }, platforms: ['x64'] } } });
    const settings = (await server.notification('wixlint/status', (p) => (p as StatusParams).platforms[0] === 'x64')) as StatusParams;
    assert.deepEqual(
      [settings.platforms, settings.platformSource, settings.files, settings.units.map((u) => u.reason)],
      [['x64'], 'settings', 2, ['the wixlint.platforms setting']],
    );
    assert.deepEqual(await diagnostics(server, uriOf(dir, 'Product.wxs')), []);
    await shutdown(server);
  });

  it('shows a wixlint.config.json that cannot be read where it is wrong, and lints as if it were not there', async (t) => {
    const dir = workspace(t, {
      'wixlint.config.json': '{\n  "platforms": ["x64"],\n  "rules": { "ice-80": "off" }\n}\n',
      'Product.wxs': PRODUCT,
      'Components.wxs': components('yes'),
    });
    const server = start(t);
    await initialize(server, dir);
    assert.deepEqual(await diagnostics(server, uriOf(dir, 'wixlint.config.json')), [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 1,
        source: 'wixlint',
        message:
          "unknown rule 'ice-80' in 'rules'; known rules: bundle-isa, com-overwrite, ice80, isa-mixing, parse-error, payload-isa, undefined-variable",
      },
    ]);
    // The rest of the config applies: x64.
    assert.ok((await diagnostics(server, uriOf(dir, 'Components.wxs'))).every((d) => d.message.endsWith('[x64]')));
    fs.writeFileSync(path.join(dir, 'wixlint.config.json'), '{ "platforms": ["x64"], }');
    server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(dir, 'wixlint.config.json'), type: 2 }] });
    const invalid = await diagnostics(server, uriOf(dir, 'wixlint.config.json'), (d) => d.length > 0 && d[0]!.message.startsWith('invalid JSON'));
    assert.equal(invalid.length, 1);
    assert.match(invalid[0]!.message, /^invalid JSON: /);
    await shutdown(server);
  });

  it('searches wixlint.includePaths, relative to the first workspace folder, for <?include?> files', async (t) => {
    const dir = workspace(t, {
      'Product.wxs': PRODUCT,
      'Components.wxs': components().replace('<Fragment>', '<Fragment>\n    <?include Parts.wxi ?>'),
      'inc/Parts.wxi': '<?xml version="1.0" encoding="utf-8"?>\n<Include>\n  <?define Unused = 1 ?>\n</Include>\n',
    });
    const server = start(t);
    const componentsUri = uriOf(dir, 'Components.wxs');
    await initialize(server, dir);
    const missing = await diagnostics(server, componentsUri);
    assert.deepEqual(
      missing.map((d) => d.code),
      ['parse-error'],
    );
    assert.match(missing[0]!.message, /Parts\.wxi/);

    server.notify('workspace/didChangeConfiguration', { settings: { wixlint: { includePaths: ['inc'] } } });
    assert.deepEqual(await diagnostics(server, componentsUri), []);
    await shutdown(server);
  });
  it('keeps what it learned of payloads between edits while the client watches files, and looks again when told of a change', async (t) => {
    const dir = workspace(t, { 'Product.wxs': toolProduct(' Win64="no"') });
    const server = start(t);
    const registrations = registered(server);
    const uri = uriOf(dir, 'Product.wxs');
    await initialize(server, dir, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'wxs', version: 1, text: toolProduct(' Win64="no"') } });
    assert.deepEqual((await diagnostics(server, uri)).map(brief), []);
    assert.ok(JSON.stringify(registrations).includes('**/*.{dll,exe,sys,ocx,cpl,drv,msi,msm,cab}'), JSON.stringify(registrations));

    // The build writes the payload, a 64-bit DLL in a 32-bit component; an edit before the watcher says so is linted
    // with what the server knew (no payload there).
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'tool.dll'), peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true }));
    server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${toolProduct(' Win64="no"')}\n` }] });
    assert.deepEqual((await diagnostics(server, uri)).map(brief), []);
    // Told of it, the server looks again.
    server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(dir, 'bin/tool.dll'), type: 1 }] });
    const found = await diagnostics(server, uri, (d) => d.length > 0);
    assert.deepEqual(
      found.map((d) => d.code),
      ['payload-isa'],
    );
    await shutdown(server);
  });

  it('says which payloads are not found where a wixlint.config.json asks, as the CLI does', async (t) => {
    const dir = workspace(t, {
      'asks/Product.wxs': toolProduct(),
      'asks/wixlint.config.json': '{ "missingPayloads": true }',
      'quiet/Product.wxs': toolProduct(' Win64="yes"'),
    });
    const server = start(t);
    await initialize(server, dir);
    const asks = await diagnostics(server, uriOf(dir, 'asks/Product.wxs'));
    assert.deepEqual(
      asks.map((d) => [...brief(d), d.message]),
      [['payload-isa', [5, 79, 5, 100], "The payload of File 'tool.dll' was not found [x86]"]],
    );
    // Without a config that asks, the missing payload is not said; a 64-bit component there makes something to publish.
    assert.deepEqual(
      (await diagnostics(server, uriOf(dir, 'quiet/Product.wxs'))).map((d) => d.code),
      ['isa-mixing', 'ice80', 'ice80'],
    );
    await shutdown(server);
  });
});
