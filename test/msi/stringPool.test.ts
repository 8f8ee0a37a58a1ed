// Tests for the string pool on hand-built bytes: reference widths, code pages, long strings, unused ids, damage.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseStringPool, textDecoderFor } from '../../server/src/msi/stringPool';

/** Little-endian u16 words, as _StringPool stores them. */
function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    out[i * 2] = v & 0xff;
    out[i * 2 + 1] = v >>> 8;
  });
  return out;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('string pool header', () => {
  it('reads the code page and 2-byte references when the flag is clear', () => {
    const pool = parseStringPool(words(1252, 0, 3, 1, 2, 4), ascii('abcde'));
    assert.equal(pool.codepage, 1252);
    assert.equal(pool.refWidth, 2);
    assert.equal(pool.idCount, 3);
    assert.equal(pool.get(1), 'abc');
    assert.equal(pool.get(2), 'de');
    assert.equal(pool.refcount(1), 1);
    assert.equal(pool.refcount(2), 4);
    assert.deepEqual(pool.warnings, []);
  });

  it('switches to 3-byte references on bit 0x8000 of the second word, without it leaking into the code page', () => {
    const pool = parseStringPool(words(1252, 0x8000, 1, 1), ascii('x'));
    assert.equal(pool.refWidth, 3);
    assert.equal(pool.codepage, 1252);
  });

  it('takes the code page high bits from the second word (65001 fits in the first)', () => {
    assert.equal(parseStringPool(words(0xfde9, 0x8000), new Uint8Array(0)).codepage, 65001);
    assert.equal(parseStringPool(words(0x0001, 0x0002), new Uint8Array(0)).codepage, 0x20001);
  });

  it('has no strings for id 0 or ids past the end', () => {
    const pool = parseStringPool(words(1252, 0, 1, 1), ascii('a'));
    assert.equal(pool.get(0), undefined);
    assert.equal(pool.get(2), undefined);
    assert.equal(pool.get(-1), undefined);
    assert.equal(pool.get(1.5), undefined);
  });

  it('reads an empty or header-only pool as no strings', () => {
    assert.equal(parseStringPool(words(1252, 0), new Uint8Array(0)).idCount, 1);
    const tiny = parseStringPool(Uint8Array.of(1, 2), new Uint8Array(0));
    assert.equal(tiny.idCount, 1);
    assert.match(tiny.warnings.join(), /shorter than its 4-byte header/);
  });
});

describe('string pool entries', () => {
  it('keeps the numbering across unused (0, 0) ids', () => {
    const pool = parseStringPool(words(1252, 0, 2, 1, 0, 0, 0, 0, 3, 2), ascii('abxyz'));
    assert.equal(pool.get(1), 'ab');
    assert.equal(pool.get(2), undefined);
    assert.equal(pool.get(3), undefined);
    assert.equal(pool.get(4), 'xyz');
    assert.equal(pool.idCount, 5);
    assert.deepEqual(pool.warnings, []);
  });

  it('reads a string of 64 KiB or more from (0, length high) + (length low, refcount), one id for two slots', () => {
    const long = 'L'.repeat(70000); // 0x11170: high word 1, low word 0x1170
    const pool = parseStringPool(words(1252, 0, 0, 1, 0x1170, 7, 2, 1), ascii(long + 'ok'));
    assert.equal(pool.get(1), long);
    assert.equal(pool.refcount(1), 7);
    assert.equal(pool.get(2), 'ok');
    assert.equal(pool.idCount, 3);
    assert.deepEqual(pool.warnings, []);
  });

  it('reads long strings the other way round only when that alone adds up to the string data', () => {
    // (0, 7) (0x1170, 1): as (0, high) (low, refcount) it claims 7 * 64 KiB; as (0, refcount) (low, high) it fits.
    const long = 'W'.repeat(70000);
    const pool = parseStringPool(words(1252, 0, 0, 7, 0x1170, 1, 2, 1), ascii(long + 'ok'));
    assert.equal(pool.get(1), long);
    assert.equal(pool.refcount(1), 7);
    assert.equal(pool.get(2), 'ok');
    assert.match(pool.warnings.join(), /stores its long strings as \(0, refcount\) \(length low, length high\)/);
  });

  it('keeps the usual layout when neither layout adds up, truncating with a warning', () => {
    const pool = parseStringPool(words(1252, 0, 0, 2, 0x1170, 1), ascii('short'));
    assert.equal(pool.get(1), 'short');
    assert.match(pool.warnings.join(), /string 1 needs bytes 0\.\.135536/);
  });

  it('reads exactly 64 KiB as a long string too', () => {
    const text = 'z'.repeat(0x10000);
    const pool = parseStringPool(words(1252, 0, 0, 1, 0, 3), ascii(text));
    assert.equal(pool.get(1)?.length, 0x10000);
  });

  it('warns when the pool ends inside a long-string entry', () => {
    const pool = parseStringPool(words(1252, 0, 1, 1, 0, 1), ascii('a'));
    assert.equal(pool.get(1), 'a');
    assert.equal(pool.get(2), undefined);
    assert.match(pool.warnings.join(), /ends in the middle of the entry for the long string with id 2/);
  });

  it('ignores a trailing partial entry with a warning', () => {
    const pool = parseStringPool(Uint8Array.from([...words(1252, 0, 1, 1), 9, 9]), ascii('a'));
    assert.equal(pool.get(1), 'a');
    assert.match(pool.warnings.join(), /not a whole number of 4-byte entries/);
  });

  it('truncates strings that run past the string data, and warns once', () => {
    const pool = parseStringPool(words(1252, 0, 2, 1, 5, 1, 3, 1), ascii('abcd'));
    assert.equal(pool.get(1), 'ab');
    assert.equal(pool.get(2), 'cd');
    assert.equal(pool.get(3), '');
    assert.equal(pool.warnings.length, 1);
    assert.match(pool.warnings[0]!, /more text than the 4 bytes of string data: string 2/);
  });

  it('stays bounded when lengths claim gigabytes', () => {
    // Every entry is a "long string" of ~4 GiB over 3 bytes of data.
    const entries: number[] = [];
    for (let i = 0; i < 1000; i++) entries.push(0, 0xffff, 0xffff, 1);
    const pool = parseStringPool(words(1252, 0, ...entries), ascii('abc'));
    assert.equal(pool.idCount, 1001);
    assert.equal(pool.get(1), 'abc');
    assert.equal(pool.get(1000), '');
  });

  it('warns about string data no entry uses', () => {
    const pool = parseStringPool(words(1252, 0, 1, 1), ascii('abc'));
    assert.match(pool.warnings.join(), /2 bytes that no string of the pool uses/);
  });
});

describe('code pages', () => {
  it('decodes Windows-1252, including 0x80-0x9F, and keeps its holes as the same code points', () => {
    const bytes = Uint8Array.of(0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f, 0x81, 0x8d, 0xff);
    const pool = parseStringPool(words(1252, 0, bytes.length, 1), bytes);
    assert.equal(pool.get(1), 'Café €…‘’“”–—™Ÿ\u0081\u008dÿ');
  });

  it("reads code page 0 (the builder's ANSI code page) as Windows-1252", () => {
    const pool = parseStringPool(words(0, 0, 2, 1), Uint8Array.of(0x80, 0xe9));
    assert.equal(pool.get(1), '€é');
    assert.deepEqual(pool.warnings, []);
  });

  it('decodes code page 65001 as UTF-8, slicing by byte lengths', () => {
    const first = Buffer.from('Grüße ✓', 'utf8');
    const second = Buffer.from('日本', 'utf8');
    const pool = parseStringPool(words(65001, 0, first.length, 1, second.length, 1), Uint8Array.from(Buffer.concat([first, second])));
    assert.equal(pool.get(1), 'Grüße ✓');
    assert.equal(pool.get(2), '日本');
  });

  it('falls back to Windows-1252 for an unknown code page, with a warning', () => {
    const pool = parseStringPool(words(12345, 0, 1, 1), Uint8Array.of(0x80));
    assert.equal(pool.get(1), '€');
    assert.match(pool.warnings.join(), /code page 12345 is not supported/);
  });

  it('decodes other Windows code pages when Node has the ICU data for them', () => {
    const cp1251 = textDecoderFor(1251);
    if (cp1251.exact) assert.equal(cp1251.decode(Uint8Array.of(0xcf, 0xf0, 0xe8)), 'При');
    const sjis = textDecoderFor(932);
    if (sjis.exact) assert.equal(sjis.decode(Uint8Array.of(0x93, 0xfa, 0x96, 0x7b)), '日本');
  });

  it('decodes long Windows-1252 strings without exhausting the argument list', () => {
    const bytes = new Uint8Array(200_000).fill(0x80);
    assert.equal(textDecoderFor(1252).decode(bytes), '€'.repeat(200_000));
  });
});
