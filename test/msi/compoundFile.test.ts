// Tests for the lazy compound file reader: files written by the cfb package and by hand (v3 and v4), hostile inputs (real wixl MSIs: test/crosscheck).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import * as CFB from 'cfb';
import { bytesSource, type ByteSource } from '../../server/src/msi/byteSource';
import { openCompoundFile } from '../../server/src/msi/compoundFile';
import { MsiFormatError, type MsiErrorKind } from '../../server/src/msi/errors';
import { decodeStreamName, encodeStreamName } from '../../server/src/msi/streamNames';
import { MSI_CLSID, pattern, readWithCfb } from './cfbHelpers';

/** The MSI CLSID as stored: the first three fields little-endian. */
const MSI_CLSID_BYTES = Uint8Array.from([0x84, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);
const NULL_CLSID = '{00000000-0000-0000-0000-000000000000}';
/** The cfb package adds this stream to every file it writes. */
const CFB_SEED = '\u0001Sh33tJ5';
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const NOSTREAM = 0xffffffff;
/** Hostile inputs must fail fast; a hang fails the test instead of the run. */
const NO_HANG = { timeout: 5000 };

type Streams = ReadonlyArray<readonly [string, Uint8Array]>;

function writeWithCfb(streams: Streams, rootClsid?: Uint8Array): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  // cfb takes the CLSID as the hex of its stored bytes.
  if (rootClsid) cfb.FileIndex[0]!.clsid = Buffer.from(rootClsid).toString('hex');
  for (const [name, data] of streams) CFB.utils.cfb_add(cfb, `/${name}`, Buffer.from(data));
  const written = CFB.write(cfb, { type: 'buffer' }) as Buffer;
  return new Uint8Array(written.buffer, written.byteOffset, written.byteLength);
}

function cfbNameCompare(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const ua = a.toUpperCase();
  const ub = b.toUpperCase();
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * A minimal compound file writer for what cfb cannot write: version 4 files, balanced sibling trees, names that differ
 * only in case. Layout: FAT, directory, mini FAT, mini stream, then each large stream; no DIFAT sectors.
 */
function writeByHand(version: 3 | 4, streams: Streams, rootClsid = new Uint8Array(16)): Uint8Array {
  const sectorSize = version === 3 ? 512 : 4096;
  const perFat = sectorSize / 4;
  const small = streams.flatMap(([, data], i) => (data.length > 0 && data.length < 4096 ? [i] : []));
  const large = streams.flatMap(([, data], i) => (data.length >= 4096 ? [i] : []));
  const miniStart = new Map<number, number>();
  const miniFat: number[] = [];
  for (const i of small) {
    const count = Math.ceil(streams[i]![1].length / 64);
    miniStart.set(i, miniFat.length);
    for (let k = 0; k < count; k++) miniFat.push(k === count - 1 ? ENDOFCHAIN : miniFat.length + 1);
  }
  const dirSectors = Math.ceil(((streams.length + 1) * 128) / sectorSize);
  const miniFatSectors = Math.ceil((miniFat.length * 4) / sectorSize);
  const miniStreamSectors = Math.ceil((miniFat.length * 64) / sectorSize);
  const largeSectors = large.map((i) => Math.ceil(streams[i]![1].length / sectorSize));
  const others = dirSectors + miniFatSectors + miniStreamSectors + largeSectors.reduce((a, b) => a + b, 0);
  let fatSectors = 1;
  while (fatSectors * perFat < fatSectors + others) fatSectors++;
  assert.ok(fatSectors <= 109, 'the hand writer has no DIFAT support');
  const fat = new Uint32Array(fatSectors * perFat).fill(FREESECT);
  let next = 0;
  for (let f = 0; f < fatSectors; f++) fat[next++] = 0xfffffffd;
  const chain = (count: number): number => {
    if (count === 0) return ENDOFCHAIN;
    const start = next;
    for (let k = 0; k < count; k++) fat[start + k] = k === count - 1 ? ENDOFCHAIN : start + k + 1;
    next += count;
    return start;
  };
  const dirStart = chain(dirSectors);
  const miniFatStart = chain(miniFatSectors);
  const miniStreamStart = chain(miniStreamSectors);
  const largeStart = new Map(large.map((i, k) => [i, chain(largeSectors[k]!)]));

  const out = new Uint8Array((1 + next) * sectorSize);
  const dv = new DataView(out.buffer);
  const at = (sector: number): number => (sector + 1) * sectorSize;
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  dv.setUint16(24, 0x3e, true);
  dv.setUint16(26, version, true);
  dv.setUint16(28, 0xfffe, true);
  dv.setUint16(30, version === 3 ? 9 : 12, true);
  dv.setUint16(32, 6, true);
  dv.setUint32(40, version === 3 ? 0 : dirSectors, true);
  dv.setUint32(44, fatSectors, true);
  dv.setUint32(48, dirStart, true);
  dv.setUint32(56, 4096, true);
  dv.setUint32(60, miniFatStart, true);
  dv.setUint32(64, miniFatSectors, true);
  dv.setUint32(68, ENDOFCHAIN, true);
  for (let i = 0; i < 109; i++) dv.setUint32(76 + i * 4, i < fatSectors ? i : FREESECT, true);
  // FAT sectors are 0..fatSectors-1, contiguous.
  for (const [i, value] of fat.entries()) dv.setUint32(at(0) + i * 4, value, true);
  for (const [i, value] of miniFat.entries()) dv.setUint32(at(miniFatStart) + i * 4, value, true);
  for (const i of small) out.set(streams[i]![1], at(miniStreamStart) + miniStart.get(i)! * 64);
  for (const i of large) out.set(streams[i]![1], at(largeStart.get(i)!));

  // A balanced sibling tree (all black), so the reader has to follow left links as well as right ones.
  const order = streams.map((_, i) => i + 1).sort((a, b) => cfbNameCompare(streams[a - 1]![0], streams[b - 1]![0]));
  const links = new Map<number, [number, number]>();
  const build = (lo: number, hi: number): number => {
    if (lo > hi) return NOSTREAM;
    const mid = (lo + hi) >> 1;
    links.set(order[mid]!, [build(lo, mid - 1), build(mid + 1, hi)]);
    return order[mid]!;
  };
  const treeRoot = build(0, order.length - 1);
  const dirBase = at(dirStart);
  const entry = (
    id: number,
    name: string,
    type: number,
    left: number,
    right: number,
    child: number,
    start: number,
    size: number,
    clsid?: Uint8Array,
  ) => {
    const base = dirBase + id * 128;
    for (let k = 0; k < name.length; k++) dv.setUint16(base + k * 2, name.charCodeAt(k), true);
    dv.setUint16(base + 64, (name.length + 1) * 2, true);
    dv.setUint8(base + 66, type);
    dv.setUint8(base + 67, 1);
    dv.setUint32(base + 68, left, true);
    dv.setUint32(base + 72, right, true);
    dv.setUint32(base + 76, child, true);
    if (clsid) out.set(clsid, base + 80);
    dv.setUint32(base + 116, start, true);
    dv.setUint32(base + 120, size, true);
  };
  entry(0, 'Root Entry', 5, NOSTREAM, NOSTREAM, treeRoot, miniFat.length > 0 ? miniStreamStart : ENDOFCHAIN, miniFat.length * 64, rootClsid);
  streams.forEach(([name, data], i) => {
    const [left, right] = links.get(i + 1)!;
    const start = data.length === 0 ? ENDOFCHAIN : data.length < 4096 ? miniStart.get(i)! : largeStart.get(i)!;
    entry(i + 1, name, 2, left, right, NOSTREAM, start, data.length);
  });
  for (let id = streams.length + 1; id < (dirSectors * sectorSize) / 128; id++) {
    for (const field of [68, 72, 76]) dv.setUint32(dirBase + id * 128 + field, NOSTREAM, true);
  }
  return out;
}

// Helpers to patch files that cfb wrote (version 3, 512-byte sectors, header DIFAT, contiguous directory).
const u32 = (bytes: Uint8Array, offset: number): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true);
const setU32 = (bytes: Uint8Array, offset: number, value: number): void =>
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(offset, value, true);
const sectorOffset = (sector: number): number => (sector + 1) * 512;

function entryOffset(bytes: Uint8Array, name: string): number {
  for (let offset = sectorOffset(u32(bytes, 48)); offset + 128 <= bytes.length; offset += 128) {
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint16(offset + 64, true);
    if (length === (name.length + 1) * 2 && Buffer.from(bytes.subarray(offset, offset + length - 2)).toString('utf16le') === name) return offset;
  }
  throw new Error(`no directory entry ${name}`);
}
function entryId(bytes: Uint8Array, name: string): number {
  return (entryOffset(bytes, name) - sectorOffset(u32(bytes, 48))) / 128;
}
function fatEntryOffset(bytes: Uint8Array, sector: number): number {
  return sectorOffset(u32(bytes, 76 + Math.floor(sector / 128) * 4)) + (sector % 128) * 4;
}

function assertFormatError(action: () => unknown, kind: MsiErrorKind, message?: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof MsiFormatError, `expected MsiFormatError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

function counting(inner: ByteSource): { source: ByteSource; bytesRead: () => number } {
  let total = 0;
  const source: ByteSource = {
    size: inner.size,
    read(offset, length) {
      total += length;
      return inner.read(offset, length);
    },
  };
  if (inner.readInto) {
    const readInto = inner.readInto.bind(inner);
    source.readInto = (offset, target) => {
      const got = readInto(offset, target);
      total += got;
      return got;
    };
  }
  return { source, bytesRead: () => total };
}

/** bytesSource with readInto, as a file on disk reads: into the caller's buffer, as far as the bytes go. */
function intoSource(bytes: Uint8Array): ByteSource {
  return {
    ...bytesSource(bytes),
    readInto(offset, target) {
      const got = Math.max(0, Math.min(target.length, bytes.length - offset));
      target.set(bytes.subarray(offset, offset + got));
      return got;
    },
  };
}

const open = (bytes: Uint8Array) => openCompoundFile(bytesSource(bytes));
const withoutSeed = (names: string[]): string[] => names.filter((n) => n !== CFB_SEED);

describe('compound files written by cfb (version 3)', () => {
  it('lists root streams with their sizes and reads small, large and exactly-4096-byte streams', () => {
    const streams: Streams = [
      ['small', pattern(100, 1)],
      ['tiny', pattern(1, 2)],
      ['justunder', pattern(4095, 3)],
      ['cutoff', pattern(4096, 4)],
      ['large', pattern(70_000, 5)],
      ['empty', new Uint8Array(0)],
    ];
    const file = open(writeWithCfb(streams));
    const listed = new Map(file.streams().map((s) => [s.name, s.size]));
    assert.deepEqual(withoutSeed([...listed.keys()]).sort(), streams.map(([n]) => n).sort());
    for (const [name, data] of streams) {
      assert.equal(listed.get(name), data.length, name);
      assert.equal(file.streamSize(name), data.length, name);
      assert.deepEqual(file.readStream(name), data, name);
    }
  });

  it('lists streams in directory order', () => {
    const bytes = writeWithCfb([
      ['bb', pattern(10)],
      ['a', pattern(20)],
      ['ccc', pattern(30)],
    ]);
    const names = open(bytes)
      .streams()
      .map((s) => s.name);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => entryId(bytes, a) - entryId(bytes, b)),
    );
  });

  it('reports the root CLSID in registry form', () => {
    assert.equal(open(writeWithCfb([['x', pattern(5)]], MSI_CLSID_BYTES)).rootClsid, MSI_CLSID);
    assert.equal(open(writeWithCfb([['x', pattern(5)]])).rootClsid, NULL_CLSID);
  });

  it('looks names up exactly: case-sensitively, and undefined for absent streams', () => {
    const file = open(writeWithCfb([['Binary.Icon', pattern(50)]]));
    assert.equal(file.readStream('binary.icon'), undefined);
    assert.equal(file.streamSize('BINARY.ICON'), undefined);
    assert.equal(file.readStream('missing'), undefined);
    assert.equal(file.streamSize('missing'), undefined);
    assert.equal(file.streamSize('Binary.Icon'), 50);
  });

  it('reads many streams, agreeing with the cfb package', () => {
    const streams: Streams = Array.from({ length: 300 }, (_, i) => [`s${i}`, pattern((i * 137) % 9000, i + 10)] as const);
    const bytes = writeWithCfb(streams);
    const expected = readWithCfb(bytes);
    const file = open(bytes);
    assert.equal(file.streams().length, expected.size);
    for (const { name, size } of file.streams()) {
      assert.equal(size, expected.get(name)!.length, name);
      assert.deepEqual(file.readStream(name), expected.get(name), name);
    }
  });

  it('keeps compressed MSI names (U+4840 prefix, packed pairs, \\x05) exactly as stored', () => {
    const tables = ['_StringPool', '_StringData', '_Tables', '_Columns', 'Property', 'File'];
    const streams: Streams = [
      ...tables.map((t, i) => [encodeStreamName(t, true), pattern(20 + i, i)] as const),
      [encodeStreamName('Binary.Icon1', false), pattern(5000, 7)],
      ['\x05SummaryInformation', pattern(400, 8)],
    ];
    const file = open(writeWithCfb(streams));
    assert.deepEqual(withoutSeed(file.streams().map((s) => s.name)).sort(), streams.map(([n]) => n).sort());
    const decoded = withoutSeed(file.streams().map((s) => s.name)).map(decodeStreamName);
    assert.deepEqual(
      decoded
        .filter((d) => d.isTable)
        .map((d) => d.name)
        .sort(),
      [...tables].sort(),
    );
    assert.deepEqual(
      decoded
        .filter((d) => !d.isTable)
        .map((d) => d.name)
        .sort(),
      ['\x05SummaryInformation', 'Binary.Icon1'].sort(),
    );
    for (const [name, data] of streams) assert.deepEqual(file.readStream(name), data);
  });
});

describe('compound files written by hand', () => {
  for (const version of [3, 4] as const) {
    it(`reads version ${version}, with a balanced sibling tree, agreeing with the cfb package`, () => {
      const streams: Streams = [
        ['alpha', pattern(10, 1)],
        ['beta', pattern(4095, 2)],
        ['gamma', pattern(4096, 3)],
        ['delta', pattern(20_000, 4)],
        ['epsilon', new Uint8Array(0)],
        ['zeta', pattern(64, 5)],
        ['eta', pattern(65, 6)],
      ];
      const bytes = writeByHand(version, streams, MSI_CLSID_BYTES);
      const file = open(bytes);
      assert.equal(file.rootClsid, MSI_CLSID);
      assert.deepEqual(
        file.streams(),
        streams.map(([name, data]) => ({ name, size: data.length })),
      );
      const independent = readWithCfb(bytes);
      for (const [name, data] of streams) {
        assert.deepEqual(file.readStream(name), data, name);
        assert.deepEqual(independent.get(name), data, `cfb disagrees with the hand writer on ${name}`);
      }
    });
  }

  it('tells apart names that differ only in case', () => {
    const file = open(
      writeByHand(3, [
        ['Key', pattern(10, 1)],
        ['key', pattern(11, 2)],
        ['KEY', pattern(5000, 3)],
      ]),
    );
    assert.equal(file.readStream('key')!.length, 11);
    assert.equal(file.readStream('Key')!.length, 10);
    assert.equal(file.streamSize('KEY'), 5000);
    assert.equal(file.readStream('kEy'), undefined);
  });

  it("ignores the size's high word in version 3, where old writers left garbage, but not in version 4", NO_HANG, () => {
    for (const version of [3, 4] as const) {
      const bytes = writeByHand(version, [['s', pattern(100, 1)]]);
      const sectorSize = version === 3 ? 512 : 4096;
      setU32(bytes, (u32(bytes, 48) + 1) * sectorSize + 128 + 124, 1); // entry 1's size, high word
      if (version === 3) assert.deepEqual(open(bytes).readStream('s'), pattern(100, 1));
      else assertFormatError(() => open(bytes), 'corrupt-container', /4294967396-byte stream/);
    }
  });

  it('tolerates a file whose last sector is cut short after the last stream byte', () => {
    const bytes = writeByHand(3, [['large', pattern(5000, 1)]]);
    const trimmed = bytes.subarray(0, bytes.length - (512 - (5000 % 512)));
    assert.deepEqual(open(trimmed).readStream('large'), pattern(5000, 1));
  });
});

describe('lazy reading', () => {
  const big = pattern(8 * 1024 * 1024, 42);
  const bytes = writeWithCfb([
    ['big', big],
    ['small', pattern(300, 1)],
    ['medium', pattern(6000, 2)],
  ]);

  it('opens, lists and reads a small stream while touching a tiny part of an 8 MB stream', () => {
    const { source, bytesRead } = counting(bytesSource(bytes));
    const file = openCompoundFile(source);
    assert.equal(file.streamSize('big'), big.length);
    assert.equal(file.streams().length, 4);
    assert.deepEqual(file.readStream('small'), pattern(300, 1));
    assert.deepEqual(file.readStream('medium'), pattern(6000, 2));
    assert.ok(bytesRead() < 32 * 1024, `read ${bytesRead()} bytes of a ${bytes.length}-byte file`);
  });

  it('reads the large stream once, in few calls, when asked', () => {
    const { source, bytesRead } = counting(bytesSource(bytes));
    const file = openCompoundFile(source);
    const before = bytesRead();
    const read = file.readStream('big')!;
    assert.ok(Buffer.from(read).equals(Buffer.from(big)));
    // The stream's own bytes plus the FAT sectors that map it (8 MB / 512 * 4 bytes): nothing read twice.
    assert.ok(bytesRead() - before <= big.length + 70_000, `read ${bytesRead() - before} bytes`);
  });

  it('serves a large stream on demand through streamSource: any range, across sector boundaries, reading little', () => {
    const { source, bytesRead } = counting(bytesSource(bytes));
    const file = openCompoundFile(source);
    const stream = file.streamSource('big')!;
    assert.equal(stream.size, big.length);
    const before = bytesRead();
    for (const [offset, length] of [
      [0, 10],
      [510, 4],
      [511, 1030],
      [big.length - 700, 700],
      [4 * 1024 * 1024 + 3, 65_536],
    ] as const) {
      assert.deepEqual(stream.read(offset, length), big.subarray(offset, offset + length), `${offset}+${length}`);
    }
    // The chain is walked once (its FAT sectors: 8 MB / 512 * 4 bytes), and only the ranges asked for are read.
    assert.ok(bytesRead() - before <= 70_000 + 80_000, `read ${bytesRead() - before} bytes`);
    assert.throws(() => stream.read(big.length - 1, 2), { name: 'MsiFormatError' });
    assert.deepEqual(file.streamSource('small')!.read(0, 300), pattern(300, 1));
    assert.equal(file.streamSource('absent'), undefined);
  });

  it('reads a stream of a cut file right or with MsiFormatError, never another error', () => {
    for (const keep of [big.length + 4096, big.length + 70_000, bytes.length - 512]) {
      const cut = bytes.subarray(0, keep);
      let stream: ReturnType<ReturnType<typeof open>['streamSource']>;
      try {
        stream = open(cut).streamSource('big');
      } catch (e) {
        assert.ok(e instanceof MsiFormatError, String(e));
        continue;
      }
      // Either the bytes the stream holds, or MsiFormatError: never wrong bytes, never another error.
      try {
        assert.deepEqual(stream?.read(big.length - 10, 10), big.subarray(big.length - 10), `cut to ${keep}`);
      } catch (e) {
        assert.ok(e instanceof MsiFormatError, `cut to ${keep}: ${String(e)}`);
      }
    }
  });

  it('follows the chain of a streamSource only as far as its reads reach', () => {
    const { source, bytesRead } = counting(bytesSource(bytes));
    const file = openCompoundFile(source);
    const stream = file.streamSource('big')!;
    const before = bytesRead();
    assert.deepEqual(stream.read(0, 100), big.subarray(0, 100));
    // The 100 bytes and the one FAT sector that maps the stream's first sectors, not the 64 KB that map all of it.
    assert.ok(bytesRead() - before <= 100 + 2 * 512, `read ${bytesRead() - before} bytes`);
    // A read further on resumes the walk; one back, inside what was walked, reads no FAT at all.
    assert.deepEqual(stream.read(2 * 1024 * 1024, 5000), big.subarray(2 * 1024 * 1024, 2 * 1024 * 1024 + 5000));
    const walked = bytesRead();
    assert.deepEqual(stream.read(1024 * 1024 - 7, 1030), big.subarray(1024 * 1024 - 7, 1024 * 1024 + 1023));
    assert.equal(bytesRead() - walked, 1030);
  });

  it('fills a buffer through readInto, across sector boundaries, as far as the stream goes', () => {
    for (const make of [bytesSource, intoSource]) {
      const stream = openCompoundFile(make(bytes)).streamSource('big')!;
      for (const [offset, length] of [
        [0, 512],
        [300, 2000],
        [511, 2],
        [big.length - 1000, 1000],
        [3 * 1024 * 1024 + 100, 1024 * 1024],
      ] as const) {
        const target = new Uint8Array(length).fill(0xee);
        assert.equal(stream.readInto!(offset, target), length);
        assert.deepEqual(target, big.subarray(offset, offset + length), `${offset}+${length}`);
      }
      // Past the end: what there is, then nothing.
      const target = new Uint8Array(4096);
      assert.equal(stream.readInto!(big.length - 10, target), 10);
      assert.deepEqual(target.subarray(0, 10), big.subarray(big.length - 10));
      assert.equal(stream.readInto!(big.length, target), 0);
      assert.equal(stream.readInto!(big.length + 5, target), 0);
      assertFormatError(() => stream.readInto!(-1, target), 'truncated');
    }
  });

  it('reads a stream of a file cut at any sector right or with MsiFormatError, by read and by readInto', () => {
    const stream = pattern(40_000, 9);
    const whole = writeWithCfb([['s', stream]]);
    const target = new Uint8Array(40_000);
    for (let keep = 0; keep <= whole.length; keep += 509) {
      for (const make of [bytesSource, intoSource]) {
        const cut = whole.subarray(0, keep);
        try {
          const source = openCompoundFile(make(cut)).streamSource('s')!;
          assert.deepEqual(source.read(0, stream.length), stream, `cut to ${keep}`);
          assert.equal(source.readInto!(0, target), stream.length);
          assert.deepEqual(target, stream, `cut to ${keep}`);
        } catch (e) {
          assert.ok(e instanceof MsiFormatError, `cut to ${keep}: ${String(e)}`);
        }
      }
    }
  });

  it("returns a copy, not a view of the caller's buffer", () => {
    const copy = Uint8Array.from(bytes);
    const read = open(copy).readStream('medium')!;
    read.fill(0);
    assert.deepEqual(open(copy).readStream('medium'), pattern(6000, 2));
  });

  it('reports a DIFAT that cannot locate the FAT sectors the header claims', NO_HANG, () => {
    const patched = Uint8Array.from(bytes);
    assert.ok(u32(patched, 72) > 0, 'an 8 MB file needs DIFAT sectors');
    setU32(patched, 72, 0);
    // cfb writes 'medium' after 'big', so following its chain needs FAT sectors past the header's 109.
    assertFormatError(() => open(patched).readStream('medium'), 'corrupt-container', /DIFAT sectors locate only 109/);
  });
});

describe('malformed input', () => {
  const base = writeWithCfb([
    ['small', pattern(200, 1)],
    ['large', pattern(5000, 2)],
    ['other', pattern(6000, 3)],
  ]);
  const patched = (patch: (bytes: Uint8Array) => void): Uint8Array => {
    const copy = Uint8Array.from(base);
    patch(copy);
    return copy;
  };

  it('rejects a 0-byte file as empty', NO_HANG, () => {
    assertFormatError(() => open(new Uint8Array(0)), 'empty', /empty/);
  });

  it('rejects the first 300 bytes of a valid file as truncated', NO_HANG, () => {
    assertFormatError(() => open(base.subarray(0, 300)), 'truncated', /300 bytes/);
  });

  it("reports a file cut off before a stream's data as truncated", NO_HANG, () => {
    const start = u32(base, entryOffset(base, 'other') + 116);
    const cut = base.subarray(0, sectorOffset(start) + 1024);
    const file = open(cut);
    assertFormatError(() => file.readStream('other'), 'truncated');
  });

  it('rejects the CFB signature followed by garbage', NO_HANG, () => {
    const garbage = pattern(1536, 77);
    garbage.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
    assertFormatError(() => open(garbage), 'corrupt-container', /byte order/);
    assertFormatError(() => open(garbage.subarray(0, 100)), 'truncated');
  });

  it('rejects files that are not compound files: ZIP, text, a few bytes', NO_HANG, () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...pattern(600)]);
    assertFormatError(() => open(zip), 'not-compound-file', /not an OLE compound file/);
    assertFormatError(() => open(new TextEncoder().encode('<?xml version="1.0"?>\n<Wix/>\n'.repeat(40))), 'not-compound-file');
    assertFormatError(() => open(Uint8Array.from([0xd0, 0xcf, 0x00])), 'not-compound-file');
  });

  it('rejects bad header fields', NO_HANG, () => {
    assertFormatError(() => open(patched((b) => (b[26] = 5))), 'unsupported', /major version 5/);
    assertFormatError(() => open(patched((b) => (b[30] = 12))), 'corrupt-container', /sector shift 12/);
    assertFormatError(() => open(patched((b) => (b[32] = 7))), 'corrupt-container', /mini sector shift 7/);
    assertFormatError(() => open(patched((b) => setU32(b, 56, 8192))), 'corrupt-container', /cutoff 8192/);
  });

  it('reports a DIFAT entry that does not locate a FAT sector', NO_HANG, () => {
    assertFormatError(
      () => open(patched((b) => setU32(b, 76, FREESECT))),
      'corrupt-container',
      /free sector \(FREESECT\) as the location of FAT sector 0/,
    );
    assertFormatError(() => open(patched((b) => setU32(b, 76, 0x00ffffff))), 'corrupt-container', /FAT sector 0 at sector 16777215/);
  });

  it('reports a cyclic FAT chain in a stream', NO_HANG, () => {
    const bytes = patched((b) => {
      const start = u32(b, entryOffset(b, 'large') + 116);
      setU32(b, fatEntryOffset(b, start + 3), start);
    });
    const file = open(bytes);
    assertFormatError(() => file.readStream('large'), 'corrupt-container', /loops back to sector/);
    assert.deepEqual(file.readStream('other'), pattern(6000, 3), 'other streams stay readable');
    // Read on demand, the sectors before the loop are served, and the loop is found by the first read reaching it.
    const source = file.streamSource('large')!;
    assert.deepEqual(source.read(0, 1024), pattern(5000, 2).subarray(0, 1024));
    assertFormatError(() => source.read(4000, 1000), 'corrupt-container', /loops back to sector/);
  });

  it('reports a cyclic directory chain', NO_HANG, () => {
    const bytes = patched((b) => setU32(b, fatEntryOffset(b, u32(b, 48)), u32(b, 48)));
    assertFormatError(() => open(bytes), 'corrupt-container', /directory loops back/);
  });

  it('reports a cycle in the directory tree', NO_HANG, () => {
    const bytes = patched((b) => {
      const root = entryOffset(b, 'Root Entry');
      const child = u32(b, root + 76);
      const offset = sectorOffset(u32(b, 48)) + child * 128;
      setU32(b, offset + 68, child); // left sibling of the tree's top entry is itself
    });
    assertFormatError(() => open(bytes), 'corrupt-container', /cycle/);
  });

  it('reports a tree link to an entry past the directory', NO_HANG, () => {
    const bytes = patched((b) => setU32(b, entryOffset(b, 'small') + 72, 100_000));
    assertFormatError(() => open(bytes), 'corrupt-container', /entry 100000/);
  });

  it('reports a directory entry claiming a stream larger than the file', NO_HANG, () => {
    const bytes = patched((b) => setU32(b, entryOffset(b, 'large') + 120, 0x7fff0000));
    assertFormatError(() => open(bytes), 'corrupt-container', /larger than the whole/);
  });

  it("reports a chain shorter than the stream's size", NO_HANG, () => {
    const bytes = patched((b) => setU32(b, entryOffset(b, 'large') + 120, 6000));
    assertFormatError(() => open(bytes).readStream('large'), 'corrupt-container', /ends after 10 sectors/);
    const source = open(bytes).streamSource('large')!;
    assert.deepEqual(source.read(0, 5000), pattern(5000, 2));
    assertFormatError(() => source.read(5100, 100), 'corrupt-container', /ends after 10 sectors/);
    assertFormatError(() => source.readInto!(4000, new Uint8Array(1500)), 'corrupt-container', /ends after 10 sectors/);
  });

  it('reports sector numbers out of range and free sectors in a chain', NO_HANG, () => {
    const outOfRange = patched((b) => setU32(b, entryOffset(b, 'large') + 116, 0x00ffffff));
    assertFormatError(() => open(outOfRange).readStream('large'), 'corrupt-container', /FAT describes only/);
    const free = patched((b) => {
      const start = u32(b, entryOffset(b, 'large') + 116);
      setU32(b, fatEntryOffset(b, start + 1), FREESECT);
    });
    assertFormatError(() => open(free).readStream('large'), 'corrupt-container', /free sector/);
  });

  it('reports a cyclic mini FAT chain and mini sectors out of range', NO_HANG, () => {
    const cyclic = patched((b) => {
      const start = u32(b, entryOffset(b, 'small') + 116);
      setU32(b, sectorOffset(u32(b, 60)) + (start + 2) * 4, start);
    });
    assertFormatError(() => open(cyclic).readStream('small'), 'corrupt-container', /loops back to mini sector/);
    const outOfRange = patched((b) => setU32(b, entryOffset(b, 'small') + 116, 5000));
    assertFormatError(() => open(outOfRange).readStream('small'), 'corrupt-container', /mini sector 5000/);
  });
});
