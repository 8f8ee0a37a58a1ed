// Tests for MSI stream name compression: values taken from real packages, edge cases of the packing, round trips.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeStreamName, encodeStreamName } from '../../server/src/msi/streamNames';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._';

/** Names as wixl stores them, read from a package it built (code units as hex). */
const STORED: ReadonlyArray<{ units: number[]; name: string; isTable: boolean }> = [
  { units: [0x4840, 0x3f3f, 0x4577, 0x446c, 0x3b6a, 0x45e4, 0x4824], name: '_StringData', isTable: true },
  { units: [0x4840, 0x3f3f, 0x4577, 0x446c, 0x3e6a, 0x44b2, 0x482f], name: '_StringPool', isTable: true },
  { units: [0x4337, 0x4731, 0x41be, 0x4164], name: 'tiny.cab', isTable: false },
  { units: [0x4840, 0x430f, 0x422f], name: 'File', isTable: true },
];

const fromUnits = (units: number[]): string => String.fromCharCode(...units);

describe('decodeStreamName', () => {
  for (const { units, name, isTable } of STORED) {
    it(`decodes ${name} as wixl stores it`, () => {
      assert.deepEqual(decodeStreamName(fromUnits(units)), { name, isTable });
    });
  }

  it('leaves OLE names that are stored raw unchanged', () => {
    assert.deepEqual(decodeStreamName('\x05SummaryInformation'), { name: '\x05SummaryInformation', isTable: false });
    assert.deepEqual(decodeStreamName('\x05DigitalSignature'), { name: '\x05DigitalSignature', isTable: false });
  });

  it('treats U+4840 as the table marker only in first place', () => {
    assert.deepEqual(decodeStreamName('\u4840'), { name: '', isTable: true });
    assert.deepEqual(decodeStreamName('x\u4840'), { name: 'x\u4840', isTable: false });
    assert.deepEqual(decodeStreamName('\u4840\u4840'), { name: '\u4840', isTable: true });
  });

  it('decodes the ends of both packed ranges', () => {
    assert.deepEqual(decodeStreamName('\u3800'), { name: '00', isTable: false });
    assert.deepEqual(decodeStreamName('\u47ff'), { name: '__', isTable: false });
    assert.deepEqual(decodeStreamName('\u4800\u483f'), { name: '0_', isTable: false });
    assert.deepEqual(decodeStreamName('\u37ff'), { name: '\u37ff', isTable: false });
  });

  it('returns an empty name for an empty string', () => {
    assert.deepEqual(decodeStreamName(''), { name: '', isTable: false });
  });
});

describe('encodeStreamName', () => {
  for (const { units, name, isTable } of STORED) {
    it(`encodes ${name} as wixl stores it`, () => {
      assert.equal(encodeStreamName(name, isTable), fromUnits(units));
    });
  }

  it('packs a lone character before an uncompressible one, or at the end, on its own', () => {
    assert.equal(encodeStreamName('A', false), '\u480a');
    assert.equal(encodeStreamName('a-b', false), '\u4824-\u4825');
    assert.equal(encodeStreamName('abc', false), fromUnits([0x3800 + (37 << 6) + 36, 0x4800 + 38]));
  });

  it('keeps characters outside the alphabet, including non-BMP ones, as they are', () => {
    assert.equal(encodeStreamName('-é 😀', false), '-é 😀');
  });

  it('encodes the empty name as nothing, or the bare prefix for a table', () => {
    assert.equal(encodeStreamName('', false), '');
    assert.equal(encodeStreamName('', true), '\u4840');
  });

  it('round-trips every pair of alphabet characters', () => {
    for (const a of ALPHABET) {
      for (const b of ALPHABET) {
        const encoded = encodeStreamName(a + b, false);
        assert.equal(encoded.length, 1);
        assert.deepEqual(decodeStreamName(encoded), { name: a + b, isTable: false });
      }
    }
  });

  it('round-trips table and stream names of any length and mixture', () => {
    const names = ['Binary.Icon1', 'Property', 'File', '_Validation', 'a', 'ab.c_d-e', 'x y', 'Ünïcödé.dll', 'Registry.reg1.64', '1'];
    for (const name of names) {
      for (const isTable of [true, false]) {
        assert.deepEqual(decodeStreamName(encodeStreamName(name, isTable)), { name, isTable });
      }
    }
  });
});
