// Tests for the PE classifier: images written by peImage across machines, formats, subsystems and .NET flags; non-PE inputs; malformed headers with their exact reasons; truncated and mutated images.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { type ClrInfo, classifyPayload, PE_HEAD_BYTES, type PayloadClass, type PeImage } from '../../server/src/payload/pe';
import { mutateBytes, setU16, setU32 } from '../fuzz/byteMutations';
import { Random } from '../fuzz/random';
import {
  COMIMAGE_FLAGS_32BITPREFERRED,
  COMIMAGE_FLAGS_32BITREQUIRED,
  COMIMAGE_FLAGS_ILONLY,
  IMAGE_FILE_MACHINE_AMD64,
  IMAGE_FILE_MACHINE_ARM,
  IMAGE_FILE_MACHINE_ARM64,
  IMAGE_FILE_MACHINE_ARMNT,
  IMAGE_FILE_MACHINE_I386,
  IMAGE_FILE_MACHINE_IA64,
  IMAGE_SUBSYSTEM_NATIVE,
  IMAGE_SUBSYSTEM_WINDOWS_CUI,
  IMAGE_SUBSYSTEM_WINDOWS_GUI,
  type PeFormat,
  type PeImageOptions,
  peImage,
  peLayout,
} from './peImage';

const UNKNOWN_MACHINE = 0x1234;
const FORMATS: readonly PeFormat[] = ['PE32', 'PE32+'];

interface MachineCase {
  machine: number;
  name: string;
  supported: boolean;
  /** The only format a real image for the machine has; undefined when either is accepted. */
  format: PeFormat | undefined;
}

const MACHINE_CASES: readonly MachineCase[] = [
  { machine: IMAGE_FILE_MACHINE_I386, name: 'x86', supported: true, format: 'PE32' },
  { machine: IMAGE_FILE_MACHINE_AMD64, name: 'x64', supported: true, format: 'PE32+' },
  { machine: IMAGE_FILE_MACHINE_ARM64, name: 'arm64', supported: true, format: 'PE32+' },
  { machine: IMAGE_FILE_MACHINE_ARM, name: 'ARM', supported: false, format: 'PE32' },
  { machine: IMAGE_FILE_MACHINE_ARMNT, name: 'ARMv7 Thumb-2', supported: false, format: 'PE32' },
  { machine: IMAGE_FILE_MACHINE_IA64, name: 'Itanium', supported: false, format: 'PE32+' },
  { machine: UNKNOWN_MACHINE, name: 'machine 0x1234', supported: false, format: undefined },
];

const SUBSYSTEMS = [
  { name: 'GUI', value: IMAGE_SUBSYSTEM_WINDOWS_GUI },
  { name: 'console', value: IMAGE_SUBSYSTEM_WINDOWS_CUI },
  { name: 'native', value: IMAGE_SUBSYSTEM_NATIVE },
] as const;

function clrInfo(ilOnly: boolean, requires32Bit: boolean, prefers32Bit: boolean, headerRead = true): ClrInfo {
  return { ilOnly, requires32Bit, prefers32Bit, headerRead };
}

interface ClrCase {
  name: string;
  flags: number | undefined;
  clr: ClrInfo | undefined;
  /** What processes can load it as an x86 PE32. */
  x86Bitness: 32 | 'any';
}

const ILONLY = COMIMAGE_FLAGS_ILONLY;
const REQUIRED = COMIMAGE_FLAGS_32BITREQUIRED;
const PREFERRED = COMIMAGE_FLAGS_32BITPREFERRED;

const CLR_CASES: readonly ClrCase[] = [
  { name: 'native', flags: undefined, clr: undefined, x86Bitness: 32 },
  { name: 'ILONLY (AnyCPU)', flags: ILONLY, clr: clrInfo(true, false, false), x86Bitness: 'any' },
  { name: 'ILONLY|32BITREQUIRED (x86)', flags: ILONLY | REQUIRED, clr: clrInfo(true, true, false), x86Bitness: 32 },
  {
    name: 'ILONLY|32BITREQUIRED|32BITPREFERRED (AnyCPU, 32-bit preferred)',
    flags: ILONLY | REQUIRED | PREFERRED,
    clr: clrInfo(true, false, true),
    x86Bitness: 'any',
  },
  { name: 'ILONLY|32BITPREFERRED (the reserved pair)', flags: ILONLY | PREFERRED, clr: clrInfo(true, false, false), x86Bitness: 'any' },
  { name: 'mixed-mode (flags 0)', flags: 0, clr: clrInfo(false, false, false), x86Bitness: 32 },
];

function classify(options: PeImageOptions): PayloadClass {
  return classifyPayload(peImage(options));
}

function notBinary(reason: string): PayloadClass {
  return { kind: 'not-binary', reason };
}

function malformed(reason: string): PayloadClass {
  return { kind: 'malformed', reason };
}

function pe(fields: Partial<PeImage> & Pick<PeImage, 'machine' | 'machineName' | 'format'>): PeImage {
  return { kind: 'pe', supported: true, subsystem: IMAGE_SUBSYSTEM_WINDOWS_GUI, driver: false, dll: false, clr: undefined, bitness: 32, ...fields };
}

/** Bytes from text, for inputs that are no PE at all. */
function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** A 64-byte 'MZ' header, padded to `length`, whose e_lfanew is `lfanew`. */
function mzHeader(lfanew: number, length = 64): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set(ascii('MZ'));
  setU32(bytes, 0x3c, lfanew);
  return bytes;
}

function patched(image: Uint8Array, patch: (bytes: Uint8Array) => void): Uint8Array {
  const copy = image.slice();
  patch(copy);
  return copy;
}

describe('classifyPayload: machines, formats, subsystems and .NET flags', () => {
  for (const m of MACHINE_CASES) {
    describe(m.name, () => {
      for (const format of FORMATS) {
        for (const c of CLR_CASES) {
          it(`${format}, ${c.name}`, () => {
            for (const subsystem of SUBSYSTEMS) {
              for (const dll of [false, true]) {
                const options: PeImageOptions = { machine: m.machine, format, subsystem: subsystem.value, dll };
                if (c.flags !== undefined) options.clrFlags = c.flags;
                const expected: PayloadClass =
                  m.format !== undefined && m.format !== format
                    ? malformed(
                        `the optional header's magic (byte 152) is ${format === 'PE32' ? '0x10b' : '0x20b'} (${format}), but the machine ${m.name} ` +
                          `(0x${m.machine.toString(16).padStart(4, '0')}, byte 132) is ${m.format === 'PE32' ? 32 : 64}-bit`,
                      )
                    : {
                        kind: 'pe',
                        machine: m.machine,
                        machineName: m.name,
                        supported: m.supported,
                        format,
                        subsystem: subsystem.value,
                        driver: subsystem.value === IMAGE_SUBSYSTEM_NATIVE,
                        dll,
                        clr: c.clr,
                        bitness: !m.supported ? undefined : format === 'PE32+' ? 64 : c.x86Bitness,
                      };
                assert.deepEqual(classify(options), expected, `${subsystem.name}${dll ? ' DLL' : ''}`);
              }
            }
          });
        }
      }
    });
  }

  it('names the other machines it knows, and any other value by its number', () => {
    const names: [number, string, PeFormat][] = [
      [0x01c2, 'ARM Thumb', 'PE32'],
      [0xa641, 'ARM64EC', 'PE32+'],
      [0xa64e, 'ARM64X', 'PE32+'],
      [0x0ebc, 'EFI byte code', 'PE32+'],
      [0x5064, 'RISC-V 64', 'PE32+'],
      [0x6264, 'LoongArch 64', 'PE32+'],
      [0x01f0, 'PowerPC', 'PE32'],
      [0x0000, 'machine 0x0000', 'PE32'],
      [0xffff, 'machine 0xffff', 'PE32+'],
    ];
    for (const [machine, machineName, format] of names) {
      assert.deepEqual(
        classify({ machine, format }),
        pe({ machine, machineName, format, supported: false, bitness: undefined }),
        `0x${machine.toString(16)}`,
      );
    }
  });

  it('accepts either format for a machine with no word size', () => {
    for (const format of FORMATS) {
      assert.deepEqual(
        classify({ machine: 0x0ebc, format }),
        pe({ machine: 0x0ebc, machineName: 'EFI byte code', format, supported: false, bitness: undefined }),
      );
    }
  });
});

describe('classifyPayload: a COR20 header past the head', () => {
  const unread = clrInfo(false, false, false, false);

  it('cannot tell the bitness of a PE32 whose COR20 header it did not read', () => {
    const image = peImage({ machine: IMAGE_FILE_MACHINE_I386, clrFlags: ILONLY, fileAlignment: 0x4000 });
    assert.equal(peLayout('PE32', 0x4000).rawData, 0x4000);
    assert.deepEqual(
      classifyPayload(image.subarray(0, PE_HEAD_BYTES)),
      pe({ machine: IMAGE_FILE_MACHINE_I386, machineName: 'x86', format: 'PE32', clr: unread, bitness: undefined }),
    );
    // The whole file gives the answer.
    assert.deepEqual(
      classifyPayload(image),
      pe({ machine: IMAGE_FILE_MACHINE_I386, machineName: 'x86', format: 'PE32', clr: clrInfo(true, false, false), bitness: 'any' }),
    );
  });

  it('knows a PE32+ is 64-bit without its COR20 header', () => {
    for (const [machine, machineName] of [
      [IMAGE_FILE_MACHINE_AMD64, 'x64'],
      [IMAGE_FILE_MACHINE_ARM64, 'arm64'],
    ] as const) {
      const image = peImage({ machine, clrFlags: ILONLY, fileAlignment: 0x4000 });
      assert.deepEqual(classifyPayload(image.subarray(0, PE_HEAD_BYTES)), pe({ machine, machineName, format: 'PE32+', clr: unread, bitness: 64 }));
    }
  });

  it('reads the flags of a COR20 header at byte 4096 when the head reaches them', () => {
    const image = peImage({ machine: IMAGE_FILE_MACHINE_I386, clrFlags: ILONLY | REQUIRED, fileAlignment: 0x1000 });
    assert.equal(image.length, PE_HEAD_BYTES);
    const x86 = { machine: IMAGE_FILE_MACHINE_I386, machineName: 'x86', format: 'PE32' } as const;
    assert.deepEqual(classifyPayload(image), pe({ ...x86, clr: clrInfo(true, true, false), bitness: 32 }));
    // The flags are bytes 16 to 19 of the header.
    assert.deepEqual(classifyPayload(image.subarray(0, 4096 + 20)), pe({ ...x86, clr: clrInfo(true, true, false), bitness: 32 }));
    assert.deepEqual(classifyPayload(image.subarray(0, 4096 + 19)), pe({ ...x86, clr: unread, bitness: undefined }));
    assert.deepEqual(classifyPayload(image.subarray(0, 4096)), pe({ ...x86, clr: unread, bitness: undefined }));
  });
});

describe('classifyPayload: not a PE', () => {
  const cases: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'the file is empty'],
    ['text', ascii('Hello, world\r\n'), "no 'MZ' signature at byte 0"],
    ['a lone M', ascii('M'), "no 'MZ' signature at byte 0"],
    ['lower-case mz', ascii('mz'.padEnd(64, '\0')), "no 'MZ' signature at byte 0"],
    [
      'PNG bytes',
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52),
      "no 'MZ' signature at byte 0",
    ],
    ['an MSI (compound file)', Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), "no 'MZ' signature at byte 0"],
    ["'MZ' only", ascii('MZ'), "the 'MZ' header is cut at byte 2, before e_lfanew at byte 60"],
    ['a 63-byte MZ header', ascii('MZ'.padEnd(63, '\0')), "the 'MZ' header is cut at byte 63, before e_lfanew at byte 60"],
    ['e_lfanew past the head', mzHeader(0x80), 'e_lfanew (byte 60) points to byte 128, but only 64 bytes were read'],
    ['a PE signature cut by the head', mzHeader(126, 128), 'e_lfanew (byte 60) points to byte 126, but only 128 bytes were read'],
    ['e_lfanew huge', mzHeader(0x7fffffff), 'e_lfanew (byte 60) points to byte 2147483647, but only 64 bytes were read'],
    ['e_lfanew negative', mzHeader(0xfffffff0), 'e_lfanew (byte 60) is negative: -16'],
    ['e_lfanew the most negative', mzHeader(0x80000000), 'e_lfanew (byte 60) is negative: -2147483648'],
    ['a DOS program (no signature at e_lfanew)', mzHeader(0x40, 0x80), "no 'PE\\0\\0' signature at byte 64, where e_lfanew (byte 60) points"],
    [
      'a 16-bit Windows program (NE)',
      patched(mzHeader(0x80, 0x100), (b) => b.set(ascii('NE'), 0x80)),
      "no 'PE\\0\\0' signature at byte 128, where e_lfanew (byte 60) points",
    ],
    [
      "'PE' without its two zero bytes",
      patched(peImage({ machine: IMAGE_FILE_MACHINE_I386 }), (b) => (b[0x83] = 1)),
      "no 'PE\\0\\0' signature at byte 128, where e_lfanew (byte 60) points",
    ],
  ];
  for (const [name, bytes, reason] of cases) {
    it(name, () => assert.deepEqual(classifyPayload(bytes), notBinary(reason)));
  }

  it('a PE signature past the first PE_HEAD_BYTES bytes', () => {
    const bytes = patched(mzHeader(PE_HEAD_BYTES, PE_HEAD_BYTES + 0x400), (b) => b.set(ascii('PE\0\0'), PE_HEAD_BYTES));
    assert.deepEqual(
      classifyPayload(bytes.subarray(0, PE_HEAD_BYTES)),
      notBinary('e_lfanew (byte 60) points to byte 8192, but only 8192 bytes were read'),
    );
  });
});

describe('classifyPayload: malformed headers', () => {
  // An x86 AnyCPU assembly: PE32, file header at 132, optional header at 152 (224 bytes), section table at 376, raw data at 512.
  const image = peImage({ machine: IMAGE_FILE_MACHINE_I386, clrFlags: ILONLY });
  const layout = peLayout('PE32');
  const anyCpu = pe({ machine: IMAGE_FILE_MACHINE_I386, machineName: 'x86', format: 'PE32', clr: clrInfo(true, false, false), bitness: 'any' });
  const native = pe({ machine: IMAGE_FILE_MACHINE_I386, machineName: 'x86', format: 'PE32' });

  it('the layout the reasons below count on', () => {
    assert.deepEqual(
      [
        layout.fileHeader,
        layout.optionalHeader,
        layout.sizeOfOptionalHeader,
        layout.numberOfRvaAndSizes,
        layout.clrDirectory,
        layout.sectionTable,
        layout.rawData,
      ],
      [132, 152, 224, 244, 360, 376, 512],
    );
    assert.deepEqual(classifyPayload(image), anyCpu);
  });

  const cases: [string, Uint8Array, string][] = [
    ['the file header cut', image.subarray(0, 140), 'the file header at byte 132 is cut: it needs 20 bytes, but only 140 bytes were read'],
    [
      'the optional header cut',
      image.subarray(0, 200),
      'the optional header at byte 152 is cut: SizeOfOptionalHeader (byte 148) is 224, but only 200 bytes were read',
    ],
    [
      'no optional header',
      patched(image, (b) => setU16(b, 148, 0)),
      "SizeOfOptionalHeader (byte 148) is 0, too small for the optional header's magic",
    ],
    [
      'an optional header too short for its format',
      patched(image, (b) => setU16(b, 148, 64)),
      'SizeOfOptionalHeader (byte 148) is 64, smaller than the 96 bytes of a PE32 optional header before its data directories',
    ],
    [
      'more data directories than SizeOfOptionalHeader holds',
      patched(image, (b) => setU16(b, 148, 96 + 10 * 8)),
      'NumberOfRvaAndSizes (byte 244) is 16, but SizeOfOptionalHeader (byte 148) leaves room for 10 data directories',
    ],
    [
      'a ROM image magic',
      patched(image, (b) => setU16(b, 152, 0x107)),
      "the optional header's magic (byte 152) is 0x107, neither PE32 (0x10b) nor PE32+ (0x20b)",
    ],
    [
      'a zero magic',
      patched(image, (b) => setU16(b, 152, 0)),
      "the optional header's magic (byte 152) is 0x0, neither PE32 (0x10b) nor PE32+ (0x20b)",
    ],
    [
      'PE32+ with x86',
      peImage({ machine: IMAGE_FILE_MACHINE_I386, format: 'PE32+' }),
      "the optional header's magic (byte 152) is 0x20b (PE32+), but the machine x86 (0x014c, byte 132) is 32-bit",
    ],
    [
      'PE32 with x64',
      peImage({ machine: IMAGE_FILE_MACHINE_AMD64, format: 'PE32', clrFlags: ILONLY }),
      "the optional header's magic (byte 152) is 0x10b (PE32), but the machine x64 (0x8664, byte 132) is 64-bit",
    ],
    [
      'the section table cut',
      image.subarray(0, 400),
      'the section table at byte 376 is cut: it needs 40 bytes (NumberOfSections, byte 134, is 1), but only 400 bytes were read',
    ],
    [
      'more sections than the file holds',
      patched(image, (b) => setU16(b, 134, 0xffff)),
      'the section table at byte 376 is cut: it needs 2621400 bytes (NumberOfSections, byte 134, is 65535), but only 1024 bytes were read',
    ],
    ['the CLR RVA in no section', patched(image, (b) => setU32(b, 360, 0x3000)), "the CLR directory's RVA 0x3000 (byte 360) lies in no section"],
    [
      'the CLR RVA where the section table says there is none',
      patched(image, (b) => setU16(b, 134, 0)),
      "the CLR directory's RVA 0x1000 (byte 360) lies in no section",
    ],
    [
      'a CLR directory smaller than a COR20 header',
      patched(image, (b) => setU32(b, 364, 16)),
      'the CLR directory (byte 360) has size 16, smaller than the 72-byte COR20 header',
    ],
    [
      'a COR20 header past the raw data',
      peImage({ machine: IMAGE_FILE_MACHINE_I386, clrFlags: ILONLY, sizeOfRawData: 16 }),
      'the CLR header at RVA 0x1000 (byte 360) ends past the 16 bytes of raw data of the section at byte 376',
    ],
  ];
  for (const [name, bytes, reason] of cases) {
    it(name, () => assert.deepEqual(classifyPayload(bytes), malformed(reason)));
  }

  it('takes a CLR directory with RVA 0 for none, as the loaders do', () => {
    assert.deepEqual(classifyPayload(patched(image, (b) => setU32(b, 360, 0))), native);
  });

  it('reads no CLR directory past NumberOfRvaAndSizes, and no more than 16', () => {
    assert.deepEqual(classifyPayload(patched(image, (b) => setU32(b, 244, 14))), native);
    assert.deepEqual(classifyPayload(patched(image, (b) => setU32(b, 244, 15))), anyCpu);
    assert.deepEqual(classifyPayload(patched(image, (b) => setU32(b, 244, 0xffffffff))), anyCpu);
  });

  it('finds a COR20 header in the headers, which are mapped at RVA 0', () => {
    const inHeaders = patched(image, (b) => {
      setU32(b, 360, 416);
      setU32(b, 416 + 16, ILONLY | REQUIRED);
    });
    assert.deepEqual(classifyPayload(inHeaders), { ...anyCpu, clr: clrInfo(true, true, false), bitness: 32 });
  });

  it('maps the CLR RVA through the section that holds it', () => {
    // A second section before .text, whose raw data holds an x86-only COR20 header; the RVA moves into it.
    const twoSections = patched(peImage({ machine: IMAGE_FILE_MACHINE_I386, clrFlags: ILONLY, sizeOfRawData: 0x400 }), (b) => {
      setU16(b, 134, 2);
      b.copyWithin(416, 376, 416);
      setU32(b, 376 + 8, 0x100); // VirtualSize
      setU32(b, 376 + 12, 0x2000); // VirtualAddress
      setU32(b, 376 + 16, 0x200); // SizeOfRawData
      setU32(b, 376 + 20, 0x400); // PointerToRawData
      setU32(b, 360, 0x2010);
      setU32(b, 0x410 + 16, ILONLY | REQUIRED);
    });
    assert.deepEqual(classifyPayload(twoSections), { ...anyCpu, clr: clrInfo(true, true, false), bitness: 32 });
  });
});

/** What a valid image cut to `length` bytes is: each structure, in order, either whole or the reason it is cut. */
function expectedTruncated(format: PeFormat, whole: PeImage, length: number): PayloadClass {
  const l = peLayout(format);
  if (length === 0) return notBinary('the file is empty');
  if (length < 2) return notBinary("no 'MZ' signature at byte 0");
  if (length < 64) return notBinary(`the 'MZ' header is cut at byte ${length}, before e_lfanew at byte 60`);
  if (length < l.fileHeader) return notBinary(`e_lfanew (byte 60) points to byte 128, but only ${length} bytes were read`);
  if (length < l.optionalHeader) return malformed(`the file header at byte 132 is cut: it needs 20 bytes, but only ${length} bytes were read`);
  if (length < l.sectionTable) {
    return malformed(
      `the optional header at byte 152 is cut: SizeOfOptionalHeader (byte 148) is ${l.sizeOfOptionalHeader}, but only ${length} bytes were read`,
    );
  }
  if (length < l.headersEnd) {
    return malformed(
      `the section table at byte ${l.sectionTable} is cut: it needs 40 bytes (NumberOfSections, byte 134, is 1), but only ${length} bytes were read`,
    );
  }
  if (length < l.rawData + 20) return { ...whole, clr: clrInfo(false, false, false, false), bitness: format === 'PE32+' ? 64 : undefined };
  return whole;
}

describe('classifyPayload: cut and mutated images', () => {
  for (const [machine, format] of [
    [IMAGE_FILE_MACHINE_I386, 'PE32'],
    [IMAGE_FILE_MACHINE_AMD64, 'PE32+'],
  ] as const) {
    it(`classifies a ${format} .NET image cut at every length`, () => {
      const image = peImage({ machine, clrFlags: ILONLY, dll: true });
      const whole = classifyPayload(image);
      assert.equal(whole.kind, 'pe');
      if (whole.kind !== 'pe') return;
      for (let length = 0; length <= image.length; length++) {
        assert.deepEqual(classifyPayload(image.subarray(0, length)), expectedTruncated(format, whole, length), `cut at ${length}`);
      }
    });
  }

  const SEED = 0x5045;
  const MUTATED_IMAGES = 4000;
  const RANDOM_INPUTS = 2000;
  const MAX_RANDOM_LENGTH = 1024;
  const KINDS = new Set(['pe', 'not-binary', 'malformed']);
  const BITNESSES = new Set([32, 64, 'any', undefined]);

  /** What every answer must look like, whatever the input. */
  function assertWellFormed(result: PayloadClass, what: string): void {
    assert.ok(KINDS.has(result.kind), what);
    if (result.kind !== 'pe') {
      assert.ok(typeof result.reason === 'string' && result.reason.length > 0, what);
      return;
    }
    assert.ok(Number.isInteger(result.machine) && result.machine >= 0 && result.machine <= 0xffff, what);
    assert.ok(result.machineName.length > 0, what);
    assert.ok(result.format === 'PE32' || result.format === 'PE32+', what);
    assert.ok(BITNESSES.has(result.bitness), what);
    assert.equal(result.driver, result.subsystem === IMAGE_SUBSYSTEM_NATIVE, what);
    if (!result.supported) assert.equal(result.bitness, undefined, what);
  }

  it(`never throws on ${MUTATED_IMAGES} mutations of valid images`, () => {
    const random = new Random(SEED);
    const bases = [
      peImage({ machine: IMAGE_FILE_MACHINE_I386, clrFlags: ILONLY }),
      peImage({ machine: IMAGE_FILE_MACHINE_I386, subsystem: IMAGE_SUBSYSTEM_NATIVE, dll: true }),
      peImage({ machine: IMAGE_FILE_MACHINE_AMD64, clrFlags: ILONLY | REQUIRED | PREFERRED }),
      peImage({ machine: IMAGE_FILE_MACHINE_ARM64, dll: true, clrFlags: 0 }),
      peImage({ machine: UNKNOWN_MACHINE, clrFlags: ILONLY, fileAlignment: 0x1000 }),
    ];
    for (let i = 0; i < MUTATED_IMAGES; i++) {
      let bytes = random.pick(bases);
      const steps = 1 + random.below(4);
      const did: string[] = [];
      for (let s = 0; s < steps; s++) {
        const mutated = mutateBytes(bytes, random);
        bytes = mutated.bytes;
        did.push(mutated.did);
      }
      const what = `mutation ${i}: ${did.join(', ')}`;
      assertWellFormed(classifyPayload(bytes.subarray(0, PE_HEAD_BYTES)), what);
    }
  });

  it(`never throws on ${RANDOM_INPUTS} random inputs, most with an 'MZ' header and a PE signature`, () => {
    const random = new Random(SEED + 1);
    let images = 0;
    for (let i = 0; i < RANDOM_INPUTS; i++) {
      const bytes = Uint8Array.from({ length: random.below(MAX_RANDOM_LENGTH) }, () => random.below(256));
      if (random.chance(0.8) && bytes.length >= 64) {
        // Point e_lfanew somewhere inside, and put a signature there, so the deeper readers see random headers.
        const lfanew = random.below(bytes.length);
        bytes.set(ascii('MZ'));
        setU32(bytes, 0x3c, lfanew);
        bytes.set(ascii('PE\0\0').subarray(0, bytes.length - lfanew), lfanew);
      }
      const result = classifyPayload(bytes);
      if (result.kind !== 'not-binary') images++;
      assertWellFormed(result, `random input ${i}`);
    }
    // The inputs reached past the DOS header often enough to mean something.
    assert.ok(images > RANDOM_INPUTS / 4, `${images} of ${RANDOM_INPUTS} reached the PE headers`);
  });
});

describe('peImage', () => {
  it('is deterministic', () => {
    const options: PeImageOptions = { machine: IMAGE_FILE_MACHINE_AMD64, clrFlags: ILONLY, dll: true };
    assert.deepEqual(peImage(options), peImage(options));
  });

  it('refuses a file alignment the format does not allow', () => {
    assert.throws(() => peImage({ machine: IMAGE_FILE_MACHINE_I386, fileAlignment: 0x300 }), /fileAlignment/);
    assert.throws(() => peImage({ machine: IMAGE_FILE_MACHINE_I386, fileAlignment: 0x100 }), /fileAlignment/);
  });
});
