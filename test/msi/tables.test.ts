// Tests for column type words, column-major row decoding and the catalog, on hand-built bytes and damaged catalogs.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { cellWidth, decodeColumnType, idtTypeCode } from '../../server/src/msi/columns';
import { MsiFormatError } from '../../server/src/msi/errors';
import { parseStringPool, type StringPool } from '../../server/src/msi/stringPool';
import { COLUMNS_SCHEMA, decodeTableRows, readCatalog, TABLES_SCHEMA, type ColumnInfo } from '../../server/src/msi/tables';
import { buildTableStreams, typeWord } from './builder';
import { SCHEMA } from './schema';

/** A pool whose strings are given in id order, 2- or 3-byte references. */
function poolOf(strings: string[], long = false): StringPool {
  const header = [1252, long ? 0x8000 : 0];
  const entries = strings.flatMap((s) => [s.length, 1]);
  const w = [...header, ...entries];
  const bytes = new Uint8Array(w.length * 2);
  w.forEach((v, i) => {
    bytes[i * 2] = v & 0xff;
    bytes[i * 2 + 1] = v >>> 8;
  });
  return parseStringPool(bytes, Uint8Array.from(Buffer.from(strings.join(''), 'latin1')));
}

/** Column-major bytes: each column's cells little-endian, one column after the other. */
function pack(columns: { width: number; values: number[] }[]): Uint8Array {
  const out: number[] = [];
  for (const { width, values } of columns) for (const v of values) for (let b = 0; b < width; b++) out.push(Math.floor(v / 256 ** b) % 256);
  return Uint8Array.from(out);
}

function col(name: string, word: number): ColumnInfo {
  const t = decodeColumnType(word);
  return { name, type: t.type, key: t.key, nullable: t.nullable, localizable: t.localizable, width: t.width };
}

describe('column type words', () => {
  // Words as Windows Installer and wixl write them, with the IDT codes msiinfo prints for them.
  const KNOWN: [number, string, Partial<ReturnType<typeof decodeColumnType>>][] = [
    [0x2d48, 's72', { type: 'string', key: true, nullable: false, width: 72 }],
    [0x0d48, 's72', { type: 'string', key: false }],
    [0x1dff, 'S255', { type: 'string', nullable: true, width: 255 }],
    [0x0fff, 'l255', { type: 'string', localizable: true }],
    [0x1f00, 'L0', { type: 'string', localizable: true, nullable: true, width: 0 }],
    [0x0502, 'i2', { type: 'i2', width: 2 }],
    [0x1502, 'I2', { type: 'i2', nullable: true }],
    [0x2502, 'i2', { type: 'i2', key: true }],
    [0x0104, 'i4', { type: 'i4', width: 4 }],
    [0x1104, 'I4', { type: 'i4', nullable: true }],
    [0x0900, 'v0', { type: 'binary', nullable: false }],
    [0x1900, 'V0', { type: 'binary', nullable: true }],
    [0x2940, 's64', { type: 'string', key: true, width: 64 }],
  ];
  for (const [word, code, expected] of KNOWN) {
    it(`decodes 0x${word.toString(16).padStart(4, '0')} as ${code}`, () => {
      const type = decodeColumnType(word);
      for (const [k, v] of Object.entries(expected)) assert.equal(type[k as keyof typeof type], v, k);
      assert.equal(type.wellFormed, true);
      assert.equal(idtTypeCode(type), code);
    });
  }

  it('agrees with the words the test builder writes for each IDT code', () => {
    for (const code of ['s72', 'S0', 'l255', 'L64', 'i2', 'I2', 'i4', 'I4', 'v0', 'V0']) {
      assert.equal(idtTypeCode(decodeColumnType(typeWord({ name: 'c', type: code }))), code);
    }
  });

  it('reads a "string" of size 0 without the 0x0400 bit as binary, and with a key or localizable bit as a string', () => {
    assert.equal(decodeColumnType(0x0900).type, 'binary');
    assert.equal(decodeColumnType(0x2900).type, 'string');
    assert.equal(decodeColumnType(0x0b00).type, 'string');
    assert.equal(decodeColumnType(0x0d00).type, 'string');
  });

  it('flags words no installer writes, reading odd integer sizes as 4 bytes like Wine does', () => {
    assert.deepEqual([decodeColumnType(0x0103).type, decodeColumnType(0x0103).wellFormed], ['i4', false]);
    assert.equal(decodeColumnType(0x0108).type, 'i4');
    assert.equal(decodeColumnType(0x8502).wellFormed, false);
    assert.equal(decodeColumnType(0x0402).wellFormed, false, 'no valid bit');
    assert.equal(decodeColumnType(0x0101).type, 'i2');
    assert.equal(decodeColumnType(0x0101).wellFormed, true);
  });

  it('gives cell widths: strings follow the pool, binary and i2 take 2, i4 takes 4', () => {
    assert.equal(cellWidth('string', 2), 2);
    assert.equal(cellWidth('string', 3), 3);
    assert.equal(cellWidth('binary', 3), 2);
    assert.equal(cellWidth('i2', 3), 2);
    assert.equal(cellWidth('i4', 2), 4);
  });

  it('describes the catalog tables with their fixed layouts', () => {
    assert.deepEqual(TABLES_SCHEMA.columns.map(idtTypeCode), ['s64']);
    assert.deepEqual(COLUMNS_SCHEMA.columns.map(idtTypeCode), ['s64', 'i2', 's64', 'i2']);
    assert.deepEqual(
      COLUMNS_SCHEMA.columns.map((c) => c.key),
      [true, true, false, false],
    );
  });
});

describe('column-major rows', () => {
  const columns = [col('Key', 0x2d48), col('Small', 0x0502), col('Big', 0x1104), col('Text', 0x1dff), col('Data', 0x1900)];

  it('decodes strings, i2, i4, nullable cells and binary stream names, column by column', () => {
    const pool = poolOf(['K1', 'K2', 'hello']);
    const stream = pack([
      { width: 2, values: [1, 2] },
      { width: 2, values: [-2 + 0x8000, 32767 + 0x8000] },
      { width: 4, values: [0, 0x00000001] },
      { width: 2, values: [3, 0] },
      { width: 2, values: [1, 0] },
    ]);
    const { rows, warnings } = decodeTableRows({ name: 'T', columns }, stream, pool);
    assert.deepEqual(rows, [
      ['K1', -2, null, 'hello', 'T.K1'],
      ['K2', 32767, -2147483647, null, null],
    ]);
    assert.deepEqual(warnings, []);
  });

  it('undoes the i4 sign flip across the whole range and the i2 bias at its ends', () => {
    const ints = [col('A', 0x0104), col('B', 0x0502)];
    const stream = pack([
      { width: 4, values: [0x80000001, 0x7fffffff, 0xffffffff, 0x80000000 + 0x4a3b2c1d, 0x00000001] },
      { width: 2, values: [1, 0xffff, 0x8000, 0x7fff, 0x8001] },
    ]);
    const { rows } = decodeTableRows({ name: 'N', columns: ints }, stream, poolOf([]));
    assert.deepEqual(rows, [
      [1, -32767],
      [-1, 32767],
      [2147483647, 0],
      [0x4a3b2c1d, -1],
      [-2147483647, 1],
    ]);
  });

  it('reads 3-byte string references when the pool says so', () => {
    const strings = Array.from({ length: 70000 }, (_, i) => String.fromCharCode(0x41 + (i % 26)));
    const pool = poolOf(strings, true);
    assert.equal(pool.refWidth, 3);
    const id = 0x010203; // 66051: needs the third byte
    const stream = pack([
      { width: 3, values: [1, id] },
      { width: 2, values: [0x8005, 0x8006] },
      { width: 4, values: [0, 0] },
      { width: 3, values: [0, 2] },
      { width: 2, values: [0, 0] },
    ]);
    const { rows, warnings } = decodeTableRows({ name: 'T', columns }, stream, pool);
    assert.deepEqual(rows, [
      ['A', 5, null, null, null],
      [strings[id - 1]!, 6, null, 'B', null],
    ]);
    assert.deepEqual(warnings, []);
  });

  it('names binary streams after every key column, integers in decimal', () => {
    const multi = [col('Name', 0x2d48), col('Seq', 0x2502), col('Blob', 0x0900)];
    const stream = pack([
      { width: 2, values: [1, 1] },
      { width: 2, values: [0x8000 - 5, 0x8000 + 12] },
      { width: 2, values: [1, 1] },
    ]);
    const { rows } = decodeTableRows({ name: 'Multi', columns: multi }, stream, poolOf(['A']));
    assert.deepEqual(rows, [
      ['A', -5, 'Multi.A.-5'],
      ['A', 12, 'Multi.A.12'],
    ]);
  });

  it('reads a missing or empty stream as no rows', () => {
    assert.deepEqual(decodeTableRows({ name: 'T', columns }, undefined, poolOf([])).rows, []);
    assert.deepEqual(decodeTableRows({ name: 'T', columns }, new Uint8Array(0), poolOf([])).rows, []);
  });

  it('reads the whole rows of a stream that is not a multiple of the row size, with a warning', () => {
    const two = [col('A', 0x0502), col('B', 0x0502)];
    const stream = Uint8Array.from([
      ...pack([
        { width: 2, values: [0x8001, 0x8002] },
        { width: 2, values: [0x8003, 0x8004] },
      ]),
      0xaa,
      0xbb,
      0xcc,
    ]);
    const { rows, warnings } = decodeTableRows({ name: 'Odd', columns: two }, stream, poolOf([]));
    assert.deepEqual(rows, [
      [1, 3],
      [2, 4],
    ]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /Table Odd: its stream is 11 bytes, not a whole number of 4-byte rows; 2 rows are read and the last 3 bytes ignored/);
  });

  it('reads references to strings the pool lacks as null, with one warning per table', () => {
    const one = [col('S', 0x1d48)];
    const { rows, warnings } = decodeTableRows({ name: 'Bad', columns: one }, pack([{ width: 2, values: [1, 9, 500] }]), poolOf(['ok']));
    assert.deepEqual(rows, [['ok'], [null], [null]]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /2 cells reference strings the string pool does not define \(first: row 2, column S, id 9\)/);
  });
});

describe('catalog', () => {
  const spec = {
    tables: [
      { name: 'Property', columns: SCHEMA.Property, rows: [['A', 'b']] },
      { name: 'Empty', columns: [{ name: 'Id', type: 'i2', key: true }], rows: [] },
    ],
  };

  function catalogOf(overrides: { tables?: Uint8Array | undefined; columns?: Uint8Array | undefined } = {}, pool?: StringPool) {
    const built = buildTableStreams(spec);
    const p = pool ?? parseStringPool(built.tableStreams.get('_StringPool')!, built.tableStreams.get('_StringData')!);
    return readCatalog(
      'tables' in overrides ? overrides.tables : built.tableStreams.get('_Tables'),
      'columns' in overrides ? overrides.columns : built.tableStreams.get('_Columns'),
      p,
    );
  }

  it('lists tables in _Tables order with their columns by number', () => {
    const catalog = catalogOf();
    assert.deepEqual([...catalog.tables.keys()], ['Property', 'Empty']);
    assert.deepEqual(catalog.tables.get('Property')!.columns, [
      { name: 'Property', type: 'string', key: true, nullable: false, localizable: false, width: 72 },
      { name: 'Value', type: 'string', key: false, nullable: false, localizable: true, width: 0 },
    ]);
    assert.deepEqual(catalog.tables.get('Property')!.typeWords, [0x2d48, 0x0f00]);
    assert.deepEqual(catalog.warnings, []);
  });

  // Pool for hand-made catalogs: 1 Tbl, 2 A, 3 B, 4 Other.
  const pool = poolOf(['Tbl', 'A', 'B', 'Other']);
  const tables = pack([{ width: 2, values: [1] }]);
  const columnsOf = (rows: [number, number, number, number][]): Uint8Array =>
    pack([
      { width: 2, values: rows.map((r) => r[0]) },
      { width: 2, values: rows.map((r) => (r[1] === 0 ? 0 : r[1] + 0x8000)) },
      { width: 2, values: rows.map((r) => r[2]) },
      { width: 2, values: rows.map((r) => (r[3] === 0 ? 0 : r[3] + 0x8000)) },
    ]);

  it('sorts columns by number whatever their order in _Columns', () => {
    const catalog = catalogOf(
      {
        tables,
        columns: columnsOf([
          [1, 2, 3, 0x0502],
          [1, 1, 2, 0x2d48],
        ]),
      },
      pool,
    );
    assert.deepEqual(
      catalog.tables.get('Tbl')!.columns.map((c) => c.name),
      ['A', 'B'],
    );
  });

  it('leaves out, with a warning, a table whose column numbers have a gap', () => {
    const catalog = catalogOf(
      {
        tables,
        columns: columnsOf([
          [1, 1, 2, 0x2d48],
          [1, 3, 3, 0x0502],
        ]),
      },
      pool,
    );
    assert.equal(catalog.tables.has('Tbl'), false);
    assert.match(catalog.warnings.join('\n'), /Table Tbl cannot be read: _Columns numbers its columns 1, 3 instead of 1 to 2/);
  });

  it('leaves out a table that describes a column twice', () => {
    const catalog = catalogOf(
      {
        tables,
        columns: columnsOf([
          [1, 1, 2, 0x2d48],
          [1, 1, 3, 0x0502],
        ]),
      },
      pool,
    );
    assert.match(catalog.warnings.join('\n'), /describes its column 1 twice/);
  });

  it('leaves out a table with an unnamed column, and one with no columns at all', () => {
    assert.match(catalogOf({ tables, columns: columnsOf([[1, 1, 0, 0x2d48]]) }, pool).warnings.join('\n'), /gives its column 1 no name/);
    const empty = catalogOf({ tables, columns: columnsOf([[4, 1, 2, 0x2d48]]) }, pool);
    assert.match(empty.warnings.join('\n'), /Table Tbl cannot be read: _Columns describes none of its columns/);
    assert.match(empty.warnings.join('\n'), /_Columns describes table Other, which _Tables does not list/);
  });

  it('skips incomplete _Columns rows and keeps going', () => {
    const catalog = catalogOf(
      {
        tables,
        columns: columnsOf([
          [1, 1, 2, 0x2d48],
          [0, 2, 3, 0x0502],
          [1, 0, 3, 0x0502],
          [1, 2, 3, 0],
        ]),
      },
      pool,
    );
    assert.deepEqual(
      catalog.tables.get('Tbl')!.columns.map((c) => c.name),
      ['A'],
    );
    assert.equal(catalog.warnings.filter((w) => /is incomplete/.test(w)).length, 3);
  });

  it('keeps a column with an invalid type word, with a warning', () => {
    const catalog = catalogOf({ tables, columns: columnsOf([[1, 1, 2, 0x0103]]) }, pool);
    assert.equal(catalog.tables.get('Tbl')!.columns[0]!.type, 'i4');
    assert.match(catalog.warnings.join('\n'), /column A has the invalid type word 0x0103; it is read as i4/);
  });

  it('warns about _Tables rows without a name and names listed twice', () => {
    const catalog = catalogOf({ tables: pack([{ width: 2, values: [1, 0, 1] }]), columns: columnsOf([[1, 1, 2, 0x2d48]]) }, pool);
    assert.deepEqual([...catalog.tables.keys()], ['Tbl']);
    assert.match(catalog.warnings.join('\n'), /_Tables row 2 has no table name/);
    assert.match(catalog.warnings.join('\n'), /_Tables lists table Tbl twice/);
  });

  it('throws corrupt-database without _Tables, or without _Columns when tables are listed', () => {
    assert.throws(
      () => catalogOf({ tables: undefined }),
      (e: unknown) => e instanceof MsiFormatError && e.kind === 'corrupt-database' && /no _Tables stream/.test(e.message),
    );
    assert.throws(
      () => catalogOf({ columns: undefined }),
      (e: unknown) => e instanceof MsiFormatError && e.kind === 'corrupt-database' && /no _Columns stream/.test(e.message),
    );
    assert.equal(catalogOf({ tables: new Uint8Array(0), columns: undefined }).tables.size, 0);
  });

  it('never crashes on garbage catalogs: it returns warnings or throws MsiFormatError', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 0x2545f491;
    const next = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    const garbage = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => next() & 0xff);
    for (let round = 0; round < 300; round++) {
      const p = round % 2 === 0 ? pool : parseStringPool(garbage(4 + (next() % 64)), garbage(next() % 64));
      try {
        const catalog = readCatalog(garbage(next() % 40), garbage(next() % 200), p);
        for (const schema of catalog.tables.values()) decodeTableRows(schema, garbage(next() % 100), p);
      } catch (error) {
        assert.ok(error instanceof MsiFormatError, `round ${round}: ${String(error)}`);
      }
    }
  });
});
