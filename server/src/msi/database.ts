// Opens a Windows Installer package or merge module: container -> summary -> string pool -> catalog -> tables on demand.
import type { ByteSource } from './byteSource';
import { openCompoundFile, type CompoundFile } from './compoundFile';
import { MsiFormatError } from './errors';
import { decodeStreamName } from './streamNames';
import { parseStringPool, STRING_DATA_STREAM, STRING_POOL_STREAM } from './stringPool';
import { parseSummaryInfo, SUMMARY_INFO_STREAM, type SummaryInfo } from './summaryInfo';
import { COLUMNS_SCHEMA, COLUMNS_TABLE, decodeTableRows, readCatalog, TABLES_SCHEMA, TABLES_TABLE, type Table, type TableSchema } from './tables';

export type { CellValue, ColumnInfo, Table } from './tables';
export type { SummaryInfo } from './summaryInfo';

/** Root storage CLSIDs: installer database (packages and merge modules alike), patch, transform. */
const CLSID_MSI = '000C1084-0000-0000-C000-000000000046';
const CLSID_MSP = '000C1086-0000-0000-C000-000000000046';
const CLSID_MST = '000C1082-0000-0000-C000-000000000046';
const CLSID_NULL = '00000000-0000-0000-0000-000000000000';

/** Merge modules share the package CLSID; this table is what makes a database a module. */
const MODULE_SIGNATURE_TABLE = 'ModuleSignature';
const MERGE_MODULE_EXTENSION = /\.msm$/i;

/** Streams that give away other compound-file formats, for a more helpful "not an MSI" message. */
const FOREIGN_FORMATS: readonly [string, string][] = [
  ['WordDocument', 'a Word document'],
  ['Workbook', 'an Excel workbook'],
  ['Book', 'an Excel workbook'],
  ['PowerPoint Document', 'a PowerPoint presentation'],
  ['VisioDocument', 'a Visio drawing'],
  ['__properties_version1.0', 'an Outlook message'],
];

export interface MsiDatabase {
  kind: 'msi' | 'msm';
  summary: SummaryInfo;
  /** The tables _Tables lists, in its order (the catalog tables _Tables and _Columns are readable but not listed). */
  tableNames(): string[];
  /** Decoded on first use, then cached; undefined for a table the catalog does not describe. */
  table(name: string): Table | undefined;
  /** Streams other than tables, by decoded name: binary-column data, embedded cabinets, summary information. */
  streams(): { name: string; size: number }[];
  /** A stream other than a table, by decoded name, read on demand (an embedded cabinet); undefined when absent. */
  streamSource(name: string): ByteSource | undefined;
  /** Damage that did not stop the reading; grows as tables are decoded. */
  warnings: string[];
}

/** Registry form without braces, upper case, whatever form the container reports. */
function normalizeClsid(clsid: string): string {
  return clsid.replace(/[{}]/g, '').toUpperCase();
}

/** Reads everything a linter needs up front except table rows. Throws MsiFormatError. */
export function openMsi(source: ByteSource, fileName?: string): MsiDatabase {
  const container = openCompoundFile(source);
  const warnings: string[] = [];

  // Stream names are stored compressed; index them by their readable names once.
  const tableStreams = new Map<string, string>();
  const otherStreams: { name: string; size: number }[] = [];
  /** The stored (compressed) name of each non-table stream, by decoded name. */
  const storedNames = new Map<string, string>();
  for (const entry of container.streams()) {
    const { name, isTable } = decodeStreamName(entry.name);
    if (isTable) {
      if (!tableStreams.has(name)) tableStreams.set(name, entry.name);
    } else {
      otherStreams.push({ name, size: entry.size });
      if (!storedNames.has(name)) storedNames.set(name, entry.name);
    }
  }

  checkContainerKind(container, tableStreams, warnings);

  const summary = readSummary(container, warnings);

  const poolBytes = readTableStream(container, tableStreams, STRING_POOL_STREAM);
  if (poolBytes === undefined) {
    throw new MsiFormatError(
      'corrupt-database',
      'The package has no string pool (_StringPool stream): it is damaged or not a Windows Installer database.',
    );
  }
  const pool = parseStringPool(poolBytes, readTableStream(container, tableStreams, STRING_DATA_STREAM) ?? new Uint8Array(0));
  warnings.push(...pool.warnings);

  const catalog = readCatalog(readTableStream(container, tableStreams, TABLES_TABLE), readTableStream(container, tableStreams, COLUMNS_TABLE), pool);
  warnings.push(...catalog.warnings);

  const kind = (fileName !== undefined && MERGE_MODULE_EXTENSION.test(fileName)) || catalog.tables.has(MODULE_SIGNATURE_TABLE) ? 'msm' : 'msi';

  const cache = new Map<string, Table>();
  const schemaOf = (name: string): TableSchema | undefined =>
    name === TABLES_TABLE ? TABLES_SCHEMA : name === COLUMNS_TABLE ? COLUMNS_SCHEMA : catalog.tables.get(name);

  return {
    kind,
    summary,
    tableNames: () => [...catalog.tables.keys()],
    table(name) {
      const cached = cache.get(name);
      if (cached) return cached;
      const schema = schemaOf(name);
      if (!schema) return undefined;
      const decoded = decodeTableRows(schema, readTableStream(container, tableStreams, name), pool);
      warnings.push(...decoded.warnings);
      const table: Table = { name, columns: schema.columns.map((c) => ({ ...c })), rows: decoded.rows };
      cache.set(name, table);
      return table;
    },
    streams: () => otherStreams.map((s) => ({ ...s })),
    streamSource: (name) => {
      const stored = storedNames.get(name);
      return stored === undefined ? undefined : container.streamSource(stored);
    },
    warnings,
  };
}

function readTableStream(container: CompoundFile, tableStreams: Map<string, string>, name: string): Uint8Array | undefined {
  const raw = tableStreams.get(name);
  return raw === undefined ? undefined : container.readStream(raw);
}

/** Patches and transforms are compound files with installer streams too, but a different layout: refuse them by CLSID. */
function checkContainerKind(container: CompoundFile, tableStreams: Map<string, string>, warnings: string[]): void {
  const clsid = normalizeClsid(container.rootClsid);
  switch (clsid) {
    case CLSID_MSI:
      return;
    case CLSID_MSP:
      throw new MsiFormatError(
        'unsupported',
        'This is a patch (.msp), not an installer package: wixlint reads .msi packages and .msm merge modules only.',
      );
    case CLSID_MST:
      throw new MsiFormatError(
        'unsupported',
        'This is a transform (.mst), not an installer package: wixlint reads .msi packages and .msm merge modules only.',
      );
  }
  // Some third-party writers leave the CLSID empty; the catalog streams still identify a database.
  if (clsid === CLSID_NULL && tableStreams.has(STRING_POOL_STREAM) && tableStreams.has(TABLES_TABLE)) {
    warnings.push(
      `The package's root storage has no CLSID (Windows Installer writes {${CLSID_MSI}}); it is read as an installer database because it has one's tables.`,
    );
    return;
  }
  const names = new Set(container.streams().map((s) => s.name));
  const foreign = FOREIGN_FORMATS.find(([stream]) => names.has(stream));
  const looksLike = foreign ? `; it looks like ${foreign[1]}` : '';
  throw new MsiFormatError(
    'not-msi',
    `This compound file is not a Windows Installer package: its root CLSID is {${clsid}}, not {${CLSID_MSI}}${looksLike}.`,
  );
}

/** A missing or damaged summary stream leaves the tables readable, so it is a warning, not an error. */
function readSummary(container: CompoundFile, warnings: string[]): SummaryInfo {
  const bytes = container.readStream(SUMMARY_INFO_STREAM);
  if (bytes === undefined) {
    warnings.push('The package has no summary information stream (\\005SummaryInformation).');
    return { badValues: [] };
  }
  try {
    const parsed = parseSummaryInfo(bytes);
    warnings.push(...parsed.warnings);
    return parsed.summary;
  } catch (error) {
    if (!(error instanceof MsiFormatError)) throw error;
    warnings.push(error.message);
    return { badValues: [] };
  }
}
