// Tests for `wixlint/inspectMsi`: paging, sorting, filtering and exports on a builder package, the cache and errors, and the real server.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver';
import { openFileSource } from '../../server/src/io/fileSource';
import { createMsiInspector, InspectError, inspectOverview, inspectTable } from '../../server/src/lsp/inspect';
import { bytesSource } from '../../server/src/msi/byteSource';
import { openMsi, type MsiDatabase } from '../../server/src/msi/database';
import { getRule } from '../../server/src/rules/index';
import {
  INSPECT_MSI_REQUEST,
  type InspectExportResult,
  type InspectMsiResult,
  type InspectOverviewResult,
  type InspectTableResult,
} from '../../server/src/protocol';
import { buildMsi, type BuilderCell, type BuilderTable } from '../msi/builder';
import { schemaTable } from '../msi/schema';
import { LspProcess } from './lspProcess';

// This file runs as out/test/lsp/inspect.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(REPO, 'out', 'server', 'src', 'node', 'main.js');

const COMPONENTS = 250;

/** A 32-bit package with 250 ordinary components and one 64-bit one: ice80 on Component 'Core64'. */
function packageBytes(): Uint8Array {
  const components: BuilderCell[][] = [];
  for (let i = 0; i < COMPONENTS; i++) {
    const id = `Comp${String(i).padStart(3, '0')}`;
    // Attributes cycle 0..3 so that sorting has ties; every seventh condition is null.
    components.push([id, null, 'ProgramFilesFolder', i % 4, i % 7 === 0 ? null : `VersionNT >= ${600 + (i % 5)}`, null]);
  }
  components.push(['Core64', null, 'ProgramFiles64Folder', 0x100, 'Needle, "quoted"', null]);
  return buildMsi({
    summary: { template: 'Intel;1033', pageCount: 200, wordCount: 2, title: 'Installation Database' },
    tables: [
      schemaTable('Property', [
        ['ProductName', 'Demo'],
        ['ProductLanguage', '1033'],
      ]),
      schemaTable('Directory', [
        ['TARGETDIR', null, 'SourceDir'],
        ['ProgramFilesFolder', 'TARGETDIR', '.'],
        ['ProgramFiles64Folder', 'TARGETDIR', '.'],
      ]),
      schemaTable('Component', components),
    ],
  });
}

/** A package of just these tables, opened from memory. */
function openTables(...tables: BuilderTable[]): MsiDatabase {
  return openMsi(bytesSource(buildMsi({ summary: { template: 'Intel;1033' }, tables })));
}

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-inspect-'));
after(() => fs.rmSync(DIR, { recursive: true, force: true }));
const FILE = path.join(DIR, 'demo.msi');
fs.writeFileSync(FILE, packageBytes());
const URI = pathToFileURL(FILE).href;

function openDemo(): ReturnType<typeof openMsi> {
  return openMsi(openFileSource(FILE), FILE);
}

function page(result: InspectMsiResult): InspectTableResult {
  assert.ok('rows' in result && 'total' in result, JSON.stringify(result).slice(0, 200));
  return result;
}

const ids = (result: InspectTableResult): (string | number | null)[] => result.rows.map((r) => r[0]!);

describe('inspectTable: pages', () => {
  const msi = openDemo();

  it('gives 200 rows by default, the columns with IDT types, and the total', () => {
    const result = page(inspectTable(msi, { uri: URI, table: 'Component' }));
    assert.equal(result.total, COMPONENTS + 1);
    assert.equal(result.offset, 0);
    assert.equal(result.rows.length, 200);
    assert.deepEqual(result.columns[0], { name: 'Component', type: 's72', key: true, nullable: false });
    assert.deepEqual(
      result.columns.map((c) => c.type),
      ['s72', 'S38', 's72', 'i2', 'S255', 'S72'],
    );
    assert.equal(result.rows[0]![0], 'Comp000');
  });

  it('pages with offset and limit, the last page short, past the end empty', () => {
    const second = page(inspectTable(msi, { uri: URI, table: 'Component', offset: 200, limit: 40 }));
    assert.deepEqual([second.offset, second.rows.length, second.rows[0]![0]], [200, 40, 'Comp200']);
    const last = page(inspectTable(msi, { uri: URI, table: 'Component', offset: 240, limit: 40 }));
    assert.equal(last.rows.length, COMPONENTS + 1 - 240);
    assert.equal(last.rows.at(-1)![0], 'Core64');
    assert.deepEqual(page(inspectTable(msi, { uri: URI, table: 'Component', offset: 1000 })).rows, []);
  });

  it('caps limit at 5000 and ignores nonsense values', () => {
    assert.equal(page(inspectTable(msi, { uri: URI, table: 'Component', limit: 1e9 })).rows.length, COMPONENTS + 1);
    // A table one row longer than the cap.
    const rows = Array.from({ length: 5001 }, (_, i): BuilderCell[] => [`P${i}`, String(i)]);
    const big = openTables(schemaTable('Property', rows));
    const capped = page(inspectTable(big, { uri: URI, table: 'Property', limit: 1e9 }));
    assert.deepEqual([capped.total, capped.rows.length, capped.rows.at(-1)![0]], [5001, 5000, 'P4999']);
    assert.equal(page(inspectTable(big, { uri: URI, table: 'Property', limit: 5000, offset: 1 })).rows.length, 5000);
    const odd = page(inspectTable(msi, { uri: URI, table: 'Component', offset: -5, limit: -1 }));
    assert.deepEqual([odd.offset, odd.rows.length], [0, 200]);
  });

  it('refuses an unknown table or sort column', () => {
    assert.throws(
      () => inspectTable(msi, { uri: URI, table: 'Nope' }),
      (e: unknown) => e instanceof InspectError && /no table 'Nope'/.test(e.message),
    );
    assert.throws(
      () => inspectTable(msi, { uri: URI, table: 'Component', sort: { column: 'Nope', descending: false } }),
      (e: unknown) => e instanceof InspectError && /no column 'Nope'/.test(e.message),
    );
  });
});

describe('inspectTable: sorting and filtering', () => {
  const msi = openDemo();

  it('sorts numbers numerically and stably, in both directions', () => {
    const up = page(inspectTable(msi, { uri: URI, table: 'Component', sort: { column: 'Attributes', descending: false }, limit: 5000 }));
    const attrs = up.rows.map((r) => r[3] as number);
    assert.deepEqual(
      attrs,
      [...attrs].sort((a, b) => a - b),
    );
    assert.equal(up.rows.at(-1)![0], 'Core64', '256 sorts after 3 (not as text)');
    // Ties keep the table's order.
    assert.deepEqual(ids(up).slice(0, 3), ['Comp000', 'Comp004', 'Comp008']);
    const down = page(inspectTable(msi, { uri: URI, table: 'Component', sort: { column: 'Attributes', descending: true }, limit: 3 }));
    assert.deepEqual(ids(down), ['Core64', 'Comp003', 'Comp007']);
  });

  it('sorts strings by code unit with nulls first', () => {
    const result = page(inspectTable(msi, { uri: URI, table: 'Component', sort: { column: 'Condition', descending: false }, limit: 5000 }));
    const conditions = result.rows.map((r) => r[4] ?? null);
    const nulls = Math.ceil(COMPONENTS / 7);
    assert.ok(conditions.slice(0, nulls).every((c) => c === null));
    assert.ok(conditions.slice(nulls).every((c) => c !== null));
    // 'N' (0x4E) sorts before 'V' (0x56); the default sort compares UTF-16 code units.
    const texts = conditions.slice(nulls) as string[];
    assert.deepEqual(texts, [...texts].sort());
    assert.equal(result.rows[nulls]![0], 'Core64');
    assert.deepEqual(ids(result).slice(0, 2), ['Comp000', 'Comp007']);
    // Code units, not a locale's collation: upper case before '_' before lower case, 'Ä' (0xC4) after them all.
    const mixed = openTables(
      schemaTable('Property', [
        ['P1', 'b'],
        ['P2', 'Ä'],
        ['P3', 'a'],
        ['P4', '_'],
        ['P5', 'B'],
      ]),
    );
    const values = page(inspectTable(mixed, { uri: URI, table: 'Property', sort: { column: 'Value', descending: false } })).rows.map((r) => r[1]);
    assert.deepEqual(values, ['B', '_', 'a', 'b', 'Ä']);
  });

  it('filters case-insensitively over every cell and counts the rows left', () => {
    const result = page(inspectTable(msi, { uri: URI, table: 'Component', filter: 'needle, "QUOTED' }));
    assert.deepEqual([result.total, ids(result)], [1, ['Core64']]);
    const sixOhFour = page(inspectTable(msi, { uri: URI, table: 'Component', filter: '>= 604', limit: 3, offset: 1 }));
    assert.equal(sixOhFour.total, 43);
    assert.deepEqual(ids(sixOhFour), ['Comp009', 'Comp019', 'Comp024']);
    // Integers match as their text.
    assert.equal(page(inspectTable(msi, { uri: URI, table: 'Component', filter: '256' })).total, 1);
    assert.equal(page(inspectTable(msi, { uri: URI, table: 'Component', filter: 'no such text' })).total, 0);
  });

  it('exports the whole filtered, sorted table as CSV or IDT', () => {
    const csv = inspectTable(msi, { uri: URI, table: 'Component', filter: 'ProgramFiles64', format: 'csv', limit: 1 }) as InspectExportResult;
    assert.deepEqual(csv, {
      table: 'Component',
      format: 'csv',
      text: 'Component,ComponentId,Directory_,Attributes,Condition,KeyPath\r\nCore64,,ProgramFiles64Folder,256,"Needle, ""quoted""",\r\n',
    });
    const idt = inspectTable(msi, {
      uri: URI,
      table: 'Component',
      sort: { column: 'Component', descending: true },
      format: 'idt',
    }) as InspectExportResult;
    const lines = idt.text.split('\r\n');
    assert.deepEqual(lines.slice(0, 4), [
      'Component\tComponentId\tDirectory_\tAttributes\tCondition\tKeyPath',
      's72\tS38\ts72\ti2\tS255\tS72',
      'Component\tComponent',
      'Core64\t\tProgramFiles64Folder\t256\tNeedle, "quoted"\t',
    ]);
    assert.equal(lines.length, 3 + COMPONENTS + 1 + 1);
  });
});

describe('inspectOverview', () => {
  it('gives the summary, platform, tables with row counts and the problems by table and key', () => {
    const result = inspectOverview(openDemo(), FILE, {});
    assert.equal(result.summary['template'], 'Intel;1033');
    assert.equal(result.summary['title'], 'Installation Database');
    assert.deepEqual(result.platform, { token: 'Intel', bitness: 32 });
    assert.deepEqual(result.tables, [
      { name: 'Property', rows: 2 },
      { name: 'Directory', rows: 3 },
      { name: 'Component', rows: COMPONENTS + 1 },
    ]);
    // Rows are indexes in the stored order: Core64 comes after the 250 ordinary components; summary properties have none.
    assert.deepEqual(
      result.problems.map(({ ruleId, severity, table, key, row }) => ({ ruleId, severity, table, key, row })),
      [
        { ruleId: 'ice80', severity: 'error', table: 'Component', key: 'Core64', row: COMPONENTS },
        { ruleId: 'ice80', severity: 'error', table: 'Directory', key: 'ProgramFiles64Folder', row: 2 },
        { ruleId: 'isa-mixing', severity: 'error', table: '_SummaryInformation', key: '7', row: null },
      ],
    );
    assert.match(result.problems[0]!.message, /^Component 'Core64' is 64-bit /);
    assert.equal(result.problems[0]!.docsUrl, getRule('ice80')!.meta.docsUrl);
    assert.deepEqual(result.warnings, []);
  });

  it('uses the severities given: off drops a rule', () => {
    const result = inspectOverview(openDemo(), FILE, { ice80: 'off' });
    assert.ok(!result.problems.some((p) => p.ruleId === 'ice80'));
    assert.deepEqual(
      result.problems.map((p) => p.ruleId),
      ['isa-mixing'],
    );
  });
});

describe('createMsiInspector', () => {
  it('answers from the cached package, and reopens it when the file changes', async () => {
    const inspector = createMsiInspector(() => ({}));
    const file = path.join(DIR, 'changing.msi');
    fs.copyFileSync(FILE, file);
    const uri = pathToFileURL(file).href;
    try {
      const first = page((await inspector.handle({ uri, table: 'Property' })) as InspectMsiResult);
      assert.equal(first.total, 2);
      fs.writeFileSync(
        file,
        buildMsi({
          summary: { template: 'x64;1033' },
          tables: [
            schemaTable('Property', [
              ['A', '1'],
              ['B', '2'],
              ['C', '3'],
            ]),
          ],
        }),
      );
      fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
      const second = page((await inspector.handle({ uri, table: 'Property' })) as InspectMsiResult);
      assert.equal(second.total, 3);
      // More packages than the cache holds still answer.
      for (let i = 0; i < 6; i++) {
        const copy = path.join(DIR, `copy${i}.msi`);
        fs.copyFileSync(FILE, copy);
        const overview = (await inspector.handle({ uri: pathToFileURL(copy).href })) as InspectOverviewResult;
        assert.equal(overview.tables.length, 3);
      }
    } finally {
      inspector.dispose();
    }
  });

  it('keeps the overview of an open package until the severities change', async () => {
    let severities: Record<string, 'off' | 'error'> = {};
    const inspector = createMsiInspector(() => severities);
    try {
      const first = await inspector.handle({ uri: URI });
      assert.equal(await inspector.handle({ uri: URI }), first);
      severities = { ice80: 'off' };
      const without = (await inspector.handle({ uri: URI })) as InspectOverviewResult;
      assert.notEqual(without, first);
      assert.deepEqual(
        without.problems.map((p) => p.ruleId),
        ['isa-mixing'],
      );
    } finally {
      inspector.dispose();
    }
  });

  it('answers unreadable files with a ResponseError carrying the reader’s message', async () => {
    const inspector = createMsiInspector(() => ({}));
    try {
      const bogus = path.join(DIR, 'bogus.msi');
      fs.writeFileSync(bogus, 'this is not a package');
      const notMsi = await inspector.handle({ uri: pathToFileURL(bogus).href });
      assert.ok(notMsi instanceof ResponseError);
      assert.match(notMsi.message, /compound file|not a Windows Installer|too short|ends/i);
      const missing = await inspector.handle({ uri: pathToFileURL(path.join(DIR, 'missing.msi')).href });
      assert.ok(missing instanceof ResponseError);
      assert.match(missing.message, /Cannot read .*missing\.msi/);
      const remote = await inspector.handle({ uri: 'https://example.com/a.msi' });
      assert.ok(remote instanceof ResponseError);
      const table = await inspector.handle({ uri: URI, table: 'Nope' });
      assert.ok(table instanceof ResponseError);
      const folder = await inspector.handle({ uri: pathToFileURL(DIR).href });
      assert.ok(folder instanceof ResponseError);
      assert.equal(folder.message, `'${DIR}' is a folder, not a package.`);
      const badSort = await inspector.handle({ uri: URI, table: 'Component', sort: 'Component' as never });
      assert.ok(badSort instanceof ResponseError);
      assert.equal(badSort.message, 'A sort needs a column name.');
    } finally {
      inspector.dispose();
    }
  });
});

describe('wixlint/inspectMsi over the real server', () => {
  it('answers a page of the Component table and the overview, and an error for a bad file', async (t) => {
    const server = new LspProcess(process.execPath, [SERVER, '--stdio']);
    t.after(() => server.kill());
    await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    server.notify('initialized', {});

    const components = (await server.request(INSPECT_MSI_REQUEST, {
      uri: URI,
      table: 'Component',
      offset: 10,
      limit: 5,
      sort: { column: 'Component', descending: false },
    })) as InspectTableResult;
    assert.equal(components.table, 'Component');
    assert.equal(components.total, COMPONENTS + 1);
    assert.equal(components.offset, 10);
    assert.deepEqual(ids(components), ['Comp010', 'Comp011', 'Comp012', 'Comp013', 'Comp014']);
    assert.deepEqual(components.rows[0], ['Comp010', null, 'ProgramFilesFolder', 2, 'VersionNT >= 600', null]);

    const overview = (await server.request(INSPECT_MSI_REQUEST, { uri: URI })) as InspectOverviewResult;
    assert.equal(overview.summary['template'], 'Intel;1033');
    assert.deepEqual(overview.platform, { token: 'Intel', bitness: 32 });
    assert.deepEqual(
      overview.tables.find((x) => x.name === 'Component'),
      { name: 'Component', rows: COMPONENTS + 1 },
    );
    const problem = overview.problems.find((p) => p.table === 'Component' && p.key === 'Core64');
    assert.ok(problem, JSON.stringify(overview.problems));
    assert.equal(problem.ruleId, 'ice80');

    await assert.rejects(
      server.request(INSPECT_MSI_REQUEST, { uri: pathToFileURL(path.join(DIR, 'absent.msi')).href }),
      /inspectMsi failed: Cannot read/,
    );
    // Still alive after the error.
    assert.equal(((await server.request(INSPECT_MSI_REQUEST, { uri: URI, table: 'Property' })) as InspectTableResult).total, 2);

    assert.equal(await server.request('shutdown', null), null);
    server.notify('exit', null);
    assert.equal((await server.exited).code, 0);
  });
});
