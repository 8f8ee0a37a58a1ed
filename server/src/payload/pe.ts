// Classifies a file's first bytes: a PE image (machine, format, subsystem, .NET flags, which processes load it), not a PE, or a malformed PE.
import type { Bitness } from '../model/platform';

/** How many bytes from the start of a file the classifier reads: enough for the headers and, in practice, the CLR header. */
export const PE_HEAD_BYTES = 8192;

export interface ClrInfo {
  /** COMIMAGE_FLAGS_ILONLY: the image holds only IL, no native code. */
  ilOnly: boolean;
  /** x86-only: 32BITREQUIRED without 32BITPREFERRED (corhdr.h reads the two flags as a pair). */
  requires32Bit: boolean;
  /** Platform neutral, but loaded 32-bit when possible: 32BITREQUIRED and 32BITPREFERRED together. */
  prefers32Bit: boolean;
  /** false when the COR20 header lies past the head */
  headerRead: boolean;
}

export interface PeImage {
  kind: 'pe';
  /** IMAGE_FILE_HEADER.Machine */
  machine: number;
  /** 'x86' | 'x64' | 'arm64' | 'ARM' | 'ARMv7 Thumb-2' | 'Itanium' | ... | `machine 0x1234` */
  machineName: string;
  /** Only x86 (0x014c), x64 (0x8664) and arm64 (0xaa64). */
  supported: boolean;
  /** The optional header's magic: 0x10b or 0x20b. */
  format: 'PE32' | 'PE32+';
  subsystem: number;
  /** The subsystem is IMAGE_SUBSYSTEM_NATIVE: a kernel-mode driver. */
  driver: boolean;
  /** IMAGE_FILE_DLL */
  dll: boolean;
  /** Present when the CLR runtime data directory (index 14) is non-empty. */
  clr: ClrInfo | undefined;
  /** What processes can load it: 32, 64, 'any' (an AnyCPU .NET assembly), undefined when it cannot be told (unsupported machine, CLR header unread on a PE32). */
  bitness: Bitness | 'any' | undefined;
}

/** Anything that is not a PE: text, images, empty, 'MZ' without a PE header... */
export interface NotBinary {
  kind: 'not-binary';
  reason: string;
}

/** Has 'MZ' and a 'PE\0\0' signature at e_lfanew, but the headers are inconsistent or cut. */
export interface MalformedPe {
  kind: 'malformed';
  reason: string;
}

export type PayloadClass = PeImage | NotBinary | MalformedPe;

type Failure = NotBinary | MalformedPe;

// ---------------------------------------------------------------------------------------------------------------
// Format constants (Microsoft's PE format specification; ECMA-335 II.25.3.3 for the CLI header).

const DOS_SIGNATURE = [0x4d, 0x5a] as const; // 'MZ'
/** IMAGE_DOS_HEADER.e_lfanew: the file offset of the PE signature, a signed 32-bit value. */
const E_LFANEW_OFFSET = 0x3c;
const DOS_HEADER_BYTES = 64;

const PE_SIGNATURE = [0x50, 0x45, 0x00, 0x00] as const; // 'PE\0\0'

const FILE_HEADER_BYTES = 20;
const FILE_HEADER = { machine: 0, numberOfSections: 2, sizeOfOptionalHeader: 16, characteristics: 18 } as const;
const IMAGE_FILE_DLL = 0x2000;

const PE32_MAGIC = 0x10b;
const PE32_PLUS_MAGIC = 0x20b;
/** The word size each optional header is made for. */
const FORMAT_BITS: Readonly<Record<'PE32' | 'PE32+', Bitness>> = { PE32: 32, 'PE32+': 64 };
const MAGIC_BYTES = 2;
/** Fields at the same place in both optional headers: PE32+ drops BaseOfData and widens ImageBase, which cancel out. */
const OPTIONAL_HEADER = { magic: 0, sizeOfHeaders: 60, subsystem: 68 } as const;
/** Where the two optional headers differ: the stack and heap sizes are 4 bytes wide in PE32 and 8 in PE32+. */
const OPTIONAL_LAYOUT = {
  PE32: { numberOfRvaAndSizes: 92, dataDirectories: 96 },
  'PE32+': { numberOfRvaAndSizes: 108, dataDirectories: 112 },
} as const;
const DATA_DIRECTORY_BYTES = 8;
const DATA_DIRECTORY = { rva: 0, size: 4 } as const;
/** The directories the format defines; a larger NumberOfRvaAndSizes names none that matter here. */
const MAX_DATA_DIRECTORIES = 16;
const CLR_RUNTIME_HEADER_DIRECTORY = 14;
const IMAGE_SUBSYSTEM_NATIVE = 1;

const SECTION_HEADER_BYTES = 40;
const SECTION_HEADER = { virtualSize: 8, virtualAddress: 12, sizeOfRawData: 16, pointerToRawData: 20 } as const;

/** sizeof(IMAGE_COR20_HEADER); loaders refuse a CLR directory smaller than it. */
const COR20_HEADER_BYTES = 72;
const COR20_FLAGS_OFFSET = 16;
const COR20_FLAGS_END = COR20_FLAGS_OFFSET + 4;
const COMIMAGE_FLAGS_ILONLY = 0x1;
const COMIMAGE_FLAGS_32BITREQUIRED = 0x2;
const COMIMAGE_FLAGS_32BITPREFERRED = 0x20000;

const IMAGE_FILE_MACHINE_I386 = 0x014c;
const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
const IMAGE_FILE_MACHINE_ARM64 = 0xaa64;
const SUPPORTED_MACHINES: ReadonlySet<number> = new Set([IMAGE_FILE_MACHINE_I386, IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_ARM64]);
const MACHINE_HEX_DIGITS = 4;

interface MachineFacts {
  name: string;
  /** The optional header a real image for the machine has; undefined where either is seen or the machine has no word size. */
  wordBits: Bitness | undefined;
}

/** IMAGE_FILE_MACHINE_* values by the names people know them by. */
const MACHINES: ReadonlyMap<number, MachineFacts> = new Map<number, MachineFacts>([
  [IMAGE_FILE_MACHINE_I386, { name: 'x86', wordBits: 32 }],
  [IMAGE_FILE_MACHINE_AMD64, { name: 'x64', wordBits: 64 }],
  [IMAGE_FILE_MACHINE_ARM64, { name: 'arm64', wordBits: 64 }],
  [0x01c0, { name: 'ARM', wordBits: 32 }], // ARM
  [0x01c2, { name: 'ARM Thumb', wordBits: 32 }], // THUMB
  [0x01c4, { name: 'ARMv7 Thumb-2', wordBits: 32 }], // ARMNT
  [0xa641, { name: 'ARM64EC', wordBits: 64 }], // ARM64EC
  [0xa64e, { name: 'ARM64X', wordBits: 64 }], // ARM64X
  [0x0200, { name: 'Itanium', wordBits: 64 }], // IA64
  [0x0ebc, { name: 'EFI byte code', wordBits: undefined }], // EBC
  [0x5032, { name: 'RISC-V 32', wordBits: 32 }], // RISCV32
  [0x5064, { name: 'RISC-V 64', wordBits: 64 }], // RISCV64
  [0x5128, { name: 'RISC-V 128', wordBits: undefined }], // RISCV128
  [0x6232, { name: 'LoongArch 32', wordBits: 32 }], // LOONGARCH32
  [0x6264, { name: 'LoongArch 64', wordBits: 64 }], // LOONGARCH64
  [0x0166, { name: 'MIPS', wordBits: 32 }], // R4000
  [0x0169, { name: 'MIPS WCE v2', wordBits: 32 }], // WCEMIPSV2
  [0x0266, { name: 'MIPS16', wordBits: 32 }], // MIPS16
  [0x0366, { name: 'MIPS with FPU', wordBits: 32 }], // MIPSFPU
  [0x0466, { name: 'MIPS16 with FPU', wordBits: 32 }], // MIPSFPU16
  [0x01f0, { name: 'PowerPC', wordBits: 32 }], // POWERPC
  [0x01f1, { name: 'PowerPC with FPU', wordBits: 32 }], // POWERPCFP
  [0x01a2, { name: 'SH3', wordBits: 32 }], // SH3
  [0x01a3, { name: 'SH3 DSP', wordBits: 32 }], // SH3DSP
  [0x01a6, { name: 'SH4', wordBits: 32 }], // SH4
  [0x01a8, { name: 'SH5', wordBits: undefined }], // SH5
  [0x01d3, { name: 'AM33', wordBits: 32 }], // AM33
  [0x9041, { name: 'M32R', wordBits: 32 }], // M32R
]);

// ---------------------------------------------------------------------------------------------------------------
// Reading. Every reader is handed an offset its caller has checked against head.length.

function u16(head: Uint8Array, at: number): number {
  return (head[at] ?? 0) | ((head[at + 1] ?? 0) << 8);
}

function u32(head: Uint8Array, at: number): number {
  return u16(head, at) + u16(head, at + 2) * 0x10000;
}

function i32(head: Uint8Array, at: number): number {
  return u32(head, at) | 0;
}

function startsWithAt(head: Uint8Array, at: number, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => head[at + i] === b);
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

function machineHex(machine: number): string {
  return `0x${machine.toString(16).padStart(MACHINE_HEX_DIGITS, '0')}`;
}

function notBinary(reason: string): NotBinary {
  return { kind: 'not-binary', reason };
}

function malformed(reason: string): MalformedPe {
  return { kind: 'malformed', reason };
}

function isFailure<T>(step: T | Failure): step is Failure {
  return typeof step === 'object' && step !== null && 'kind' in step;
}

/** The 'MZ' header: where it says the PE signature is. */
function readDosHeader(head: Uint8Array): number | Failure {
  if (head.length === 0) return notBinary('the file is empty');
  if (!startsWithAt(head, 0, DOS_SIGNATURE)) return notBinary("no 'MZ' signature at byte 0");
  if (head.length < DOS_HEADER_BYTES) return notBinary(`the 'MZ' header is cut at byte ${head.length}, before e_lfanew at byte ${E_LFANEW_OFFSET}`);
  const peOffset = i32(head, E_LFANEW_OFFSET);
  if (peOffset < 0) return notBinary(`e_lfanew (byte ${E_LFANEW_OFFSET}) is negative: ${peOffset}`);
  if (peOffset + PE_SIGNATURE.length > head.length) {
    return notBinary(`e_lfanew (byte ${E_LFANEW_OFFSET}) points to byte ${peOffset}, but only ${head.length} bytes were read`);
  }
  // Without 'PE\0\0' it is a DOS program, or a 16-bit Windows one ('NE', 'LE'), that no installer payload is.
  if (!startsWithAt(head, peOffset, PE_SIGNATURE)) {
    return notBinary(`no 'PE\\0\\0' signature at byte ${peOffset}, where e_lfanew (byte ${E_LFANEW_OFFSET}) points`);
  }
  return peOffset;
}

interface FileHeader {
  at: number;
  machine: number;
  numberOfSections: number;
  sizeOfOptionalHeader: number;
  dll: boolean;
}

/** IMAGE_FILE_HEADER, right after the signature. */
function readFileHeader(head: Uint8Array, at: number): FileHeader | Failure {
  if (at + FILE_HEADER_BYTES > head.length) {
    return malformed(`the file header at byte ${at} is cut: it needs ${FILE_HEADER_BYTES} bytes, but only ${head.length} bytes were read`);
  }
  return {
    at,
    machine: u16(head, at + FILE_HEADER.machine),
    numberOfSections: u16(head, at + FILE_HEADER.numberOfSections),
    sizeOfOptionalHeader: u16(head, at + FILE_HEADER.sizeOfOptionalHeader),
    dll: (u16(head, at + FILE_HEADER.characteristics) & IMAGE_FILE_DLL) !== 0,
  };
}

interface DataDirectory {
  /** Where the directory entry itself is, for the reasons that name it. */
  at: number;
  rva: number;
  size: number;
}

interface OptionalHeader {
  format: 'PE32' | 'PE32+';
  subsystem: number;
  sizeOfHeaders: number;
  clrDirectory: DataDirectory | undefined;
}

function formatOfMagic(magic: number): 'PE32' | 'PE32+' | undefined {
  return magic === PE32_MAGIC ? 'PE32' : magic === PE32_PLUS_MAGIC ? 'PE32+' : undefined;
}

/** IMAGE_OPTIONAL_HEADER32 or 64, after the file header; SizeOfOptionalHeader says how long it is. */
function readOptionalHeader(head: Uint8Array, file: FileHeader): OptionalHeader | Failure {
  const at = file.at + FILE_HEADER_BYTES;
  const size = file.sizeOfOptionalHeader;
  const sizeAt = file.at + FILE_HEADER.sizeOfOptionalHeader;
  if (at + size > head.length) {
    return malformed(
      `the optional header at byte ${at} is cut: SizeOfOptionalHeader (byte ${sizeAt}) is ${size}, but only ${head.length} bytes were read`,
    );
  }
  if (size < MAGIC_BYTES) return malformed(`SizeOfOptionalHeader (byte ${sizeAt}) is ${size}, too small for the optional header's magic`);
  const magic = u16(head, at + OPTIONAL_HEADER.magic);
  const format = formatOfMagic(magic);
  if (format === undefined) {
    return malformed(
      `the optional header's magic (byte ${at}) is ${hex(magic)}, neither PE32 (${hex(PE32_MAGIC)}) nor PE32+ (${hex(PE32_PLUS_MAGIC)})`,
    );
  }
  const wordBits = MACHINES.get(file.machine)?.wordBits;
  if (wordBits !== undefined && wordBits !== FORMAT_BITS[format]) {
    return malformed(
      `the optional header's magic (byte ${at}) is ${hex(magic)} (${format}), but the machine ${machineNameOf(file.machine)} (${machineHex(file.machine)}, byte ${file.at}) is ${wordBits}-bit`,
    );
  }
  const layout = OPTIONAL_LAYOUT[format];
  if (size < layout.dataDirectories) {
    return malformed(
      `SizeOfOptionalHeader (byte ${sizeAt}) is ${size}, smaller than the ${layout.dataDirectories} bytes of a ${format} optional header before its data directories`,
    );
  }
  const countAt = at + layout.numberOfRvaAndSizes;
  const count = u32(head, countAt);
  const room = Math.floor((size - layout.dataDirectories) / DATA_DIRECTORY_BYTES);
  if (Math.min(count, MAX_DATA_DIRECTORIES) > room) {
    return malformed(
      `NumberOfRvaAndSizes (byte ${countAt}) is ${count}, but SizeOfOptionalHeader (byte ${sizeAt}) leaves room for ${room} data directories`,
    );
  }
  return {
    format,
    subsystem: u16(head, at + OPTIONAL_HEADER.subsystem),
    sizeOfHeaders: u32(head, at + OPTIONAL_HEADER.sizeOfHeaders),
    clrDirectory: count > CLR_RUNTIME_HEADER_DIRECTORY ? readClrDirectory(head, at + layout.dataDirectories) : undefined,
  };
}

/** The CLR runtime header's directory entry; the loaders take an RVA of 0 for no directory, whatever the size says. */
function readClrDirectory(head: Uint8Array, directoriesAt: number): DataDirectory | undefined {
  const at = directoriesAt + CLR_RUNTIME_HEADER_DIRECTORY * DATA_DIRECTORY_BYTES;
  const rva = u32(head, at + DATA_DIRECTORY.rva);
  return rva === 0 ? undefined : { at, rva, size: u32(head, at + DATA_DIRECTORY.size) };
}

interface Section {
  at: number;
  virtualAddress: number;
  /** How much of the address space it covers: VirtualSize, or SizeOfRawData where VirtualSize is 0. */
  virtualSpan: number;
  sizeOfRawData: number;
  pointerToRawData: number;
}

/** The section headers, right after the optional header. */
function readSectionTable(head: Uint8Array, file: FileHeader): Section[] | Failure {
  const at = file.at + FILE_HEADER_BYTES + file.sizeOfOptionalHeader;
  const count = file.numberOfSections;
  const bytes = count * SECTION_HEADER_BYTES;
  if (at + bytes > head.length) {
    const countAt = file.at + FILE_HEADER.numberOfSections;
    return malformed(
      `the section table at byte ${at} is cut: it needs ${bytes} bytes (NumberOfSections, byte ${countAt}, is ${count}), but only ${head.length} bytes were read`,
    );
  }
  const sections: Section[] = [];
  for (let i = 0; i < count; i++) {
    const s = at + i * SECTION_HEADER_BYTES;
    const virtualSize = u32(head, s + SECTION_HEADER.virtualSize);
    const sizeOfRawData = u32(head, s + SECTION_HEADER.sizeOfRawData);
    sections.push({
      at: s,
      virtualAddress: u32(head, s + SECTION_HEADER.virtualAddress),
      virtualSpan: virtualSize !== 0 ? virtualSize : sizeOfRawData,
      sizeOfRawData,
      pointerToRawData: u32(head, s + SECTION_HEADER.pointerToRawData),
    });
  }
  return sections;
}

/** The file offset of the COR20 header: through the section that holds its RVA, or in the headers, which are mapped at RVA 0. */
function locateClrHeader(directory: DataDirectory, sections: readonly Section[], sizeOfHeaders: number): number | Failure {
  if (directory.size < COR20_HEADER_BYTES) {
    return malformed(`the CLR directory (byte ${directory.at}) has size ${directory.size}, smaller than the ${COR20_HEADER_BYTES}-byte COR20 header`);
  }
  const { rva } = directory;
  const section = sections.find((s) => rva >= s.virtualAddress && rva - s.virtualAddress < s.virtualSpan);
  if (section === undefined) {
    if (rva + COR20_HEADER_BYTES <= sizeOfHeaders) return rva;
    return malformed(`the CLR directory's RVA ${hex(rva)} (byte ${directory.at}) lies in no section`);
  }
  const delta = rva - section.virtualAddress;
  // Past its raw data a section is zeros in memory: no runtime could read a header there.
  if (delta + COR20_HEADER_BYTES > section.sizeOfRawData) {
    return malformed(
      `the CLR header at RVA ${hex(rva)} (byte ${directory.at}) ends past the ${section.sizeOfRawData} bytes of raw data of the section at byte ${section.at}`,
    );
  }
  return section.pointerToRawData + delta;
}

/** IMAGE_COR20_HEADER.Flags, when the head reaches them. */
function readCor20Header(head: Uint8Array, at: number): ClrInfo {
  if (at + COR20_FLAGS_END > head.length) return { ilOnly: false, requires32Bit: false, prefers32Bit: false, headerRead: false };
  const flags = u32(head, at + COR20_FLAGS_OFFSET);
  // corhdr.h: 32BITREQUIRED alone is x86-only, both flags mean AnyCPU preferring 32-bit, 32BITPREFERRED alone is reserved.
  const pair = flags & (COMIMAGE_FLAGS_32BITREQUIRED | COMIMAGE_FLAGS_32BITPREFERRED);
  return {
    ilOnly: (flags & COMIMAGE_FLAGS_ILONLY) !== 0,
    requires32Bit: pair === COMIMAGE_FLAGS_32BITREQUIRED,
    prefers32Bit: pair === (COMIMAGE_FLAGS_32BITREQUIRED | COMIMAGE_FLAGS_32BITPREFERRED),
    headerRead: true,
  };
}

function machineNameOf(machine: number): string {
  return MACHINES.get(machine)?.name ?? `machine ${machineHex(machine)}`;
}

/** What processes can load the image. The magic has been checked against the machine, so a supported PE32 is x86. */
function bitnessOf(machine: number, format: 'PE32' | 'PE32+', clr: ClrInfo | undefined): Bitness | 'any' | undefined {
  if (!SUPPORTED_MACHINES.has(machine)) return undefined;
  if (format === 'PE32+') return 64;
  if (clr === undefined) return 32;
  if (!clr.headerRead) return undefined;
  // Only IL that does not insist on x86 runs in a 64-bit process; mixed-mode C++/CLI carries x86 code.
  return clr.ilOnly && !clr.requires32Bit ? 'any' : 32;
}

/** head = the first min(size, PE_HEAD_BYTES) bytes of the file. Never throws. */
export function classifyPayload(head: Uint8Array): PayloadClass {
  const peOffset = readDosHeader(head);
  if (isFailure(peOffset)) return peOffset;
  const file = readFileHeader(head, peOffset + PE_SIGNATURE.length);
  if (isFailure(file)) return file;
  const optional = readOptionalHeader(head, file);
  if (isFailure(optional)) return optional;
  const sections = readSectionTable(head, file);
  if (isFailure(sections)) return sections;
  let clr: ClrInfo | undefined;
  if (optional.clrDirectory !== undefined) {
    const cor20At = locateClrHeader(optional.clrDirectory, sections, optional.sizeOfHeaders);
    if (isFailure(cor20At)) return cor20At;
    clr = readCor20Header(head, cor20At);
  }
  return {
    kind: 'pe',
    machine: file.machine,
    machineName: machineNameOf(file.machine),
    supported: SUPPORTED_MACHINES.has(file.machine),
    format: optional.format,
    subsystem: optional.subsystem,
    driver: optional.subsystem === IMAGE_SUBSYSTEM_NATIVE,
    dll: file.dll,
    clr,
    bitness: bitnessOf(file.machine, optional.format, clr),
  };
}
