// MSZIP's inflater (MS-MCI over RFC 1951): each block's deflate stream is decoded into one window that holds the 32 KB
// of output before it, so a folder is inflated with no allocation per block. Blocks that are long in compressed form
// go to node:zlib, which decodes them faster than this code; short ones, which zlib would cost more to set up for than
// to inflate (a stream, a copied dictionary and a fresh output buffer per call), are decoded here.
import { inflateRawSync } from 'node:zlib';

/** Deflate's window: how far back a block may refer, across as many blocks as that spans (MS-MCI 2.1). */
export const MSZIP_HISTORY = 32768;
/** CFDATA blocks hold at most 32 KB uncompressed (MS-CAB 2.4). */
export const MAX_BLOCK_UNCOMPRESSED = 32768;
/**
 * Compressed blocks up to this size are decoded here, longer ones by zlib. Measured over a folder in order: a 1.4 KB
 * block costs both about 35 µs; the 200-byte blocks of data that compresses 150:1 (padding, generated or repeated
 * files) cost this decoder 11 µs and zlib 70 µs, its fixed cost per call; a 14 KB block of machine code costs this
 * decoder 300 µs and zlib 90 µs.
 */
const OWN_DECODER_MAX_INPUT = 1024;
/** Room past a full block in zlib's output chunk, so that inflating a block never starts a second chunk. */
const INFLATE_SLACK = 64;

/** BTYPE (RFC 1951 3.2.3). */
const BLOCK_STORED = 0;
const BLOCK_FIXED = 1;
const BLOCK_DYNAMIC = 2;
const END_OF_BLOCK = 256;
/** Literal/length codes 0-285 and distance codes 0-29 are meaningful; 286, 287, 30 and 31 take part in the fixed codes only. */
const LITERAL_LENGTH_CODES = 288;
const DISTANCE_CODES = 32;
const CODE_LENGTH_CODES = 19;
const MAX_CODE_BITS = 15;
/** Codes up to this long are decoded by one table lookup; longer ones bit by bit. */
const LOOKUP_BITS = 9;
/** A match this short is copied byte by byte: cheaper than a call to copyWithin. */
const SHORT_COPY = 16;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order a dynamic block lists its code length code lengths in (RFC 1951 3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
/** Code length symbols 16 (repeat the previous 3-6 times), 17 (zeros 3-10 times), 18 (zeros 11-138 times). */
const REPEAT_PREVIOUS = 16;
const REPEAT_ZERO = 17;

/** Why a block did not inflate: 'refused' for damage or a reference past the history, 'oversized' for too much output. */
export type InflateFailure = 'refused' | 'oversized';

/**
 * A canonical Huffman code: `lookup` maps the next LOOKUP_BITS bits of input (first bit lowest) to the code's length
 * and symbol, or 0 when the code is longer; `counts` and `symbols` decode those bit by bit.
 */
class HuffmanCode {
  readonly counts = new Uint16Array(MAX_CODE_BITS + 1);
  readonly symbols: Uint16Array;
  readonly lookup = new Int32Array(1 << LOOKUP_BITS);
  private readonly offsets = new Uint16Array(MAX_CODE_BITS + 2);

  constructor(size: number) {
    this.symbols = new Uint16Array(size);
  }

  /**
   * Builds the code from `n` code lengths; false when they over-subscribe it, or leave it incomplete otherwise than
   * with no code or (`oneCodeAllowed`) a single 1-bit code, as zlib judges (RFC 1951 3.2.7 allows one distance code).
   */
  build(lengths: Uint8Array, n: number, oneCodeAllowed = true): boolean {
    const counts = this.counts;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[lengths[i]!] = counts[lengths[i]!]! + 1;
    counts[0] = 0;
    let left = 1;
    let used = 0;
    for (let len = 1; len <= MAX_CODE_BITS; len++) {
      left = (left << 1) - counts[len]!;
      if (left < 0) return false;
      used += counts[len]!;
    }
    if (left > 0 && used > 0 && !(oneCodeAllowed && used === 1 && counts[1] === 1)) return false;
    const offsets = this.offsets;
    offsets[1] = 0;
    for (let len = 1; len <= MAX_CODE_BITS; len++) offsets[len + 1] = offsets[len]! + counts[len]!;
    for (let i = 0; i < n; i++) {
      const len = lengths[i]!;
      if (len !== 0) this.symbols[offsets[len]!++] = i;
    }
    // Canonical codes in order, each entered under its bit-reversed form (deflate sends a code's first bit lowest).
    const lookup = this.lookup;
    lookup.fill(0);
    let code = 0;
    let index = 0;
    for (let len = 1; len <= LOOKUP_BITS; len++) {
      for (let k = 0; k < counts[len]!; k++, index++) {
        let reversed = 0;
        for (let b = 0; b < len; b++) reversed |= ((code >> b) & 1) << (len - 1 - b);
        const entry = (len << 16) | this.symbols[index]!;
        for (let fill = reversed; fill < 1 << LOOKUP_BITS; fill += 1 << len) lookup[fill] = entry;
        code++;
      }
      code <<= 1;
    }
    return true;
  }
}

/** The fixed codes' lengths (RFC 1951 3.2.6). */
function fixedLengths(): { literals: Uint8Array; distances: Uint8Array } {
  const literals = new Uint8Array(LITERAL_LENGTH_CODES);
  literals.fill(8, 0, 144);
  literals.fill(9, 144, 256);
  literals.fill(7, 256, 280);
  literals.fill(8, 280, 288);
  return { literals, distances: new Uint8Array(DISTANCE_CODES).fill(5) };
}

/**
 * Inflates a folder's MSZIP blocks in order. `block` returns a block's output, valid until the next call; `forget`
 * starts afresh (after skipped blocks, whose output the next block cannot refer to).
 */
export class MszipInflater {
  /** The history (the output before the current block, up to 32 KB) then the current block's output. */
  private readonly window = new Uint8Array(MSZIP_HISTORY + MAX_BLOCK_UNCOMPRESSED);
  private start = 0;
  private end = 0;
  private readonly literals = new HuffmanCode(LITERAL_LENGTH_CODES);
  private readonly distances = new HuffmanCode(DISTANCE_CODES);
  private readonly codeLengths = new HuffmanCode(CODE_LENGTH_CODES);
  private readonly lengths = new Uint8Array(LITERAL_LENGTH_CODES + DISTANCE_CODES);
  private readonly fixedLiterals = new HuffmanCode(LITERAL_LENGTH_CODES);
  private readonly fixedDistances = new HuffmanCode(DISTANCE_CODES);
  // Bit input: `bits` holds `bitCount` bits not yet used, first bit lowest; `at` is the next byte of `input`.
  private input: Uint8Array = new Uint8Array(0);
  private at = 0;
  private bits = 0;
  private bitCount = 0;
  /** Bits asked for past the input's end, read as zeros: the block is damaged if any is used. */
  private overrun = 0;

  /** `ownDecoderMaxInput`: the longest compressed block decoded here rather than by zlib (tests force either). */
  constructor(private readonly ownDecoderMaxInput = OWN_DECODER_MAX_INPUT) {
    const fixed = fixedLengths();
    this.fixedLiterals.build(fixed.literals, LITERAL_LENGTH_CODES);
    this.fixedDistances.build(fixed.distances, DISTANCE_CODES);
  }

  /** How much output the next block may refer to. */
  get historyLength(): number {
    return Math.min(this.end, MSZIP_HISTORY);
  }

  forget(): void {
    this.start = 0;
    this.end = 0;
  }

  /** One block's deflate stream (after its 'CK'): its output, which refers to the output of the blocks before it. */
  block(data: Uint8Array): Uint8Array | InflateFailure {
    // Keep the last 32 KB of output: the history of this block.
    const keep = Math.min(this.end, MSZIP_HISTORY);
    if (this.end > keep) this.window.copyWithin(0, this.end - keep, this.end);
    this.start = this.end = keep;
    const result = data.length <= this.ownDecoderMaxInput ? this.decode(data) : this.inflateWithZlib(data);
    if (result !== undefined) {
      this.end = this.start;
      return result;
    }
    return this.window.subarray(this.start, this.end);
  }

  private inflateWithZlib(data: Uint8Array): InflateFailure | undefined {
    let output: Uint8Array;
    try {
      // maxOutputLength stops a hostile block that would inflate to megabytes before zlib allocates them.
      const options = { chunkSize: MAX_BLOCK_UNCOMPRESSED + INFLATE_SLACK, maxOutputLength: MAX_BLOCK_UNCOMPRESSED };
      output = inflateRawSync(data, this.start > 0 ? { ...options, dictionary: this.window.subarray(0, this.start) } : options);
    } catch (e) {
      return (e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? 'oversized' : 'refused';
    }
    this.window.set(output, this.start);
    this.end = this.start + output.length;
    return undefined;
  }

  /** Decodes deflate blocks up to the final one into the window after the history; undefined when it did. */
  private decode(data: Uint8Array): InflateFailure | undefined {
    this.input = data;
    this.at = 0;
    this.bits = 0;
    this.bitCount = 0;
    this.overrun = 0;
    let last = false;
    while (!last) {
      last = this.take(1) === 1;
      const type = this.take(2);
      const failure =
        type === BLOCK_STORED
          ? this.stored()
          : type === BLOCK_FIXED
            ? this.codes(this.fixedLiterals, this.fixedDistances)
            : type === BLOCK_DYNAMIC
              ? this.dynamic()
              : 'refused';
      if (failure !== undefined) return failure;
      if (this.overrun > 0) return 'refused';
    }
    return undefined;
  }

  /** The next `n` bits (n <= 24), first bit lowest. */
  private take(n: number): number {
    while (this.bitCount < n) {
      if (this.at < this.input.length) this.bits |= this.input[this.at++]! << this.bitCount;
      else this.overrun += 8;
      this.bitCount += 8;
    }
    const value = this.bits & ((1 << n) - 1);
    this.bits >>>= n;
    this.bitCount -= n;
    return value;
  }

  private stored(): InflateFailure | undefined {
    if (this.overrun > 0) return 'refused';
    // The rest of the current byte is padding; LEN and NLEN follow on a byte boundary. Whole bytes a code lookup read
    // ahead are read again.
    this.at -= this.bitCount >>> 3;
    this.bits = 0;
    this.bitCount = 0;
    if (this.at + 4 > this.input.length) return 'refused';
    const input = this.input;
    const length = input[this.at]! | (input[this.at + 1]! << 8);
    const complement = input[this.at + 2]! | (input[this.at + 3]! << 8);
    this.at += 4;
    if (length !== (~complement & 0xffff)) return 'refused';
    if (this.at + length > input.length) return 'refused';
    if (this.end + length > this.start + MAX_BLOCK_UNCOMPRESSED) return 'oversized';
    this.window.set(input.subarray(this.at, this.at + length), this.end);
    this.at += length;
    this.end += length;
    return undefined;
  }

  private dynamic(): InflateFailure | undefined {
    const literalCount = this.take(5) + 257;
    const distanceCount = this.take(5) + 1;
    const codeLengthCount = this.take(4) + 4;
    if (literalCount > 286 || distanceCount > 30) return 'refused';
    const lengths = this.lengths;
    lengths.fill(0, 0, CODE_LENGTH_CODES);
    for (let i = 0; i < codeLengthCount; i++) lengths[CODE_LENGTH_ORDER[i]!] = this.take(3);
    if (!this.codeLengths.build(lengths, CODE_LENGTH_CODES, false)) return 'refused';
    // Literal/length and distance code lengths form one sequence, and a repeat may run from one into the other.
    const total = literalCount + distanceCount;
    let i = 0;
    while (i < total) {
      const symbol = this.symbol(this.codeLengths);
      if (symbol < 0) return 'refused';
      if (symbol < REPEAT_PREVIOUS) {
        lengths[i++] = symbol;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (symbol === REPEAT_PREVIOUS) {
        if (i === 0) return 'refused';
        value = lengths[i - 1]!;
        repeat = 3 + this.take(2);
      } else if (symbol === REPEAT_ZERO) {
        repeat = 3 + this.take(3);
      } else {
        repeat = 11 + this.take(7);
      }
      if (i + repeat > total) return 'refused';
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[END_OF_BLOCK] === 0) return 'refused';
    if (!this.literals.build(lengths, literalCount)) return 'refused';
    if (!this.distances.build(lengths.subarray(literalCount, total), distanceCount)) return 'refused';
    return this.codes(this.literals, this.distances);
  }

  /** The next symbol of `code`, or -1 when the input holds no code of it (damage, or the input's end). */
  private symbol(code: HuffmanCode): number {
    // Fill up to LOOKUP_BITS without consuming: at the input's end the missing bits read as zeros.
    while (this.bitCount < LOOKUP_BITS && this.at < this.input.length) {
      this.bits |= this.input[this.at++]! << this.bitCount;
      this.bitCount += 8;
    }
    const entry = code.lookup[this.bits & ((1 << LOOKUP_BITS) - 1)]!;
    if (entry !== 0) {
      const length = entry >>> 16;
      // The code runs past the input's end.
      if (length > this.bitCount) return -1;
      this.bits >>>= length;
      this.bitCount -= length;
      return entry & 0xffff;
    }
    // A longer code: canonical decoding, one bit at a time (RFC 1951 3.2.2).
    let first = 0;
    let index = 0;
    let codeBits = 0;
    for (let len = 1; len <= MAX_CODE_BITS; len++) {
      codeBits |= this.take(1);
      if (this.overrun > 0) return -1;
      const count = code.counts[len]!;
      if (codeBits - first < count) return code.symbols[index + codeBits - first]!;
      index += count;
      first = (first + count) << 1;
      codeBits <<= 1;
    }
    return -1;
  }

  private codes(literals: HuffmanCode, distances: HuffmanCode): InflateFailure | undefined {
    const window = this.window;
    const limit = this.start + MAX_BLOCK_UNCOMPRESSED;
    let end = this.end;
    for (;;) {
      const symbol = this.symbol(literals);
      if (symbol < 0) return 'refused';
      if (symbol < END_OF_BLOCK) {
        if (end >= limit) return 'oversized';
        window[end++] = symbol;
        continue;
      }
      if (symbol === END_OF_BLOCK) break;
      const lengthCode = symbol - 257;
      if (lengthCode >= LENGTH_BASE.length) return 'refused';
      const length = LENGTH_BASE[lengthCode]! + this.take(LENGTH_EXTRA[lengthCode]!);
      const distanceCode = this.symbol(distances);
      if (distanceCode < 0 || distanceCode >= DISTANCE_BASE.length) return 'refused';
      const distance = DISTANCE_BASE[distanceCode]! + this.take(DISTANCE_EXTRA[distanceCode]!);
      // Farther back than the history reaches: the block refers to output it was not given.
      if (distance > end || this.overrun > 0) return 'refused';
      if (end + length > limit) return 'oversized';
      if (length <= SHORT_COPY) {
        for (let from = end - distance, k = 0; k < length; k++) window[end++] = window[from++]!;
      } else if (distance >= length) {
        window.copyWithin(end, end - distance, end - distance + length);
        end += length;
      } else {
        // The match overlaps its own output: it repeats the last `distance` bytes, copied in spans that double.
        let left = length;
        let span = distance;
        while (left > 0) {
          const n = Math.min(left, span);
          window.copyWithin(end, end - span, end - span + n);
          end += n;
          left -= n;
          span += span;
        }
      }
    }
    this.end = end;
    return undefined;
  }
}
