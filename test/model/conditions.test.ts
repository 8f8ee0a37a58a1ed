// When two component conditions can never hold together.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { mutuallyExclusive } from '../../server/src/model/conditions';

describe('mutuallyExclusive', () => {
  const exclusive: [string, string][] = [
    ['VersionNT64', 'NOT VersionNT64'],
    ['NOT VersionNT64', 'VersionNT64'],
    ['Msix64', 'NOT Msix64'],
    ['VersionNT64 >= 601', 'NOT VersionNT64'],
    ['(VersionNT64)', '(NOT VersionNT64) AND (NOT Msix64)'],
    ['VersionNT64 AND INSTALLSHELL = "1"', 'NOT VersionNT64'],
    ['VersionNT64 OR Msix64', 'NOT VersionNT64 AND NOT Msix64'],
    ['VersionNT64 <> ""', 'not VersionNT64'],
  ];
  for (const [a, b] of exclusive) it(`${a}  |  ${b}: never together`, () => assert.equal(mutuallyExclusive(a, b), true));

  const compatible: [string | undefined, string | undefined][] = [
    ['VersionNT64', 'VersionNT64'],
    ['VersionNT64', undefined],
    [undefined, 'NOT VersionNT64'],
    ['VersionNT64', ''],
    ['VersionNT64 >= 601', 'VersionNT64 < 601'],
    ['VersionNT', 'NOT VersionNT64'],
    ['VersionNT64 OR INSTALLSHELL', 'NOT VersionNT64'],
    ['VersionNT64 AND', 'NOT VersionNT64'],
    ['"unclosed', 'NOT VersionNT64'],
  ];
  for (const [a, b] of compatible) {
    it(`${a}  |  ${b}: may install together`, () => assert.equal(mutuallyExclusive(a, b), false));
  }
});
