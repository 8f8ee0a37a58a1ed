// The \u0005SummaryInformation stream: an OLE property set holding the package's title, template, package code, dates...
import { MsiFormatError } from './errors';
import { CODEPAGE_ANSI, textDecoderFor } from './stringPool';

/** Raw stream name: the leading control character is part of the name, and it is not compressed. */
export const SUMMARY_INFO_STREAM = '\u0005SummaryInformation';

/** Property set header: byte order mark, version, OS, CLSID, section count. */
const BYTE_ORDER_MARK = 0xfffe;
const HEADER_BYTES = 28;
const SECTION_ENTRY_BYTES = 20;
const SECTION_HEADER_BYTES = 8;
const PROPERTY_ENTRY_BYTES = 8;
const GUID_BYTES = 16;
/** The summary information FMTID F29F85E0-4FF9-1068-AB91-08002B27B3D9, as stored (first three fields little-endian). */
export const SUMMARY_INFO_FMTID = Uint8Array.of(0xe0, 0x85, 0x9f, 0xf2, 0xf9, 0x4f, 0x68, 0x10, 0xab, 0x91, 0x08, 0x00, 0x2b, 0x27, 0xb3, 0xd9);

/** Variant types a summary property may have. */
export const VT_I2 = 2;
export const VT_I4 = 3;
export const VT_LPSTR = 30;
export const VT_FILETIME = 64;
const VT_TYPE_MASK = 0xffff;

/** FILETIME counts 100 ns ticks since 1601-01-01; Date counts ms since 1970-01-01. */
const FILETIME_TICKS_PER_MS = 10_000n;
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000;

/** Property ids (PIDs) of the summary information set as Windows Installer uses them. */
export const PID = {
  codepage: 1,
  title: 2,
  subject: 3,
  author: 4,
  keywords: 5,
  comments: 6,
  template: 7,
  lastSavedBy: 8,
  revisionNumber: 9,
  created: 12,
  lastSaved: 13,
  pageCount: 14,
  wordCount: 15,
  charCount: 16,
  appName: 18,
  security: 19,
} as const;

export interface SummaryInfo {
  codepage?: number;
  title?: string;
  subject?: string;
  author?: string;
  keywords?: string;
  comments?: string;
  template?: string;
  lastSavedBy?: string;
  /** The package code, a GUID in braces. */
  revisionNumber?: string;
  created?: Date;
  lastSaved?: Date;
  /** Minimum installer version (schema), e.g. 200. */
  pageCount?: number;
  /** Source image flags (short names, compressed, admin image, elevation). */
  wordCount?: number;
  charCount?: number;
  appName?: string;
  security?: number;
  /** Properties whose type was not the expected one, by PID. */
  badValues: number[];
}

type Kind = 'int' | 'string' | 'date';
type IntField = 'codepage' | 'pageCount' | 'wordCount' | 'charCount' | 'security';
type StringField = 'title' | 'subject' | 'author' | 'keywords' | 'comments' | 'template' | 'lastSavedBy' | 'revisionNumber' | 'appName';
type DateField = 'created' | 'lastSaved';

type FieldSpec = { kind: 'int'; field: IntField } | { kind: 'string'; field: StringField } | { kind: 'date'; field: DateField };

const FIELDS: ReadonlyMap<number, FieldSpec> = new Map<number, FieldSpec>([
  [PID.codepage, { kind: 'int', field: 'codepage' }],
  [PID.title, { kind: 'string', field: 'title' }],
  [PID.subject, { kind: 'string', field: 'subject' }],
  [PID.author, { kind: 'string', field: 'author' }],
  [PID.keywords, { kind: 'string', field: 'keywords' }],
  [PID.comments, { kind: 'string', field: 'comments' }],
  [PID.template, { kind: 'string', field: 'template' }],
  [PID.lastSavedBy, { kind: 'string', field: 'lastSavedBy' }],
  [PID.revisionNumber, { kind: 'string', field: 'revisionNumber' }],
  [PID.created, { kind: 'date', field: 'created' }],
  [PID.lastSaved, { kind: 'date', field: 'lastSaved' }],
  [PID.pageCount, { kind: 'int', field: 'pageCount' }],
  [PID.wordCount, { kind: 'int', field: 'wordCount' }],
  [PID.charCount, { kind: 'int', field: 'charCount' }],
  [PID.appName, { kind: 'string', field: 'appName' }],
  [PID.security, { kind: 'int', field: 'security' }],
]);

/** Which variant types count as each kind: integer properties may be written as VT_I2 or VT_I4. */
const ACCEPTED: Record<Kind, readonly number[]> = { int: [VT_I2, VT_I4], string: [VT_LPSTR], date: [VT_FILETIME] };

export interface ParsedSummary {
  summary: SummaryInfo;
  /** Damage that did not stop the reading (truncated values, offsets out of range). */
  warnings: string[];
}

function corrupt(detail: string): MsiFormatError {
  return new MsiFormatError('corrupt-database', `The summary information stream is damaged: ${detail}`);
}

/** Reads the property set. Throws MsiFormatError('corrupt-database') when its header or section table is unusable. */
export function parseSummaryInfo(bytes: Uint8Array): ParsedSummary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER_BYTES) throw corrupt(`it is ${bytes.length} bytes long, shorter than the ${HEADER_BYTES}-byte property set header.`);
  const bom = view.getUint16(0, true);
  if (bom !== BYTE_ORDER_MARK) throw corrupt(`it starts with 0x${bom.toString(16)}, not the property set byte order mark 0xfffe.`);
  const sectionCount = view.getUint32(24, true);
  // Bounded by what the stream can hold, whatever the count says.
  const listed = Math.min(sectionCount, Math.floor((bytes.length - HEADER_BYTES) / SECTION_ENTRY_BYTES));
  let sectionOffset: number | undefined;
  for (let i = 0; i < listed; i++) {
    const at = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
    if (SUMMARY_INFO_FMTID.every((b, k) => bytes[at + k] === b)) {
      sectionOffset = view.getUint32(at + GUID_BYTES, true);
      break;
    }
  }
  if (sectionOffset === undefined) throw corrupt('it has no section with the summary information format id F29F85E0-4FF9-1068-AB91-08002B27B3D9.');
  if (sectionOffset + SECTION_HEADER_BYTES > bytes.length)
    throw corrupt(`its section starts at byte ${sectionOffset}, past the end of the ${bytes.length}-byte stream.`);

  const warnings: string[] = [];
  const declaredSize = view.getUint32(sectionOffset, true);
  const sectionEnd = Math.min(bytes.length, sectionOffset + declaredSize);
  if (sectionOffset + declaredSize > bytes.length)
    warnings.push(`The summary information section claims ${declaredSize} bytes, but only ${bytes.length - sectionOffset} are present.`);
  const declaredCount = view.getUint32(sectionOffset + 4, true);
  const propertyCount = Math.min(declaredCount, Math.floor((sectionEnd - sectionOffset - SECTION_HEADER_BYTES) / PROPERTY_ENTRY_BYTES));
  if (propertyCount < declaredCount)
    warnings.push(`The summary information section lists ${declaredCount} properties, but has room for ${propertyCount}.`);

  // The code page says how to read the strings, and it may come after them: find it first.
  const entries: { pid: number; at: number }[] = [];
  for (let i = 0; i < propertyCount; i++) {
    const entry = sectionOffset + SECTION_HEADER_BYTES + i * PROPERTY_ENTRY_BYTES;
    const pid = view.getUint32(entry, true);
    const at = sectionOffset + view.getUint32(entry + 4, true);
    if (at + 4 > sectionEnd) {
      warnings.push(`Summary property ${pid} points past the end of its section; it is ignored.`);
      continue;
    }
    entries.push({ pid, at });
  }

  const summary: SummaryInfo = { badValues: [] };
  const codepageEntry = entries.find((e) => e.pid === PID.codepage);
  let codepage = CODEPAGE_ANSI;
  if (codepageEntry) {
    const vt = view.getUint32(codepageEntry.at, true) & VT_TYPE_MASK;
    if (ACCEPTED.int.includes(vt) && codepageEntry.at + 8 <= sectionEnd) {
      // Stored as a signed 16-bit value, so 65001 (UTF-8) reads back negative: the code page is the unsigned word.
      codepage = (vt === VT_I2 ? view.getUint16(codepageEntry.at + 4, true) : view.getUint32(codepageEntry.at + 4, true)) >>> 0;
    }
  }
  const decoder = textDecoderFor(codepage);
  if (!decoder.exact) warnings.push(`The summary information code page ${codepage} is not supported; its strings are read as Windows-1252.`);

  for (const { pid, at } of entries) {
    const spec = FIELDS.get(pid);
    if (!spec) continue;
    const vt = view.getUint32(at, true) & VT_TYPE_MASK;
    if (!ACCEPTED[spec.kind].includes(vt)) {
      if (!summary.badValues.includes(pid)) summary.badValues.push(pid);
      continue;
    }
    const value = at + 4;
    switch (spec.kind) {
      case 'int': {
        const size = vt === VT_I2 ? 2 : 4;
        if (value + size > sectionEnd) {
          warnings.push(`Summary property ${pid} is cut off by the end of its section; it is ignored.`);
          break;
        }
        summary[spec.field] = spec.field === 'codepage' ? codepage : vt === VT_I2 ? view.getInt16(value, true) : view.getInt32(value, true);
        break;
      }
      case 'string': {
        if (value + 4 > sectionEnd) {
          warnings.push(`Summary property ${pid} is cut off by the end of its section; it is ignored.`);
          break;
        }
        const declared = view.getUint32(value, true);
        const available = Math.min(declared, sectionEnd - value - 4);
        if (available < declared)
          warnings.push(`Summary property ${pid} declares ${declared} bytes of text, but only ${available} are present; it is truncated.`);
        const raw = bytes.subarray(value + 4, value + 4 + available);
        // The count includes a terminating NUL; writers differ in whether more padding follows it.
        const nul = raw.indexOf(0);
        summary[spec.field] = decoder.decode(nul >= 0 ? raw.subarray(0, nul) : raw);
        break;
      }
      case 'date': {
        if (value + 8 > sectionEnd) {
          warnings.push(`Summary property ${pid} is cut off by the end of its section; it is ignored.`);
          break;
        }
        // Today's tick counts pass 2^53, so the division is done exactly before converting to a number.
        const ms = Number(view.getBigUint64(value, true) / FILETIME_TICKS_PER_MS);
        summary[spec.field] = new Date(ms - FILETIME_EPOCH_OFFSET_MS);
        break;
      }
    }
  }
  summary.badValues.sort((a, b) => a - b);
  return { summary, warnings };
}
