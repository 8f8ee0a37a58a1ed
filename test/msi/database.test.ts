// Tests for openMsi: packages from the in-memory builder, refused container kinds, damage (test/crosscheck/database.test.ts reads them with msiinfo).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { bytesSource } from '../../server/src/msi/byteSource';
import { idtTypeCode } from '../../server/src/msi/columns';
import { openCompoundFile } from '../../server/src/msi/compoundFile';
import { openMsi, type CellValue, type MsiDatabase } from '../../server/src/msi/database';
import { MsiFormatError, type MsiErrorKind } from '../../server/src/msi/errors';
import { buildCompoundFile, buildMsi, compressStreamName, MSP_CLSID, MST_CLSID, NULL_CLSID } from './builder';
import { CAB, ICON, SAMPLE, SUMMARY, TABLES } from './sample';
import { SCHEMA } from './schema';

const open = (bytes: Uint8Array, fileName?: string): MsiDatabase => openMsi(bytesSource(bytes), fileName);

function failsWith(kind: MsiErrorKind, pattern: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof MsiFormatError, String(e));
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

const EXPECTED_ROWS: Record<string, CellValue[][]> = {
  Property: TABLES[0]!.rows as CellValue[][],
  Component: TABLES[1]!.rows as CellValue[][],
  File: TABLES[2]!.rows as CellValue[][],
  Registry: TABLES[3]!.rows as CellValue[][],
  Binary: [['Icon1', 'Binary.Icon1']],
  Patch: [
    ['File1', -3, -2147483647, 'Patch.File1.-3'],
    ['File2', 7, 1, null],
  ],
  Shortcut: [],
};

describe('openMsi on packages from the builder', () => {
  const db = open(buildMsi(SAMPLE), 'widget.msi');

  it('lists the tables in _Tables order and reads every row', () => {
    assert.deepEqual(
      db.tableNames(),
      TABLES.map((t) => t.name),
    );
    for (const name of db.tableNames()) assert.deepEqual(db.table(name)!.rows, EXPECTED_ROWS[name], name);
    assert.deepEqual(db.warnings, []);
  });

  it('describes columns with the raw size, key, nullable and localizable flags', () => {
    assert.deepEqual(db.table('File')!.columns[2], { name: 'FileName', type: 'string', key: false, nullable: false, localizable: true, width: 255 });
    assert.deepEqual(db.table('File')!.columns[3], { name: 'FileSize', type: 'i4', key: false, nullable: false, localizable: false, width: 4 });
    assert.deepEqual(db.table('Patch')!.columns[3], { name: 'Header', type: 'binary', key: false, nullable: true, localizable: false, width: 0 });
    for (const table of TABLES)
      assert.deepEqual(
        db.table(table.name)!.columns.map(idtTypeCode),
        table.columns.map((c) => c.type),
        table.name,
      );
  });

  it('reads the summary information', () => {
    assert.deepEqual(db.summary, { ...SUMMARY, badValues: [] });
  });

  it('lists the other streams by readable name, tables excluded', () => {
    const streams = db.streams().sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(streams, [
      { name: '\u0005SummaryInformation', size: streams[0]!.size },
      { name: 'Binary.Icon1', size: ICON.length },
      { name: 'Patch.File1.-3', size: 1 },
      { name: 'product.cab', size: CAB.length },
    ]);
  });

  it('caches tables, and also reads the catalog tables themselves', () => {
    assert.equal(db.table('File'), db.table('File'));
    assert.equal(db.table('NoSuchTable'), undefined);
    assert.deepEqual(
      db.table('_Tables')!.rows,
      TABLES.map((t) => [t.name]),
    );
    const columns = db.table('_Columns')!;
    assert.deepEqual(
      columns.columns.map((c) => c.name),
      ['Table', 'Number', 'Name', 'Type'],
    );
    assert.deepEqual(columns.rows.slice(0, 2), [
      ['Property', 1, 'Property', 0x2d48],
      ['Property', 2, 'Value', 0x0f00],
    ]);
    assert.equal(db.tableNames().includes('_Columns'), false);
  });

  it('reads a 65001 string pool and summary', () => {
    const utf8 = open(
      buildMsi({
        codepage: 65001,
        summary: { codepage: 65001, title: 'Ünïcödé ✓ 日本' },
        tables: [{ name: 'Property', columns: SCHEMA.Property, rows: [['P', 'Ünïcödé ✓ 日本 😀']] }],
      }),
    );
    assert.deepEqual(utf8.table('Property')!.rows, [['P', 'Ünïcödé ✓ 日本 😀']]);
    assert.equal(utf8.summary.title, 'Ünïcödé ✓ 日本');
    assert.equal(utf8.summary.codepage, 65001);
  });

  it('reads long strings and forced 3-byte references', () => {
    const long = 'x'.repeat(100_000) + 'end';
    const wide = open(
      buildMsi({
        longStringRefs: true,
        tables: [
          {
            name: 'Property',
            columns: SCHEMA.Property,
            rows: [
              ['Long', long],
              ['Short', 's'],
            ],
          },
        ],
      }),
    );
    assert.deepEqual(wide.table('Property')!.rows, [
      ['Long', long],
      ['Short', 's'],
    ]);
  });

  it('switches to 3-byte references by itself past 65,535 strings', () => {
    const rows = Array.from({ length: 66_000 }, (_, i) => [`P${i}`, i]);
    const many = open(
      buildMsi({
        tables: [
          {
            name: 'Big',
            columns: [
              { name: 'Id', type: 's72', key: true },
              { name: 'N', type: 'i4' },
            ],
            rows,
          },
        ],
      }),
    );
    const big = many.table('Big')!;
    assert.equal(big.rows.length, 66_000);
    assert.deepEqual(big.rows[65_999], ['P65999', 65_999]);
    assert.deepEqual(big.rows[12_345], ['P12345', 12_345]);
  });
});

describe('openMsi: merge modules', () => {
  const module = buildMsi({
    tables: [
      {
        name: 'ModuleSignature',
        columns: [
          { name: 'ModuleID', type: 's72', key: true },
          { name: 'Language', type: 'i2', key: true },
          { name: 'Version', type: 's32' },
        ],
        rows: [['Lib.GUID', 1033, '1.0']],
      },
    ],
  });
  const plain = buildMsi({ tables: [TABLES[0]!] });

  it('is a merge module by its .msm extension or by its ModuleSignature table', () => {
    assert.equal(open(plain, 'x.msi').kind, 'msi');
    assert.equal(open(plain).kind, 'msi');
    assert.equal(open(plain, 'C:\\build\\Shared.MSM').kind, 'msm');
    assert.equal(open(module).kind, 'msm');
    assert.equal(open(module, 'odd-name.msi').kind, 'msm');
  });
});

describe('openMsi: what it refuses', () => {
  it('refuses patches and transforms by their CLSID', () => {
    assert.throws(() => open(buildMsi({ clsid: MSP_CLSID, tables: [TABLES[0]!] }), 'fix.msp'), failsWith('unsupported', /This is a patch \(\.msp\)/));
    assert.throws(
      () => open(buildMsi({ clsid: MST_CLSID, tables: [TABLES[0]!] }), 'lang.mst'),
      failsWith('unsupported', /This is a transform \(\.mst\)/),
    );
  });

  it('refuses an Office document, naming what it looks like', () => {
    const doc = buildCompoundFile('{00020906-0000-0000-C000-000000000046}', {
      WordDocument: new Uint8Array(600),
      '\u0001CompObj': new Uint8Array(100),
    });
    assert.throws(
      () => open(doc, 'letter.doc'),
      failsWith('not-msi', /root CLSID is \{00020906-0000-0000-C000-000000000046\}.*looks like a Word document/),
    );
  });

  it('refuses another compound file, and accepts a database with a null CLSID with a warning', () => {
    assert.throws(
      () => open(buildCompoundFile(NULL_CLSID, { Contents: new Uint8Array(10) })),
      failsWith('not-msi', /not a Windows Installer package/),
    );
    const db = open(buildMsi({ clsid: NULL_CLSID, tables: [TABLES[0]!] }));
    assert.equal(db.table('Property')!.rows.length, 3);
    assert.match(db.warnings.join('\n'), /root storage has no CLSID/);
  });

  it('passes the container errors through: empty file, not a compound file', () => {
    assert.throws(() => open(new Uint8Array(0)), failsWith('empty', /empty/));
    assert.throws(
      () => open(Uint8Array.from(Buffer.from('MZ this is an executable, not a package'))),
      failsWith('not-compound-file', /not an OLE compound file/),
    );
  });

  it('refuses a database without a string pool, or without _Tables', () => {
    assert.throws(() => open(buildMsi({ tables: [TABLES[0]!], omitTableStreams: ['_StringPool'] })), failsWith('corrupt-database', /no string pool/));
    assert.throws(() => open(buildMsi({ tables: [TABLES[0]!], omitTableStreams: ['_Tables'] })), failsWith('corrupt-database', /no _Tables stream/));
  });
});

describe('openMsi on damaged packages', () => {
  it('reads the tables of a package without summary information, with a warning', () => {
    const db = open(buildMsi({ tables: [TABLES[0]!] }));
    assert.deepEqual(db.summary, { badValues: [] });
    assert.match(db.warnings.join('\n'), /no summary information stream/);
    assert.equal(db.table('Property')!.rows.length, 3);
  });

  it('turns a damaged summary stream into a warning', () => {
    const db = open(buildMsi({ summary: Uint8Array.of(1, 2, 3, 4), tables: [TABLES[0]!] }));
    assert.deepEqual(db.summary, { badValues: [] });
    assert.match(db.warnings.join('\n'), /summary information stream is damaged/);
  });

  it("adds a table's warnings when the table is first read", () => {
    // Property has 3 rows of 2 + 2 bytes; one byte more leaves a partial row.
    const db = open(
      buildMsi({
        tables: [TABLES[0]!],
        summary: SUMMARY,
        tableStreamOverrides: { Property: Uint8Array.from([...tableStreamOf(buildMsi({ tables: [TABLES[0]!] }), 'Property'), 0]) },
      }),
    );
    assert.deepEqual(db.warnings, []);
    assert.equal(db.table('Property')!.rows.length, 3);
    assert.match(db.warnings.join('\n'), /Table Property: its stream is 13 bytes, not a whole number of 4-byte rows/);
  });

  it('reads a string pool that overruns its data, with truncated strings and a warning', () => {
    // The builder writes the strings in first-use order, so the last one is Property's last value, '1033'.
    const data = tableStreamOf(buildMsi({ tables: [TABLES[0]!] }), '_StringData');
    const db = open(buildMsi({ tables: [TABLES[0]!], summary: SUMMARY, tableStreamOverrides: { _StringData: data.subarray(0, data.length - 2) } }));
    assert.match(db.warnings.join('\n'), new RegExp(`more text than the ${data.length - 2} bytes of string data`));
    assert.deepEqual(db.table('Property')!.rows, [
      ['ProductName', 'Widget'],
      ['Manufacturer', 'Café € “Ltd”'],
      ['ProductLanguage', '10'],
    ]);
  });

  it('never crashes on garbage table streams: it warns or throws MsiFormatError', () => {
    let seed = 0x9e3779b9;
    const next = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    const garbage = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => next() & 0xff);
    const targets = ['_StringPool', '_StringData', '_Tables', '_Columns', 'File', 'Patch'];
    for (let round = 0; round < 60; round++) {
      const target = targets[round % targets.length]!;
      try {
        const db = open(buildMsi({ ...SAMPLE, tableStreamOverrides: { [target]: garbage(next() % 300) } }));
        for (const name of db.tableNames()) db.table(name);
      } catch (error) {
        assert.ok(error instanceof MsiFormatError, `${target}, round ${round}: ${String(error)}`);
      }
    }
  });
});

describe('openMsi: streams read on demand', () => {
  // A cabinet-sized stream in regular sectors, a small one in the mini stream, and the sample's own.
  const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 131 + (i >> 9)) & 0xff);
  const small = Uint8Array.from({ length: 700 }, (_, i) => (i * 3) & 0xff);
  const msi = buildMsi({ ...SAMPLE, streams: { ...SAMPLE.streams, 'big.cab': big, 'Binary.small': small } });

  it('serves a stream by its decoded name, any range, across sector boundaries', () => {
    const db = open(msi);
    const source = db.streamSource('big.cab')!;
    assert.equal(source.size, big.length);
    for (const [offset, length] of [
      [0, 36],
      [500, 30],
      [4000, 200_000],
      [big.length - 513, 513],
    ] as const) {
      assert.deepEqual(source.read(offset, length), big.subarray(offset, offset + length), `${offset}+${length}`);
    }
    assert.deepEqual(db.streamSource('Binary.small')!.read(0, small.length), small);
    assert.deepEqual(db.streamSource('product.cab')!.read(0, CAB.length), CAB);
    assert.throws(() => source.read(big.length - 1, 2), failsWith('truncated', /300000/));
  });

  it('serves no table streams, no stored (compressed) names and no absent names', () => {
    const db = open(msi);
    for (const name of ['File', '_StringPool', compressStreamName('big.cab', false), 'missing.cab']) {
      assert.equal(db.streamSource(name), undefined, name);
    }
  });

  it('reads a cut package right or with MsiFormatError, never another error', () => {
    for (let keep = 512; keep < msi.length; keep += 4093) {
      try {
        const source = open(msi.subarray(0, keep)).streamSource('big.cab');
        if (source) assert.deepEqual(source.read(0, big.length), big, `cut to ${keep}`);
      } catch (e) {
        assert.ok(e instanceof MsiFormatError, `cut to ${keep}: ${String(e)}`);
      }
    }
  });
});

/** The raw bytes of a table stream in a package the builder wrote. */
function tableStreamOf(msi: Uint8Array, table: string): Uint8Array {
  const stream = openCompoundFile(bytesSource(msi)).readStream(compressStreamName(table, true));
  assert.ok(stream, `no ${table} stream`);
  return stream;
}
