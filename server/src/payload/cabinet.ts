// A streaming cabinet (.cab) reader that takes only the first bytes of the files it is asked for (MS-CAB: CFHEADER,
// CFFOLDER, CFFILE, CFDATA; MSZIP blocks per MS-MCI, inflated by MszipInflater): a folder is decompressed block by block,
// holding one block and the 32 KB before it (MSZIP's history), and reading stops once every wanted head is complete.
import type { ByteSource } from '../msi/byteSource';
import { MsiFormatError } from '../msi/errors';
import { MAX_BLOCK_UNCOMPRESSED, MSZIP_HISTORY, MszipInflater } from './inflate';

const SIGNATURE = [0x4d, 0x53, 0x43, 0x46]; // 'MSCF'
/** CFHEADER without its optional fields. */
const HEADER_SIZE = 36;
const HEADER = { coffFiles: 16, versionMinor: 24, versionMajor: 25, cFolders: 26, cFiles: 28, flags: 30 } as const;
const FLAG_PREV_CABINET = 0x1;
const FLAG_NEXT_CABINET = 0x2;
const FLAG_RESERVE_PRESENT = 0x4;
/** cbCFHeader (u16), cbCFFolder (u8), cbCFData (u8). */
const RESERVE_SIZES_SIZE = 4;
/** coffCabStart (u32), cCFData (u16), typeCompress (u16). */
const FOLDER_SIZE = 8;
/** cbFile, uoffFolderStart (u32 each), iFolder, date, time, attribs (u16 each), then the name. */
const FILE_FIXED_SIZE = 16;
/** csum (u32), cbData (u16), cbUncomp (u16). */
const DATA_HEADER_SIZE = 8;
/** iFolder values for a file continued from the previous cabinet, into the next, or both. */
const IFOLD_CONTINUED_FROM_PREV = 0xfffd;
/** _A_NAME_IS_UTF: the name is UTF-8, else the cabinet's code page (read as Latin-1). */
const ATTRIB_NAME_IS_UTF = 0x80;
/** Names and the previous/next cabinet strings are at most this long (CB_MAX_FILENAME, CB_MAX_CABINET_NAME). */
const MAX_STRING = 256;
const COMPRESSION_MASK = 0x000f;
const COMPRESSION = { none: 0, mszip: 1, quantum: 2, lzx: 3 } as const;
/** An MSZIP block starts with 'CK', then a deflate stream that may refer to the 32 KB of output before it. */
const MSZIP_SIGNATURE = [0x43, 0x4b];
/** The reader fetches the cabinet in slices this large, so a block is rarely a read of its own. */
const READ_SLICE = 1 << 20;

export type CabinetErrorKind = 'not-cabinet' | 'truncated' | 'corrupt';

/** The one error the reader throws: what is wrong with the cabinet's headers, in a sentence. */
export class CabinetFormatError extends Error {
  constructor(
    readonly kind: CabinetErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CabinetFormatError';
  }
}

/** Takes a complete head as soon as it is read; the bytes are valid only during the call (their buffer is reused). */
export type HeadConsumer = (name: string, head: Uint8Array) => void;

export interface CabinetHeads {
  /** Wanted file name -> its first min(size, headBytes) bytes; empty when a HeadConsumer took them. */
  heads: Map<string, Uint8Array>;
  /** Wanted names the cabinet's CFFILE entries do not list. */
  absent: string[];
  /** Names found but not read, with why (one entry per reason): compressed with LZX or Quantum, a file continued from another cabinet, a damaged block. */
  unchecked: { reason: string; names: string[] }[];
}

interface FileEntry {
  name: string;
  size: number;
  offset: number;
  folder: number;
}

interface Folder {
  dataStart: number;
  blocks: number;
  compression: number;
  /** Bytes reserved in each of its CFDATA headers. */
  dataReserve: number;
}

/**
 * Reads a ByteSource through a slice kept in memory, so that small reads in order cost one system call per slice. What
 * `read` returns is valid until the next call.
 */
class SliceReader {
  private slice: Uint8Array = new Uint8Array(0);
  private buffer: Uint8Array | undefined;
  private sliceStart = 0;
  constructor(private readonly source: ByteSource) {}

  get size(): number {
    return this.source.size;
  }

  /** `sequential`: false for a read far from the last, which is made on its own rather than by fetching a new slice. */
  read(offset: number, length: number, what: string, sequential = true): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.source.size) {
      throw new CabinetFormatError(
        'truncated',
        `The cabinet ends at byte ${this.source.size}, but ${what} needs bytes ${offset} to ${offset + length}.`,
      );
    }
    if (offset >= this.sliceStart && offset + length <= this.sliceStart + this.slice.length) {
      return this.slice.subarray(offset - this.sliceStart, offset - this.sliceStart + length);
    }
    if (length > READ_SLICE || !sequential) return this.source.read(offset, length);
    this.sliceStart = offset;
    const wanted = Math.min(READ_SLICE, this.source.size - offset);
    if (this.source.readInto) {
      // One buffer for the whole read: what read() returns is a view, used before the next call.
      this.buffer ??= new Uint8Array(READ_SLICE);
      const got = this.source.readInto(offset, this.buffer.subarray(0, wanted));
      this.slice = this.buffer.subarray(0, got);
      if (got < length)
        throw new CabinetFormatError(
          'truncated',
          `The cabinet ends at byte ${offset + got}, but ${what} needs bytes ${offset} to ${offset + length}.`,
        );
    } else {
      this.slice = this.source.read(offset, wanted);
    }
    return this.slice.subarray(0, length);
  }

  /** A zero-terminated string at `offset`: its text and the offset after its terminator. */
  string(offset: number, utf8: boolean, what: string): { text: string; next: number } {
    const bytes = this.read(offset, Math.min(MAX_STRING + 1, this.source.size - offset), what);
    const end = bytes.indexOf(0);
    if (end < 0) throw new CabinetFormatError('corrupt', `${what} at byte ${offset} has no terminator within ${MAX_STRING} bytes.`);
    const raw = bytes.subarray(0, end);
    return { text: utf8 ? new TextDecoder().decode(raw) : latin1(raw), next: offset + end + 1 };
  }
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The first `headBytes` bytes of each wanted file (by its name in the cabinet: an MSI's File key). Throws
 * CabinetFormatError when the cabinet's headers cannot be read; damage inside a folder only leaves its files unchecked.
 */
export function readCabinetHeads(source: ByteSource, wanted: ReadonlySet<string>, headBytes: number, onHead?: HeadConsumer): CabinetHeads {
  const reader = new SliceReader(source);
  try {
    return readHeads(reader, wanted, headBytes, onHead);
  } catch (e) {
    if (e instanceof MsiFormatError) throw new CabinetFormatError('truncated', e.message);
    throw e;
  }
}

function readHeads(reader: SliceReader, wanted: ReadonlySet<string>, headBytes: number, onHead: HeadConsumer | undefined): CabinetHeads {
  const { folders, files } = readDirectory(reader);
  const result: CabinetHeads = { heads: new Map(), absent: [], unchecked: [] };
  const taken = new Set<string>();
  // Without a consumer the heads are kept, each in a buffer of its own.
  const consume: HeadConsumer =
    onHead ??
    ((name, head) => {
      result.heads.set(name, head.slice());
    });
  const take: HeadConsumer = (name, head) => {
    taken.add(name);
    consume(name, head);
  };
  const unchecked = (reason: string, name: string) => {
    let entry = result.unchecked.find((u) => u.reason === reason);
    if (!entry) result.unchecked.push((entry = { reason, names: [] }));
    entry.names.push(name);
  };

  const byFolder = new Map<number, FileEntry[]>();
  const found = new Set<string>();
  for (const file of files) {
    if (!wanted.has(file.name) || found.has(file.name)) continue;
    found.add(file.name);
    if (file.folder >= IFOLD_CONTINUED_FROM_PREV) unchecked('the file is continued from or into another cabinet', file.name);
    else if (file.folder >= folders.length) unchecked(`its entry names folder ${file.folder}, but the cabinet has ${folders.length}`, file.name);
    else {
      let list = byFolder.get(file.folder);
      if (!list) byFolder.set(file.folder, (list = []));
      list.push(file);
    }
  }
  for (const name of wanted) if (!found.has(name)) result.absent.push(name);

  for (const [index, list] of [...byFolder].sort((a, b) => a[0] - b[0])) {
    const folder = folders[index]!;
    const type = folder.compression & COMPRESSION_MASK;
    if (type === COMPRESSION.lzx || type === COMPRESSION.quantum) {
      const name = type === COMPRESSION.lzx ? 'LZX' : 'Quantum';
      for (const f of list) unchecked(`compressed with ${name}, which wixlint does not decompress`, f.name);
      continue;
    }
    if (type !== COMPRESSION.none && type !== COMPRESSION.mszip) {
      for (const f of list) unchecked(`folder ${index} uses compression type ${type}, which no cabinet tool writes`, f.name);
      continue;
    }
    const damage = readFolder(reader, folder, index, type === COMPRESSION.mszip, list, headBytes, take);
    if (damage !== undefined) for (const f of list) if (!taken.has(f.name)) unchecked(damage, f.name);
  }
  return result;
}

function readDirectory(reader: SliceReader): { folders: Folder[]; files: FileEntry[] } {
  if (reader.size < SIGNATURE.length || reader.read(0, SIGNATURE.length, 'the signature').some((b, i) => b !== SIGNATURE[i])) {
    throw new CabinetFormatError('not-cabinet', "The file is not a cabinet: it does not start with 'MSCF'.");
  }
  const header = view(reader.read(0, HEADER_SIZE, 'the cabinet header'));
  const coffFiles = header.getUint32(HEADER.coffFiles, true);
  const folderCount = header.getUint16(HEADER.cFolders, true);
  const fileCount = header.getUint16(HEADER.cFiles, true);
  const flags = header.getUint16(HEADER.flags, true);
  const major = header.getUint8(HEADER.versionMajor);
  if (major !== 1)
    throw new CabinetFormatError('corrupt', `The cabinet has format version ${major}.${header.getUint8(HEADER.versionMinor)}; only 1.x exists.`);

  let at = HEADER_SIZE;
  let folderReserve = 0;
  let dataReserve = 0;
  if (flags & FLAG_RESERVE_PRESENT) {
    const sizes = view(reader.read(at, RESERVE_SIZES_SIZE, 'the reserve sizes'));
    const headerReserve = sizes.getUint16(0, true);
    folderReserve = sizes.getUint8(2);
    dataReserve = sizes.getUint8(3);
    at += RESERVE_SIZES_SIZE + headerReserve;
  }
  for (const [flag, what] of [
    [FLAG_PREV_CABINET, 'the previous cabinet'],
    [FLAG_NEXT_CABINET, 'the next cabinet'],
  ] as const) {
    if (!(flags & flag)) continue;
    at = reader.string(at, false, `The name of ${what}`).next;
    at = reader.string(at, false, `The disk of ${what}`).next;
  }

  // cFolders and cFiles are 16-bit, and each entry is read from the bytes after the one before: a count larger than the
  // cabinet holds ends in CabinetFormatError('truncated') at the first entry past its end.
  const folders: Folder[] = [];
  for (let i = 0; i < folderCount; i++) {
    const f = view(reader.read(at, FOLDER_SIZE, `folder ${i}`));
    folders.push({ dataStart: f.getUint32(0, true), blocks: f.getUint16(4, true), compression: f.getUint16(6, true), dataReserve });
    at += FOLDER_SIZE + folderReserve;
  }

  const files: FileEntry[] = [];
  at = coffFiles;
  for (let i = 0; i < fileCount; i++) {
    const f = view(reader.read(at, FILE_FIXED_SIZE, `file entry ${i}`));
    const attributes = f.getUint16(14, true);
    const name = reader.string(at + FILE_FIXED_SIZE, (attributes & ATTRIB_NAME_IS_UTF) !== 0, `The name of file entry ${i}`);
    files.push({ size: f.getUint32(0, true), offset: f.getUint32(4, true), folder: f.getUint16(8, true), name: name.text });
    at = name.next;
  }
  return { folders, files };
}

/**
 * Decompresses `folder` block by block, copying the parts of `files`' heads each block holds, until every head is
 * complete. Returns why the heads still missing could not be read (a damaged or missing block), else undefined.
 */
function readFolder(
  reader: SliceReader,
  folder: Folder,
  index: number,
  mszip: boolean,
  files: readonly FileEntry[],
  headBytes: number,
  take: HeadConsumer,
): string | undefined {
  const pending = files
    .map((f) => ({ name: f.name, start: f.offset, length: Math.min(f.size, headBytes), filled: 0 }))
    .sort((a, b) => a.start - b.start);
  for (const p of pending) if (p.length === 0) take(p.name, new Uint8Array(0));
  // Heads by where they start; `first` is the first not yet complete, so each block looks only at the heads it can hold.
  const open = pending.filter((p) => p.length > 0);
  // Buffers for heads being filled: a few at a time, reused once a head is taken, whatever the number of files.
  const filling = new Map<(typeof open)[number], Uint8Array>();
  const spare: Uint8Array[] = [];
  let first = 0;
  let remaining = open.length;
  let at = folder.dataStart;
  let position = 0;
  /** Holds the output before this block, up to MSZIP's 32 KB; none after skipped blocks. */
  const inflater = new MszipInflater();
  /** Blocks were skipped before the inflater's history, so it may lack output the block refers to. */
  let gap = false;
  // MS-MCI has each MSZIP block refer to the one before it, but many compressors (gcab, wixl) start every block afresh.
  // Until a block proves otherwise, blocks holding no wanted byte are skipped unread and a wanted one is inflated
  // alone: zlib refuses a block that refers to a history it was not given, and then the folder is read again from its
  // start, every block in turn.
  let probing = mszip;
  // cCFData is 16-bit, and each block's header lies past the one before (and the folder is read again at most once):
  // a count larger than the cabinet holds ends at its end, with the heads read so far kept.
  for (let block = 0; block < folder.blocks && remaining > 0; block++) {
    let output: Uint8Array;
    let data: Uint8Array;
    let uncompressedSize: number;
    let compressedSize: number;
    try {
      // Skipping, only the 8-byte headers are read, each where it lies, not the slices between them.
      const skimming = probing || !mszip;
      const h = view(reader.read(at, DATA_HEADER_SIZE, `block ${block} of folder ${index}`, !skimming));
      compressedSize = h.getUint16(4, true);
      uncompressedSize = h.getUint16(6, true);
    } catch (e) {
      if (e instanceof CabinetFormatError) return `the cabinet ends inside folder ${index} (block ${block})`;
      throw e;
    }
    const end = position + uncompressedSize;
    const wantedHere = first < open.length && open[first]!.start < end;
    if (!wantedHere && (probing || !mszip)) {
      at += DATA_HEADER_SIZE + folder.dataReserve + compressedSize;
      position = end;
      inflater.forget();
      gap = true;
      continue;
    }
    try {
      at += DATA_HEADER_SIZE + folder.dataReserve;
      data = reader.read(at, compressedSize, `block ${block} of folder ${index}`);
      at += compressedSize;
    } catch (e) {
      if (e instanceof CabinetFormatError) return `the cabinet ends inside folder ${index} (block ${block})`;
      throw e;
    }
    if (!mszip) {
      if (data.length !== uncompressedSize)
        return `block ${block} of folder ${index} is damaged (${data.length} bytes stored, ${uncompressedSize} declared)`;
      output = data;
    } else {
      if (
        uncompressedSize > MAX_BLOCK_UNCOMPRESSED ||
        data.length < MSZIP_SIGNATURE.length ||
        data[0] !== MSZIP_SIGNATURE[0] ||
        data[1] !== MSZIP_SIGNATURE[1]
      ) {
        return `block ${block} of folder ${index} is damaged (no MSZIP block)`;
      }
      // A block after skipped ones may lack history: only while probing; a full 32 KB of history lacks nothing.
      const inflated = inflater.block(data.subarray(MSZIP_SIGNATURE.length));
      if (typeof inflated === 'string' || inflated.length !== uncompressedSize) {
        if (probing && gap && inflater.historyLength < MSZIP_HISTORY) {
          probing = false;
          gap = false;
          inflater.forget();
          block = -1;
          at = folder.dataStart;
          position = 0;
          continue;
        }
        const what =
          inflated === 'refused'
            ? 'its deflate data does not inflate'
            : inflated === 'oversized'
              ? `it inflates to more than the ${MAX_BLOCK_UNCOMPRESSED} bytes a block holds`
              : `it inflates to ${inflated.length} bytes, not ${uncompressedSize}`;
        return `block ${block} of folder ${index} is damaged (${what})`;
      }
      output = inflated;
    }
    if (wantedHere) {
      for (let i = first; i < open.length && open[i]!.start < end; i++) {
        const p = open[i]!;
        const from = p.start + p.filled;
        if (p.filled === p.length || from >= end || from < position) continue;
        let buffer = filling.get(p);
        if (!buffer) filling.set(p, (buffer = spare.pop() ?? new Uint8Array(headBytes)));
        const count = Math.min(p.length - p.filled, end - from);
        buffer.set(output.subarray(from - position, from - position + count), p.filled);
        p.filled += count;
        if (p.filled === p.length) {
          take(p.name, buffer.subarray(0, p.length));
          filling.delete(p);
          spare.push(buffer);
          remaining--;
        }
      }
      while (first < open.length && open[first]!.filled === open[first]!.length) first++;
    }
    position = end;
  }
  return remaining > 0 ? `folder ${index} ends before the files it lists (${folder.blocks} blocks, ${position} bytes)` : undefined;
}
