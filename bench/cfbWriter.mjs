// Streams an MSI-shaped OLE compound file (version 4, 4096-byte sectors) to disk: small streams plus one huge generated stream.
import * as fs from 'node:fs';

const SECTOR_SIZE = 4096;
const SECTOR_SHIFT = 12;
const MINI_SECTOR_SIZE = 64;
const MINI_SECTOR_SHIFT = 6;
const MINI_STREAM_CUTOFF = 4096;
const HEADER_DIFAT_ENTRIES = 109;
const ENTRIES_PER_SECTOR = SECTOR_SIZE / 4;
const DIR_ENTRY_SIZE = 128;
const DIR_ENTRIES_PER_SECTOR = SECTOR_SIZE / DIR_ENTRY_SIZE;
const MAX_NAME_UNITS = 31;

const DIFSECT = 0xfffffffc;
const FATSECT = 0xfffffffd;
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const NOSTREAM = 0xffffffff;

const OBJECT_STREAM = 2;
const OBJECT_ROOT = 5;
const COLOR_BLACK = 1;

const SIGNATURE = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
/** {000C1084-0000-0000-C000-000000000046} as stored: the first three fields little-endian. */
export const MSI_CLSID_BYTES = Uint8Array.of(0x84, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46);

/**
 * Writes `file` without ever holding the big stream in memory. Layout, in sector order: FAT, DIFAT, the big stream as
 * one contiguous run, then the directory, the mini FAT, the mini stream and the small streams of 4096 bytes or more.
 * Putting the metadata after the big stream means its FAT entries sit past the 109 FAT sectors the header locates
 * once the file passes ~457 MB, so a reader must follow the DIFAT to find even the directory.
 *
 * `small`: [{ name, bytes }] with raw (already compressed) names. `big`: { name, size, chunk(index, buffer) => length }
 * where `chunk` fills `buffer` with the next piece (all but the last exactly buffer.length bytes) and returns its length.
 * Returns { bytes, sectors, fatSectors, difatSectors }.
 */
export function writeCompoundFile(file, small, big, { chunkBytes = 16 << 20, clsid = MSI_CLSID_BYTES } = {}) {
  if (chunkBytes % SECTOR_SIZE !== 0) throw new Error('chunkBytes must be a whole number of sectors');
  const streams = [
    ...small.map((s) => ({ name: s.name, size: s.bytes.length, bytes: s.bytes })),
    { name: big.name, size: big.size, bytes: undefined },
  ];
  for (const s of streams) {
    if (s.name.length > MAX_NAME_UNITS) throw new Error(`stream name ${JSON.stringify(s.name)} is longer than ${MAX_NAME_UNITS} UTF-16 units`);
  }
  if (big.size < MINI_STREAM_CUTOFF) throw new Error('the big stream must be at least 4096 bytes');

  // Mini stream: every small stream under the cutoff, each padded to whole 64-byte mini sectors.
  let miniSectors = 0;
  for (const s of streams) {
    if (s.bytes !== undefined && s.size > 0 && s.size < MINI_STREAM_CUTOFF) {
      s.mini = true;
      s.start = miniSectors;
      miniSectors += Math.ceil(s.size / MINI_SECTOR_SIZE);
    }
  }
  const miniStreamBytes = miniSectors * MINI_SECTOR_SIZE;
  const counts = {
    big: Math.ceil(big.size / SECTOR_SIZE),
    dir: Math.ceil((streams.length + 1) / DIR_ENTRIES_PER_SECTOR),
    miniFat: Math.ceil(miniSectors / ENTRIES_PER_SECTOR),
    miniStream: Math.ceil(miniStreamBytes / SECTOR_SIZE),
    regular: streams.filter((s) => s.bytes !== undefined && s.size >= MINI_STREAM_CUTOFF).reduce((n, s) => n + Math.ceil(s.size / SECTOR_SIZE), 0),
  };
  const { fat: fatCount, difat: difatCount } = fatSize(counts.big + counts.dir + counts.miniFat + counts.miniStream + counts.regular);

  // Sector numbers, in file order.
  let next = 0;
  const take = (n) => {
    const first = next;
    next += n;
    return first;
  };
  const fatStart = take(fatCount);
  const difatStart = take(difatCount);
  const bigStart = take(counts.big);
  const dirStart = take(counts.dir);
  const miniFatStart = take(counts.miniFat);
  const miniStreamStart = take(counts.miniStream);
  const bigEntry = streams[streams.length - 1];
  bigEntry.start = bigStart;
  for (const s of streams) {
    if (s.bytes !== undefined && s.size >= MINI_STREAM_CUTOFF) s.start = take(Math.ceil(s.size / SECTOR_SIZE));
    else if (s.size === 0) s.start = ENDOFCHAIN;
  }
  const totalSectors = next;

  const fat = new Uint32Array(fatCount * ENTRIES_PER_SECTOR).fill(FREESECT);
  for (let i = 0; i < fatCount; i++) fat[fatStart + i] = FATSECT;
  for (let i = 0; i < difatCount; i++) fat[difatStart + i] = DIFSECT;
  const chain = (start, length) => {
    for (let i = 0; i < length; i++) fat[start + i] = i + 1 < length ? start + i + 1 : ENDOFCHAIN;
  };
  chain(dirStart, counts.dir);
  chain(miniFatStart, counts.miniFat);
  chain(miniStreamStart, counts.miniStream);
  for (const s of streams) if (!s.mini && s.size > 0) chain(s.start, Math.ceil(s.size / SECTOR_SIZE));

  const miniFat = new Uint32Array(counts.miniFat * ENTRIES_PER_SECTOR).fill(FREESECT);
  const miniStream = Buffer.alloc(counts.miniStream * SECTOR_SIZE);
  for (const s of streams) {
    if (!s.mini) continue;
    const length = Math.ceil(s.size / MINI_SECTOR_SIZE);
    for (let i = 0; i < length; i++) miniFat[s.start + i] = i + 1 < length ? s.start + i + 1 : ENDOFCHAIN;
    miniStream.set(s.bytes, s.start * MINI_SECTOR_SIZE);
  }

  const fatLocations = Array.from({ length: fatCount }, (_, i) => fatStart + i);
  const header = headerSector({
    dirSectors: counts.dir,
    fatCount,
    dirStart,
    miniFatStart: counts.miniFat > 0 ? miniFatStart : ENDOFCHAIN,
    miniFatCount: counts.miniFat,
    difatStart: difatCount > 0 ? difatStart : ENDOFCHAIN,
    difatCount,
    headerDifat: fatLocations.slice(0, HEADER_DIFAT_ENTRIES),
  });
  const difat = difatSectors(fatLocations.slice(HEADER_DIFAT_ENTRIES), difatStart, difatCount);
  const directory = directorySectors(streams, counts.dir, {
    clsid,
    miniStreamStart: counts.miniStream > 0 ? miniStreamStart : ENDOFCHAIN,
    miniStreamBytes,
  });

  const fd = fs.openSync(file, 'w');
  try {
    let position = 0;
    const put = (bytes) => {
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
      position += bytes.length;
    };
    put(header);
    put(u32Bytes(fat));
    put(difat);
    writeBigStream(put, big, chunkBytes);
    put(directory);
    put(u32Bytes(miniFat));
    put(miniStream);
    for (const s of streams) {
      if (s.bytes === undefined || s.mini || s.size === 0) continue;
      const padded = Buffer.alloc(Math.ceil(s.size / SECTOR_SIZE) * SECTOR_SIZE);
      padded.set(s.bytes);
      put(padded);
    }
    const expected = (totalSectors + 1) * SECTOR_SIZE;
    if (position !== expected) throw new Error(`cfbWriter: wrote ${position} bytes, laid out ${expected}`);
    return { bytes: position, sectors: totalSectors, fatSectors: fatCount, difatSectors: difatCount };
  } finally {
    fs.closeSync(fd);
  }
}

/** FAT and DIFAT sector counts for `others` sectors of content: the FAT must also describe its own and the DIFAT's sectors. */
function fatSize(others) {
  let fat = 0;
  let difat = 0;
  for (;;) {
    const neededFat = Math.ceil((others + fat + difat) / ENTRIES_PER_SECTOR);
    const neededDifat = Math.max(0, Math.ceil((neededFat - HEADER_DIFAT_ENTRIES) / (ENTRIES_PER_SECTOR - 1)));
    if (neededFat === fat && neededDifat === difat) return { fat, difat };
    fat = neededFat;
    difat = neededDifat;
  }
}

function headerSector(h) {
  const out = Buffer.alloc(SECTOR_SIZE);
  out.set(SIGNATURE, 0);
  out.writeUInt16LE(0x003e, 24); // minor version
  out.writeUInt16LE(4, 26); // major version
  out.writeUInt16LE(0xfffe, 28);
  out.writeUInt16LE(SECTOR_SHIFT, 30);
  out.writeUInt16LE(MINI_SECTOR_SHIFT, 32);
  out.writeUInt32LE(h.dirSectors, 40);
  out.writeUInt32LE(h.fatCount, 44);
  out.writeUInt32LE(h.dirStart, 48);
  out.writeUInt32LE(0, 52); // transaction signature
  out.writeUInt32LE(MINI_STREAM_CUTOFF, 56);
  out.writeUInt32LE(h.miniFatStart, 60);
  out.writeUInt32LE(h.miniFatCount, 64);
  out.writeUInt32LE(h.difatStart, 68);
  out.writeUInt32LE(h.difatCount, 72);
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) out.writeUInt32LE(h.headerDifat[i] ?? FREESECT, 76 + i * 4);
  return out;
}

/** DIFAT sectors: 1023 FAT sector numbers each, then the next DIFAT sector (ENDOFCHAIN in the last). */
function difatSectors(locations, start, count) {
  const words = new Uint32Array(count * ENTRIES_PER_SECTOR).fill(FREESECT);
  for (let d = 0; d < count; d++) {
    const base = d * ENTRIES_PER_SECTOR;
    for (let i = 0; i < ENTRIES_PER_SECTOR - 1; i++) {
      const at = d * (ENTRIES_PER_SECTOR - 1) + i;
      if (at < locations.length) words[base + i] = locations[at];
    }
    words[base + ENTRIES_PER_SECTOR - 1] = d + 1 < count ? start + d + 1 : ENDOFCHAIN;
  }
  return u32Bytes(words);
}

/** Root entry 0, then the streams in order as entries 1..n, linked as a balanced binary tree in [MS-CFB] name order. */
function directorySectors(streams, sectors, root) {
  const out = Buffer.alloc(sectors * SECTOR_SIZE);
  for (let id = 0; id < sectors * DIR_ENTRIES_PER_SECTOR; id++) {
    const at = id * DIR_ENTRY_SIZE;
    out.writeUInt32LE(NOSTREAM, at + 68);
    out.writeUInt32LE(NOSTREAM, at + 72);
    out.writeUInt32LE(NOSTREAM, at + 76);
  }
  const ids = streams.map((_, i) => i + 1).sort((a, b) => compareNames(streams[a - 1].name, streams[b - 1].name));
  const links = new Map();
  const link = (lo, hi) => {
    if (lo > hi) return NOSTREAM;
    const mid = (lo + hi) >> 1;
    links.set(ids[mid], { left: link(lo, mid - 1), right: link(mid + 1, hi) });
    return ids[mid];
  };
  const top = link(0, ids.length - 1);

  writeEntry(out, 0, {
    name: 'Root Entry',
    type: OBJECT_ROOT,
    left: NOSTREAM,
    right: NOSTREAM,
    child: top,
    clsid: root.clsid,
    start: root.miniStreamStart,
    size: root.miniStreamBytes,
  });
  streams.forEach((s, i) => {
    const { left, right } = links.get(i + 1);
    writeEntry(out, i + 1, { name: s.name, type: OBJECT_STREAM, left, right, child: NOSTREAM, clsid: undefined, start: s.start, size: s.size });
  });
  return out;
}

function writeEntry(out, id, e) {
  const at = id * DIR_ENTRY_SIZE;
  for (let i = 0; i < e.name.length; i++) out.writeUInt16LE(e.name.charCodeAt(i), at + i * 2);
  out.writeUInt16LE((e.name.length + 1) * 2, at + 64);
  out[at + 66] = e.type;
  out[at + 67] = COLOR_BLACK;
  out.writeUInt32LE(e.left, at + 68);
  out.writeUInt32LE(e.right, at + 72);
  out.writeUInt32LE(e.child, at + 76);
  if (e.clsid) out.set(e.clsid, at + 80);
  out.writeUInt32LE(e.start, at + 116);
  out.writeUInt32LE(e.size % 0x1_0000_0000, at + 120);
  out.writeUInt32LE(Math.floor(e.size / 0x1_0000_0000), at + 124);
}

/** [MS-CFB] 2.6.4: shorter names first, then code unit by code unit after simple upper-casing. */
function compareNames(a, b) {
  if (a.length !== b.length) return a.length - b.length;
  const ua = a.toUpperCase();
  const ub = b.toUpperCase();
  for (let i = 0; i < ua.length; i++) {
    const d = ua.charCodeAt(i) - ub.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/** The big stream in `chunkBytes` pieces from one reused buffer; the last piece is padded to a whole sector. */
function writeBigStream(put, big, chunkBytes) {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let written = 0;
  for (let index = 0; written < big.size; index++) {
    const length = big.chunk(index, buffer);
    const expected = Math.min(chunkBytes, big.size - written);
    if (length !== expected) throw new Error(`cfbWriter: chunk ${index} has ${length} bytes, expected ${expected}`);
    const padded = Math.ceil(length / SECTOR_SIZE) * SECTOR_SIZE;
    if (padded > length) buffer.fill(0, length, padded);
    put(buffer.subarray(0, padded));
    written += length;
  }
}

function u32Bytes(words) {
  const out = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) out.writeUInt32LE(words[i], i * 4);
  return out;
}
