// The MSI reader against msitools, an independent reader (and, through wixl, an independent writer): every table cell
// by cell, the streams and the summary of packages the test builder and wixl write.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { bytesSource } from '../../server/src/msi/byteSource';
import { idtTypeCode } from '../../server/src/msi/columns';
import { openMsi, type CellValue, type MsiDatabase } from '../../server/src/msi/database';
import { buildMsi, type MsiSpec } from '../msi/builder';
import { compareSummary, msiinfo, parseIdt, PSEUDO_TABLES } from '../msi/msiinfo';
import { SAMPLE } from '../msi/sample';
import { SCHEMA } from '../msi/schema';
import { missing } from '../tools';

const open = (bytes: Uint8Array, fileName?: string): MsiDatabase => openMsi(bytesSource(bytes), fileName);

const MSIINFO_MISSING = missing('msiinfo');
const WIXL_MISSING = missing('wixl', 'msiinfo');

const cellText = (value: CellValue): string => (value === null ? '' : String(value));

interface Compared {
  tables: number;
  cells: number;
  summaryFields: number;
}

/** Compares every table, cell by cell, the stream list and the summary with what msiinfo reads from the same file. */
function compareWithMsiinfo(file: string, db: MsiDatabase): Compared {
  const cwd = path.dirname(file);
  const listed = msiinfo(cwd, ['tables', file])
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '' && !PSEUDO_TABLES.has(line));
  assert.deepEqual(db.tableNames(), listed, 'table list');

  let cells = 0;
  for (const name of [...listed, '_Tables', '_Columns']) {
    const idt = parseIdt(msiinfo(cwd, ['export', file, name]).toString('utf8'));
    const table = db.table(name);
    assert.ok(table, name);
    assert.deepEqual(
      table.columns.map((c) => c.name),
      idt.names,
      `${name}: column names`,
    );
    assert.deepEqual(table.columns.map(idtTypeCode), idt.types, `${name}: column types`);
    assert.equal(idt.table, name);
    // msitools lists no primary keys for the catalog tables themselves.
    if (!name.startsWith('_'))
      assert.deepEqual(
        table.columns.filter((c) => c.key).map((c) => c.name),
        idt.keys,
        `${name}: keys`,
      );
    assert.equal(table.rows.length, idt.rows.length, `${name}: row count`);
    table.rows.forEach((row, r) => {
      assert.deepEqual(row.map(cellText), idt.rows[r], `${name} row ${r + 1}`);
      cells += row.length;
    });
  }

  const theirStreams = msiinfo(cwd, ['streams', file])
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .sort();
  assert.deepEqual(
    db
      .streams()
      .map((s) => s.name)
      .sort(),
    theirStreams,
    'streams',
  );

  const summaryFields = compareSummary(cwd, file, db.summary);
  assert.deepEqual(db.summary.badValues, []);
  return { tables: listed.length, cells, summaryFields };
}

describe("msiinfo reads the builder's packages as openMsi does", { skip: MSIINFO_MISSING }, () => {
  let dir = '';
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, MsiSpec][] = [
    ['the sample package (Windows-1252 text, binary columns, i4 extremes, empty table)', SAMPLE],
    [
      'a UTF-8 package (code page 65001 pool and summary)',
      {
        codepage: 65001,
        summary: { codepage: 65001, title: 'Ünïcödé ✓ 日本', created: new Date(Date.UTC(2023, 6, 4)) },
        tables: [{ name: 'Property', columns: SCHEMA.Property, rows: [['P', 'Ünïcödé ✓ 日本']] }],
      },
    ],
    [
      // Used once and under 128 KiB, so its entries (0, 1) (4464, 1) read the same in both long-string layouts:
      // msitools 0.101 reads (0, refcount) (low, high), and rejects the layout its own writer uses when they differ.
      'a package with 3-byte references and a string over 64 KiB',
      {
        longStringRefs: true,
        summary: { title: 'wide' },
        tables: [
          {
            name: 'Property',
            columns: SCHEMA.Property,
            rows: [
              ['Long', 'y'.repeat(70_000)],
              ['Short', 's'],
            ],
          },
        ],
      },
    ],
    [
      'a package with 66,000 strings (3-byte references by count)',
      {
        summary: { title: 'many' },
        tables: [
          {
            name: 'Big',
            columns: [
              { name: 'Id', type: 's72', key: true },
              { name: 'N', type: 'I4' },
            ],
            rows: Array.from({ length: 66_000 }, (_, i) => [`P${i}`, i % 7 === 0 ? null : i - 33_000]),
          },
        ],
      },
    ],
  ];
  for (const [title, spec] of cases) {
    it(title, () => {
      dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-msidb-'));
      const file = path.join(dir, `case${cases.findIndex(([t]) => t === title)}.msi`);
      const bytes = buildMsi(spec);
      fs.writeFileSync(file, bytes);
      const compared = compareWithMsiinfo(file, open(bytes));
      assert.ok(compared.cells > 0);
    });
  }
});

/** Small WiX v3 sources in the subset wixl compiles, with the dummy files they reference. */
const WIXL_SOURCES: { name: string; arch: 'x86' | 'x64'; files: string[]; wxs: string }[] = [
  {
    name: 'x64',
    arch: 'x64',
    files: ['app.exe', 'helper.dll', 'ca.dll'],
    wxs: `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo 64" Language="1033" Version="1.2.3" Manufacturer="Acme Ltd" UpgradeCode="12345678-1234-1234-1234-123456789012">
    <Package InstallerVersion="500" Compressed="yes" Platform="x64" Comments="Some comments" Description="A demo package" Keywords="Installer,Demo" />
    <Media Id="1" Cabinet="demo.cab" EmbedCab="yes" />
    <Property Id="LONGTEXT" Value="${'0123456789'.repeat(7000)}" />
    <Binary Id="CaDll" SourceFile="ca.dll" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Main64" Guid="11111111-2222-3333-4444-555555555555" Win64="yes">
            <File Id="AppExe" Source="app.exe" KeyPath="yes" />
            <RegistryValue Root="HKLM" Key="Software\\Acme\\Demo" Name="Path" Type="string" Value="[INSTALLDIR]" />
            <RegistryValue Root="HKLM" Key="Software\\Acme\\Demo" Name="Count" Type="integer" Value="42" />
          </Component>
          <Component Id="Helper32" Guid="11111111-2222-3333-4444-666666666666">
            <File Id="HelperDll" Source="helper.dll" KeyPath="yes" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1" Title="Main feature">
      <ComponentRef Id="Main64" />
      <ComponentRef Id="Helper32" />
    </Feature>
    <CustomAction Id="CheckIt" BinaryKey="CaDll" DllEntry="CheckIt" Execute="deferred" Impersonate="no" Return="check" />
    <InstallExecuteSequence>
      <Custom Action="CheckIt" After="InstallFiles">NOT Installed</Custom>
    </InstallExecuteSequence>
  </Product>
</Wix>
`,
  },
  {
    name: 'x86',
    arch: 'x86',
    files: ['tool.exe', 'lib.dll', 'readme.txt'],
    wxs: `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Second" Language="1033" Version="2.0.1" Manufacturer="Café € Ltd" UpgradeCode="22345678-1234-1234-1234-123456789012">
    <Package InstallerVersion="301" Compressed="yes" InstallScope="perMachine" Comments="Two features" />
    <Media Id="1" Cabinet="b.cab" EmbedCab="yes" />
    <MajorUpgrade DowngradeErrorMessage="A newer version is installed." />
    <Property Id="MYPROP" Value="Ünïcödé ‘quoted’ – ok" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="APPDIR" Name="Second">
          <Directory Id="DOCDIR" Name="docs" />
        </Directory>
      </Directory>
    </Directory>
    <DirectoryRef Id="APPDIR">
      <Component Id="Tool" Guid="21111111-2222-3333-4444-555555555555">
        <File Id="ToolExe" Source="tool.exe" KeyPath="yes" />
        <RegistryValue Root="HKCU" Key="Software\\Second" Name="Installed" Type="integer" Value="-7" />
      </Component>
      <Component Id="Lib" Guid="21111111-2222-3333-4444-666666666666">
        <File Id="LibDll" Source="lib.dll" KeyPath="yes" />
      </Component>
    </DirectoryRef>
    <DirectoryRef Id="DOCDIR">
      <Component Id="Docs" Guid="21111111-2222-3333-4444-777777777777">
        <File Id="Readme" Source="readme.txt" KeyPath="yes" />
        <RemoveFolder Id="RemoveDocs" On="uninstall" />
      </Component>
    </DirectoryRef>
    <Feature Id="Core" Level="1" Title="Core">
      <ComponentRef Id="Tool" />
      <ComponentRef Id="Lib" />
      <Feature Id="Documentation" Level="2" Title="Docs">
        <ComponentRef Id="Docs" />
      </Feature>
    </Feature>
    <CustomAction Id="SetIt" Property="MYPROP2" Value="[APPDIR]tool.exe" />
    <CustomAction Id="RunTool" FileKey="ToolExe" ExeCommand="/quiet" Execute="deferred" Return="ignore" Impersonate="no" />
    <InstallExecuteSequence>
      <Custom Action="SetIt" Before="CostFinalize" />
      <Custom Action="RunTool" Before="InstallFinalize">NOT REMOVE</Custom>
    </InstallExecuteSequence>
  </Product>
</Wix>
`,
  },
  {
    name: 'shortcut',
    arch: 'x86',
    files: ['main.exe', 'app.ico'],
    wxs: `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Third" Language="1033" Version="3.0.0" Manufacturer="Acme" UpgradeCode="42345678-1234-1234-1234-123456789012">
    <Package InstallerVersion="200" Compressed="yes" />
    <Media Id="1" Cabinet="c.cab" EmbedCab="yes" />
    <Icon Id="App.ico" SourceFile="app.ico" />
    <Property Id="ARPPRODUCTICON" Value="App.ico" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="APPDIR" Name="Third" />
      </Directory>
      <Directory Id="ProgramMenuFolder">
        <Directory Id="MenuDir" Name="Third" />
      </Directory>
    </Directory>
    <DirectoryRef Id="APPDIR">
      <Component Id="Main" Guid="41111111-2222-3333-4444-555555555555">
        <File Id="MainExe" Source="main.exe" KeyPath="yes">
          <Shortcut Id="MainShortcut" Directory="MenuDir" Name="Third" WorkingDirectory="APPDIR" Icon="App.ico" Advertise="yes" />
        </File>
      </Component>
    </DirectoryRef>
    <Feature Id="All" Level="1"><ComponentRef Id="Main" /></Feature>
  </Product>
</Wix>
`,
  },
];

describe('real MSIs built by wixl, read as msiinfo reads them', { skip: WIXL_MISSING }, () => {
  let dir = '';
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const source of WIXL_SOURCES) {
    it(`${source.name}: every table cell by cell, the streams and the summary`, () => {
      dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-wixl-'));
      const work = path.join(dir, source.name);
      fs.mkdirSync(work);
      for (const f of source.files) fs.writeFileSync(path.join(work, f), `dummy ${f}\n`);
      fs.writeFileSync(path.join(work, 'p.wxs'), source.wxs);
      const file = path.join(work, 'p.msi');
      execFileSync('wixl', ['-a', source.arch, '-o', file, 'p.wxs'], { cwd: work, stdio: 'pipe' });
      const db = open(fs.readFileSync(file), 'p.msi');
      assert.deepEqual(db.warnings, []);
      assert.equal(db.kind, 'msi');
      const compared = compareWithMsiinfo(file, db);
      assert.ok(compared.tables >= 20, `${compared.tables} tables`);
      assert.deepEqual(db.warnings, [], 'decoding every table adds no warning');
    });
  }

  it('reads a string over 128 KiB as wixl writes it, (0, length high) (length low, refcount)', () => {
    // msitools 0.101 cannot read this package back (its reader expects (0, refcount) (low, high)), so only ours is checked.
    const work = path.join(dir || (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-wixl-'))), 'long');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'a.txt'), 'a\n');
    const huge = 'abcdefghij'.repeat(14_000);
    fs.writeFileSync(
      path.join(work, 'p.wxs'),
      `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Long" Language="1033" Version="1.0.0" Manufacturer="Acme" UpgradeCode="52345678-1234-1234-1234-123456789012">
    <Package InstallerVersion="200" Compressed="yes" />
    <Media Id="1" Cabinet="l.cab" EmbedCab="yes" />
    <Property Id="HUGE" Value="${huge}" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="APPDIR" Name="Long">
          <Component Id="Main" Guid="51111111-2222-3333-4444-555555555555"><File Id="A" Source="a.txt" KeyPath="yes" /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="All" Level="1"><ComponentRef Id="Main" /></Feature>
  </Product>
</Wix>
`,
    );
    const file = path.join(work, 'p.msi');
    execFileSync('wixl', ['-o', file, 'p.wxs'], { cwd: work, stdio: 'pipe' });
    const db = open(fs.readFileSync(file));
    const rows = new Map(db.table('Property')!.rows.map((r) => [r[0], r[1]]));
    assert.equal(rows.get('HUGE'), huge);
    assert.equal(rows.get('Manufacturer'), 'Acme', 'the strings after it are in place');
    assert.equal(db.table('Component')!.rows[0]![0], 'Main');
    assert.deepEqual(db.warnings, []);
  });

  it('x64: reads the facts the rules need (64-bit component, template, long string)', () => {
    const db = open(fs.readFileSync(path.join(dir, 'x64', 'p.msi')));
    assert.equal(db.summary.template, 'x64;1033');
    const component = db.table('Component')!;
    const attributes = component.columns.findIndex((c) => c.name === 'Attributes');
    const main = component.rows.find((r) => r[0] === 'Main64')!;
    assert.equal((main[attributes] as number) & 256, 256, 'msidbComponentAttributes64bit');
    const property = db.table('Property')!.rows.find((r) => r[0] === 'LONGTEXT')!;
    assert.equal((property[1] as string).length, 70_000);
    assert.deepEqual(db.table('Binary')!.rows, [['CaDll', 'Binary.CaDll']]);
  });
});
