// Answers `wixlint/inspectMsi`: a package's overview, pages of its tables and their exports, from a small cache of open packages.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { openFileSource, type FileSource } from '../io/fileSource';
import { cabinetsBeside } from '../io/packageFile';
import { attachPackagePayloads } from '../payload/package';
import { lintPackages } from '../engine/lint';
import type { SeveritySetting } from '../rules/rule';
import { idtTypeCode } from '../msi/columns';
import { openMsi, type CellValue, type MsiDatabase, type Table } from '../msi/database';
import { MsiFormatError } from '../msi/errors';
import { cellText, tableToCsv, tableToIdt } from '../msi/export';
import { lowerMsi } from '../msi/lower';
import { getRule } from '../rules/index';
import {
  INSPECT_DEFAULT_LIMIT,
  INSPECT_MAX_LIMIT,
  type InspectExportResult,
  type InspectMsiParams,
  type InspectMsiResult,
  type InspectOverviewResult,
  type InspectProblem,
  type InspectTableResult,
} from '../protocol';

/** Packages kept open between requests: a browser pages through one or two at a time. */
const CACHE_SIZE = 4;

/** What the caller asked for cannot be answered (unknown table or column, bad URI); the message is for the user. */
export class InspectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InspectError';
  }
}

/** The overview of an open package; `file` is the path problems name. */
export function inspectOverview(msi: MsiDatabase, file: string, severities: Record<string, SeveritySetting>): InspectOverviewResult {
  const summary: Record<string, string | number> = {};
  for (const [field, value] of Object.entries(msi.summary)) {
    if (value instanceof Date) summary[field] = value.toISOString();
    else if (typeof value === 'string' || typeof value === 'number') summary[field] = value;
  }
  const tables = msi.tableNames().map((name) => ({ name, rows: msi.table(name)?.rows.length ?? 0 }));
  const db = lowerMsi(msi, file);
  if (severities['payload-isa'] !== 'off') attachPackagePayloads(msi, db, file, cabinetsBeside(file));
  const known = db.package?.platform;
  const platform = known
    ? { token: known.token, bitness: known.bitness }
    : { token: (msi.summary.template ?? '').split(';')[0]!.trim(), bitness: null };
  const rowOf = rowFinder(msi);
  const problems: InspectProblem[] = lintPackages([db], severities).map((p) => {
    const table = p.location.kind === 'row' ? p.location.table : '';
    const key = p.location.kind === 'row' ? p.location.key : '';
    const docsUrl = getRule(p.ruleId)?.meta.docsUrl;
    return {
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      ...(p.note !== undefined ? { note: p.note } : {}),
      ...(p.help !== undefined ? { help: p.help } : {}),
      ...(docsUrl ? { docsUrl } : {}),
      table,
      key,
      row: rowOf(table, key),
    };
  });
  return { summary, platform, tables, streams: msi.streams(), problems, warnings: [...msi.warnings] };
}

/** Finds a row by its primary key cells joined with '/', as problems name rows; each table is indexed once, on first use. */
function rowFinder(msi: MsiDatabase): (table: string, key: string) => number | null {
  const indexes = new Map<string, Map<string, number>>();
  return (name, key) => {
    let index = indexes.get(name);
    if (!index) {
      index = new Map();
      const table = msi.table(name);
      if (table) {
        const keyColumns = table.columns.flatMap((c, i) => (c.key ? [i] : []));
        table.rows.forEach((row, i) => {
          const text = keyColumns.map((c) => cellText(row[c] ?? null)).join('/');
          // Duplicate keys only in a damaged table: the first row answers.
          if (!index!.has(text)) index!.set(text, i);
        });
      }
      indexes.set(name, index);
    }
    return index.get(key) ?? null;
  };
}

/** Type rank for sorting: null, then numbers, then strings (one column holds one kind, but damage may mix them). */
function rank(v: CellValue): number {
  return v === null ? 0 : typeof v === 'number' ? 1 : 2;
}

function compareCells(a: CellValue, b: CellValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a === null || b === null) return 0;
  // Strings by UTF-16 code unit, as `<` compares them; numbers numerically.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The last selection of each table: a view scrolling through a filtered or sorted table asks for its pages one after
 * another, and the rows of an open package never change.
 */
const lastSelections = new WeakMap<Table, { key: string; rows: CellValue[][] }>();

/** The rows after `filter` and `sort`, in order. */
function selectRows(table: Table, params: Pick<InspectMsiParams, 'filter' | 'sort'>): CellValue[][] {
  const key = JSON.stringify([params.filter ?? null, params.sort ?? null]);
  const last = lastSelections.get(table);
  if (last?.key === key) return last.rows;
  const rows = computeSelection(table, params);
  lastSelections.set(table, { key, rows });
  return rows;
}

function computeSelection(table: Table, params: Pick<InspectMsiParams, 'filter' | 'sort'>): CellValue[][] {
  let rows = table.rows;
  const filter = typeof params.filter === 'string' ? params.filter.toLowerCase() : '';
  if (filter !== '') rows = rows.filter((row) => row.some((cell) => cellText(cell).toLowerCase().includes(filter)));
  if (params.sort) {
    const { column, descending } = params.sort;
    if (typeof column !== 'string') throw new InspectError('A sort needs a column name.');
    const index = table.columns.findIndex((c) => c.name === column);
    if (index < 0) throw new InspectError(`The table '${table.name}' has no column '${column}' to sort by.`);
    const sign = descending ? -1 : 1;
    // Array.prototype.sort is stable: equal cells keep the table's order, in either direction.
    rows = [...rows].sort((a, b) => sign * compareCells(a[index] ?? null, b[index] ?? null));
  }
  return rows;
}

function whole(value: number | undefined, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(Math.floor(value), max) : fallback;
}

/** One page of a table, or with `format` the whole selection exported. Throws InspectError for an unknown table or column. */
export function inspectTable(msi: MsiDatabase, params: InspectMsiParams & { table: string }): InspectTableResult | InspectExportResult {
  const table = msi.table(params.table);
  if (!table) throw new InspectError(`The package has no table '${params.table}'.`);
  const rows = selectRows(table, params);
  if (params.format !== undefined) {
    const selected: Table = { name: table.name, columns: table.columns, rows };
    if (params.format === 'csv') return { table: table.name, format: 'csv', text: tableToCsv(selected) };
    if (params.format === 'idt') return { table: table.name, format: 'idt', text: tableToIdt(selected) };
    throw new InspectError(`Unknown export format '${String(params.format)}': use 'csv' or 'idt'.`);
  }
  const offset = whole(params.offset, 0, Number.MAX_SAFE_INTEGER);
  const limit = whole(params.limit, INSPECT_DEFAULT_LIMIT, INSPECT_MAX_LIMIT);
  return {
    table: table.name,
    columns: table.columns.map((c) => ({ name: c.name, type: idtTypeCode(c), key: c.key, nullable: c.nullable })),
    total: rows.length,
    offset,
    rows: rows.slice(offset, offset + limit),
  };
}

interface OpenPackage {
  key: string;
  path: string;
  msi: MsiDatabase;
  source: FileSource;
  /** The last overview and the severities it was linted with: linting a large package takes a while. */
  overview?: { severities: string; result: InspectOverviewResult };
}

export interface MsiInspector {
  /** Errors the user should see (unreadable file, unknown table) come back as a ResponseError, never thrown. */
  handle(params: InspectMsiParams): Promise<InspectMsiResult | ResponseError<void>>;
  /** Closes the cached packages' files. */
  dispose(): void;
}

export function createMsiInspector(severities: () => Record<string, SeveritySetting> | Promise<Record<string, SeveritySetting>>): MsiInspector {
  /** Most recently used last. */
  const cache: OpenPackage[] = [];

  const close = (entry: OpenPackage): void => {
    try {
      entry.source.close();
    } catch {
      // Already closed or gone: nothing to release.
    }
  };

  /** The package at `uri`, reopened when the file changed on disk. */
  const open = (uri: string): OpenPackage => {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      throw new InspectError(`Only file: URIs can be inspected, not '${uri}'.`);
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch (e) {
      throw new InspectError(`Cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!stat.isFile()) throw new InspectError(`'${path}' is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}, not a package.`);
    const key = `${uri}\u0000${stat.mtimeMs}\u0000${stat.size}`;
    const at = cache.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = cache.splice(at, 1);
      cache.push(hit!);
      return hit!;
    }
    // An older version of the same file is stale: release it now.
    for (let i = cache.length - 1; i >= 0; i--) {
      if (cache[i]!.path === path) close(cache.splice(i, 1)[0]!);
    }
    let source: FileSource;
    try {
      source = openFileSource(path);
    } catch (e) {
      throw new InspectError(`Cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`);
    }
    let msi: MsiDatabase;
    try {
      msi = openMsi(source, path);
    } catch (e) {
      source.close();
      throw e;
    }
    const entry: OpenPackage = { key, path, msi, source };
    cache.push(entry);
    while (cache.length > CACHE_SIZE) close(cache.shift()!);
    return entry;
  };

  return {
    async handle(params) {
      try {
        if (typeof params?.uri !== 'string') throw new InspectError('wixlint/inspectMsi needs a uri.');
        const entry = open(params.uri);
        if (params.table === undefined) {
          const settings = await severities();
          const key = JSON.stringify(settings);
          if (entry.overview?.severities !== key) entry.overview = { severities: key, result: inspectOverview(entry.msi, entry.path, settings) };
          return entry.overview.result;
        }
        return inspectTable(entry.msi, { ...params, table: params.table });
      } catch (e) {
        if (e instanceof MsiFormatError) return new ResponseError(ErrorCodes.InvalidParams, e.message);
        if (e instanceof InspectError) return new ResponseError(ErrorCodes.InvalidParams, e.message);
        throw e;
      }
    },
    dispose() {
      for (const entry of cache.splice(0)) close(entry);
    },
  };
}
