// The string pool (_StringPool lengths + _StringData bytes): every string of the database, which table cells reference by id.

/** Table-stream names of the two halves of the pool. */
export const STRING_POOL_STREAM = '_StringPool';
export const STRING_DATA_STREAM = '_StringData';

/** The header is one (u16, u16) pair like every entry: the code page, plus the wide-reference flag. */
const HEADER_BYTES = 4;
const ENTRY_BYTES = 4;
/** In the header's second word: cells reference strings with 3 bytes, because there are more than 65,535 ids. */
const LONG_REFS_FLAG = 0x8000;
const CODEPAGE_HIGH_MASK = 0x7fff;
/**
 * A string of >= 64 KiB takes two entries: (0, length high word) then (length low word, refcount). That is what
 * Wine's and msitools' writers produce and what rust-msi reads; Wine's reader (and msitools 0.101's)
 * assume (0, refcount) then (length low, length high) instead. The two agree whenever refcount == length high.
 */
const LONG_STRING_SHIFT = 16;

export const SHORT_STRING_REF_WIDTH = 2;
export const LONG_STRING_REF_WIDTH = 3;

/** Code pages the database and the summary stream may declare. */
export const CODEPAGE_ANSI = 0;
export const CODEPAGE_WINDOWS_1252 = 1252;
export const CODEPAGE_UTF8 = 65001;
const CODEPAGE_US_ASCII = 20127;
const CODEPAGE_LATIN1 = 28591;

export interface StringPool {
  /** As declared in the pool header (0 = the builder's ANSI code page, which we read as Windows-1252). */
  readonly codepage: number;
  /** Bytes per string reference in table cells. */
  readonly refWidth: 2 | 3;
  /** One more than the highest id the pool defines (id 0 is always the null string). */
  readonly idCount: number;
  /** The string with this id, or undefined for id 0, an unused id or an id past the end of the pool. */
  get(id: number): string | undefined;
  /** Reference count stored for this id (0 when undefined). */
  refcount(id: number): number;
  /** Problems found while reading: the pool is still usable. */
  readonly warnings: string[];
}

/** Reads the pool. Never throws: a damaged pool gives truncated or missing strings and warnings. */
export function parseStringPool(pool: Uint8Array, data: Uint8Array): StringPool {
  const warnings: string[] = [];
  const strings: (string | undefined)[] = [undefined];
  const refcounts: number[] = [0];
  if (pool.length < HEADER_BYTES) {
    if (pool.length > 0) warnings.push(`The string pool is ${pool.length} bytes long, shorter than its 4-byte header; it is read as empty.`);
    if (data.length > 0) warnings.push(`The string data has ${data.length} bytes, but the string pool defines no strings.`);
    return makePool(CODEPAGE_ANSI, SHORT_STRING_REF_WIDTH, strings, refcounts, warnings);
  }

  const word = (offset: number): number => pool[offset]! | (pool[offset + 1]! << 8);
  const high = word(2);
  const codepage = word(0) + (high & CODEPAGE_HIGH_MASK) * 0x10000;
  const refWidth = high & LONG_REFS_FLAG ? LONG_STRING_REF_WIDTH : SHORT_STRING_REF_WIDTH;
  const decoder = textDecoderFor(codepage);
  if (!decoder.exact) warnings.push(`The string pool's code page ${codepage} is not supported; its strings are read as Windows-1252.`);

  const entryCount = Math.floor((pool.length - HEADER_BYTES) / ENTRY_BYTES);
  if ((pool.length - HEADER_BYTES) % ENTRY_BYTES !== 0) {
    warnings.push(
      `The string pool is ${pool.length} bytes long, not a whole number of 4-byte entries; the last ${(pool.length - HEADER_BYTES) % ENTRY_BYTES} bytes are ignored.`,
    );
  }

  // First the lengths, so that the long-string layout can be checked against the data size before slicing.
  const entries: (PoolEntry | undefined)[] = [];
  // Each iteration consumes one or two entries, so the loop ends within entryCount iterations.
  for (let entry = 0; entry < entryCount; entry++) {
    const at = HEADER_BYTES + entry * ENTRY_BYTES;
    const first = word(at);
    const second = word(at + 2);
    if (first === 0 && second === 0) {
      // An unused id still takes its place in the numbering.
      entries.push(undefined);
      continue;
    }
    if (first !== 0) {
      entries.push({ length: first, refs: second, wineLength: first, wineRefs: second });
      continue;
    }
    if (entry + 1 >= entryCount) {
      warnings.push(`The string pool ends in the middle of the entry for the long string with id ${entries.length + 1}.`);
      break;
    }
    entry++;
    const low = word(HEADER_BYTES + entry * ENTRY_BYTES);
    const last = word(HEADER_BYTES + entry * ENTRY_BYTES + 2);
    entries.push({ length: second * 2 ** LONG_STRING_SHIFT + low, refs: last, wineLength: last * 2 ** LONG_STRING_SHIFT + low, wineRefs: second });
  }

  // The pool must account for the string data exactly; if only the other long-string layout does, it is the one used.
  const total = (pick: (e: PoolEntry) => number): number => entries.reduce((sum, e) => sum + (e ? pick(e) : 0), 0);
  const wine = total((e) => e.length) !== data.length && total((e) => e.wineLength) === data.length;
  if (wine) {
    warnings.push(
      'The string pool stores its long strings as (0, refcount) (length low, length high), not as (0, length high) (length low, refcount) like Wine and msitools write them; they are read that way because only that layout adds up to the string data.',
    );
  }

  let offset = 0;
  let overrun = false;
  for (const entry of entries) {
    if (entry === undefined) {
      strings.push(undefined);
      refcounts.push(0);
      continue;
    }
    const length = wine ? entry.wineLength : entry.length;
    const id = strings.length;
    const available = Math.max(0, Math.min(length, data.length - offset));
    if (available < length && !overrun) {
      overrun = true;
      warnings.push(
        `The string pool describes more text than the ${data.length} bytes of string data: string ${id} needs bytes ${offset}..${offset + length}. It and the strings after it are truncated.`,
      );
    }
    strings.push(decoder.decode(data.subarray(offset, offset + available)));
    refcounts.push(wine ? entry.wineRefs : entry.refs);
    offset += length;
  }
  if (!overrun && offset < data.length) {
    warnings.push(`The string data has ${data.length - offset} bytes that no string of the pool uses.`);
  }
  return makePool(codepage, refWidth, strings, refcounts, warnings);
}

/** One id's entry, read both ways a long string's two slots are interpreted (identical for ordinary strings). */
interface PoolEntry {
  length: number;
  refs: number;
  wineLength: number;
  wineRefs: number;
}

function makePool(codepage: number, refWidth: 2 | 3, strings: (string | undefined)[], refcounts: number[], warnings: string[]): StringPool {
  return {
    codepage,
    refWidth,
    idCount: strings.length,
    get: (id) => (Number.isInteger(id) && id > 0 && id < strings.length ? strings[id] : undefined),
    refcount: (id) => (Number.isInteger(id) && id > 0 && id < refcounts.length ? refcounts[id]! : 0),
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Code pages. They live here because the pool is where the database's text is; the summary stream borrows them.

export interface CodepageDecoder {
  /** False when the code page is unknown here and Windows-1252 stands in for it. */
  readonly exact: boolean;
  decode(bytes: Uint8Array): string;
}

/** Windows-1252 bytes 0x80..0x9F; the five holes map to the same code point, as Windows' own conversion does. */
const WINDOWS_1252_HIGH_CONTROLS = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c,
  0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1_FIRST = 0x80;
const C1_LAST = 0x9f;

/** ICU names for the other code pages MSI packages use; whether Node can decode them depends on its ICU build. */
const ICU_LABELS: ReadonlyMap<number, string> = new Map([
  [874, 'windows-874'],
  [932, 'shift_jis'],
  [936, 'gbk'],
  [949, 'euc-kr'],
  [950, 'big5'],
  [1250, 'windows-1250'],
  [1251, 'windows-1251'],
  [1253, 'windows-1253'],
  [1254, 'windows-1254'],
  [1255, 'windows-1255'],
  [1256, 'windows-1256'],
  [1257, 'windows-1257'],
  [1258, 'windows-1258'],
  [54936, 'gb18030'],
]);

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  // Chunked so that String.fromCharCode never gets more arguments than the engine allows.
  const CHUNK = 0x2000;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= C1_FIRST && b <= C1_LAST ? WINDOWS_1252_HIGH_CONTROLS[b - C1_FIRST]! : b,
    );
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 0x2000;
  for (let start = 0; start < bytes.length; start += CHUNK) out += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  return out;
}

export function textDecoderFor(codepage: number): CodepageDecoder {
  switch (codepage) {
    case CODEPAGE_ANSI:
    case CODEPAGE_WINDOWS_1252:
      return { exact: true, decode: decodeWindows1252 };
    case CODEPAGE_US_ASCII:
    case CODEPAGE_LATIN1:
      return { exact: true, decode: decodeLatin1 };
    case CODEPAGE_UTF8: {
      const utf8 = new TextDecoder('utf-8');
      return { exact: true, decode: (bytes) => utf8.decode(bytes) };
    }
  }
  const label = ICU_LABELS.get(codepage);
  if (label !== undefined) {
    try {
      const decoder = new TextDecoder(label);
      return { exact: true, decode: (bytes) => decoder.decode(bytes) };
    } catch {
      // This Node has no ICU data for the label: fall through to the stand-in.
    }
  }
  return { exact: false, decode: decodeWindows1252 };
}
