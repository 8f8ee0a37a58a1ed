// The cabinet reader: heads of the wanted files from uncompressed and MSZIP folders (written here and by gcab), what it
// leaves unchecked (LZX, continued files, damaged blocks), and hostile cabinets, which give CabinetFormatError or a
// result, never another exception.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { bytesSource } from '../../server/src/msi/byteSource';
import { CabinetFormatError, readCabinetHeads } from '../../server/src/payload/cabinet';
import { concat, mutateBytes } from '../fuzz/byteMutations';
import { Random } from '../fuzz/random';
import { cabinetImage, patterned, streamChainedCabinet, TYPE_LZX, TYPE_MSZIP, TYPE_NONE, TYPE_QUANTUM, type CabinetSpec } from './cabinetImage';

const GCAB_MISSING = spawnSync('gcab', ['--version']).error ? 'gcab is not installed (Debian package gcab): the gcab cabinets are skipped' : false;

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
    const filler = patterned(1024 * 1024, 3);
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
    const read = readCabinetHeads(bytesSource(cab), new Set(['tool.exe', 'filler.bin']), 64);
    assert.deepEqual(
      [...read.heads].map(([n, h]) => [n, [...h]]),
      [
        ['filler.bin', [...filler.subarray(0, 64)]],
        ['tool.exe', [...MZ]],
      ],
    );
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
  }
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
