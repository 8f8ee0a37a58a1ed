// The wixlint command on built packages: linting .msi files, `inspect` against msitools, damaged files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runWixlint } from './cliRun';
import type { SummaryInfo } from '../../server/src/msi/database';
import { buildCompoundFile, buildMsi, buildTableStreams } from '../msi/builder';
import { compareSummary, msiinfo, SUMINFO_LABELS } from '../msi/msiinfo';
import { CORE_COMPONENTS, PROGRAM_FILES_DIRECTORIES } from '../msi/sample';
import { missing } from '../tools';

const run = runWixlint;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-cli-msi-'));
}

const COMPONENTS = CORE_COMPONENTS;
const DIRECTORIES = PROGRAM_FILES_DIRECTORIES;

/** The compound-file header fields these damages need (version 3, 512-byte sectors, as the builder writes). */
const HEADER_FIRST_DIRECTORY_SECTOR = 0x30;
const HEADER_FIRST_FAT_SECTOR = 0x4c;
const SECTOR = 512;
const DIRECTORY_ENTRY = 128;
const ENTRY_STREAM_SIZE = 120;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The directory's first sector points back at itself in the FAT: a chain that never ends. */
function cyclicDirectoryChain(valid: Uint8Array): Uint8Array {
  const bytes = Uint8Array.from(valid);
  const dv = view(bytes);
  const directory = dv.getUint32(HEADER_FIRST_DIRECTORY_SECTOR, true);
  const fat = dv.getUint32(HEADER_FIRST_FAT_SECTOR, true);
  dv.setUint32((fat + 1) * SECTOR + directory * 4, directory, true);
  return bytes;
}

/** A directory entry that claims a stream far larger than the file. */
function oversizedStream(valid: Uint8Array): Uint8Array {
  const bytes = Uint8Array.from(valid);
  const dv = view(bytes);
  const directory = (dv.getUint32(HEADER_FIRST_DIRECTORY_SECTOR, true) + 1) * SECTOR;
  // Entry 0 is the root storage; entry 1 is a stream.
  dv.setUint32(directory + DIRECTORY_ENTRY + ENTRY_STREAM_SIZE, 0x7ffffff0, true);
  return bytes;
}

describe('wixlint on .msi files', () => {
  it('reports problems at table rows, in JSON with table and key, exit 1; and lints a clean package to exit 0', async () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(
        path.join(dir, 'mixed.msi'),
        buildMsi({ summary: { template: 'Intel;1033', pageCount: 200 }, tables: [DIRECTORIES, COMPONENTS] }),
      );
      const clean = { ...COMPONENTS, rows: [COMPONENTS.rows[0]!] };
      fs.writeFileSync(path.join(dir, 'clean.msi'), buildMsi({ summary: { template: 'Intel;1033', pageCount: 200 }, tables: [DIRECTORIES, clean] }));
      const mixed = await run(['--format', 'json', 'mixed.msi'], dir);
      assert.equal(mixed.stderr, '');
      assert.equal(mixed.code, 1);
      const problems = (JSON.parse(mixed.stdout) as { problems: Record<string, unknown>[] }).problems;
      assert.deepEqual(
        problems.map((p) => [p['file'], p['ruleId'], p['table'], p['key'], Object.keys(p).join(',')]),
        [
          ['mixed.msi', 'ice80', 'Component', 'Core64', 'file,ruleId,severity,message,note,help,table,key'],
          ['mixed.msi', 'ice80', 'Component', 'Core64', 'file,ruleId,severity,message,note,help,table,key'],
          ['mixed.msi', 'isa-mixing', '_SummaryInformation', '7', 'file,ruleId,severity,message,note,help,table,key'],
        ],
      );
      const text = await run(['mixed.msi'], dir);
      assert.match(text.stdout, /^mixed\.msi\n {2}Component\/Core64 +error +Component 'Core64' is 64-bit/);
      assert.deepEqual(await run(['clean.msi'], dir), { code: 0, stdout: '', stderr: '' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses damaged and foreign files with one line naming the problem, exit 2', async () => {
    const dir = tempDir();
    try {
      const valid = buildMsi({ summary: { template: 'Intel;1033', pageCount: 200 }, tables: [DIRECTORIES, COMPONENTS] });
      const garbage = new Uint8Array(2048).fill(0x5a);
      garbage.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      const files: Record<string, Uint8Array> = {
        'cyclic.msi': cyclicDirectoryChain(valid),
        'oversized.msi': oversizedStream(valid),
        'empty.msi': new Uint8Array(),
        'truncated.msi': valid.subarray(0, 300),
        'garbage.msi': garbage,
        'letter.msi': buildCompoundFile('{00020906-0000-0000-C000-000000000046}', { WordDocument: new Uint8Array(600) }),
        'notes.msi': new TextEncoder().encode('just some text\n'),
      };
      for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
      for (const name of Object.keys(files)) {
        for (const argv of [[name], ['inspect', name]]) {
          const r = await run(argv, dir);
          assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
          // Linting, the package is also a problem on it in the report; inspecting, there is no report.
          if (argv[0] === 'inspect') assert.equal(r.stdout, '');
          else assert.match(r.stdout, new RegExp(`^${name.replace('.', '\\.')}\n  1:1  error  Cannot read this file: `));
          assert.match(r.stderr, new RegExp(`^wixlint: cannot read '${name.replace('.', '\\.')}': [^\\n]+\\.\\n$`), r.stderr);
          assert.doesNotMatch(r.stderr, /\bat .*\(.*:\d+:\d+\)/, 'no stack trace');
        }
      }
      assert.match((await run(['letter.msi'], dir)).stderr, /Word document/);
      assert.match((await run(['empty.msi'], dir)).stderr, /empty/);
      // A folder named like a package: inspect names it; linting expands it as a folder (empty here).
      fs.mkdirSync(path.join(dir, 'folder.msi'));
      assert.deepEqual(await run(['inspect', 'folder.msi'], dir), {
        code: 2,
        stdout: '',
        stderr: "wixlint: cannot read 'folder.msi': it is a folder\n",
      });
      assert.deepEqual(await run(['inspect', '/dev/zero'], dir), {
        code: 2,
        stdout: '',
        stderr: "wixlint: cannot read '/dev/zero': it is a device, not a file\n",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lints a damaged but readable package as far as it can be read, with a warning on stderr', async () => {
    const dir = tempDir();
    try {
      const spec = { summary: { template: 'Intel;1033', pageCount: 200 }, tables: [DIRECTORIES, COMPONENTS] };
      const components = buildTableStreams(spec).tableStreams.get('Component')!;
      fs.writeFileSync(
        path.join(dir, 'damaged.msi'),
        buildMsi({ ...spec, tableStreamOverrides: { Component: Uint8Array.from([...components, 0]) } }),
      );
      const r = await run(['--format', 'json', 'damaged.msi'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^wixlint: warning: 'damaged\.msi': Table Component: its stream is \d+ bytes, not a whole number of \d+-byte rows/);
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
      const ruleIds = (JSON.parse(r.stdout) as { problems: { ruleId: string }[] }).problems.map((p) => p.ruleId);
      assert.deepEqual(ruleIds, ['ice80', 'ice80', 'isa-mixing']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inspect prints the summary with the platform called out, the tables and the streams; --table one table', async () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'p.msi'), buildMsi({ summary: { template: 'x64;1033', pageCount: 200 }, tables: [DIRECTORIES, COMPONENTS] }));
      const all = await run(['inspect', 'p.msi'], dir);
      assert.equal(all.code, 0);
      const lines = all.stdout.split('\n');
      assert.equal(lines[0], 'Summary information');
      assert.ok(lines.includes('  Template        x64;1033  (64-bit package)'), all.stdout);
      assert.ok(lines.includes('  \\x05SummaryInformation  100 bytes'), all.stdout);
      assert.ok(lines.includes('  Component  2 rows'), all.stdout);
      assert.ok(lines.includes('  Directory  3 rows'), all.stdout);
      const one = await run(['inspect', 'p.msi', '--table', 'Component'], dir);
      assert.deepEqual(one.stdout.split('\n').slice(0, 4), [
        'Component (2 rows)',
        'Component*  ComponentId                             Directory_  Attributes  Condition  KeyPath',
        'Core        {11111111-2222-3333-4444-555555555555}  INSTALLDIR  0',
        'Core64      {11111111-2222-3333-4444-666666666666}  INSTALLDIR  256',
      ]);
      const missing = await run(['inspect', 'p.msi', '--table', 'File'], dir);
      assert.deepEqual(missing, { code: 2, stdout: '', stderr: "wixlint: 'p.msi' has no table 'File'; it has Directory, Component\n" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const WIXL_MISSING = missing('wixl', 'msiinfo');

const WXS = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Inspect Me" Language="1033" Version="1.2.3" Manufacturer="Contoso" UpgradeCode="{5B9C6A3E-2D14-4E7B-9C0A-7F3E2B1D4C58}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Media Id="1" Cabinet="p.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="Inspect">
          <Component Id="Main" Guid="{0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}" Win64="yes">
            <File Id="MainExe" Source="main.exe" KeyPath="yes" />
            <RegistryValue Root="HKCR" Key="CLSID\\{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}\\InprocServer32" Type="string" Value="[#MainExe]" />
            <RegistryValue Root="HKLM" Key="Software\\Contoso\\Inspect" Name="Level" Type="integer" Value="3" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Complete" Level="1"><ComponentRef Id="Main" /></Feature>
  </Product>
</Wix>
`;

const SERVICES_WXS = `<?xml version="1.0"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Svc" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{5B9C6A3E-2D14-4E7B-9C0A-7F3E2B1D4C59}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Media Id="1" Cabinet="s.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="D" Name="Svc">
          <Component Id="Service" Guid="{0A1B2C3D-4E5F-4061-8273-94A5B6C7D8EA}">
            <File Id="SvcExe" Name="svc.exe" Source="main.exe" KeyPath="yes" />
            <ServiceInstall Id="SvcInstall" Name="ContosoSvc" DisplayName="Contoso Service" Type="ownProcess" Start="auto" ErrorControl="normal" />
            <ServiceControl Id="SvcControl" Name="ContosoSvc" Start="install" Stop="both" Remove="uninstall" Wait="yes" />
          </Component>
          <Component Id="Shortcuts" Guid="{0A1B2C3D-4E5F-4061-8273-94A5B6C7D8EB}">
            <RegistryValue Root="HKCU" Key="Software\\Contoso\\Svc" Name="installed" Type="integer" Value="1" KeyPath="yes" />
            <Shortcut Id="Sc" Name="Svc" Target="[#SvcExe]" Directory="ProgramMenuFolder" />
          </Component>
        </Directory>
      </Directory>
      <Directory Id="ProgramMenuFolder" />
    </Directory>
    <CustomAction Id="SetProp" Property="FOO" Value="bar" />
    <InstallExecuteSequence><Custom Action="SetProp" Before="CostFinalize" /></InstallExecuteSequence>
    <Feature Id="F" Level="1"><ComponentRef Id="Service" /><ComponentRef Id="Shortcuts" /></Feature>
  </Product>
</Wix>
`;

/** 5,000 components, each with a file and a registry value: large tables and a string pool of 15,000 strings. */
function manyComponentsWxs(count: number): string {
  const components: string[] = [];
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const guid = `{3F2504E0-4F89-41D3-9A0C-${i.toString(16).toUpperCase().padStart(12, '0')}}`;
    components.push(
      `<Component Id="C${i}" Guid="${guid}"><File Id="F${i}" Name="f${i}.txt" Source="main.exe" KeyPath="yes" />` +
        `<RegistryValue Root="HKCU" Key="Software\\Bench\\C${i}" Name="i" Type="integer" Value="${i}" /></Component>`,
    );
    refs.push(`<ComponentRef Id="C${i}" />`);
  }
  return `<?xml version="1.0"?><Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Product Id="*" Name="Big" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{5B9C6A3E-2D14-4E7B-9C0A-7F3E2B1D4C5A}"><Package InstallerVersion="200" Compressed="yes" /><Media Id="1" Cabinet="b.cab" EmbedCab="yes" /><Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="D" Name="Big">${components.join('')}</Directory></Directory></Directory><Feature Id="F" Level="1">${refs.join('')}</Feature></Product></Wix>`;
}

const WIXL_PACKAGES: { name: string; arch: 'x86' | 'x64'; wxs: () => string; template: string }[] = [
  { name: 'x64, a 64-bit component, registry values', arch: 'x64', wxs: () => WXS, template: 'x64;1033' },
  { name: 'x86, a service, a shortcut, a custom action', arch: 'x86', wxs: () => SERVICES_WXS, template: 'Intel;1033' },
  { name: 'x86, 5,000 components', arch: 'x86', wxs: () => manyComponentsWxs(5000), template: 'Intel;1033' },
];

describe('wixlint inspect agrees with msitools on wixl packages', { skip: WIXL_MISSING }, () => {
  for (const pkg of WIXL_PACKAGES) {
    it(`${pkg.name}: every table msiinfo lists, row for row and cell for cell, and the summary`, async () => {
      const dir = tempDir();
      try {
        fs.writeFileSync(path.join(dir, 'p.wxs'), pkg.wxs());
        fs.writeFileSync(path.join(dir, 'main.exe'), 'MZ not really a program');
        execFileSync('wixl', ['-a', pkg.arch, '-o', 'p.msi', 'p.wxs'], { cwd: dir, stdio: 'pipe' });
        await compareInspectWithMsiinfo(dir, pkg.template);
        const lint = await run(['--format', 'json', 'p.msi'], dir);
        assert.equal(lint.code, 0, lint.stdout);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

async function compareInspectWithMsiinfo(dir: string, template: string): Promise<void> {
  const r = await run(['inspect', '--format', 'json', 'p.msi'], dir);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as {
    summary: Record<string, string | number>;
    tables: Record<string, { columns: { name: string; type: string; key: boolean; nullable: boolean }[]; rows: (string | number | null)[][] }>;
  };
  const info = (...args: string[]) => msiinfo(dir, args).toString('latin1');
  const tables = info('tables', 'p.msi')
    .split('\n')
    .filter((t) => t !== '' && !t.startsWith('_'));
  assert.deepEqual(Object.keys(json.tables).sort(), tables.sort());
  // IDT escapes: tab, CR and LF in values are written as the control characters 0x10, 0x11 and 0x19.
  const idt = (v: string | number | null) => (v === null ? '' : String(v).replace(/\t/g, '\x10').replace(/\r/g, '\x11').replace(/\n/g, '\x19'));
  const skipped: string[] = [];
  for (const name of tables) {
    const theirIdt = info('export', 'p.msi', name);
    const [columns, types, keyLine, ...rows] = theirIdt.replace(/\r\n/g, '\n').split('\n');
    const ours = json.tables[name]!;
    assert.deepEqual(
      ours.columns.map((c) => c.name),
      columns!.split('\t'),
      name,
    );
    assert.deepEqual(
      ours.columns.map((c) => c.type),
      types!.split('\t'),
      name,
    );
    // The third line is the table's name, then its primary key columns; an upper-case type code is a nullable column.
    assert.equal(keyLine!.split('\t')[0], name);
    assert.deepEqual(
      ours.columns.filter((c) => c.key).map((c) => c.name),
      keyLine!.split('\t').slice(1),
      `${name}: keys`,
    );
    assert.deepEqual(
      ours.columns.map((c) => c.nullable),
      types!.split('\t').map((t) => t[0] === t[0]!.toUpperCase()),
      `${name}: nullable columns`,
    );
    const theirs = rows.filter((row) => row !== '').map((row) => row.split('\t'));
    // Binary cells: msiinfo names the file it extracts the stream to; only the other cells are compared.
    const binary = ours.columns.map((c) => c.type.toLowerCase().startsWith('v'));
    const cells = (row: string[]) => row.map((v, i) => (binary[i] ? '' : v));
    assert.deepEqual(
      ours.rows.map((row) => cells(row.map(idt))),
      theirs.map(cells),
      name,
    );
    // The IDT export is msiinfo's, byte for byte, where no cell is binary and no value needs an escape (which msiinfo
    // leaves raw); wixl's packages have no such table, so every table is compared.
    const exported = await run(['inspect', 'p.msi', '--table', name, '--format', 'idt'], dir);
    assert.equal(exported.code, 0, exported.stderr);
    const raw = ours.rows.some((row) => row.some((v, i) => binary[i] || (typeof v === 'string' && /[\t\r\n]/.test(v))));
    if (raw) skipped.push(name);
    else assert.equal(exported.stdout, theirIdt, `${name} as IDT`);
  }
  assert.deepEqual(skipped, [], 'tables whose IDT export was not compared byte for byte');
  const suminfo = info('suminfo', 'p.msi');
  assert.equal(json.summary['template'], template);
  assert.match(suminfo, new RegExp(`Template: ${template}\n`));
  assert.match(suminfo, new RegExp(`Version: ${json.summary['pageCount']} `));
  assert.match(suminfo, new RegExp(`Author: ${json.summary['author']}\n`));
  // Every field msiinfo prints, and every field of ours printed: the JSON's dates are ISO strings.
  const summary: Record<string, string | number | Date> = {};
  for (const [field, value] of Object.entries(json.summary)) {
    summary[field] = field === 'created' || field === 'lastSaved' ? new Date(value) : value;
  }
  assert.ok(summary['created'] instanceof Date && summary['lastSaved'] instanceof Date, JSON.stringify(json.summary));
  // wixl writes all but two of the fields msiinfo prints: no last author, no character count.
  assert.equal(compareSummary(dir, 'p.msi', summary as Omit<SummaryInfo, 'badValues'>), Object.keys(SUMINFO_LABELS).length - 2);
  assert.deepEqual([summary['lastSavedBy'], summary['charCount']], [undefined, undefined]);
}
