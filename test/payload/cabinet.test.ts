// The cabinet reader: heads of the wanted files from uncompressed and MSZIP folders (written here, by gcab, and by wixl
// inside a package), what it leaves unchecked (LZX, continued files, damaged blocks), and hostile cabinets, which give
// CabinetFormatError or a result, never another exception.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { bytesSource, type ByteSource } from '../../server/src/msi/byteSource';
import { openMsi } from '../../server/src/msi/database';
import { CabinetFormatError, readCabinetHeads } from '../../server/src/payload/cabinet';
import { concat, mutateBytes } from '../fuzz/byteMutations';
import { Random } from '../fuzz/random';
import { cabinetImage, patterned, streamChainedCabinet, TYPE_LZX, TYPE_MSZIP, TYPE_NONE, TYPE_QUANTUM, type CabinetSpec } from './cabinetImage';
import { missing } from '../tools';

const GCAB_MISSING = missing('gcab');
const WIXL_MISSING = missing('wixl', 'msiinfo');
const MSZIP_BLOCK = 32768;
/** Hostile inputs must fail fast; a hang fails the test instead of the run. */
const NO_HANG = { timeout: 5000 };

const BIG = patterned(300_000, 7);
const MZ = new TextEncoder().encode('MZ small payload');
const FILES = [
  { name: 'big.dll', data: BIG },
  { name: 'small.exe', data: MZ },
  { name: 'after.sys', data: patterned(50_000, 9) },
];

function heads(cab: Uint8Array, wanted: string[], headBytes = 8192) {
  return readCabinetHeads(bytesSource(cab), new Set(wanted), headBytes);
}

/** `source`, counting the bytes read through it. */
function counting(source: ByteSource): { source: ByteSource; bytesRead: () => number } {
  let total = 0;
  return {
    source: {
      size: source.size,
      read(offset, length) {
        total += length;
        return source.read(offset, length);
      },
    },
    bytesRead: () => total,
  };
}

function expectHeads(cab: Uint8Array, headBytes: number): void {
  const read = heads(cab, [...FILES.map((f) => f.name), 'missing.dll'], headBytes);
  assert.deepEqual(
    [...read.heads].map(([name, head]) => [name, [...head]]),
    FILES.map((f) => [f.name, [...f.data.subarray(0, headBytes)]]),
  );
  assert.deepEqual(read.absent, ['missing.dll']);
  assert.deepEqual(read.unchecked, []);
}

describe('readCabinetHeads', () => {
  for (const [label, type] of [
    ['uncompressed', TYPE_NONE],
    ['MSZIP, each block deflated with the previous one as dictionary', TYPE_MSZIP],
  ] as const) {
    it(`reads the heads of the wanted files from a ${label} folder, across block boundaries`, () => {
      const cab = cabinetImage({ folders: [{ type, files: FILES }] });
      expectHeads(cab, 8192);
      // A head larger than a block, and one larger than the file.
      expectHeads(cab, 70_000);
      expectHeads(cabinetImage({ folders: [{ type, files: FILES }], blockSize: 1000 }), 5000);
    });
  }

  it('reads files of several folders, and a file of size 0', () => {
    const cab = cabinetImage({
      folders: [
        { type: TYPE_NONE, files: [{ name: 'a', data: MZ }] },
        {
          type: TYPE_MSZIP,
          files: [
            { name: 'empty', data: new Uint8Array(0) },
            { name: 'b', data: BIG },
          ],
        },
      ],
    });
    const read = heads(cab, ['a', 'b', 'empty'], 16);
    assert.deepEqual(
      [...read.heads].map(([n, h]) => [n, [...h]]),
      [
        ['a', [...MZ.subarray(0, 16)]],
        ['empty', []],
        ['b', [...BIG.subarray(0, 16)]],
      ],
    );
  });

  it('reads past reserve fields and the previous and next cabinet names', () => {
    const cab = cabinetImage({
      folders: [{ type: TYPE_MSZIP, files: FILES }],
      reserve: { header: 20, folder: 3, data: 5 },
      previous: { cabinet: 'disk0.cab', disk: 'Disk 0' },
      next: { cabinet: 'disk2.cab', disk: 'Disk 2' },
    });
    expectHeads(cab, 8192);
  });

  it('leaves LZX and Quantum folders unchecked, once per reason, and reads the others', () => {
    const cab = cabinetImage({
      folders: [
        {
          type: TYPE_LZX,
          files: [
            { name: 'l1', data: MZ },
            { name: 'l2', data: MZ },
          ],
        },
        { type: TYPE_QUANTUM, files: [{ name: 'q', data: MZ }] },
        { type: TYPE_NONE, files: [{ name: 'plain', data: MZ }] },
      ],
    });
    const read = heads(cab, ['l1', 'l2', 'q', 'plain']);
    assert.deepEqual([...read.heads.keys()], ['plain']);
    assert.deepEqual(read.unchecked, [
      { reason: 'compressed with LZX, which wixlint does not decompress', names: ['l1', 'l2'] },
      { reason: 'compressed with Quantum, which wixlint does not decompress', names: ['q'] },
    ]);
  });

  it('leaves a file continued from another cabinet unchecked', () => {
    const cab = cabinetImage({
      folders: [
        {
          type: TYPE_NONE,
          files: [
            { name: 'cont', data: MZ, iFolder: 0xfffd },
            { name: 'ok', data: MZ },
          ],
        },
      ],
    });
    const read = heads(cab, ['cont', 'ok']);
    assert.deepEqual([...read.heads.keys()], ['ok']);
    assert.deepEqual(read.unchecked, [{ reason: 'the file is continued from or into another cabinet', names: ['cont'] }]);
  });

  it('reports a damaged MSZIP block for the files after it, keeping the heads read before it', () => {
    const cab = cabinetImage({ folders: [{ type: TYPE_MSZIP, files: FILES }] });
    // The second block's 'CK' signature, right after the first block.
    const firstBlockEnd = findSecondBlock(cab);
    const broken = cab.slice();
    broken[firstBlockEnd + 8] = 0x58;
    const read = heads(
      broken,
      FILES.map((f) => f.name),
    );
    assert.deepEqual([...read.heads.keys()], ['big.dll']);
    assert.deepEqual(read.unchecked, [{ reason: 'block 1 of folder 0 is damaged (no MSZIP block)', names: ['small.exe', 'after.sys'] }]);
  });

  for (const [label, type, chained] of [
    ['uncompressed', TYPE_NONE, false],
    ['MSZIP with blocks that start afresh (as gcab and wixl write them)', TYPE_MSZIP, false],
  ] as const) {
    it(`skips the blocks before a head at the end of a large folder, ${label}, reading only their headers`, () => {
      const filler = patterned(16 * 1024 * 1024, 3);
      const cab = cabinetImage({
        folders: [
          {
            type,
            chained,
            files: [
              { name: 'filler.bin', data: filler },
              { name: 'tool.exe', data: MZ },
            ],
          },
        ],
      });
      let bytesRead = 0;
      const source = bytesSource(cab);
      const counting = {
        size: source.size,
        read(o: number, n: number) {
          bytesRead += n;
          return source.read(o, n);
        },
      };
      const read = readCabinetHeads(counting, new Set(['tool.exe']), 64);
      assert.deepEqual(
        [...read.heads].map(([n, h]) => [n, [...h]]),
        [['tool.exe', [...MZ]]],
      );
      // The first slice (1 MB, for the header and file list), then eight bytes per block.
      assert.ok(bytesRead < 1024 * 1024 + 64 * 1024, `read ${bytesRead} bytes of a ${cab.length}-byte cabinet`);
      assert.ok(cab.length > 8 * 1024 * 1024, `a ${cab.length}-byte cabinet`);
    });
  }

  it('reads every block of a folder whose MSZIP blocks refer to the ones before, to reach a head at its end', () => {
    // Not a whole number of blocks: the tool's block starts with the filler's tail, which refers to the block before.
    const filler = patterned(1024 * 1024 - 5000, 3);
    const cab = cabinetImage({
      folders: [
        {
          type: TYPE_MSZIP,
          files: [
            { name: 'filler.bin', data: filler },
            { name: 'tool.exe', data: MZ },
          ],
        },
      ],
    });
    for (const wanted of [['tool.exe'], ['tool.exe', 'filler.bin']]) {
      const { source, bytesRead } = counting(bytesSource(cab));
      const read = readCabinetHeads(source, new Set(wanted), 64);
      assert.deepEqual(
        [...read.heads].map(([n, h]) => [n, [...h]]),
        [...(wanted.includes('filler.bin') ? [['filler.bin', [...filler.subarray(0, 64)]]] : []), ['tool.exe', [...MZ]]],
      );
      assert.deepEqual(read.unchecked, []);
      // The skipping found out that the blocks chain, and read them all.
      assert.ok(bytesRead() >= cab.length - 64 * 1024, `read ${bytesRead()} bytes of a ${cab.length}-byte cabinet`);
    }
  });

  it("keeps MSZIP's 32 KB of history across short blocks: a block may refer back past the block before it", () => {
    // 1000-byte blocks, each deflated against the 32 KB before it. second.bin repeats first.bin's start 20,500 bytes
    // later, 20 blocks back: the block before holds none of it.
    const first = patterned(20_500, 5);
    const second = patterned(30_000, 5);
    const cab = cabinetImage({
      folders: [
        {
          type: TYPE_MSZIP,
          files: [
            { name: 'first.bin', data: first },
            { name: 'second.bin', data: second },
          ],
        },
      ],
      blockSize: 1000,
    });
    for (const wanted of [['second.bin'], ['first.bin', 'second.bin']]) {
      const read = heads(cab, wanted, 3000);
      assert.deepEqual(read.unchecked, []);
      assert.deepEqual([...read.heads.get('second.bin')!], [...second.subarray(0, 3000)]);
    }
    // A head that starts in a block needing no history (read alone, after skipped ones) and goes on into blocks that
    // refer 20,000 bytes back: the short block read alone is not history enough, so the folder is read from its start.
    const all = patterned(40_000, 5);
    const split = cabinetImage({
      folders: [
        {
          type: TYPE_MSZIP,
          files: [
            { name: 'pre.bin', data: all.subarray(0, 19_000) },
            { name: 'mid.bin', data: all.subarray(19_000) },
          ],
        },
      ],
      blockSize: 1000,
    });
    const read = heads(split, ['mid.bin'], 3000);
    assert.deepEqual(read.unchecked, []);
    assert.deepEqual([...read.heads.get('mid.bin')!], [...all.subarray(19_000, 22_000)]);
  });

  it('leaves unchecked the files after a block that inflates to more than a block holds, without inflating it all', () => {
    // An uncompressed folder holding one 'CK' block that inflates to 4 MB, then relabelled MSZIP with a 32 KB block.
    const bomb = concat(new Uint8Array([0x43, 0x4b]), deflateRawSync(new Uint8Array(4 * 1024 * 1024)));
    const cab = cabinetImage({ folders: [{ type: TYPE_NONE, files: [{ name: 'bomb.exe', data: bomb }] }] });
    const v = new DataView(cab.buffer, cab.byteOffset, cab.byteLength);
    const dataStart = v.getUint32(36, true);
    v.setUint16(42, TYPE_MSZIP, true);
    v.setUint16(dataStart + 6, MSZIP_BLOCK, true);
    v.setUint32(44, MSZIP_BLOCK, true);
    const read = heads(cab, ['bomb.exe']);
    assert.deepEqual(read.heads.size, 0);
    assert.deepEqual(read.unchecked, [
      { reason: 'block 0 of folder 0 is damaged (it inflates to more than the 32768 bytes a block holds)', names: ['bomb.exe'] },
    ]);
  });

  it('stops at the end of the cabinet whatever counts its headers claim', NO_HANG, () => {
    const cab = cabinetImage({ folders: [{ type: TYPE_MSZIP, files: FILES }] });
    const patched = (offset: number, value: number): Uint8Array => {
      const copy = cab.slice();
      new DataView(copy.buffer).setUint16(offset, value, true);
      return copy;
    };
    // cFolders, then cFiles: the entries past the real ones are read from the file list and the blocks, until the end.
    for (const offset of [26, 28]) {
      assert.throws(
        () => heads(patched(offset, 0xffff), ['small.exe']),
        (e: unknown) => e instanceof CabinetFormatError && (e.kind === 'truncated' || e.kind === 'corrupt'),
      );
    }
    // cCFData: the blocks the folder has are read, and the cabinet ends where the 65,535th would be.
    const read = heads(patched(36 + 4, 0xffff), [...FILES.map((f) => f.name), 'missing.dll']);
    assert.deepEqual(
      [...read.heads.keys()],
      FILES.map((f) => f.name),
    );
    const tooFew = heads(
      patched(36 + 4, 3),
      FILES.map((f) => f.name),
    );
    assert.deepEqual([...tooFew.heads.keys()], ['big.dll']);
    assert.deepEqual(tooFew.unchecked, [
      { reason: 'folder 0 ends before the files it lists (3 blocks, 98304 bytes)', names: ['small.exe', 'after.sys'] },
    ]);
  });

  it('leaves a folder of an unknown compression type unchecked', () => {
    const cab = cabinetImage({ folders: [{ type: 0x0005, files: [{ name: 'x.dll', data: MZ }] }] });
    assert.deepEqual(heads(cab, ['x.dll']).unchecked, [
      { reason: 'folder 0 uses compression type 5, which no cabinet tool writes', names: ['x.dll'] },
    ]);
  });

  it('reads names as UTF-8 when _A_NAME_IS_UTF says so, else one byte per character', () => {
    const cab = cabinetImage({
      folders: [
        {
          type: TYPE_NONE,
          files: [
            { name: 'naïve.dll', data: MZ },
            { name: 'Ünïcödé-ツール.exe', data: MZ, utf8Name: true },
          ],
        },
      ],
    });
    const read = heads(cab, ['naïve.dll', 'Ünïcödé-ツール.exe'], 2);
    assert.deepEqual([...read.heads.keys()], ['naïve.dll', 'Ünïcödé-ツール.exe']);
    assert.deepEqual(read.absent, []);
  });

  it('says what is wrong with headers it cannot read', () => {
    assert.throws(() => heads(new TextEncoder().encode('not a cabinet'), ['a']), {
      name: 'CabinetFormatError',
      message: "The file is not a cabinet: it does not start with 'MSCF'.",
    });
    const cab = cabinetImage({ folders: [{ type: TYPE_NONE, files: FILES }] });
    assert.throws(() => heads(cab.subarray(0, 20), ['a']), {
      name: 'CabinetFormatError',
      message: 'The cabinet ends at byte 20, but the cabinet header needs bytes 0 to 36.',
    });
  });

  it('never throws anything but CabinetFormatError: every cut of a small MSZIP cabinet, and 3,000 mutations', () => {
    const spec: CabinetSpec = {
      folders: [{ type: TYPE_MSZIP, files: FILES.map((f) => ({ ...f, data: f.data.subarray(0, 3000) })) }],
      blockSize: 1024,
    };
    const cab = cabinetImage(spec);
    const check = (bytes: Uint8Array, what: string) => {
      try {
        heads(
          bytes,
          FILES.map((f) => f.name),
          4096,
        );
      } catch (e) {
        assert.ok(e instanceof CabinetFormatError, `${what}: ${String(e)}`);
      }
    };
    for (let n = 0; n <= cab.length; n++) check(cab.subarray(0, n), `cut at ${n}`);
    const random = new Random(20261205);
    for (let i = 0; i < 3000; i++) {
      const m = mutateBytes(cab, random);
      check(m.bytes, `mutation ${i} (${m.did})`);
    }
  });
});

describe('readCabinetHeads on cabinets gcab writes', { skip: GCAB_MISSING }, () => {
  for (const [label, flags] of [
    ['uncompressed (gcab -c)', ['-c']],
    ['MSZIP (gcab -cz)', ['-cz']],
  ] as const) {
    it(`reads the heads gcab stored, ${label}`, (t) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-cab-'));
      t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
      for (const f of FILES) fs.writeFileSync(path.join(dir, f.name), f.data);
      const result = spawnSync('gcab', [...flags, 'test.cab', ...FILES.map((f) => f.name)], { cwd: dir });
      assert.equal(result.status, 0, String(result.stderr));
      expectHeads(fs.readFileSync(path.join(dir, 'test.cab')), 8192);
      expectHeads(fs.readFileSync(path.join(dir, 'test.cab')), 100_000);
    });

    it(`reads heads across block boundaries of a file spanning many blocks, ${label}`, (t) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-cab-'));
      t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
      // gcab lays the files out in command-line order; pad.bin puts edge.dll 100 bytes before a block boundary.
      const huge = patterned(2_000_000, 11);
      const before = BIG.length + MZ.length + huge.length;
      const edgeStart = Math.ceil(before / MSZIP_BLOCK) * MSZIP_BLOCK - 100;
      const files = [
        { name: 'big.dll', data: BIG },
        { name: 'small.exe', data: MZ },
        { name: 'huge.bin', data: huge },
        { name: 'pad.bin', data: patterned(edgeStart - before, 12) },
        { name: 'edge.dll', data: patterned(20_000, 13) },
        { name: 'last.sys', data: patterned(40_000, 14) },
      ];
      for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.data);
      const result = spawnSync('gcab', [...flags, 'many.cab', ...files.map((f) => f.name)], { cwd: dir });
      assert.equal(result.status, 0, String(result.stderr));
      const cab = fs.readFileSync(path.join(dir, 'many.cab'));
      for (const headBytes of [1, 150, 8192, 70_000, 3_000_000]) {
        const read = heads(cab, [...files.map((f) => f.name), 'absent.dll'], headBytes);
        assert.deepEqual(
          [...read.heads].map(([name, head]) => [name, Buffer.from(head).toString('hex')]),
          files.map((f) => [f.name, Buffer.from(f.data.subarray(0, headBytes)).toString('hex')]),
          `headBytes ${headBytes}`,
        );
        assert.deepEqual(read.absent, ['absent.dll']);
        assert.deepEqual(read.unchecked, []);
      }
      // One wanted file at a time: the skipping reads only what it needs, and gets the same bytes.
      for (const f of files) {
        const read = heads(cab, [f.name], 8192);
        assert.deepEqual(Buffer.from(read.heads.get(f.name)!), Buffer.from(f.data.subarray(0, 8192)), f.name);
      }
    });
  }
});

describe('readCabinetHeads on the cabinet wixl embeds in a package', { skip: WIXL_MISSING }, () => {
  it('finds the cabinet through the Media table, reads it through MsiDatabase.streamSource as msiinfo extracts it', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-cab-msi-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // 1.2 MB that do not compress, so the cabinet stream lies in regular sectors, across many of its blocks.
    const noise = new Uint8Array(1_200_000);
    for (let i = 0, x = 7; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const payloads = [
      { id: 'Tool', name: 'tool.exe', data: MZ },
      { id: 'Noise', name: 'noise.bin', data: noise },
      { id: 'Lib', name: 'lib.dll', data: patterned(100_000, 21) },
      { id: 'Empty', name: 'empty.txt', data: new Uint8Array(0) },
    ];
    for (const p of payloads) fs.writeFileSync(path.join(dir, p.name), p.data);
    const files = payloads.map(
      (p) => `            <File Id="${p.id}" Name="${p.name}" Source="${p.name}"${p.id === 'Tool' ? ' KeyPath="yes"' : ''} />`,
    );
    fs.writeFileSync(
      path.join(dir, 'Product.wxs'),
      `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Media Id="1" Cabinet="payload.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Main" Guid="{0E7A3C62-5C1B-4E07-9D4A-7E50C1A9B003}">
${files.join('\n')}
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Main" /></Feature>
  </Product>
</Wix>
`,
    );
    const built = spawnSync('wixl', ['-o', 'demo.msi', 'Product.wxs'], { cwd: dir, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);

    const db = openMsi(bytesSource(fs.readFileSync(path.join(dir, 'demo.msi'))), 'demo.msi');
    const media = db.table('Media')!;
    const cabinetColumn = media.columns.findIndex((c) => c.name === 'Cabinet');
    const cabinets = media.rows.map((r) => r[cabinetColumn]);
    assert.deepEqual(cabinets, ['#payload.cab']);
    const streamName = String(cabinets[0]).slice(1);
    const cab = db.streamSource(streamName)!;
    assert.ok(cab, `stream ${streamName}`);

    const extracted = spawnSync('msiinfo', ['extract', 'demo.msi', streamName], { cwd: dir, maxBuffer: 1 << 26 });
    assert.equal(extracted.status, 0, String(extracted.stderr));
    assert.equal(cab.size, extracted.stdout.length);
    assert.ok(Buffer.from(cab.read(0, cab.size)).equals(extracted.stdout), 'the stream as msiinfo extracts it');

    // The cabinet names each file by its File table key.
    const fileTable = db.table('File')!;
    assert.deepEqual(fileTable.rows.map((r) => r[0]).sort(), payloads.map((p) => p.id).sort());
    for (const headBytes of [2, 4096, 200_000]) {
      const read = readCabinetHeads(cab, new Set([...payloads.map((p) => p.id), 'Missing']), headBytes);
      assert.deepEqual(read.unchecked, []);
      assert.deepEqual(read.absent, ['Missing']);
      for (const p of payloads) {
        assert.deepEqual(Buffer.from(read.heads.get(p.id)!), Buffer.from(p.data.subarray(0, headBytes)), `${p.id}, headBytes ${headBytes}`);
      }
    }
  });
});

describe('cabinets whose MSZIP blocks refer to the ones before, as Microsoft writes them', { skip: GCAB_MISSING }, () => {
  it('are read as gcab -x extracts them', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-cab-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const data = concat(BIG, MZ);
    const parts: Uint8Array[] = [];
    let patched: { offset: number; bytes: Uint8Array } | undefined;
    streamChainedCabinet(
      [
        { name: 'big.dll', size: BIG.length },
        { name: 'small.exe', size: MZ.length },
      ],
      (offset, into) => into.set(data.subarray(offset, offset + into.length)),
      { write: (b) => parts.push(b), patch: (offset, bytes) => (patched = { offset, bytes }) },
    );
    const cab = concat(...parts);
    cab.set(patched!.bytes, patched!.offset);
    fs.writeFileSync(path.join(dir, 'chained.cab'), cab);
    const x = spawnSync('gcab', ['-x', '-C', dir, path.join(dir, 'chained.cab')], { encoding: 'utf8' });
    assert.equal(x.status, 0, x.stderr);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'small.exe')), Buffer.from(MZ));
    const read = heads(cab, ['big.dll', 'small.exe'], 100);
    assert.deepEqual(
      [...read.heads].map(([n, h]) => [n, [...h]]),
      [
        ['big.dll', [...BIG.subarray(0, 100)]],
        ['small.exe', [...MZ]],
      ],
    );
  });
});

/** The offset of the second CFDATA block of a one-folder cabinet without reserves. */
function findSecondBlock(cab: Uint8Array): number {
  const v = new DataView(cab.buffer, cab.byteOffset, cab.byteLength);
  const dataStart = v.getUint32(36, true);
  const cbData = v.getUint16(dataStart + 4, true);
  return dataStart + 8 + cbData;
}
