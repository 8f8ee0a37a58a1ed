// Test helper: writes MSI packages in memory from a readable description, independently of the reader under test.
import * as CFB from 'cfb';

export type BuilderCell = string | number | null | Uint8Array;

export interface BuilderColumn {
  name: string;
  /** IDT type code as `msiinfo export` prints it: s72, S0, L255, i2, I4, v0, V0... (upper case = nullable). */
  type: string;
  key?: boolean;
}

export interface BuilderTable {
  name: string;
  columns: BuilderColumn[];
  /** Binary columns take the stream's bytes (or null); the builder stores them as stream 'Table.Key1.Key2'. */
  rows: BuilderCell[][];
}

export type PropertyType = 'i2' | 'i4' | 'lpstr' | 'filetime';

/** A summary property written exactly as given, to produce wrong types and unknown ids. */
export interface RawProperty {
  pid: number;
  type: PropertyType;
  value: number | string | Date;
}

export interface SummarySpec {
  codepage?: number;
  title?: string;
  subject?: string;
  author?: string;
  keywords?: string;
  comments?: string;
  template?: string;
  lastSavedBy?: string;
  revisionNumber?: string;
  created?: Date;
  lastSaved?: Date;
  pageCount?: number;
  wordCount?: number;
  charCount?: number;
  appName?: string;
  security?: number;
  /** Written after the fields above; a raw property replaces a field with the same PID. */
  raw?: RawProperty[];
}

export interface MsiSpec {
  /** Omitted: no summary stream. A Uint8Array is written as the stream verbatim. */
  summary?: SummarySpec | Uint8Array;
  tables: BuilderTable[];
  /** The string pool's code page (default 1252). */
  codepage?: number;
  /** Force 3-byte string references even with few strings. */
  longStringRefs?: boolean;
  /** Root storage CLSID in registry form; defaults to the MSI one. */
  clsid?: string;
  /** Other streams by readable name (cabinets, ...): stored under the compressed name. */
  streams?: Record<string, Uint8Array>;
  /** Streams stored under exactly this name, not compressed (foreign formats). */
  rawStreams?: Record<string, Uint8Array>;
  /** Replace the bytes of a table stream (including _StringPool, _StringData, _Tables, _Columns). */
  tableStreamOverrides?: Record<string, Uint8Array>;
  /** Leave these table streams out. */
  omitTableStreams?: string[];
}

export const MSI_CLSID = '{000C1084-0000-0000-C000-000000000046}';
export const MSP_CLSID = '{000C1086-0000-0000-C000-000000000046}';
export const MST_CLSID = '{000C1082-0000-0000-C000-000000000046}';
export const NULL_CLSID = '{00000000-0000-0000-0000-000000000000}';

// ---------------------------------------------------------------------------------------------------------------
// Stream names, written here from the compound-file naming rules (see msi/streamNames.ts's header) rather than imported,
// so the builder checks the reader's decoding.

const NAME_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._';

export function compressStreamName(name: string, isTable: boolean): string {
  let out = isTable ? '\u4840' : '';
  for (let i = 0; i < name.length; i++) {
    const a = NAME_ALPHABET.indexOf(name[i]!);
    if (a < 0) {
      out += name[i]!;
      continue;
    }
    const b = i + 1 < name.length ? NAME_ALPHABET.indexOf(name[i + 1]!) : -1;
    if (b < 0) {
      out += String.fromCharCode(0x4800 + a);
    } else {
      out += String.fromCharCode(0x3800 + (b << 6) + a);
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Text in a code page.

const CP1252_EXTRAS: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

export function encodeText(text: string, codepage: number): Uint8Array {
  if (codepage === 65001) return new Uint8Array(Buffer.from(text, 'utf8'));
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const extra = CP1252_EXTRAS[ch];
    if (extra !== undefined) out.push(extra);
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff) || [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(code)) out.push(code);
    else throw new Error(`The builder cannot write ${JSON.stringify(ch)} in code page ${codepage}.`);
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------------------------
// The string pool.

export interface PoolOptions {
  codepage?: number;
  longStringRefs?: boolean;
}

/** Assigns ids in order of first use, counting references like Windows Installer does. */
export class StringPoolWriter {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly refs: number[] = [];

  ref(text: string | null): number {
    if (text === null || text === '') return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      this.strings.push(text);
      this.refs.push(0);
      id = this.strings.length;
      this.ids.set(text, id);
    }
    this.refs[id - 1]!++;
    return id;
  }

  get count(): number {
    return this.strings.length;
  }

  encode(options: PoolOptions = {}): { pool: Uint8Array; data: Uint8Array; refWidth: 2 | 3 } {
    const codepage = options.codepage ?? 1252;
    const long = options.longStringRefs === true || this.strings.length > 0xffff;
    const words: number[] = [codepage & 0xffff, ((codepage >>> 16) & 0x7fff) | (long ? 0x8000 : 0)];
    const chunks: Uint8Array[] = [];
    for (const [i, text] of this.strings.entries()) {
      const bytes = encodeText(text, codepage);
      chunks.push(bytes);
      const refcount = Math.min(this.refs[i]!, 0xffff);
      if (bytes.length >= 0x10000) words.push(0, bytes.length >>> 16, bytes.length & 0xffff, refcount);
      else words.push(bytes.length, refcount);
    }
    return { pool: u16le(words), data: Uint8Array.from(Buffer.concat(chunks)), refWidth: long ? 3 : 2 };
  }
}

function u16le(words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 2);
  const view = new DataView(out.buffer);
  for (const [i, w] of words.entries()) view.setUint16(i * 2, w, true);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Column types and table streams.

/** The _Columns.Type word for an IDT code, with the bits Windows Installer sets (0x0400 on strings and i2). */
export function typeWord(column: BuilderColumn): number {
  const match = /^([sSlLiIvV])(\d+)$/.exec(column.type);
  if (!match) throw new Error(`Unknown column type ${column.type}`);
  const letter = match[1]!;
  const size = Number(match[2]);
  const lower = letter.toLowerCase();
  let word: number;
  if (lower === 's' || lower === 'l') word = 0x0d00 | size | (lower === 'l' ? 0x0200 : 0);
  else if (lower === 'v') word = 0x0900;
  else word = size === 4 ? 0x0104 : 0x0500 | size;
  if (letter !== lower) word |= 0x1000;
  if (column.key) word |= 0x2000;
  return word;
}

function cellBytes(type: string, refWidth: number): number {
  const lower = type[0]!.toLowerCase();
  return lower === 's' || lower === 'l' ? refWidth : lower === 'v' ? 2 : type.endsWith('4') ? 4 : 2;
}

/** Column-major: all of column 1, then all of column 2... */
function tableStream(columns: { type: string; values: number[] }[], refWidth: number): Uint8Array {
  const rows = columns[0]?.values.length ?? 0;
  const size = columns.reduce((n, c) => n + cellBytes(c.type, refWidth) * rows, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const column of columns) {
    const width = cellBytes(column.type, refWidth);
    for (const value of column.values) {
      for (let b = 0; b < width; b++) out[at + b] = Math.floor(value / 256 ** b) % 256;
      at += width;
    }
  }
  return out;
}

function storedInteger(type: string, value: BuilderCell): number {
  if (value === null) return 0;
  if (typeof value !== 'number') throw new Error(`Integer column given ${String(value)}`);
  return type.endsWith('4') ? (value ^ 0x80000000) >>> 0 : value + 0x8000;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary information.

const FMTID_SUMMARY = Uint8Array.of(0xe0, 0x85, 0x9f, 0xf2, 0xf9, 0x4f, 0x68, 0x10, 0xab, 0x91, 0x08, 0x00, 0x2b, 0x27, 0xb3, 0xd9);
const VT: Record<PropertyType, number> = { i2: 2, i4: 3, lpstr: 30, filetime: 64 };
const FIELD_PIDS: [keyof Omit<SummarySpec, 'raw'>, number, PropertyType][] = [
  ['codepage', 1, 'i2'],
  ['title', 2, 'lpstr'],
  ['subject', 3, 'lpstr'],
  ['author', 4, 'lpstr'],
  ['keywords', 5, 'lpstr'],
  ['comments', 6, 'lpstr'],
  ['template', 7, 'lpstr'],
  ['lastSavedBy', 8, 'lpstr'],
  ['revisionNumber', 9, 'lpstr'],
  ['created', 12, 'filetime'],
  ['lastSaved', 13, 'filetime'],
  ['pageCount', 14, 'i4'],
  ['wordCount', 15, 'i4'],
  ['charCount', 16, 'i4'],
  ['appName', 18, 'lpstr'],
  ['security', 19, 'i4'],
];

function propertyValue(type: PropertyType, value: number | string | Date, codepage: number): Uint8Array {
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, VT[type], true);
  let body: Uint8Array;
  switch (type) {
    case 'i2': {
      body = new Uint8Array(4);
      // Code pages above 32767 (65001) are stored as the same 16 bits, read back signed by some tools.
      new DataView(body.buffer).setUint16(0, Number(value) & 0xffff, true);
      break;
    }
    case 'i4':
      body = new Uint8Array(4);
      new DataView(body.buffer).setInt32(0, Number(value), true);
      break;
    case 'lpstr': {
      const text = encodeText(String(value), codepage);
      const padded = Math.ceil((text.length + 1) / 4) * 4;
      body = new Uint8Array(4 + padded);
      new DataView(body.buffer).setUint32(0, text.length + 1, true);
      body.set(text, 4);
      break;
    }
    case 'filetime': {
      if (!(value instanceof Date)) throw new Error('filetime needs a Date');
      body = new Uint8Array(8);
      const ticks = (BigInt(value.getTime()) + 11_644_473_600_000n) * 10_000n;
      new DataView(body.buffer).setBigUint64(0, ticks, true);
      break;
    }
  }
  return Uint8Array.from(Buffer.concat([head, body]));
}

/** An OLE property set with one section, the summary information FMTID, code page first. */
export function encodeSummaryInfo(spec: SummarySpec): Uint8Array {
  const codepage = spec.codepage ?? 1252;
  const props = new Map<number, { type: PropertyType; value: number | string | Date }>();
  for (const [field, pid, type] of FIELD_PIDS) {
    const value = spec[field];
    if (value !== undefined) props.set(pid, { type, value });
  }
  for (const raw of spec.raw ?? []) props.set(raw.pid, { type: raw.type, value: raw.value });

  const values = [...props.entries()].map(([pid, p]) => ({ pid, bytes: propertyValue(p.type, p.value, codepage) }));
  const tableSize = 8 + values.length * 8;
  const sectionSize = tableSize + values.reduce((n, v) => n + v.bytes.length, 0);
  const header = new Uint8Array(48);
  const hv = new DataView(header.buffer);
  hv.setUint16(0, 0xfffe, true);
  hv.setUint16(2, 0, true);
  hv.setUint32(4, 0x00020006, true); // OS version field as Windows writes it: Win32, 6.2
  hv.setUint32(24, 1, true);
  header.set(FMTID_SUMMARY, 28);
  hv.setUint32(44, 48, true);
  const section = new Uint8Array(sectionSize);
  const sv = new DataView(section.buffer);
  sv.setUint32(0, sectionSize, true);
  sv.setUint32(4, values.length, true);
  let at = tableSize;
  values.forEach((v, i) => {
    sv.setUint32(8 + i * 8, v.pid, true);
    sv.setUint32(12 + i * 8, at, true);
    section.set(v.bytes, at);
    at += v.bytes.length;
  });
  return Uint8Array.from(Buffer.concat([header, section]));
}

// ---------------------------------------------------------------------------------------------------------------
// The package.

export interface BuiltTables {
  /** Table streams by readable name, including the pool and the catalog. */
  tableStreams: Map<string, Uint8Array>;
  /** Binary-column streams by readable name. */
  binaryStreams: Map<string, Uint8Array>;
  refWidth: 2 | 3;
}

/** Everything but the container: useful for unit tests of the table layer. */
export function buildTableStreams(spec: Pick<MsiSpec, 'tables' | 'codepage' | 'longStringRefs'>): BuiltTables {
  const pool = new StringPoolWriter();
  // Assign ids first, so we know whether references need 3 bytes before writing any table.
  const tablesIds = spec.tables.map((t) => pool.ref(t.name));
  const columnsRows = spec.tables.flatMap((t) =>
    t.columns.map((c, i) => ({ table: pool.ref(t.name), number: i + 1, name: pool.ref(c.name), type: typeWord(c) })),
  );
  const tableCells = spec.tables.map((t) =>
    t.columns.map((c, ci) => {
      const lower = c.type[0]!.toLowerCase();
      return t.rows.map((row) => {
        const cell = row[ci] ?? null;
        if (lower === 's' || lower === 'l') {
          if (cell !== null && typeof cell !== 'string') throw new Error(`${t.name}.${c.name}: string column given ${String(cell)}`);
          return pool.ref(cell);
        }
        if (lower === 'v') return cell === null ? 0 : 1;
        return storedInteger(c.type, cell);
      });
    }),
  );
  const encoded = pool.encode({
    ...(spec.codepage !== undefined ? { codepage: spec.codepage } : {}),
    ...(spec.longStringRefs !== undefined ? { longStringRefs: spec.longStringRefs } : {}),
  });
  const refWidth = encoded.refWidth;

  const tableStreams = new Map<string, Uint8Array>();
  tableStreams.set('_StringPool', encoded.pool);
  tableStreams.set('_StringData', encoded.data);
  tableStreams.set('_Tables', tableStream([{ type: 's64', values: tablesIds }], refWidth));
  tableStreams.set(
    '_Columns',
    tableStream(
      [
        { type: 's64', values: columnsRows.map((r) => r.table) },
        { type: 'i2', values: columnsRows.map((r) => r.number + 0x8000) },
        { type: 's64', values: columnsRows.map((r) => r.name) },
        { type: 'i2', values: columnsRows.map((r) => r.type + 0x8000) },
      ],
      refWidth,
    ),
  );
  const binaryStreams = new Map<string, Uint8Array>();
  spec.tables.forEach((t, ti) => {
    if (t.rows.length > 0)
      tableStreams.set(
        t.name,
        tableStream(
          t.columns.map((c, ci) => ({ type: c.type, values: tableCells[ti]![ci]! })),
          refWidth,
        ),
      );
    const keys = t.columns.flatMap((c, i) => (c.key ? [i] : []));
    for (const row of t.rows) {
      t.columns.forEach((c, ci) => {
        const cell = row[ci];
        if (c.type[0]!.toLowerCase() === 'v' && cell instanceof Uint8Array) {
          binaryStreams.set([t.name, ...keys.map((k) => String(row[k] ?? ''))].join('.'), cell);
        }
      });
    }
  });
  return { tableStreams, binaryStreams, refWidth };
}

/** The CLSID's bytes as cfb wants them: hex of the on-disk order (first three fields little-endian). */
function clsidHex(clsid: string): string {
  const hex = clsid.replace(/[{}-]/g, '').toLowerCase();
  const swap = (s: string): string => s.match(/../g)!.reverse().join('');
  return swap(hex.slice(0, 8)) + swap(hex.slice(8, 12)) + swap(hex.slice(12, 16)) + hex.slice(16);
}

export function buildMsi(spec: MsiSpec): Uint8Array {
  const built = buildTableStreams(spec);
  const cfb = CFB.utils.cfb_new({ CLSID: clsidHex(spec.clsid ?? MSI_CLSID) });
  const add = (name: string, content: Uint8Array): void => {
    CFB.utils.cfb_add(cfb, name, Buffer.from(content), { unsafe: true });
  };
  const omitted = new Set(spec.omitTableStreams ?? []);
  for (const [name, bytes] of built.tableStreams) {
    if (!omitted.has(name)) add(compressStreamName(name, true), spec.tableStreamOverrides?.[name] ?? bytes);
  }
  for (const [name, bytes] of Object.entries(spec.tableStreamOverrides ?? {})) {
    if (!built.tableStreams.has(name) && !omitted.has(name)) add(compressStreamName(name, true), bytes);
  }
  for (const [name, bytes] of built.binaryStreams) add(compressStreamName(name, false), bytes);
  for (const [name, bytes] of Object.entries(spec.streams ?? {})) add(compressStreamName(name, false), bytes);
  for (const [name, bytes] of Object.entries(spec.rawStreams ?? {})) add(name, bytes);
  if (spec.summary !== undefined)
    add('\u0005SummaryInformation', spec.summary instanceof Uint8Array ? spec.summary : encodeSummaryInfo(spec.summary));
  return writeContainer(cfb);
}

/** A compound file holding just these raw-named streams under the given CLSID (for foreign formats). */
export function buildCompoundFile(clsid: string, streams: Record<string, Uint8Array>): Uint8Array {
  const cfb = CFB.utils.cfb_new({ CLSID: clsidHex(clsid) });
  for (const [name, bytes] of Object.entries(streams)) CFB.utils.cfb_add(cfb, name, Buffer.from(bytes), { unsafe: true });
  return writeContainer(cfb);
}

const CFB_PLACEHOLDER = '\u0001Sh33tJ5';
const NOSTREAM = 0xffffffff;

function writeContainer(cfb: CFB.CFB$Container): Uint8Array {
  const written: unknown = CFB.write(cfb, { type: 'buffer' });
  if (!(written instanceof Uint8Array)) throw new Error('cfb did not return a buffer');
  const out = new Uint8Array(written);
  dropPlaceholder(out);
  return out;
}

/**
 * cfb always adds a 4-byte stream named "\x01Sh33tJ5" to files it writes; real packages have no such stream.
 * cfb chains siblings through right links only, so unlinking the entry and marking it unallocated removes it
 * cleanly (its few bytes stay behind in the mini stream, unreferenced).
 */
function dropPlaceholder(file: Uint8Array): void {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const sectorSize = 1 << view.getUint16(30, true);
  const perFatSector = sectorSize / 4;
  // Follow the directory's chain through the FAT (the header's first 109 FAT sectors are enough for test files).
  const next = (sector: number): number => {
    const fatSector = view.getUint32(76 + Math.floor(sector / perFatSector) * 4, true);
    return view.getUint32((fatSector + 1) * sectorSize + (sector % perFatSector) * 4, true);
  };
  const entries: number[] = [];
  for (let sector = view.getUint32(48, true); sector < 0xfffffffa && entries.length < 1 << 16; sector = next(sector)) {
    for (let i = 0; i < sectorSize / 128; i++) entries.push((sector + 1) * sectorSize + i * 128);
  }
  const nameOf = (at: number): string => {
    const length = Math.min(view.getUint16(at + 64, true), 64);
    let name = '';
    for (let i = 0; i < length / 2 - 1; i++) name += String.fromCharCode(view.getUint16(at + i * 2, true));
    return name;
  };
  const target = entries.findIndex((at) => file[at + 66] !== 0 && nameOf(at) === CFB_PLACEHOLDER);
  if (target < 0) return;
  const at = entries[target]!;
  const right = view.getUint32(at + 72, true);
  for (const entry of entries) {
    for (const link of [68, 72, 76]) if (view.getUint32(entry + link, true) === target) view.setUint32(entry + link, right, true);
  }
  file.fill(0, at, at + 128);
  for (const link of [68, 72, 76]) view.setUint32(at + link, NOSTREAM, true);
}
