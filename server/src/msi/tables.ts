// The catalog (_Tables, _Columns) and the column-major table streams it describes, decoded into rows of cells.
import { cellWidth, COLUMN_KEY, COLUMN_STRING, COLUMN_VALID, decodeColumnType, type ColumnType } from './columns';
import { MsiFormatError } from './errors';
import type { StringPool } from './stringPool';

export const TABLES_TABLE = '_Tables';
export const COLUMNS_TABLE = '_Columns';

/** Integer cells are stored biased so that 0 can mean NULL. */
const I2_BIAS = 0x8000;
const I4_FLIP = 0x80000000;
/** A stream holding a binary cell is named after the table and the row's keys, joined by dots. */
const STREAM_NAME_SEPARATOR = '.';
/** The size Windows Installer declares for the catalog's own name columns. */
const CATALOG_NAME_SIZE = 64;
const SHORT_INT_SIZE = 2;

export type CellValue = string | number | null;

export interface ColumnInfo {
  name: string;
  type: 'string' | 'i2' | 'i4' | 'binary';
  key: boolean;
  nullable: boolean;
  localizable: boolean;
  /** The raw type word's size byte. */
  width: number;
}

export interface Table {
  name: string;
  columns: ColumnInfo[];
  /** Binary cells hold the name of their stream ('Table.Key1.Key2'), or null. */
  rows: CellValue[][];
}

/** Rows of a table as objects by column name; an absent table has none, an absent cell reads as null. */
export function tableRecords(table: Table | undefined): Record<string, CellValue>[] {
  if (!table) return [];
  const columns = table.columns.map((c) => c.name);
  return table.rows.map((cells) => {
    const record: Record<string, CellValue> = {};
    for (let i = 0; i < columns.length; i++) record[columns[i]!] = cells[i] ?? null;
    return record;
  });
}

/** A table's layout as the catalog declares it. */
export interface TableSchema {
  name: string;
  columns: ColumnInfo[];
  /** The raw type words, parallel to columns (for tools that print them). */
  typeWords: number[];
}

export interface Catalog {
  /** In _Tables order. */
  tables: Map<string, TableSchema>;
  warnings: string[];
}

function columnInfo(name: string, type: ColumnType): ColumnInfo {
  return { name, type: type.type, key: type.key, nullable: type.nullable, localizable: type.localizable, width: type.width };
}

function fixedSchema(name: string, columns: [string, number][]): TableSchema {
  return { name, columns: columns.map(([n, w]) => columnInfo(n, decodeColumnType(w))), typeWords: columns.map(([, w]) => w) };
}

/** The catalog tables are not described in themselves: their layouts are fixed. */
export const TABLES_SCHEMA: TableSchema = fixedSchema(TABLES_TABLE, [['Name', COLUMN_VALID | COLUMN_STRING | COLUMN_KEY | CATALOG_NAME_SIZE]]);
export const COLUMNS_SCHEMA: TableSchema = fixedSchema(COLUMNS_TABLE, [
  ['Table', COLUMN_VALID | COLUMN_STRING | COLUMN_KEY | CATALOG_NAME_SIZE],
  ['Number', COLUMN_VALID | COLUMN_KEY | SHORT_INT_SIZE],
  ['Name', COLUMN_VALID | COLUMN_STRING | CATALOG_NAME_SIZE],
  ['Type', COLUMN_VALID | SHORT_INT_SIZE],
]);

export interface DecodedRows {
  rows: CellValue[][];
  warnings: string[];
}

function readLE(bytes: Uint8Array, at: number, width: number): number {
  // Multiplication instead of shifts keeps 4-byte values unsigned.
  let value = 0;
  for (let i = width - 1; i >= 0; i--) value = value * 256 + bytes[at + i]!;
  return value;
}

/**
 * Decodes a table stream. Cells are stored column by column: all rows of column 1, then all rows of column 2...,
 * so the row count must be known (stream length / row size) before any cell can be found.
 */
export function decodeTableRows(schema: Pick<TableSchema, 'name' | 'columns'>, stream: Uint8Array | undefined, pool: StringPool): DecodedRows {
  const warnings: string[] = [];
  const { name, columns } = schema;
  const widths = columns.map((c) => cellWidth(c.type, pool.refWidth));
  const rowSize = widths.reduce((a, b) => a + b, 0);
  if (!stream || stream.length === 0 || rowSize === 0) return { rows: [], warnings };

  const rowCount = Math.floor(stream.length / rowSize);
  const extra = stream.length - rowCount * rowSize;
  if (extra !== 0) {
    warnings.push(
      `Table ${name}: its stream is ${stream.length} bytes, not a whole number of ${rowSize}-byte rows; ${rowCount} rows are read and the last ${extra} bytes ignored.`,
    );
  }

  const rows: CellValue[][] = Array.from({ length: rowCount }, () => new Array<CellValue>(columns.length).fill(null));
  const binaryColumns: number[] = [];
  let badRefs = 0;
  let firstBadRef = '';
  let columnStart = 0;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    const width = widths[c]!;
    for (let r = 0; r < rowCount; r++) {
      const stored = readLE(stream, columnStart + r * width, width);
      if (stored === 0) continue;
      const row = rows[r]!;
      switch (column.type) {
        case 'i2':
          row[c] = stored - I2_BIAS;
          break;
        case 'i4':
          // XOR yields a signed 32-bit result, which is exactly the stored value un-flipped.
          row[c] = stored ^ I4_FLIP;
          break;
        case 'string': {
          const text = pool.get(stored);
          if (text === undefined) {
            if (badRefs++ === 0) firstBadRef = `row ${r + 1}, column ${column.name}, id ${stored}`;
          } else {
            row[c] = text;
          }
          break;
        }
        case 'binary':
          // Resolved below, once every key of the row is known.
          row[c] = stored;
          break;
      }
    }
    if (column.type === 'binary') binaryColumns.push(c);
    columnStart += width * rowCount;
  }
  if (badRefs > 0) {
    warnings.push(
      `Table ${name}: ${badRefs} cell${badRefs === 1 ? '' : 's'} reference strings the string pool does not define (first: ${firstBadRef}); they read as null.`,
    );
  }

  if (binaryColumns.length > 0) {
    const keyColumns = columns.flatMap((col, i) => (col.key ? [i] : []));
    for (const row of rows) {
      const streamName = [name, ...keyColumns.map((k) => String(row[k] ?? ''))].join(STREAM_NAME_SEPARATOR);
      for (const c of binaryColumns) if (row[c] !== null) row[c] = streamName;
    }
  }
  return { rows, warnings };
}

/**
 * Reads _Tables and _Columns. A table whose column list is inconsistent is left out with a warning, so one bad
 * definition does not hide the rest of the package; a catalog that cannot be read at all throws.
 */
export function readCatalog(tablesStream: Uint8Array | undefined, columnsStream: Uint8Array | undefined, pool: StringPool): Catalog {
  if (tablesStream === undefined) {
    throw new MsiFormatError(
      'corrupt-database',
      'The package has no _Tables stream, so it lists no tables: it is damaged or not a Windows Installer database.',
    );
  }
  const warnings: string[] = [];
  const tableRows = decodeTableRows(TABLES_SCHEMA, tablesStream, pool);
  warnings.push(...tableRows.warnings);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const [i, row] of tableRows.rows.entries()) {
    const name = row[0];
    if (typeof name !== 'string' || name === '') {
      warnings.push(`_Tables row ${i + 1} has no table name; it is ignored.`);
    } else if (seen.has(name)) {
      warnings.push(`_Tables lists table ${name} twice.`);
    } else {
      seen.add(name);
      names.push(name);
    }
  }
  if (names.length > 0 && (columnsStream === undefined || columnsStream.length === 0)) {
    throw new MsiFormatError(
      'corrupt-database',
      `The package lists ${names.length} tables but has no _Columns stream describing them: it is damaged.`,
    );
  }

  const columnRows = decodeTableRows(COLUMNS_SCHEMA, columnsStream, pool);
  warnings.push(...columnRows.warnings);
  const byTable = new Map<string, { number: number; name: string | null; word: number }[]>();
  const orphans = new Set<string>();
  for (const [i, row] of columnRows.rows.entries()) {
    const [table, number, name, type] = row;
    if (typeof table !== 'string' || typeof number !== 'number' || typeof type !== 'number') {
      warnings.push(`_Columns row ${i + 1} is incomplete (table, number or type missing); it is ignored.`);
      continue;
    }
    if (!seen.has(table)) {
      orphans.add(table);
      continue;
    }
    let list = byTable.get(table);
    if (!list) byTable.set(table, (list = []));
    list.push({ number, name: typeof name === 'string' && name !== '' ? name : null, word: type & 0xffff });
  }
  for (const orphan of orphans) warnings.push(`_Columns describes table ${orphan}, which _Tables does not list; it is ignored.`);

  const tables = new Map<string, TableSchema>();
  for (const name of names) {
    const defs = (byTable.get(name) ?? []).sort((a, b) => a.number - b.number);
    const problem = schemaProblem(defs);
    if (problem) {
      warnings.push(`Table ${name} cannot be read: ${problem}`);
      continue;
    }
    const columns: ColumnInfo[] = [];
    for (const def of defs) {
      const type = decodeColumnType(def.word);
      if (!type.wellFormed)
        warnings.push(
          `Table ${name}: column ${def.name} has the invalid type word 0x${def.word.toString(16).padStart(4, '0')}; it is read as ${type.type}.`,
        );
      columns.push(columnInfo(def.name!, type));
    }
    tables.set(name, { name, columns, typeWords: defs.map((d) => d.word) });
  }
  return { tables, warnings };
}

function schemaProblem(defs: { number: number; name: string | null }[]): string | undefined {
  if (defs.length === 0) return '_Columns describes none of its columns.';
  for (const [i, def] of defs.entries()) {
    if (def.number !== i + 1) {
      return def.number === defs[i - 1]?.number
        ? `_Columns describes its column ${def.number} twice.`
        : `_Columns numbers its columns ${defs.map((d) => d.number).join(', ')} instead of 1 to ${defs.length}.`;
    }
    if (def.name === null) return `_Columns gives its column ${def.number} no name.`;
  }
  return undefined;
}
