// Test helper: writes tiny headers-only PE images (DOS stub, PE headers, one .text section, a COR20 header when asked), independently of the classifier.

export type PeFormat = 'PE32' | 'PE32+';

export interface PeImageOptions {
  /** IMAGE_FILE_HEADER.Machine, e.g. 0x014c (x86), 0x8664 (x64), 0xaa64 (arm64). */
  machine: number;
  /** Default: PE32+ for 64-bit machines, PE32 for the others. */
  format?: PeFormat;
  /** Default: IMAGE_SUBSYSTEM_WINDOWS_GUI (2). */
  subsystem?: number;
  dll?: boolean;
  /** IMAGE_COR20_HEADER.Flags: adds a CLR runtime directory and a COR20 header at the start of the section's raw data. */
  clrFlags?: number;
  /** A power of two from 0x200 to 0x10000; default 0x200. 0x1000 puts the COR20 header at byte 4096. */
  fileAlignment?: number;
  /** The .text section's SizeOfRawData; default one fileAlignment. The image ends with the raw data. */
  sizeOfRawData?: number;
}

export const IMAGE_FILE_MACHINE_I386 = 0x014c;
export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
export const IMAGE_FILE_MACHINE_ARM64 = 0xaa64;
export const IMAGE_FILE_MACHINE_ARM = 0x01c0;
export const IMAGE_FILE_MACHINE_ARMNT = 0x01c4;
export const IMAGE_FILE_MACHINE_IA64 = 0x0200;
/** Machines whose images are PE32+ by default. */
const MACHINES_64 = new Set([IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_ARM64, IMAGE_FILE_MACHINE_IA64]);

export const IMAGE_SUBSYSTEM_NATIVE = 1;
export const IMAGE_SUBSYSTEM_WINDOWS_GUI = 2;
export const IMAGE_SUBSYSTEM_WINDOWS_CUI = 3;

export const COMIMAGE_FLAGS_ILONLY = 0x1;
export const COMIMAGE_FLAGS_32BITREQUIRED = 0x2;
export const COMIMAGE_FLAGS_32BITPREFERRED = 0x20000;

export const DEFAULT_FILE_ALIGNMENT = 0x200;
const MIN_FILE_ALIGNMENT = 0x200;
const MAX_FILE_ALIGNMENT = 0x10000;
const SECTION_ALIGNMENT = 0x1000;
/** The .text section's RVA: the first page after the headers. */
export const TEXT_RVA = SECTION_ALIGNMENT;

// DOS header: 64 bytes, then the stub program, then the PE signature at e_lfanew.
const DOS_HEADER_BYTES = 64;
const DOS_PARAGRAPH = 16;
const DOS_PAGE = 512;
const DOS = { magic: 0, bytesOnLastPage: 2, pages: 4, headerParagraphs: 8, maxAlloc: 0x0c, sp: 0x10, relocationTable: 0x18, lfanew: 0x3c } as const;
/** The stub's stack pointer, in the memory DOS gives past the program (e_maxalloc asks for all it can). */
const DOS_STACK_POINTER = 0xb8;
const DOS_MAX_ALLOC = 0xffff;
const STUB_MESSAGE = 'This program needs Windows.\r\n$';
/** The stub: point DS at the code segment, print the message with INT 21h AH=09h, end with exit code 1 (INT 21h AX=4C01h). */
const STUB_CODE = [
  [0x0e], // push cs
  [0x1f], // pop ds
  [0xba, 0x0e, 0x00], // mov dx, offset of the message (right after this code)
  [0xb4, 0x09], // mov ah, 09h
  [0xcd, 0x21], // int 21h
  [0xb8, 0x01, 0x4c], // mov ax, 4C01h
  [0xcd, 0x21], // int 21h
].flat();
/** The PE signature's offset: the DOS header and stub fit in the 128 bytes before it. */
export const PE_OFFSET = 0x80;

const PE_SIGNATURE = [0x50, 0x45, 0x00, 0x00];
const FILE_HEADER_BYTES = 20;
const FILE_HEADER = { machine: 0, numberOfSections: 2, sizeOfOptionalHeader: 16, characteristics: 18 } as const;
const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
const IMAGE_FILE_LARGE_ADDRESS_AWARE = 0x0020;
const IMAGE_FILE_32BIT_MACHINE = 0x0100;
const IMAGE_FILE_DLL = 0x2000;

const PE32_MAGIC = 0x10b;
const PE32_PLUS_MAGIC = 0x20b;
const LINKER_VERSION = [14, 0];
const OS_VERSION = [6, 0];
const DATA_DIRECTORY_COUNT = 16;
const DATA_DIRECTORY_BYTES = 8;
/** A data directory entry: RVA, then size. */
const DATA_DIRECTORY_SIZE = 4;
export const CLR_RUNTIME_HEADER_DIRECTORY = 14;
/** Optional header fields at the same place in both formats. */
const OPTIONAL = {
  magic: 0,
  linkerVersion: 2,
  sizeOfCode: 4,
  addressOfEntryPoint: 16,
  baseOfCode: 20,
  imageBase: 24,
  sectionAlignment: 32,
  fileAlignment: 36,
  osVersion: 40,
  subsystemVersion: 48,
  sizeOfImage: 56,
  sizeOfHeaders: 60,
  subsystem: 68,
  dllCharacteristics: 70,
  stackReserve: 72,
} as const;
/** PE32 keeps BaseOfData at 24 and a 4-byte ImageBase after it; PE32+ has 8-byte ImageBase and stack and heap sizes. */
const FORMAT = {
  PE32: { magic: PE32_MAGIC, imageBase: 28, sizeFieldBytes: 4, numberOfRvaAndSizes: 92, dataDirectories: 96 },
  'PE32+': { magic: PE32_PLUS_MAGIC, imageBase: 24, sizeFieldBytes: 8, numberOfRvaAndSizes: 108, dataDirectories: 112 },
} as const;
const IMAGE_BASE = { PE32: { exe: 0x0040_0000, dll: 0x1000_0000 }, 'PE32+': { exe: 0x1_4000_0000, dll: 0x1_8000_0000 } } as const;
const STACK_RESERVE = 0x10_0000;
const STACK_COMMIT = 0x1000;
const HEAP_RESERVE = 0x10_0000;
const HEAP_COMMIT = 0x1000;
const IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA = 0x0020;
const IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE = 0x0040;
const IMAGE_DLLCHARACTERISTICS_NX_COMPAT = 0x0100;

const SECTION_HEADER_BYTES = 40;
const SECTION = { name: 0, virtualSize: 8, virtualAddress: 12, sizeOfRawData: 16, pointerToRawData: 20, characteristics: 36 } as const;
const TEXT_NAME = '.text';
const IMAGE_SCN_CNT_CODE = 0x0000_0020;
const IMAGE_SCN_MEM_EXECUTE = 0x2000_0000;
const IMAGE_SCN_MEM_READ = 0x4000_0000;

export const COR20_HEADER_BYTES = 72;
const COR20 = { cb: 0, majorRuntimeVersion: 4, minorRuntimeVersion: 6, flags: 16 } as const;
/** The runtime version every CLR 2.0 and later image declares. */
const COR20_RUNTIME_VERSION = [2, 5];

const U32_SPAN = 0x1_0000_0000;
const U64_BYTES = 8;

/** Where the structures and the fields tests patch are, in an image of the given format and file alignment. */
export interface PeLayout {
  peOffset: number;
  fileHeader: number;
  machine: number;
  numberOfSections: number;
  sizeOfOptionalHeaderField: number;
  characteristics: number;
  optionalHeader: number;
  sizeOfOptionalHeader: number;
  magic: number;
  subsystem: number;
  sizeOfHeadersField: number;
  numberOfRvaAndSizes: number;
  dataDirectories: number;
  /** The CLR runtime directory entry: RVA, then size. */
  clrDirectory: number;
  sectionTable: number;
  /** The end of the section table: where the headers end before padding. */
  headersEnd: number;
  /** SizeOfHeaders, and where the section's raw data (and the COR20 header) starts. */
  rawData: number;
}

export function peLayout(format: PeFormat, fileAlignment = DEFAULT_FILE_ALIGNMENT): PeLayout {
  const f = FORMAT[format];
  const fileHeader = PE_OFFSET + PE_SIGNATURE.length;
  const optionalHeader = fileHeader + FILE_HEADER_BYTES;
  const sizeOfOptionalHeader = f.dataDirectories + DATA_DIRECTORY_COUNT * DATA_DIRECTORY_BYTES;
  const sectionTable = optionalHeader + sizeOfOptionalHeader;
  const headersEnd = sectionTable + SECTION_HEADER_BYTES;
  return {
    peOffset: PE_OFFSET,
    fileHeader,
    machine: fileHeader + FILE_HEADER.machine,
    numberOfSections: fileHeader + FILE_HEADER.numberOfSections,
    sizeOfOptionalHeaderField: fileHeader + FILE_HEADER.sizeOfOptionalHeader,
    characteristics: fileHeader + FILE_HEADER.characteristics,
    optionalHeader,
    sizeOfOptionalHeader,
    magic: optionalHeader + OPTIONAL.magic,
    subsystem: optionalHeader + OPTIONAL.subsystem,
    sizeOfHeadersField: optionalHeader + OPTIONAL.sizeOfHeaders,
    numberOfRvaAndSizes: optionalHeader + f.numberOfRvaAndSizes,
    dataDirectories: optionalHeader + f.dataDirectories,
    clrDirectory: optionalHeader + f.dataDirectories + CLR_RUNTIME_HEADER_DIRECTORY * DATA_DIRECTORY_BYTES,
    sectionTable,
    headersEnd,
    rawData: alignUp(headersEnd, fileAlignment),
  };
}

export function defaultFormat(machine: number): PeFormat {
  return MACHINES_64.has(machine) ? 'PE32+' : 'PE32';
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

class Writer {
  constructor(readonly bytes: Uint8Array) {}
  u8(at: number, value: number): void {
    this.bytes[at] = value & 0xff;
  }
  u16(at: number, value: number): void {
    this.u8(at, value);
    this.u8(at + 1, value >>> 8);
  }
  u32(at: number, value: number): void {
    this.u16(at, value & 0xffff);
    this.u16(at + 2, (value >>> 16) & 0xffff);
  }
  /** Values up to 2^53, enough for image bases and sizes. */
  u64(at: number, value: number): void {
    this.u32(at, value % U32_SPAN);
    this.u32(at + 4, Math.floor(value / U32_SPAN));
  }
  /** A 4- or 8-byte field, as the format's stack and heap sizes are. */
  sized(at: number, bytes: number, value: number): void {
    if (bytes === U64_BYTES) this.u64(at, value);
    else this.u32(at, value);
  }
  ascii(at: number, text: string): void {
    for (let i = 0; i < text.length; i++) this.u8(at + i, text.charCodeAt(i));
  }
}

function writeDosHeader(w: Writer): void {
  const programBytes = PE_OFFSET;
  w.ascii(DOS.magic, 'MZ');
  w.u16(DOS.bytesOnLastPage, programBytes % DOS_PAGE);
  w.u16(DOS.pages, Math.ceil(programBytes / DOS_PAGE));
  w.u16(DOS.headerParagraphs, DOS_HEADER_BYTES / DOS_PARAGRAPH);
  w.u16(DOS.maxAlloc, DOS_MAX_ALLOC);
  w.u16(DOS.sp, DOS_STACK_POINTER);
  w.u16(DOS.relocationTable, DOS_HEADER_BYTES);
  w.u32(DOS.lfanew, PE_OFFSET);
  // DOS loads the program after the header's paragraphs at offset 0 of its segment, so the message's offset is the code's length.
  w.bytes.set(STUB_CODE, DOS_HEADER_BYTES);
  w.ascii(DOS_HEADER_BYTES + STUB_CODE.length, STUB_MESSAGE);
}

/**
 * A headers-only PE image: everything a loader reads before the code, and a COR20 header when `clrFlags` is given.
 * Node built-ins only and deterministic (no time stamp, no randomness), because example payloads are generated with it too.
 */
export function peImage(options: PeImageOptions): Uint8Array {
  const format = options.format ?? defaultFormat(options.machine);
  const fileAlignment = options.fileAlignment ?? DEFAULT_FILE_ALIGNMENT;
  if (fileAlignment < MIN_FILE_ALIGNMENT || fileAlignment > MAX_FILE_ALIGNMENT || (fileAlignment & (fileAlignment - 1)) !== 0) {
    throw new Error(`peImage: fileAlignment ${fileAlignment} is not a power of two from 0x200 to 0x10000`);
  }
  const sizeOfRawData = options.sizeOfRawData ?? fileAlignment;
  const dll = options.dll ?? false;
  const clr = options.clrFlags !== undefined;
  const layout = peLayout(format, fileAlignment);
  const f = FORMAT[format];
  const virtualSize = clr ? COR20_HEADER_BYTES : sizeOfRawData;
  const w = new Writer(new Uint8Array(layout.rawData + sizeOfRawData));

  writeDosHeader(w);
  w.bytes.set(PE_SIGNATURE, layout.peOffset);

  // ECMA-335 II.25.2.2.1: a CLI image sets 32BIT_MACHINE exactly when it requires 32 bits.
  const requires32 = clr ? ((options.clrFlags ?? 0) & COMIMAGE_FLAGS_32BITREQUIRED) !== 0 : format === 'PE32';
  const characteristics =
    IMAGE_FILE_EXECUTABLE_IMAGE |
    (format === 'PE32+' ? IMAGE_FILE_LARGE_ADDRESS_AWARE : 0) |
    (requires32 ? IMAGE_FILE_32BIT_MACHINE : 0) |
    (dll ? IMAGE_FILE_DLL : 0);
  w.u16(layout.machine, options.machine);
  w.u16(layout.numberOfSections, 1);
  w.u16(layout.sizeOfOptionalHeaderField, layout.sizeOfOptionalHeader);
  w.u16(layout.characteristics, characteristics);

  const o = layout.optionalHeader;
  w.u16(o + OPTIONAL.magic, f.magic);
  w.u8(o + OPTIONAL.linkerVersion, LINKER_VERSION[0]!);
  w.u8(o + OPTIONAL.linkerVersion + 1, LINKER_VERSION[1]!);
  w.u32(o + OPTIONAL.sizeOfCode, sizeOfRawData);
  // A DLL and a .NET image have no native entry point here; an executable starts at its (empty) code.
  w.u32(o + OPTIONAL.addressOfEntryPoint, dll || clr ? 0 : TEXT_RVA);
  w.u32(o + OPTIONAL.baseOfCode, TEXT_RVA);
  w.sized(o + f.imageBase, f.sizeFieldBytes, IMAGE_BASE[format][dll ? 'dll' : 'exe']);
  w.u32(o + OPTIONAL.sectionAlignment, SECTION_ALIGNMENT);
  w.u32(o + OPTIONAL.fileAlignment, fileAlignment);
  w.u16(o + OPTIONAL.osVersion, OS_VERSION[0]!);
  w.u16(o + OPTIONAL.osVersion + 2, OS_VERSION[1]!);
  w.u16(o + OPTIONAL.subsystemVersion, OS_VERSION[0]!);
  w.u16(o + OPTIONAL.subsystemVersion + 2, OS_VERSION[1]!);
  w.u32(o + OPTIONAL.sizeOfImage, TEXT_RVA + alignUp(Math.max(virtualSize, 1), SECTION_ALIGNMENT));
  w.u32(o + OPTIONAL.sizeOfHeaders, layout.rawData);
  w.u16(o + OPTIONAL.subsystem, options.subsystem ?? IMAGE_SUBSYSTEM_WINDOWS_GUI);
  w.u16(
    o + OPTIONAL.dllCharacteristics,
    IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE | IMAGE_DLLCHARACTERISTICS_NX_COMPAT | (format === 'PE32+' ? IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA : 0),
  );
  const sizes = [STACK_RESERVE, STACK_COMMIT, HEAP_RESERVE, HEAP_COMMIT];
  for (const [i, value] of sizes.entries()) w.sized(o + OPTIONAL.stackReserve + i * f.sizeFieldBytes, f.sizeFieldBytes, value);
  w.u32(layout.numberOfRvaAndSizes, DATA_DIRECTORY_COUNT);
  if (clr) {
    w.u32(layout.clrDirectory, TEXT_RVA);
    w.u32(layout.clrDirectory + DATA_DIRECTORY_SIZE, COR20_HEADER_BYTES);
  }

  const s = layout.sectionTable;
  w.ascii(s + SECTION.name, TEXT_NAME);
  w.u32(s + SECTION.virtualSize, virtualSize);
  w.u32(s + SECTION.virtualAddress, TEXT_RVA);
  w.u32(s + SECTION.sizeOfRawData, sizeOfRawData);
  w.u32(s + SECTION.pointerToRawData, layout.rawData);
  w.u32(s + SECTION.characteristics, IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ);

  // The COR20 header is written only as far as the raw data goes, so a short section can hold a cut one.
  if (clr) {
    const header = new Writer(new Uint8Array(COR20_HEADER_BYTES));
    header.u32(COR20.cb, COR20_HEADER_BYTES);
    header.u16(COR20.majorRuntimeVersion, COR20_RUNTIME_VERSION[0]!);
    header.u16(COR20.minorRuntimeVersion, COR20_RUNTIME_VERSION[1]!);
    header.u32(COR20.flags, options.clrFlags ?? 0);
    w.bytes.set(header.bytes.subarray(0, Math.min(COR20_HEADER_BYTES, sizeOfRawData)), layout.rawData);
  }
  return w.bytes;
}
