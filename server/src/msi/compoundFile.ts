// Lazy reader for OLE compound files ([MS-CFB] versions 3 and 4), the container every MSI package is stored in.
import { bytesSource, checkReadRange, type ByteSource } from './byteSource';
import { decodeStreamName } from './streamNames';
import { MsiFormatError } from './errors';

/** The eight bytes every compound file starts with. */
const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
/** The header's own size; in version 4 it is padded to a whole 4096-byte sector. */
const HEADER_SIZE = 512;
/** Little-endian byte order mark, the only one the format allows. */
const BYTE_ORDER_MARK = 0xfffe;
const MAJOR_VERSION_3 = 3;
const MAJOR_VERSION_4 = 4;
/** log2 of the sector size: 512-byte sectors in version 3, 4096-byte sectors in version 4. */
const SECTOR_SHIFT_V3 = 9;
const SECTOR_SHIFT_V4 = 12;
/** log2 of the mini sector size (64 bytes), fixed in both versions. */
const MINI_SECTOR_SHIFT = 6;
/** Streams smaller than this live in the mini stream; the format fixes it at 4096. */
const MINI_STREAM_CUTOFF = 4096;
/** How many FAT sector numbers the header itself holds before DIFAT sectors take over. */
const HEADER_DIFAT_ENTRIES = 109;
const DIR_ENTRY_SIZE = 128;
const SECTOR_NUMBER_SIZE = 4;
const CLSID_SIZE = 16;
/** A directory entry's name field: 32 UTF-16 units including the terminating NUL. */
const NAME_FIELD_BYTES = 64;
const UTF16_UNIT_BYTES = 2;

// Sector numbers above MAXREGSECT are markers, not places in the file.
const MAXREGSECT = 0xfffffffa;
const DIFSECT = 0xfffffffc;
const FATSECT = 0xfffffffd;
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;

// Directory entry ids (stream ids) above MAXREGSID are markers; NOSTREAM means "no sibling / no child".
const MAXREGSID = 0xfffffffa;
const NOSTREAM = 0xffffffff;

// Directory entry object types.
const OBJECT_UNALLOCATED = 0;
const OBJECT_STORAGE = 1;
const OBJECT_STREAM = 2;
const OBJECT_ROOT = 5;

/** Root storage is always directory entry 0. */
const ROOT_ENTRY_ID = 0;

// Header field offsets ([MS-CFB] 2.2).
const HEADER = {
  majorVersion: 26,
  byteOrder: 28,
  sectorShift: 30,
  miniSectorShift: 32,
  numFatSectors: 44,
  firstDirSector: 48,
  miniStreamCutoff: 56,
  firstMiniFatSector: 60,
  firstDifatSector: 68,
  numDifatSectors: 72,
  difat: 76,
} as const;

// Directory entry field offsets ([MS-CFB] 2.6).
const ENTRY = {
  name: 0,
  nameLength: 64,
  objectType: 66,
  left: 68,
  right: 72,
  child: 76,
  clsid: 80,
  startSector: 116,
  sizeLow: 120,
  sizeHigh: 124,
} as const;

const TWO_TO_32 = 0x1_0000_0000;
/** A lazily read stream first keeps room for this many sector numbers, doubling as reads reach further. */
const CHAIN_CACHE_INITIAL = 1024;

export interface StreamEntry {
  /** The name exactly as stored (MSI names are compressed: see streamNames.ts). */
  name: string;
  /** Size in bytes. */
  size: number;
}

export interface CompoundFile {
  /** The root storage's CLSID, upper-case with braces, e.g. '{000C1084-0000-0000-C000-000000000046}'. */
  readonly rootClsid: string;
  /** The streams directly in the root storage (MSI keeps everything there), in directory order. */
  streams(): StreamEntry[];
  /** A stream's bytes by its exact name (case-sensitive: do not use case-insensitive lookup); undefined when absent. */
  readStream(name: string): Uint8Array | undefined;
  /** A stream's size without reading it; undefined when absent. */
  streamSize(name: string): number | undefined;
  /**
   * A stream's bytes read on demand (an embedded cabinet can be gigabytes): its sector chain is followed as far as the
   * reads reach, once; undefined when absent. Reads throw MsiFormatError for a damaged chain or a file cut short.
   */
  streamSource(name: string): ByteSource | undefined;
}

/**
 * Reads the header and the directory; stream data, the mini FAT and the mini stream are read only when asked for,
 * and FAT sectors one at a time as chains need them, so a package with a huge cabinet stays cheap to open.
 */
export function openCompoundFile(source: ByteSource): CompoundFile {
  const reader = new Reader(source, readHeader(source));
  const { rootClsid, streams } = reader.readDirectory();
  const byName = new Map<string, DirEntry>();
  // Names in one storage must be unique; if a hostile file repeats one, the first in directory order wins.
  for (const entry of streams) if (!byName.has(entry.name)) byName.set(entry.name, entry);
  return {
    rootClsid,
    streams: () => streams.map((e) => ({ name: e.name, size: e.size })),
    readStream: (name) => {
      const entry = byName.get(name);
      return entry === undefined ? undefined : reader.readStream(entry);
    },
    streamSize: (name) => byName.get(name)?.size,
    streamSource: (name) => {
      const entry = byName.get(name);
      return entry === undefined ? undefined : reader.streamSource(entry);
    },
  };
}

interface Header {
  majorVersion: number;
  sectorShift: number;
  sectorSize: number;
  numFatSectors: number;
  firstDirSector: number;
  firstMiniFatSector: number;
  firstDifatSector: number;
  numDifatSectors: number;
  headerDifat: number[];
}

interface DirEntry {
  id: number;
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  clsid: Uint8Array;
  startSector: number;
  size: number;
}

function corrupt(message: string): MsiFormatError {
  return new MsiFormatError('corrupt-container', message);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

function readHeader(source: ByteSource): Header {
  if (source.size === 0) throw new MsiFormatError('empty', 'The file is empty (0 bytes), so it is not an MSI package.');
  const prefix = source.read(0, Math.min(source.size, SIGNATURE.length));
  if (prefix.some((b, i) => b !== SIGNATURE[i])) {
    throw new MsiFormatError(
      'not-compound-file',
      'The file is not an OLE compound file (it does not start with the signature D0 CF 11 E0 A1 B1 1A E1), so it is not an MSI package.',
    );
  }
  if (source.size < HEADER_SIZE) {
    throw new MsiFormatError('truncated', `The file is ${source.size} bytes long, shorter than the ${HEADER_SIZE}-byte compound file header.`);
  }
  const h = view(source.read(0, HEADER_SIZE));
  const byteOrder = h.getUint16(HEADER.byteOrder, true);
  if (byteOrder !== BYTE_ORDER_MARK) {
    throw corrupt(`The compound file header has byte order mark 0x${hex(byteOrder, 4)} instead of 0x${hex(BYTE_ORDER_MARK, 4)}.`);
  }
  const majorVersion = h.getUint16(HEADER.majorVersion, true);
  if (majorVersion !== MAJOR_VERSION_3 && majorVersion !== MAJOR_VERSION_4) {
    throw new MsiFormatError('unsupported', `The compound file has major version ${majorVersion}; only versions 3 and 4 exist.`);
  }
  const sectorShift = h.getUint16(HEADER.sectorShift, true);
  const expectedShift = majorVersion === MAJOR_VERSION_3 ? SECTOR_SHIFT_V3 : SECTOR_SHIFT_V4;
  if (sectorShift !== expectedShift) {
    throw corrupt(
      `The compound file header gives sector shift ${sectorShift}, but version ${majorVersion} requires ${expectedShift} (${2 ** expectedShift}-byte sectors).`,
    );
  }
  const miniSectorShift = h.getUint16(HEADER.miniSectorShift, true);
  if (miniSectorShift !== MINI_SECTOR_SHIFT) {
    throw corrupt(
      `The compound file header gives mini sector shift ${miniSectorShift}, but the format requires ${MINI_SECTOR_SHIFT} (64-byte mini sectors).`,
    );
  }
  const cutoff = h.getUint32(HEADER.miniStreamCutoff, true);
  if (cutoff !== MINI_STREAM_CUTOFF) {
    throw corrupt(`The compound file header gives mini stream cutoff ${cutoff}, but the format requires ${MINI_STREAM_CUTOFF}.`);
  }
  const headerDifat: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) headerDifat.push(h.getUint32(HEADER.difat + i * SECTOR_NUMBER_SIZE, true));
  return {
    majorVersion,
    sectorShift,
    sectorSize: 2 ** sectorShift,
    numFatSectors: h.getUint32(HEADER.numFatSectors, true),
    firstDirSector: h.getUint32(HEADER.firstDirSector, true),
    firstMiniFatSector: h.getUint32(HEADER.firstMiniFatSector, true),
    firstDifatSector: h.getUint32(HEADER.firstDifatSector, true),
    numDifatSectors: h.getUint32(HEADER.numDifatSectors, true),
    headerDifat,
  };
}

/** Which sectors a chain walk has seen: one bit per sector the file can hold, so cycles are caught in bounded memory. */
class VisitedSet {
  private readonly bits: Uint8Array;
  constructor(count: number) {
    this.bits = new Uint8Array(Math.ceil(count / 8));
  }
  /** Marks `n`; true when it was already marked. */
  testAndSet(n: number): boolean {
    const byte = n >>> 3;
    const mask = 1 << (n & 7);
    const seen = (this.bits[byte]! & mask) !== 0;
    this.bits[byte] = this.bits[byte]! | mask;
    return seen;
  }
}

/** Collects byte ranges of the file and reads adjacent ones in one call, since stream sectors are usually contiguous. */
class Gatherer {
  private readonly out: Uint8Array;
  private filled = 0;
  private runOffset = 0;
  private runLength = 0;
  constructor(
    private readonly source: ByteSource,
    size: number,
  ) {
    this.out = new Uint8Array(size);
  }
  add(offset: number, length: number): void {
    if (this.runLength > 0 && this.runOffset + this.runLength === offset) {
      this.runLength += length;
      return;
    }
    this.flush();
    this.runOffset = offset;
    this.runLength = length;
  }
  finish(): Uint8Array {
    this.flush();
    return this.out;
  }
  private flush(): void {
    if (this.runLength === 0) return;
    // Copy rather than alias: the caller owns the result, and the source may hand out views of its own buffer.
    this.out.set(this.source.read(this.runOffset, this.runLength), this.filled);
    this.filled += this.runLength;
    this.runLength = 0;
  }
}

function describeMarker(sector: number): string {
  switch (sector) {
    case FREESECT:
      return 'a free sector (FREESECT)';
    case ENDOFCHAIN:
      return 'the end-of-chain marker (ENDOFCHAIN)';
    case FATSECT:
      return 'the FAT-sector marker (FATSECT)';
    case DIFSECT:
      return 'the DIFAT-sector marker (DIFSECT)';
    default:
      return `the reserved value 0x${hex(sector, 8)}`;
  }
}

class Reader {
  private readonly sectorSize: number;
  /** Sectors after the header that the file holds (the last one may be partial). */
  private readonly sectorCount: number;
  private readonly fatEntriesPerSector: number;
  /** Sector numbers the FAT can describe, per the header's FAT sector count. */
  private readonly fatCapacity: number;
  private readonly fatSectors = new Map<number, DataView>();
  /** FAT sector numbers from DIFAT sectors, loaded in chain order as far as needed. */
  private readonly difatSectors: DataView[] = [];
  private nextDifatSector: number;
  private readonly seenDifatSectors = new Set<number>();
  private miniFat: Uint32Array | undefined;
  private miniStreamSectors: number[] | undefined;
  private root: DirEntry | undefined;

  constructor(
    private readonly source: ByteSource,
    private readonly header: Header,
  ) {
    this.sectorSize = header.sectorSize;
    this.sectorCount = Math.max(0, Math.ceil((source.size - this.sectorSize) / this.sectorSize));
    this.fatEntriesPerSector = this.sectorSize / SECTOR_NUMBER_SIZE;
    this.fatCapacity = header.numFatSectors * this.fatEntriesPerSector;
    this.nextDifatSector = header.firstDifatSector;
  }

  readDirectory(): { rootClsid: string; streams: DirEntry[] } {
    const pieces: number[] = [];
    this.walkChain(this.header.firstDirSector, undefined, 'the directory', (sector) => pieces.push(sector));
    if (pieces.length === 0) throw corrupt('The compound file has no directory sectors, so it has no root storage.');
    const gather = new Gatherer(this.source, pieces.length * this.sectorSize);
    for (const sector of pieces) gather.add(this.sectorOffset(sector), this.sectorSize);
    const dir = gather.finish();
    const entryCount = dir.length / DIR_ENTRY_SIZE;

    const root = parseEntry(dir, ROOT_ENTRY_ID, this.header.majorVersion);
    if (root.type !== OBJECT_ROOT) throw corrupt(`Directory entry 0 has object type ${root.type} instead of ${OBJECT_ROOT} (root storage).`);
    if (root.size > this.source.size) {
      throw corrupt(`The root entry claims a ${root.size}-byte mini stream, larger than the whole ${this.source.size}-byte file.`);
    }
    this.root = root;

    // The root's children form a red-black tree through left/right sibling links; walk it with an explicit stack,
    // marking every entry, so a hostile file that links entries into a loop gives an error instead of a hang.
    const seen = new Uint8Array(entryCount);
    seen[ROOT_ENTRY_ID] = 1;
    const stack: number[] = [root.child];
    const streams: DirEntry[] = [];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === NOSTREAM) continue;
      if (id > MAXREGSID || id >= entryCount) {
        throw corrupt(`The directory tree links to entry ${id}, but the directory holds only ${entryCount} entries.`);
      }
      if (seen[id] === 1) throw corrupt(`The directory tree reaches entry ${id} twice, so its sibling links form a cycle.`);
      seen[id] = 1;
      const entry = parseEntry(dir, id, this.header.majorVersion);
      if (entry.type === OBJECT_STREAM) {
        if (entry.size > this.source.size) {
          throw corrupt(
            `Directory entry ${id} (stream '${readableName(entry.name)}') claims a ${entry.size}-byte stream, larger than the whole ${this.source.size}-byte file.`,
          );
        }
        streams.push(entry);
      } else if (entry.type !== OBJECT_STORAGE) {
        const what = entry.type === OBJECT_UNALLOCATED ? 'an unallocated entry' : `an entry of object type ${entry.type}`;
        throw corrupt(`The root storage's directory tree links to entry ${id}, which is ${what} rather than a stream or storage.`);
      }
      // Sub-storages (embedded transforms and the like) are not descended into: MSI tables and streams live in the root.
      stack.push(entry.right, entry.left);
    }
    // Directory order means entry index order, the writer's layout, rather than the tree's length-then-name order.
    streams.sort((a, b) => a.id - b.id);
    return { rootClsid: formatClsid(root.clsid), streams };
  }

  readStream(entry: DirEntry): Uint8Array {
    if (entry.size === 0) return new Uint8Array(0);
    const what = `stream ${JSON.stringify(entry.name)}`;
    return entry.size < MINI_STREAM_CUTOFF
      ? this.readMini(entry.startSector, entry.size, what)
      : this.readRegular(entry.startSector, entry.size, what);
  }

  streamSource(entry: DirEntry): ByteSource {
    // Small streams live in the mini stream: read whole, they are at most 4 KB.
    if (entry.size < MINI_STREAM_CUTOFF) return bytesSource(this.readStream(entry));
    const size = entry.size;
    const count = Math.ceil(size / this.sectorSize);
    const next = this.chain(entry.startSector, count, `stream ${JSON.stringify(entry.name)}`);
    // The chain is followed only as far as a read reaches, and what it found is kept: a cabinet's header is read
    // without mapping the gigabytes after it, and later reads resume where the walk stopped.
    let sectors = new Uint32Array(Math.min(count, CHAIN_CACHE_INITIAL));
    let walked = 0;
    const sectorAt = (index: number): number => {
      while (walked <= index) {
        if (walked === sectors.length) {
          const grown = new Uint32Array(Math.min(count, sectors.length * 2));
          grown.set(sectors);
          sectors = grown;
        }
        // `index` < count, and the walk yields exactly `count` sectors or throws; a throw leaves `walked` as it was.
        const sector = next()!;
        sectors[walked] = sector;
        walked++;
      }
      return sectors[index]!;
    };
    const copy = (offset: number, target: Uint8Array): void => {
      let done = 0;
      while (done < target.length) {
        const at = offset + done;
        const index = Math.floor(at / this.sectorSize);
        const within = at - index * this.sectorSize;
        const first = sectorAt(index);
        // Adjacent sectors are read in one call: writers lay a stream out contiguously.
        let run = 1;
        while (run * this.sectorSize - within < target.length - done && index + run < count && sectorAt(index + run) === first + run) run++;
        const take = Math.min(run * this.sectorSize - within, target.length - done);
        this.readRange(this.sectorOffset(first) + within, target.subarray(done, done + take));
        done += take;
      }
    };
    return {
      size,
      read: (offset, length) => {
        checkReadRange(size, offset, length);
        const out = new Uint8Array(length);
        copy(offset, out);
        return out;
      },
      readInto: (offset, target) => {
        // Past the end is a short read, as from a file; before the start is an error.
        if (offset < 0) checkReadRange(size, offset, 0);
        const length = Math.max(0, Math.min(target.length, size - offset));
        copy(offset, target.subarray(0, length));
        return length;
      },
    };
  }

  /** Fills `target` from byte `offset` of the file, into the caller's buffer when the source can. */
  private readRange(offset: number, target: Uint8Array): void {
    if (!this.source.readInto) {
      target.set(this.source.read(offset, target.length));
      return;
    }
    const got = this.source.readInto(offset, target);
    if (got < target.length) {
      throw new MsiFormatError('truncated', `The file ends at byte ${offset + got}, but a stream is expected up to byte ${offset + target.length}.`);
    }
  }

  private sectorOffset(sector: number): number {
    return (sector + 1) * this.sectorSize;
  }

  /** Checks that `sector`, reached in the chain of `what`, is a real sector inside the file. */
  private checkSector(sector: number, what: string, index: number): void {
    if (sector > MAXREGSECT) {
      throw corrupt(`The sector chain of ${what} reaches ${describeMarker(sector)} after ${index} sectors.`);
    }
    if (sector >= this.fatCapacity) {
      throw corrupt(`The sector chain of ${what} refers to sector ${sector}, but the FAT describes only ${this.fatCapacity} sectors.`);
    }
    if (sector >= this.sectorCount) {
      // The FAT accounts for this sector, so the file was cut short rather than scrambled.
      throw new MsiFormatError(
        'truncated',
        `The sector chain of ${what} refers to sector ${sector} at byte ${this.sectorOffset(sector)}, past the end of the ${this.source.size}-byte file.`,
      );
    }
  }

  /** Calls `visit` for each sector of the chain from `start`: exactly `length` sectors when given, else up to ENDOFCHAIN. */
  private walkChain(start: number, length: number | undefined, what: string, visit: (sector: number, index: number) => void): void {
    const next = this.chain(start, length, what);
    for (let index = 0, sector = next(); sector !== undefined; index++, sector = next()) visit(sector, index);
  }

  /**
   * The chain from `start`, one sector per call, then undefined: exactly `length` sectors when given, else up to
   * ENDOFCHAIN. A sector may appear once per chain, and there are only `sectorCount` of them, so the walk always ends.
   */
  private chain(start: number, length: number | undefined, what: string): () => number | undefined {
    const seen = new VisitedSet(this.sectorCount);
    const limit = length ?? this.sectorCount + 1;
    let sector = start;
    let index = 0;
    let ended = false;
    // Each step is committed only once it checks out, so a caller that asks again after an error gets the same error.
    return () => {
      if (ended || index === length) return undefined;
      // The FAT is consulted only for a sector asked for: a lazy read touches no more than it uses.
      const candidate = index === 0 ? start : this.fatEntry(sector);
      if (candidate === ENDOFCHAIN && length === undefined) {
        ended = true;
        return undefined;
      }
      if (candidate === ENDOFCHAIN) {
        throw corrupt(`The sector chain of ${what} ends after ${index} sectors, but ${length} sectors are needed for its size.`);
      }
      // Unreachable in practice: the visited set throws before a chain can outgrow the file.
      if (index >= limit) throw corrupt(`The sector chain of ${what} is longer than the ${this.sectorCount} sectors the file holds.`);
      this.checkSector(candidate, what, index);
      if (seen.testAndSet(candidate)) throw corrupt(`The sector chain of ${what} loops back to sector ${candidate} after ${index} sectors.`);
      sector = candidate;
      index++;
      return sector;
    };
  }

  /** The FAT entry for `sector` (already checked to be in range), reading its FAT sector on first use. */
  private fatEntry(sector: number): number {
    const fatIndex = Math.floor(sector / this.fatEntriesPerSector);
    let fat = this.fatSectors.get(fatIndex);
    if (fat === undefined) {
      const location = this.fatSectorLocation(fatIndex);
      this.checkFatSectorLocation(location, fatIndex);
      fat = view(this.source.read(this.sectorOffset(location), this.sectorSize));
      this.fatSectors.set(fatIndex, fat);
    }
    return fat.getUint32((sector % this.fatEntriesPerSector) * SECTOR_NUMBER_SIZE, true);
  }

  private checkFatSectorLocation(location: number, fatIndex: number): void {
    if (location > MAXREGSECT) throw corrupt(`The DIFAT gives ${describeMarker(location)} as the location of FAT sector ${fatIndex}.`);
    if (location >= this.sectorCount) {
      const message = `The DIFAT places FAT sector ${fatIndex} at sector ${location}, past the end of the ${this.source.size}-byte file.`;
      // As for chains: a location the FAT accounts for means the file was cut short rather than scrambled.
      throw location < this.fatCapacity ? new MsiFormatError('truncated', message) : corrupt(message);
    }
  }

  /** Where FAT sector number `fatIndex` lives: from the header's DIFAT, then from DIFAT sectors read as needed. */
  private fatSectorLocation(fatIndex: number): number {
    if (fatIndex < HEADER_DIFAT_ENTRIES) return this.header.headerDifat[fatIndex]!;
    // Each DIFAT sector holds FAT sector numbers and, in its last slot, the next DIFAT sector.
    const perDifatSector = this.fatEntriesPerSector - 1;
    const difatIndex = Math.floor((fatIndex - HEADER_DIFAT_ENTRIES) / perDifatSector);
    // Bounded: fatIndex < numFatSectors and sector < sectorCount, so difatIndex is below the file's sector count.
    while (this.difatSectors.length <= difatIndex) this.loadNextDifatSector();
    return this.difatSectors[difatIndex]!.getUint32(((fatIndex - HEADER_DIFAT_ENTRIES) % perDifatSector) * SECTOR_NUMBER_SIZE, true);
  }

  private loadNextDifatSector(): void {
    const loaded = this.difatSectors.length;
    if (loaded >= this.header.numDifatSectors) {
      throw corrupt(
        `The header lists ${this.header.numFatSectors} FAT sectors, but its ${this.header.numDifatSectors} DIFAT sectors locate only ${
          HEADER_DIFAT_ENTRIES + this.header.numDifatSectors * (this.fatEntriesPerSector - 1)
        }.`,
      );
    }
    const sector = this.nextDifatSector;
    this.checkSector(sector, 'the DIFAT', loaded);
    if (this.seenDifatSectors.has(sector)) throw corrupt(`The sector chain of the DIFAT loops back to sector ${sector} after ${loaded} sectors.`);
    this.seenDifatSectors.add(sector);
    const difat = view(this.source.read(this.sectorOffset(sector), this.sectorSize));
    this.difatSectors.push(difat);
    this.nextDifatSector = difat.getUint32(this.sectorSize - SECTOR_NUMBER_SIZE, true);
  }

  private readRegular(start: number, size: number, what: string): Uint8Array {
    const gather = new Gatherer(this.source, size);
    const sectors = Math.ceil(size / this.sectorSize);
    this.walkChain(start, sectors, what, (sector, index) => {
      // The last sector may hold only the stream's tail; read just that, which also tolerates a short final sector.
      gather.add(this.sectorOffset(sector), Math.min(this.sectorSize, size - index * this.sectorSize));
    });
    return gather.finish();
  }

  private readMini(start: number, size: number, what: string): Uint8Array {
    const miniFat = this.loadMiniFat();
    const streamSectors = this.loadMiniStream();
    const rootSize = this.root!.size;
    const miniSectorSize = 2 ** MINI_SECTOR_SHIFT;
    const miniSectorCount = Math.ceil(rootSize / miniSectorSize);
    const needed = Math.ceil(size / miniSectorSize);
    const seen = new VisitedSet(miniSectorCount);
    const gather = new Gatherer(this.source, size);
    let mini = start;
    for (let index = 0; index < needed; index++) {
      if (mini > MAXREGSECT) {
        throw corrupt(
          `The mini sector chain of ${what} reaches ${describeMarker(mini)} after ${index} mini sectors, but ${needed} are needed for its size.`,
        );
      }
      if (mini >= miniSectorCount || mini >= miniFat.length) {
        throw corrupt(
          `The mini sector chain of ${what} refers to mini sector ${mini}, but the mini stream holds only ${Math.min(miniSectorCount, miniFat.length)}.`,
        );
      }
      if (seen.testAndSet(mini)) throw corrupt(`The mini sector chain of ${what} loops back to mini sector ${mini} after ${index} mini sectors.`);
      const offsetInMiniStream = mini * miniSectorSize;
      const sector = streamSectors[Math.floor(offsetInMiniStream / this.sectorSize)]!;
      const offset = this.sectorOffset(sector) + (offsetInMiniStream % this.sectorSize);
      gather.add(offset, Math.min(miniSectorSize, size - index * miniSectorSize));
      mini = miniFat[mini]!;
    }
    return gather.finish();
  }

  private loadMiniFat(): Uint32Array {
    if (this.miniFat !== undefined) return this.miniFat;
    const sectors: number[] = [];
    this.walkChain(this.header.firstMiniFatSector, undefined, 'the mini FAT', (sector) => sectors.push(sector));
    const gather = new Gatherer(this.source, sectors.length * this.sectorSize);
    for (const sector of sectors) gather.add(this.sectorOffset(sector), this.sectorSize);
    const bytes = view(gather.finish());
    const entries = new Uint32Array(bytes.byteLength / SECTOR_NUMBER_SIZE);
    for (let i = 0; i < entries.length; i++) entries[i] = bytes.getUint32(i * SECTOR_NUMBER_SIZE, true);
    this.miniFat = entries;
    return entries;
  }

  /** The regular sectors holding the mini stream (the root entry's data), without reading their contents. */
  private loadMiniStream(): number[] {
    if (this.miniStreamSectors !== undefined) return this.miniStreamSectors;
    const root = this.root!;
    const sectors: number[] = [];
    const length = Math.ceil(root.size / this.sectorSize);
    if (length > 0) this.walkChain(root.startSector, length, 'the mini stream', (sector) => sectors.push(sector));
    this.miniStreamSectors = sectors;
    return sectors;
  }
}

function parseEntry(dir: Uint8Array, id: number, majorVersion: number): DirEntry {
  const bytes = dir.subarray(id * DIR_ENTRY_SIZE, (id + 1) * DIR_ENTRY_SIZE);
  const v = view(bytes);
  const nameLength = v.getUint16(ENTRY.nameLength, true);
  const type = v.getUint8(ENTRY.objectType);
  let name = '';
  if (type !== OBJECT_UNALLOCATED) {
    if (nameLength < UTF16_UNIT_BYTES || nameLength > NAME_FIELD_BYTES || nameLength % UTF16_UNIT_BYTES !== 0) {
      throw corrupt(`Directory entry ${id} has name length ${nameLength}; it must be an even number of bytes from 2 to 64, counting the final NUL.`);
    }
    // Code unit by code unit, so the name stays exactly as stored (a decoder would replace lone surrogates).
    for (let i = 0; i < nameLength / UTF16_UNIT_BYTES - 1; i++) name += String.fromCharCode(v.getUint16(ENTRY.name + i * UTF16_UNIT_BYTES, true));
  }
  // Version 3 files may carry garbage in the size's high word ([MS-CFB] 2.6.3), so only version 4 uses it.
  const high = majorVersion === MAJOR_VERSION_4 ? v.getUint32(ENTRY.sizeHigh, true) : 0;
  return {
    id,
    name,
    type,
    left: v.getUint32(ENTRY.left, true),
    right: v.getUint32(ENTRY.right, true),
    child: v.getUint32(ENTRY.child, true),
    clsid: bytes.slice(ENTRY.clsid, ENTRY.clsid + CLSID_SIZE),
    startSector: v.getUint32(ENTRY.startSector, true),
    size: high * TWO_TO_32 + v.getUint32(ENTRY.sizeLow, true),
  };
}

/** A CLSID in registry form: the first three fields are little-endian integers, the last eight bytes are in order. */
function formatClsid(bytes: Uint8Array): string {
  const v = view(bytes);
  const tail = [...bytes.subarray(8)].map((b) => hex(b, 2)).join('');
  return `{${hex(v.getUint32(0, true), 8)}-${hex(v.getUint16(4, true), 4)}-${hex(v.getUint16(6, true), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}}`;
}

/** A stream name as people read it: MSI's compressed names decoded, control characters escaped. */
function readableName(raw: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes.
  return decodeStreamName(raw).name.replace(/[\u0000-\u001f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
