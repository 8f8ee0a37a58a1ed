// The preprocessor's condition language.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { evaluateCondition } from '../../server/src/wix/expression';

const vars: Record<string, string> = { 'var.Arch': 'x64', 'var.Num': '10', 'sys.BUILDARCH': 'arm64', 'var.Empty': '' };
const lookup = (ref: string) => vars[ref];

describe('evaluateCondition', () => {
  const table: [string, boolean][] = [
    ['$(var.Arch) = x64', true],
    ['$(var.Arch) = "x64"', true],
    ['$(var.Arch) = X64', false],
    ['$(var.Arch) ~= X64', true],
    ['$(var.Arch) != x64', false],
    ['$(var.Arch) <> x86', true],
    ['$(var.Num) < 9', false],
    ['$(var.Num) > 9', true],
    ['$(var.Num) >= 10 AND $(var.Num) <= 10', true],
    ['$(var.Arch) = x86 OR $(sys.BUILDARCH) = arm64', true],
    ['$(var.Arch) = x86 or $(sys.BUILDARCH) = arm64 and $(var.Num) = 1', false],
    ['NOT $(var.Arch) = x86', true],
    ['not ($(var.Arch) = x64 OR $(var.Arch) = x86)', false],
    ['$(var.Arch)', true],
    ['$(var.Missing)', false],
    ['NOT $(var.Missing)', true],
    ['$(var.Empty) = ""', true],
  ];
  for (const [expr, expected] of table) {
    it(`${expr} -> ${expected}`, () => assert.equal(evaluateCondition(expr, lookup), expected));
  }

  it('rejects malformed conditions with a reason', () => {
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['$(var.Arch) =', /ends too early/],
      ['($(var.Arch) = x64', /'\(' is not closed/],
      ['x64', /expected a comparison after 'x64'/],
      ['$(var.Missing) = 1', /undefined preprocessor variable '\$\(var.Missing\)'/],
      ['"open', /quoted string is not closed/],
      ['$(var.Arch) = x64 x86', /unexpected 'x86'/],
    ];
    for (const [expr, why] of bad) assert.throws(() => evaluateCondition(expr, lookup), why, expr);
  });
});
