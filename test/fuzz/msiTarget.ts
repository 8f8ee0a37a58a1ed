// Fuzz target: built packages, through the command line in process as `wixlint x.msi` and `wixlint inspect` run them —
// the compound-file reader, the string pool, the catalog, table and summary decoding, lowering and the rules. Seeds are
// packages written once in memory by the tests' builder; mutations know the container's header, FAT and directory, and
// the database's streams.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildMsi, buildTableStreams, encodeSummaryInfo, type MsiSpec } from '../msi/builder';
import { SAMPLE } from '../msi/sample';
import { cabinetImage, TYPE_MSZIP } from '../payload/cabinetImage';
import { IMAGE_FILE_MACHINE_AMD64, peImage } from '../payload/peImage';
import { schemaTable } from '../msi/schema';
import { getU16, getU32, INTERESTING_16, INTERESTING_32, mutateBytes, setU16, setU32, type Mutated } from './byteMutations';
import { runCliChecked } from './cliCheck';
import type { Random } from './random';
import type { Failure, FuzzInput, Target } from './runner';

interface Seed {
  name: string;
  ext: 'msi' | 'msm';
  spec: MsiSpec;
  /** The package as built, and its table streams, made on first use. */
  built?: { bytes: Uint8Array; streams: Map<string, Uint8Array> };
}

const CLSID = '{B09B3A8C-0000-4A3E-9C1F-0123456789AB}';
const APPID = '{A1B2C3D4-E5F6-4789-9ABC-DEF012345678}';
const LIBID = '{11223344-5566-4778-899A-BBCCDDEEFF00}';

/** A 32-bit package with a 64-bit component, COM registration and a registry search: every rule has rows to read. */
function comPackage(registryRows: number, cabBytes: number): MsiSpec {
  return {
    summary: {
      template: 'Intel;1033',
      pageCount: 200,
      wordCount: 2,
      title: 'Installation Database',
      revisionNumber: '{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}',
    },
    tables: [
      schemaTable('Property', [
        ['ProductName', 'Contoso'],
        ['ProductLanguage', '1033'],
        ['Manufacturer', 'Contoso Ltd.'],
      ]),
      schemaTable('Directory', [
        ['TARGETDIR', null, 'SourceDir'],
        ['ProgramFilesFolder', 'TARGETDIR', '.'],
        ['ProgramFiles64Folder', 'TARGETDIR', '.'],
        ['INSTALLDIR', 'ProgramFilesFolder', 'Contoso'],
        ['INSTALLDIR64', 'ProgramFiles64Folder', 'Contoso'],
      ]),
      schemaTable('Component', [
        ['Shell64', '{11111111-2222-3333-4444-555555555555}', 'INSTALLDIR', 256, null, 'Shell64.dll'],
        ['Shell32', '{21111111-2222-3333-4444-555555555555}', 'INSTALLDIR', 0, 'NOT VersionNT64', 'Shell32.dll'],
        ['Tools', '{31111111-2222-3333-4444-555555555555}', 'INSTALLDIR64', 256, 'VersionNT64', null],
      ]),
      schemaTable('File', [
        ['Shell64.dll', 'Shell64', 'shell64.dll', 4096, '1.0.0.0', '1033', 512, 1],
        ['Shell32.dll', 'Shell32', 'shell32.dll', 4096, '1.0.0.0', '1033', 512, 2],
      ]),
      schemaTable('Registry', [
        ['Reg64', 2, 'SOFTWARE\\Contoso', 'Path', '[INSTALLDIR64]', 'Shell64'],
        ['Reg32', 2, 'SOFTWARE\\Contoso', 'Path', '[INSTALLDIR]', 'Shell32'],
        ['Clsid', 0, `CLSID\\${CLSID}\\InprocServer32`, null, '[#Shell32.dll]', 'Shell32'],
        ...Array.from({ length: registryRows }, (_, i) => [`Bulk${i}`, i % 4, `SOFTWARE\\Contoso\\Key${i}`, `Name${i}`, `#${i}`, 'Tools']),
      ]),
      schemaTable('Class', [
        [CLSID, 'InprocServer32', 'Shell64', 'Contoso.Shell', 'Shell Extension', APPID, null, null, null, null, null, 'Main', null],
        [CLSID, 'InprocServer32', 'Shell32', 'Contoso.Shell', 'Shell Extension', null, null, null, null, null, null, 'Main', null],
      ]),
      schemaTable('ProgId', [['Contoso.Shell', null, CLSID, 'Contoso Shell', null, null]]),
      schemaTable('AppId', [[APPID, null, null, null, '', 1, null]]),
      schemaTable('TypeLib', [[LIBID, 0, 'Shell64', 256, 'Contoso types', 'INSTALLDIR', 'Main', null]]),
      schemaTable('CustomAction', [
        ['Script64', 4096 + 6, null, 'x'],
        ['Dll', 1, 'Shell32.dll', 'Entry'],
      ]),
      schemaTable('RegLocator', [
        ['Find64', 2, 'SOFTWARE\\Contoso', 'Path', 18],
        ['Find32', 2, 'SOFTWARE\\Contoso', 'Path', 2],
      ]),
    ],
    streams: { 'product.cab': Uint8Array.from({ length: cabBytes }, (_, i) => (i * 31) & 0xff) },
  };
}

function moduleSpec(): MsiSpec {
  const base = comPackage(0, 100);
  return {
    ...base,
    summary: { template: 'x64;1033', pageCount: 200, wordCount: 0 },
    tables: [...base.tables, schemaTable('ModuleSignature', [['Contoso.1111', 1033, '1.0.0.0']])],
  };
}

/** The COM package with its payloads in a real MSZIP cabinet, found through a Media table: the cabinet reader and payload-isa. */
function payloadPackage(): MsiSpec {
  const base = comPackage(3, 0);
  const cab = cabinetImage({
    folders: [
      {
        type: TYPE_MSZIP,
        files: [
          { name: 'Shell64.dll', data: peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true }) },
          { name: 'Shell32.dll', data: peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true }) },
        ],
      },
    ],
    blockSize: 512,
  });
  return { ...base, tables: [...base.tables, schemaTable('Media', [[1, 2, null, '#product.cab', null, null]])], streams: { 'product.cab': cab } };
}

export const MSI_SEEDS: Seed[] = [
  { name: 'payloads', ext: 'msi', spec: payloadPackage() },
  { name: 'sample', ext: 'msi', spec: SAMPLE },
  { name: 'com', ext: 'msi', spec: comPackage(3, 200) },
  { name: 'com-utf8-long-refs', ext: 'msi', spec: { ...comPackage(3, 200), codepage: 65001, longStringRefs: true } },
  { name: 'module', ext: 'msm', spec: moduleSpec() },
  // Past the mini stream cutoff and past one FAT sector (128 sectors of 512 bytes): regular streams and a FAT chain.
  { name: 'large', ext: 'msi', spec: comPackage(400, 70_000) },
];

function built(seed: Seed): NonNullable<Seed['built']> {
  seed.built ??= { bytes: buildMsi(seed.spec), streams: buildTableStreams(seed.spec).tableStreams };
  return seed.built;
}

// ---------------------------------------------------------------------------------------------------------------
// The container: header fields, FAT and mini FAT entries, directory entries, whole sectors.

/** Header fields of a compound file: offset, width, name, and the values worth trying besides the interesting ones. */
const HEADER_FIELDS: [number, 2 | 4, string, number[]][] = [
  [24, 2, 'minor version', [0x3e, 0]],
  [26, 2, 'major version', [3, 4, 5, 0]],
  [28, 2, 'byte order', [0xfffe, 0xfeff]],
  [30, 2, 'sector shift', [0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 20, 31, 32]],
  [32, 2, 'mini sector shift', [0, 1, 5, 6, 7, 9, 12, 31]],
  [40, 4, 'directory sector count', [0, 1, 2]],
  [44, 4, 'FAT sector count', [0, 1, 2, 3, 109, 110]],
  [48, 4, 'first directory sector', [0, 1, 2, 3]],
  [56, 4, 'mini stream cutoff', [0, 1, 64, 4095, 4096, 4097, 0x10000]],
  [60, 4, 'first mini FAT sector', [0, 1, 2, 3]],
  [64, 4, 'mini FAT sector count', [0, 1, 2, 3]],
  [68, 4, 'first DIFAT sector', [0, 1, 2, 3]],
  [72, 4, 'DIFAT sector count', [0, 1, 2, 3]],
  [76, 4, 'DIFAT[0]', [0, 1, 2, 3]],
  [80, 4, 'DIFAT[1]', [0, 1, 2, 3]],
];

function sectorSize(bytes: Uint8Array): number {
  const shift = getU16(bytes, 30);
  return shift === 12 ? 4096 : 512;
}

function sectorCount(bytes: Uint8Array): number {
  return Math.max(1, Math.floor(bytes.length / sectorSize(bytes)) - 1);
}

/** A sector id worth writing where one is read: a real one, one past the end, a marker or an edge. */
function sectorId(bytes: Uint8Array, random: Random, self?: number): number {
  const choices = [random.below(sectorCount(bytes)), sectorCount(bytes), sectorCount(bytes) + 1, random.pick(INTERESTING_32)];
  if (self !== undefined) choices.push(self);
  return random.pick(choices);
}

function headerField(bytes: Uint8Array, random: Random): Mutated {
  const out = bytes.slice();
  const [at, width, name, values] = random.pick(HEADER_FIELDS);
  const value = random.chance(0.6) ? random.pick(values) : width === 2 ? random.pick(INTERESTING_16) : random.pick(INTERESTING_32);
  if (width === 2) setU16(out, at, value);
  else setU32(out, at, value);
  return { bytes: out, did: `header ${name} = 0x${value.toString(16)}` };
}

/** An entry of the FAT (through the header's DIFAT) or of the mini FAT: a chain that loops, ends early or leaves the file. */
function allocationEntry(bytes: Uint8Array, random: Random): Mutated {
  const out = bytes.slice();
  const size = sectorSize(bytes);
  const mini = random.chance(0.3);
  const tableSector = mini ? getU32(bytes, 60) : getU32(bytes, 76 + 4 * random.below(Math.min(109, Math.max(1, getU32(bytes, 44)))));
  const entry = random.below(size / 4);
  const at = (tableSector + 1) * size + entry * 4;
  const value = sectorId(bytes, random, entry);
  setU32(out, at, value);
  return { bytes: out, did: `${mini ? 'mini FAT' : 'FAT'} entry ${entry} of sector ${tableSector} = 0x${value.toString(16)}` };
}

const DIRECTORY_FIELDS: [number, 1 | 2 | 4, string][] = [
  [64, 2, 'name length'],
  [66, 1, 'type'],
  [67, 1, 'color'],
  [68, 4, 'left sibling'],
  [72, 4, 'right sibling'],
  [76, 4, 'child'],
  [116, 4, 'start sector'],
  [120, 4, 'size'],
  [124, 4, 'size (high)'],
  [0, 2, 'name character'],
];

/** A field of a directory entry in the first directory sector: a tree that loops, a stream that starts nowhere or is huge. */
function directoryEntry(bytes: Uint8Array, random: Random): Mutated {
  const out = bytes.slice();
  const size = sectorSize(bytes);
  const entries = size / 128;
  const entry = random.below(entries);
  const base = (getU32(bytes, 48) + 1) * size + entry * 128;
  const [offset, width, name] = random.pick(DIRECTORY_FIELDS);
  let value: number;
  switch (name) {
    case 'name length':
      value = random.pick([0, 1, 2, 3, 62, 64, 65, 66, 0xffff]);
      break;
    case 'type':
      value = random.pick([0, 1, 2, 3, 4, 5, 0xff]);
      break;
    case 'color':
      value = random.pick([0, 1, 2, 0xff]);
      break;
    case 'left sibling':
    case 'right sibling':
    case 'child':
      value = random.pick([random.below(entries * 2), entry, 0, 0xffffffff, 0xfffffffe, random.pick(INTERESTING_32)]);
      break;
    case 'start sector':
      value = sectorId(bytes, random);
      break;
    case 'name character':
      value = random.pick([0, 0x2f, 0x21, 0xd800, 0xdc00, 0xfffe, 0x4840, 0x3fff, 0x4800]);
      break;
    default:
      value = random.pick([0, 1, 4095, 4096, 4097, bytes.length, bytes.length * 2, 0x7fffffff, 0xffffffff, random.pick(INTERESTING_32)]);
  }
  const at = base + (name === 'name character' ? 2 * random.below(32) : offset);
  if (width === 1) {
    if (at < out.length) out[at] = value & 0xff;
  } else if (width === 2) setU16(out, at, value);
  else setU32(out, at, value);
  return { bytes: out, did: `directory entry ${entry} ${name} = 0x${value.toString(16)}` };
}

/** One sector copied over another: a second copy of a FAT, directory or stream sector. */
function sectorCopy(bytes: Uint8Array, random: Random): Mutated {
  const out = bytes.slice();
  const size = sectorSize(bytes);
  const from = random.below(sectorCount(bytes) + 1) - 1;
  const to = random.below(sectorCount(bytes) + 1) - 1;
  const at = Math.min(out.length, (to + 1) * size);
  out.set(bytes.subarray((from + 1) * size, (from + 2) * size).subarray(0, out.length - at), at);
  return { bytes: out, did: `sector ${from} copied over sector ${to}` };
}

const CONTAINER_MUTATIONS = [headerField, allocationEntry, allocationEntry, directoryEntry, directoryEntry, sectorCopy];

// ---------------------------------------------------------------------------------------------------------------
// The database's streams, rewritten before the container is built: string pool entries, catalog and table cells.

/** A _StringPool entry (4 bytes each after the 4-byte header): its length or reference count, or the header's code page and flags. */
function stringPoolEntry(pool: Uint8Array, random: Random): Mutated {
  const out = pool.slice();
  const entries = Math.max(1, Math.floor(pool.length / 4) - 1);
  if (random.chance(0.2)) {
    const field = random.pick(['code page', 'flags']);
    const value = field === 'code page' ? random.pick([0, 1200, 1201, 65000, 65001, 932, 0xffff, 37]) : random.pick([0, 0x8000, 0x7fff, 0xffff]);
    setU16(out, field === 'code page' ? 0 : 2, value);
    return { bytes: out, did: `_StringPool ${field} = 0x${value.toString(16)}` };
  }
  const entry = random.below(entries);
  const length = random.chance(0.7);
  const value = random.pick(INTERESTING_16);
  setU16(out, 4 + entry * 4 + (length ? 0 : 2), value);
  return { bytes: out, did: `_StringPool entry ${entry + 1} ${length ? 'length' : 'refcount'} = 0x${value.toString(16)}` };
}

/** A cell of a column-major table stream: a string id past the pool, a null where none may be, an integer edge. */
function tableCell(stream: Uint8Array, random: Random): Mutated {
  const out = stream.slice();
  const at = random.below(out.length) & ~1;
  const value = random.pick([0, 1, 0x7fff, 0x8000, 0x8001, 0xffff, random.below(0x100)]);
  setU16(out, at, value);
  return { bytes: out, did: `cell at ${at} = 0x${value.toString(16)}` };
}

function rebuildWithStream(seed: Seed, random: Random): { bytes: Uint8Array; did: string } {
  const { streams } = built(seed);
  const names = [...streams.keys()];
  const name = random.pick([...names, '_StringPool', '_StringPool', '_Columns', '_Tables', 'summary']);
  if (name === 'summary') {
    const summary =
      seed.spec.summary instanceof Uint8Array || seed.spec.summary === undefined ? encodeSummaryInfo({}) : encodeSummaryInfo(seed.spec.summary);
    const mutated = mutateBytes(summary, random);
    return { bytes: buildMsi({ ...seed.spec, summary: mutated.bytes }), did: `summary stream: ${mutated.did}` };
  }
  const original = streams.get(name) ?? new Uint8Array(0);
  const mutated =
    name === '_StringPool' && random.chance(0.8)
      ? stringPoolEntry(original, random)
      : name !== '_StringData' && random.chance(0.6)
        ? tableCell(original, random)
        : mutateBytes(original, random);
  return { bytes: buildMsi({ ...seed.spec, tableStreamOverrides: { [name]: mutated.bytes } }), did: `${name} stream: ${mutated.did}` };
}

export function makeMsiInput(random: Random): FuzzInput {
  const seed = random.pick(MSI_SEEDS);
  const mutations: string[] = [];
  let bytes = built(seed).bytes;
  if (random.chance(0.3)) {
    const rebuilt = rebuildWithStream(seed, random);
    bytes = rebuilt.bytes;
    mutations.push(rebuilt.did);
  }
  const rounds = mutations.length > 0 && random.chance(0.5) ? 0 : 1 + random.size(4);
  for (let i = 0; i < rounds; i++) {
    const mutated = random.chance(0.6) ? random.pick(CONTAINER_MUTATIONS)(bytes, random) : mutateBytes(bytes, random);
    bytes = mutated.bytes;
    mutations.push(mutated.did);
  }
  return { ext: seed.ext, bytes, origin: `msi seed '${seed.name}'`, mutations };
}

// ---------------------------------------------------------------------------------------------------------------
// Running an input: the package on disk, linted and inspected by the command line in this process.

export function msiTarget(): Target {
  let dir: string | undefined;
  return {
    name: 'msi',
    budgetMs: 2000,
    shrink: [],
    make: makeMsiInput,
    async run(input): Promise<Failure | undefined> {
      dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-fuzz-msi-'));
      const file = `Package.${input.ext}`;
      fs.writeFileSync(path.join(dir, file), input.bytes);
      // Which outputs to check is a function of the input, so a replay checks the same ones.
      const which = input.bytes.length + (input.bytes[input.bytes.length >> 1] ?? 0);
      const format = ['json', 'sarif', 'text'][which % 3]!;
      const lint = await runCliChecked(['--format', format, file], dir, { json: format !== 'text', report: true });
      if (lint) return lint;
      const inspect = [
        ['--format', 'json'],
        ['--format', 'text'],
        ['--table', 'Registry', '--format', 'csv'],
        ['--table', 'Property', '--format', 'idt'],
      ][which % 4]!;
      return runCliChecked(['inspect', file, ...inspect], dir, { json: inspect[1] === 'json', report: false });
    },
    async close() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
