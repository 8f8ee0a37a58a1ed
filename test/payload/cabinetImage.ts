// Writes cabinets in memory for the reader's tests: uncompressed and MSZIP folders (MSZIP blocks deflated with the
// 32 KB before them as dictionary, as MS-MCI allows), folders that claim LZX or Quantum, reserve fields, previous/next
// cabinet strings and files continued across cabinets.
import { deflateRawSync } from 'node:zlib';
import { concat, setU16, setU32 } from '../fuzz/byteMutations';

export const TYPE_NONE = 0;
export const TYPE_MSZIP = 1;
export const TYPE_QUANTUM = 2;
export const TYPE_LZX = 3;
const FLAG_PREV_CABINET = 0x1;
const FLAG_NEXT_CABINET = 0x2;
const FLAG_RESERVE_PRESENT = 0x4;
const BLOCK = 32768;
/** MSZIP's window: a block may refer to this much of the output before it. */
const HISTORY = 32768;
const HEADER_SIZE = 36;
const FOLDER_SIZE = 8;
const FILE_FIXED_SIZE = 16;
const DATA_HEADER_SIZE = 8;
const ATTRIB_NAME_IS_UTF = 0x80;

export interface CabFile {
  name: string;
  data: Uint8Array;
  /** Overrides iFolder (0xFFFD..0xFFFF: continued from or into another cabinet). */
  iFolder?: number;
  /** Store the name as UTF-8 and say so (_A_NAME_IS_UTF); else one byte per character, as a code page stores it. */
  utf8Name?: boolean;
}

export interface CabFolder {
  /** TYPE_NONE, TYPE_MSZIP, or a type written as is with the data stored uncompressed (LZX, Quantum...). */
  type: number;
  files: CabFile[];
  /** MSZIP: deflate each block with the 32 KB before it as dictionary (default true). */
  chained?: boolean;
}

export interface CabinetSpec {
  folders: CabFolder[];
  reserve?: { header: number; folder: number; data: number };
  previous?: { cabinet: string; disk: string };
  next?: { cabinet: string; disk: string };
  /** Bytes per CFDATA block before compression (default 32768). */
  blockSize?: number;
}

const encoder = new TextEncoder();

/** MS-CAB's CFDATA checksum step: the bytes as little-endian words XORed together, a tail of 1–3 bytes high byte first. */
function checksum(bytes: Uint8Array, seed: number): number {
  let sum = seed;
  const words = bytes.length >> 2;
  for (let i = 0; i < words; i++) {
    const at = i * 4;
    sum ^= bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
  }
  let tail = 0;
  const rest = bytes.subarray(words * 4);
  for (let i = 0; i < rest.length; i++) tail |= rest[i]! << (8 * (rest.length - 1 - i));
  return (sum ^ tail) >>> 0;
}

/** A CFDATA header with its checksum (over cbData, cbUncomp and the data), as gcab verifies it. */
function dataHeader(stored: Uint8Array, uncompressed: number, reserve: number): Uint8Array {
  const header = new Uint8Array(DATA_HEADER_SIZE + reserve);
  setU16(header, 4, stored.length);
  setU16(header, 6, uncompressed);
  setU32(header, 0, checksum(header.subarray(4, 8), checksum(stored, 0)));
  return header;
}

function cstring(text: string): Uint8Array {
  return concat(encoder.encode(text), new Uint8Array([0]));
}

function blocksOf(folder: CabFolder, blockSize: number, dataReserve: number): { bytes: Uint8Array; count: number } {
  const all = concat(...folder.files.map((f) => f.data));
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < all.length; at += blockSize) {
    const raw = all.subarray(at, Math.min(all.length, at + blockSize));
    let stored: Uint8Array;
    if (folder.type === TYPE_MSZIP) {
      // The history is the 32 KB before the block, however many blocks that spans.
      const options = at > 0 && folder.chained !== false ? { dictionary: all.subarray(Math.max(0, at - HISTORY), at) } : {};
      stored = concat(new Uint8Array([0x43, 0x4b]), deflateRawSync(raw, options));
    } else {
      stored = raw;
    }
    blocks.push(concat(dataHeader(stored, raw.length, dataReserve), stored));
  }
  return { bytes: concat(...blocks), count: blocks.length };
}

/** A cabinet holding `spec`'s folders and files, in order. */
export function cabinetImage(spec: CabinetSpec): Uint8Array {
  const blockSize = spec.blockSize ?? BLOCK;
  const reserve = spec.reserve;
  let flags = 0;
  if (spec.previous) flags |= FLAG_PREV_CABINET;
  if (spec.next) flags |= FLAG_NEXT_CABINET;
  if (reserve) flags |= FLAG_RESERVE_PRESENT;

  const optional: Uint8Array[] = [];
  if (reserve) {
    const sizes = new Uint8Array(4 + reserve.header);
    setU16(sizes, 0, reserve.header);
    sizes[2] = reserve.folder;
    sizes[3] = reserve.data;
    optional.push(sizes);
  }
  if (spec.previous) optional.push(cstring(spec.previous.cabinet), cstring(spec.previous.disk));
  if (spec.next) optional.push(cstring(spec.next.cabinet), cstring(spec.next.disk));
  const optionalBytes = concat(...optional);

  const folderEntrySize = FOLDER_SIZE + (reserve?.folder ?? 0);
  const fileEntries = spec.folders.flatMap((folder, index) => {
    let offset = 0;
    return folder.files.map((f) => {
      const name = f.utf8Name ? encoder.encode(f.name) : Uint8Array.from(f.name, (c) => c.charCodeAt(0));
      const entry = concat(new Uint8Array(FILE_FIXED_SIZE), name, new Uint8Array([0]));
      setU32(entry, 0, f.data.length);
      setU32(entry, 4, offset);
      setU16(entry, 8, f.iFolder ?? index);
      if (f.utf8Name) setU16(entry, 14, ATTRIB_NAME_IS_UTF);
      offset += f.data.length;
      return entry;
    });
  });
  const filesBytes = concat(...fileEntries);
  const coffFiles = HEADER_SIZE + optionalBytes.length + folderEntrySize * spec.folders.length;
  let dataAt = coffFiles + filesBytes.length;
  const folderEntries: Uint8Array[] = [];
  const data: Uint8Array[] = [];
  for (const folder of spec.folders) {
    const { bytes, count } = blocksOf(folder, blockSize, reserve?.data ?? 0);
    const entry = new Uint8Array(folderEntrySize);
    setU32(entry, 0, dataAt);
    setU16(entry, 4, count);
    setU16(entry, 6, folder.type);
    folderEntries.push(entry);
    data.push(bytes);
    dataAt += bytes.length;
  }
  const header = new Uint8Array(HEADER_SIZE);
  header.set([0x4d, 0x53, 0x43, 0x46]);
  setU32(header, 8, dataAt);
  setU32(header, 16, coffFiles);
  header[24] = 3;
  header[25] = 1;
  setU16(header, 26, spec.folders.length);
  setU16(header, 28, fileEntries.length);
  setU16(header, 30, flags);
  return concat(header, optionalBytes, ...folderEntries, filesBytes, ...data);
}

/** Deterministic bytes that compress, with runs that repeat across 32 KB blocks (so MSZIP blocks refer back). */
export function patterned(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  const motif = new Uint8Array(20_000);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < motif.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    motif[i] = x & 0xff;
  }
  for (let i = 0; i < length; i++) out[i] = motif[i % motif.length]!;
  return out;
}

/** Where a streamed cabinet goes: bytes appended in order, and the header patched once the size is known. */
export interface CabinetSink {
  write(bytes: Uint8Array): void;
  patch(offset: number, bytes: Uint8Array): void;
}

/**
 * Streams a one-folder MSZIP cabinet of files too large to hold, each block deflated with the one before as its history
 * (as Microsoft's compressor writes MSZIP): `fill` gives the folder's uncompressed bytes at an offset, a block at a time.
 */
export function streamChainedCabinet(
  files: { name: string; size: number }[],
  fill: (offset: number, into: Uint8Array) => void,
  sink: CabinetSink,
): void {
  const total = files.reduce((n, f) => n + f.size, 0);
  const blockCount = Math.ceil(total / BLOCK);
  let offset = 0;
  const entries = files.map((f) => {
    const entry = concat(new Uint8Array(FILE_FIXED_SIZE), cstring(f.name));
    setU32(entry, 0, f.size);
    setU32(entry, 4, offset);
    offset += f.size;
    return entry;
  });
  const fileBytes = concat(...entries);
  const coffFiles = HEADER_SIZE + FOLDER_SIZE;
  const header = new Uint8Array(HEADER_SIZE);
  header.set([0x4d, 0x53, 0x43, 0x46]);
  setU32(header, 16, coffFiles);
  header[24] = 3;
  header[25] = 1;
  setU16(header, 26, 1);
  setU16(header, 28, files.length);
  const folder = new Uint8Array(FOLDER_SIZE);
  setU32(folder, 0, coffFiles + fileBytes.length);
  setU16(folder, 4, blockCount);
  setU16(folder, 6, TYPE_MSZIP);
  sink.write(concat(header, folder, fileBytes));
  let written = HEADER_SIZE + FOLDER_SIZE + fileBytes.length;
  let previous: Uint8Array | undefined;
  for (let at = 0; at < total; at += BLOCK) {
    const raw = new Uint8Array(Math.min(BLOCK, total - at));
    fill(at, raw);
    const stored = concat(new Uint8Array([0x43, 0x4b]), deflateRawSync(raw, previous ? { dictionary: previous } : {}));
    sink.write(concat(dataHeader(stored, raw.length, 0), stored));
    written += DATA_HEADER_SIZE + stored.length;
    previous = raw;
  }
  const size = new Uint8Array(4);
  setU32(size, 0, written);
  sink.patch(8, size);
}
