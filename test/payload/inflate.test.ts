// MszipInflater: its own deflate decoder and zlib give a folder's exact bytes, block after block with the history
// between them, for every block type zlib writes (stored, fixed, dynamic) and data from random to highly repetitive;
// a reference past the history, too much output and damaged blocks give a failure, never an exception.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { constants, deflateRawSync } from 'node:zlib';
import { MAX_BLOCK_UNCOMPRESSED, MSZIP_HISTORY, MszipInflater } from '../../server/src/payload/inflate';
import { Random } from '../fuzz/random';

/** Decoder choices: everything by its own decoder, everything by zlib, and the product's split by compressed size. */
const OWN = Number.POSITIVE_INFINITY;
const ZLIB = -1;
const DECODERS = [
  ['own decoder', OWN],
  ['zlib', ZLIB],
  ['by size', undefined],
] as const;

/** `data` cut into blocks of `sizes` (the last repeated), each deflated with the 32 KB of data before it as dictionary. */
function mszipBlocks(
  data: Uint8Array,
  options: { level?: number; strategy?: number } = {},
  sizes: number[] = [MAX_BLOCK_UNCOMPRESSED],
): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)]!;
    const chunk = data.subarray(at, Math.min(data.length, at + size));
    const history = data.subarray(Math.max(0, at - MSZIP_HISTORY), at);
    blocks.push(deflateRawSync(chunk, history.length > 0 ? { ...options, dictionary: history } : options));
    at += chunk.length;
  }
  return blocks;
}

/** Runs of random bytes (from an alphabet of `alphabet` symbols) and copies from up to 32 KB back, of 3 to 300 bytes. */
function sample(random: Random, length: number, literalShare: number, alphabet = 256): Uint8Array {
  const out = new Uint8Array(length);
  let i = 0;
  while (i < length) {
    if (i === 0 || random.below(1000) < literalShare * 1000) {
      for (let n = random.between(1, 40); n > 0 && i < length; n--) out[i++] = random.below(alphabet);
    } else {
      const distance = random.between(1, Math.min(i, MSZIP_HISTORY));
      for (let n = random.between(3, 300); n > 0 && i < length; n--, i++) out[i] = out[i - distance]!;
    }
  }
  return out;
}

/** Packs [value, bit count] fields first bit lowest, as deflate does. */
function bits(...fields: (readonly [number, number])[]): Uint8Array {
  const out: number[] = [];
  let bit = 0;
  for (const [value, count] of fields) {
    for (let b = 0; b < count; b++, bit++) {
      if (bit % 8 === 0) out.push(0);
      out[out.length - 1]! |= ((value >> b) & 1) << (bit % 8);
    }
  }
  return Uint8Array.from(out);
}

function inflateAll(blocks: Uint8Array[], maxOwn: number | undefined): Uint8Array {
  const inflater = new MszipInflater(maxOwn);
  const parts: number[] = [];
  for (const [i, block] of blocks.entries()) {
    const out = inflater.block(block);
    assert.ok(typeof out !== 'string', `block ${i}: ${String(out)}`);
    parts.push(...out);
  }
  return Uint8Array.from(parts);
}

describe('MszipInflater', () => {
  const random = new Random(0x1f2e3d4c);
  const kinds = [
    ['random bytes', sample(random, 100_000, 1)],
    ['mostly copies', sample(random, 150_000, 0.05)],
    ['text-like', sample(random, 120_000, 0.3, 26)],
    ['one byte repeated', new Uint8Array(70_000).fill(0x41)],
    ['a period of 3', Uint8Array.from({ length: 70_000 }, (_, i) => i % 3)],
  ] as const;
  const strategies = [
    ['default', constants.Z_DEFAULT_STRATEGY],
    ['fixed codes', constants.Z_FIXED],
    ['Huffman only', constants.Z_HUFFMAN_ONLY],
    ['run lengths', constants.Z_RLE],
  ] as const;

  for (const [decoder, maxOwn] of DECODERS) {
    it(`${decoder}: gives every folder's bytes, for each kind of data, strategy and level`, () => {
      for (const [kind, data] of kinds) {
        for (const [strategy, code] of strategies) {
          for (const level of [0, 1, 6, 9]) {
            const blocks = mszipBlocks(data, { level, strategy: code });
            assert.deepEqual(inflateAll(blocks, maxOwn), data, `${kind}, ${strategy}, level ${level}`);
          }
        }
      }
    });

    it(`${decoder}: short blocks mid-folder, whose history reaches back across several blocks`, () => {
      const data = sample(new Random(7), 200_000, 0.1);
      const blocks = mszipBlocks(data, {}, [MAX_BLOCK_UNCOMPRESSED, 1000, 300, 5000, 20, MAX_BLOCK_UNCOMPRESSED, 777, MAX_BLOCK_UNCOMPRESSED]);
      assert.deepEqual(inflateAll(blocks, maxOwn), data);
    });

    it(`${decoder}: a stored block after a compressed one in the same block (as a sync flush writes)`, () => {
      const random = new Random(13);
      // The second part is one byte repeated: its codes are a bit or two long, so the decoder has read ahead of the
      // stored block's header by more than a byte.
      const parts = [sample(random, 3000, 0.2, 26), new Uint8Array(3000).fill(7), sample(random, 200, 1), sample(random, 5000, 0.1)];
      for (const level of [1, 6]) {
        // Each part ends in a sync flush (an empty stored block) but the last; a part refers only to itself.
        const flushed = parts.map((p, i) => deflateRawSync(p, i < parts.length - 1 ? { level, finishFlush: constants.Z_SYNC_FLUSH } : { level }));
        const block = Uint8Array.from(flushed.flatMap((f) => [...f]));
        // Stored parts too: zlib at level 0 between compressed ones.
        const mixed = Uint8Array.from([
          ...flushed[0]!,
          ...flushed[1]!,
          ...deflateRawSync(parts[2]!, { level: 0, finishFlush: constants.Z_SYNC_FLUSH }),
          ...flushed[3]!,
        ]);
        for (const data of [block, mixed]) {
          const out = new MszipInflater(maxOwn).block(data);
          assert.ok(typeof out !== 'string', String(out));
          assert.deepEqual(out, Uint8Array.from(parts.flatMap((p) => [...p])), `level ${level}`);
        }
      }
    });

    it(`${decoder}: refuses a block that refers to output before the history it has`, () => {
      const data = sample(new Random(11), 3 * MAX_BLOCK_UNCOMPRESSED, 0.02);
      const blocks = mszipBlocks(data);
      const inflater = new MszipInflater(maxOwn);
      assert.equal(inflater.block(blocks[1]!), 'refused');
      // After forget(), the same: the block before is no longer its history.
      assert.ok(typeof inflater.block(blocks[0]!) !== 'string');
      inflater.forget();
      assert.equal(inflater.historyLength, 0);
      assert.equal(inflater.block(blocks[1]!), 'refused');
    });

    it(`${decoder}: a block that inflates past 32 KB is oversized`, () => {
      const zeros = deflateRawSync(new Uint8Array(MAX_BLOCK_UNCOMPRESSED + 1));
      assert.equal(new MszipInflater(maxOwn).block(zeros), 'oversized');
      const stored = deflateRawSync(sample(new Random(3), MAX_BLOCK_UNCOMPRESSED + 100, 1), { level: 0 });
      assert.equal(new MszipInflater(maxOwn).block(stored), 'oversized');
      const exact = new MszipInflater(maxOwn).block(deflateRawSync(new Uint8Array(MAX_BLOCK_UNCOMPRESSED)));
      assert.ok(typeof exact !== 'string' && exact.length === MAX_BLOCK_UNCOMPRESSED);
    });
  }

  it('the own decoder refuses what is not deflate: reserved block type, bad stored length, truncation, over-subscribed codes', () => {
    const own = () => new MszipInflater(OWN);
    assert.equal(own().block(Uint8Array.of(0b111)), 'refused', 'BTYPE 3');
    assert.equal(own().block(Uint8Array.of(0b001, 5, 0, 5, 0, 1, 2, 3, 4, 5)), 'refused', 'NLEN is not the complement of LEN');
    assert.equal(own().block(Uint8Array.of(0b001, 5, 0, 0xfa, 0xff, 1, 2)), 'refused', 'a stored block past the input');
    assert.equal(own().block(new Uint8Array(0)), 'refused', 'no input');
    const text = deflateRawSync(sample(new Random(5), 5000, 0.3, 26));
    for (let cut = 0; cut < text.length; cut++) assert.equal(own().block(text.subarray(0, cut)), 'refused', `cut at ${cut}`);
    // A dynamic block whose code length code gives all 19 symbols a 1-bit code: over-subscribed.
    const dynamicHeader = (codeLengths: number[]) =>
      [[1, 1], [2, 2], [0, 5], [0, 5], [codeLengths.length - 4, 4], ...codeLengths.map((l) => [l, 3] as const)] as const;
    assert.equal(own().block(bits(...dynamicHeader(new Array(19).fill(1)))), 'refused');
    // A complete code (symbols 15 and 16, listed first and last, 1 bit each), whose first code length is 16 ('repeat
    // the previous') with none before it.
    const repeatFirst = dynamicHeader([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.equal(own().block(bits(...repeatFirst, [1, 1], [0, 2])), 'refused');
    // The same header sending symbol 15 first decodes on (and then runs out of input).
    assert.equal(own().block(bits(...repeatFirst, [0, 1])), 'refused');
  });

  it('the own decoder reads a stored block after codes a bit long, whose decoding read ahead of its header', () => {
    /** A Huffman code, sent first bit first. */
    const code = (value: number, length: number) => {
      let reversed = 0;
      for (let b = 0; b < length; b++) reversed |= ((value >> b) & 1) << (length - 1 - b);
      return [reversed, length] as const;
    };
    // Code length code: symbols 0, 1, 17 and 18 get 2-bit codes 00, 01, 10, 11 (listed in CODE_LENGTH_ORDER).
    const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    const codeLengthLengths = order.map((symbol) => ([0, 1, 17, 18].includes(symbol) ? 2 : 0));
    const [zero, one, zeros11] = [code(0, 2), code(1, 2), code(3, 2)];
    // However many bits the header leaves in the decoder's hands, some count of 'A's makes it more than a byte.
    for (let count = 0; count < 16; count++) {
      const block = bits(
        [0, 1], // not the last block
        [2, 2], // dynamic
        [0, 5], // 257 literal/length codes
        [0, 5], // 1 distance code
        [15, 4], // 19 code length code lengths
        ...codeLengthLengths.map((l) => [l, 3] as const),
        // 'A' (65) and end of block (256) get 1-bit codes, everything else none; the one distance code none.
        zeros11,
        [65 - 11, 7],
        one,
        zeros11,
        [138 - 11, 7],
        zeros11,
        [52 - 11, 7],
        one,
        zero,
        // 'A' as many times as `count`, then end of block: a bit each.
        ...new Array<readonly [number, number]>(count).fill(code(0, 1)),
        code(1, 1),
        // The last block, stored: 'xyz'.
        [1, 1],
        [0, 2],
      );
      const stored = Uint8Array.from([...block, 3, 0, 0xfc, 0xff, ...new TextEncoder().encode('xyz')]);
      for (const maxOwn of [OWN, ZLIB]) {
        const out = new MszipInflater(maxOwn).block(stored);
        assert.ok(typeof out !== 'string', `${count}: ${String(out)}`);
        assert.equal(new TextDecoder().decode(out), `${'A'.repeat(count)}xyz`);
      }
    }
  });

  it('damaged blocks give the output or a failure, never an exception, with either decoder', () => {
    const random = new Random(0x5eed);
    const data = sample(random, 6 * MAX_BLOCK_UNCOMPRESSED, 0.1);
    const blocks = mszipBlocks(data, {}, [MAX_BLOCK_UNCOMPRESSED, 400, MAX_BLOCK_UNCOMPRESSED]);
    let refused = 0;
    for (let trial = 0; trial < 400; trial++) {
      const which = random.below(blocks.length);
      const damaged = Uint8Array.from(blocks[which]!);
      for (let flips = random.between(1, 3); flips > 0; flips--) damaged[random.below(damaged.length)]! ^= 1 << random.below(8);
      for (const maxOwn of [OWN, ZLIB]) {
        const inflater = new MszipInflater(maxOwn);
        for (let i = 0; i < which; i++) inflater.block(blocks[i]!);
        const out = inflater.block(damaged);
        if (typeof out === 'string') refused++;
        else assert.ok(out.length <= MAX_BLOCK_UNCOMPRESSED);
      }
    }
    // Damage is seen as such most of the time (a flipped bit in a literal's code can still decode).
    assert.ok(refused > 200, `${refused} of 800 refused`);
  });
});
