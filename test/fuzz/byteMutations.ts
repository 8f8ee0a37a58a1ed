// Mutations of raw bytes that know nothing of the format: the part of a fuzzer that finds what no grammar of the input
// thought of. Each returns new bytes and leaves its argument alone, and says what it did, for the failure's sidecar.
import type { Random } from './random';

export interface Mutated {
  bytes: Uint8Array;
  /** What was done, in a few words: kept in the sidecar of a failing input. */
  did: string;
}

export type ByteMutation = (bytes: Uint8Array, random: Random) => Mutated;

/** Compound-file sector ids with a meaning (ENDOFCHAIN, FREESECT, FATSECT, DIFSECT, MAXREGSECT) and integer edges. */
export const INTERESTING_32 = [
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x200, 0x1000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffa, 0xfffffffc, 0xfffffffd, 0xfffffffe,
  0xffffffff,
];
export const INTERESTING_16 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff];

export function setU16(bytes: Uint8Array, at: number, value: number): void {
  if (at < 0 || at + 2 > bytes.length) return;
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
}

export function setU32(bytes: Uint8Array, at: number, value: number): void {
  if (at < 0 || at + 4 > bytes.length) return;
  for (let b = 0; b < 4; b++) bytes[at + b] = (value >>> (8 * b)) & 0xff;
}

export function getU16(bytes: Uint8Array, at: number): number {
  return at >= 0 && at + 2 <= bytes.length ? bytes[at]! | (bytes[at + 1]! << 8) : 0;
}

export function getU32(bytes: Uint8Array, at: number): number {
  return at >= 0 && at + 4 <= bytes.length ? (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0 : 0;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A span [start, end) of at most `max` bytes, mostly short. */
function span(bytes: Uint8Array, random: Random, max = 64): [number, number] {
  const start = random.below(bytes.length);
  return [start, Math.min(bytes.length, start + 1 + random.size(max))];
}

const flipBits: ByteMutation = (bytes, random) => {
  const out = bytes.slice();
  const n = 1 + random.below(8);
  for (let i = 0; i < n && out.length > 0; i++) out[random.below(out.length)]! ^= 1 << random.below(8);
  return { bytes: out, did: `flip ${n} bits` };
};

const interesting: ByteMutation = (bytes, random) => {
  const out = bytes.slice();
  // Mostly aligned: the fields worth hitting are 2- and 4-byte integers at aligned offsets.
  const wide = random.chance(0.6);
  const at = random.below(out.length) & (random.chance(0.8) ? (wide ? ~3 : ~1) : ~0);
  const value = random.pick(wide ? INTERESTING_32 : INTERESTING_16);
  if (wide) setU32(out, at, value);
  else setU16(out, at, value);
  return { bytes: out, did: `write 0x${value.toString(16)} at ${at}` };
};

const truncate: ByteMutation = (bytes, random) => {
  const length = random.chance(0.5) ? random.below(bytes.length) : Math.max(0, bytes.length - 1 - random.size(4096));
  return { bytes: bytes.slice(0, length), did: `truncate to ${length}` };
};

const duplicate: ByteMutation = (bytes, random) => {
  const [start, end] = span(bytes, random, 1024);
  const at = random.below(bytes.length + 1);
  return { bytes: concat(bytes.subarray(0, at), bytes.subarray(start, end), bytes.subarray(at)), did: `copy ${start}..${end} to ${at}` };
};

const overwriteWithCopy: ByteMutation = (bytes, random) => {
  const [start, end] = span(bytes, random, 1024);
  const out = bytes.slice();
  const at = random.below(bytes.length);
  out.set(bytes.subarray(start, Math.min(end, start + out.length - at)), at);
  return { bytes: out, did: `overwrite at ${at} with ${start}..${end}` };
};

const remove: ByteMutation = (bytes, random) => {
  const [start, end] = span(bytes, random);
  return { bytes: concat(bytes.subarray(0, start), bytes.subarray(end)), did: `delete ${start}..${end}` };
};

const insertRandom: ByteMutation = (bytes, random) => {
  const at = random.below(bytes.length + 1);
  const chunk = Uint8Array.from({ length: 1 + random.size(32) }, () => random.below(256));
  return { bytes: concat(bytes.subarray(0, at), chunk, bytes.subarray(at)), did: `insert ${chunk.length} random bytes at ${at}` };
};

const fill: ByteMutation = (bytes, random) => {
  const [start, end] = span(bytes, random, 512);
  const value = random.pick([0, 0xff, random.below(256)]);
  const out = bytes.slice();
  out.fill(value, start, end);
  return { bytes: out, did: `fill ${start}..${end} with 0x${value.toString(16)}` };
};

export const BYTE_MUTATIONS: readonly ByteMutation[] = [
  flipBits,
  interesting,
  interesting,
  truncate,
  duplicate,
  overwriteWithCopy,
  remove,
  insertRandom,
  fill,
];

/** One mutation chosen from `mutations` (all of the above by default); an empty input only grows. */
export function mutateBytes(bytes: Uint8Array, random: Random, mutations: readonly ByteMutation[] = BYTE_MUTATIONS): Mutated {
  if (bytes.length === 0) return insertRandom(bytes, random);
  return random.pick(mutations)(bytes, random);
}
