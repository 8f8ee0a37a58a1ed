// The preprocessor's condition language, as WiX's Preprocessor.cs evaluates it (v3 and v4 differ where noted).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { evaluateCondition, type Operand, type OperandResolver } from '../../server/src/wix/expression';

const vars: Record<string, string> = {
  'var.Arch': 'x64',
  'var.Num': '10',
  'sys.BUILDARCH': 'arm64',
  'var.Empty': '',
  'var.Zero': '0',
  'var.No': 'no',
  'var.Yes': 'yes',
};
const unknown = new Set(['var.Target.TargetDir', 'fun.AutoVersion(1.0)']);
const tainted: Record<string, string[]> = { 'var.Tainted': ['var.Platform'] };

const resolver: OperandResolver = {
  variable(written) {
    const ref = written.slice(2, -1);
    if (unknown.has(ref)) return { value: undefined, unknown: true };
    const value = vars[ref] ?? (ref in tainted ? 'x' : undefined);
    const o: Operand = { value };
    return ref in tainted ? { ...o, assumed: tainted[ref]! } : o;
  },
  quoted(text) {
    const missing = [...text.matchAll(/\$\(([^)]+)\)/g)].map((m) => m[1]!).filter((r) => !(r in vars));
    if (missing.length > 0) return { value: undefined, assumed: missing };
    return { value: text.replace(/\$\(([^)]+)\)/g, (_, r: string) => vars[r]!) };
  },
};

const v4 = (text: string) => evaluateCondition(text, resolver, { version: 4 });
const v3 = (text: string) => evaluateCondition(text, resolver, { version: 3 });

describe('evaluateCondition', () => {
  const table: [string, boolean][] = [
    ['$(var.Arch) = x64', true],
    ['$(var.Arch) == x64', true],
    ['$(var.Arch) = "x64"', true],
    ['$(var.Arch) = " x64 "', true],
    ['$(var.Arch) = X64', false],
    ['$(var.Arch) ~= X64', true],
    ['$(var.Arch) != x64', false],
    ['$(var.Num) < 9', false],
    ['$(var.Num) > 9', true],
    ['$(var.Num) >= 10 AND $(var.Num) <= 10', true],
    ['$(var.Arch) = x86 OR $(sys.BUILDARCH) = arm64', true],
    ['$(var.Arch) = "$(var.Arch)"', true],
    // AND and OR apply left to right: (false or true) and false.
    ['$(var.Arch) = x86 or $(sys.BUILDARCH) = arm64 and $(var.Num) = 1', false],
    // (true or false) and true, where precedence would give the same; here it differs: (true or x) and false.
    ['$(var.Arch) = x64 or $(var.Num) = 10 and $(var.Num) = 1', false],
    // A NOT takes in the rest of its group: true and ((not true) or true).
    ['$(var.Arch) = x64 and not $(var.Num) = 10 or $(var.Num) = 10', true],
    ['NOT $(var.Arch) = x86', true],
    ['not ($(var.Arch) = x64 OR $(var.Arch) = x86)', false],
    ['$(var.Arch)', true],
    ['$(var.Empty) = ""', true],
  ];
  for (const [expr, expected] of table) {
    it(`${expr} -> ${expected}`, () => assert.deepEqual(v4(expr), { value: expected, assumed: [], missing: [] }));
  }

  it('reads a lone defined variable as a truth test in WiX v4 and as true in WiX v3', () => {
    for (const name of ['Empty', 'Zero', 'No']) {
      assert.equal(v4(`$(var.${name})`).value, false, name);
      assert.equal(v3(`$(var.${name})`).value, true, name);
    }
    assert.equal(v4('$(var.Yes)').value, true);
  });

  it('takes a comparison with an undefined variable as false and names it, as one the build must define', () => {
    assert.deepEqual(v4('$(var.Platform) = x64'), { value: false, assumed: ['var.Platform'], missing: ['var.Platform'] });
    assert.deepEqual(v4('NOT $(var.Platform) = x64'), { value: true, assumed: ['var.Platform'], missing: ['var.Platform'] });
    assert.deepEqual(v4('$(var.Missing)'), { value: false, assumed: ['var.Missing'], missing: ['var.Missing'] });
    assert.deepEqual(v4('$(var.Arch) = "$(var.Missing)"'), { value: false, assumed: ['var.Missing'], missing: [] });
  });

  it('takes a comparison with a value only the build knows as false without calling it undefined', () => {
    assert.deepEqual(v4('$(var.Target.TargetDir) = x'), { value: false, assumed: ['var.Target.TargetDir'], missing: [] });
    assert.deepEqual(v4('$(fun.AutoVersion(1.0)) != 1'), { value: false, assumed: ['fun.AutoVersion(1.0)'], missing: [] });
  });

  it('passes on what a value rests on', () => {
    assert.deepEqual(v4('$(var.Tainted) = x'), { value: true, assumed: ['var.Platform'], missing: [] });
  });

  it('rejects malformed conditions with a reason', () => {
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['$(var.Arch) =', /ends too early/],
      ['($(var.Arch) = x64', /'\(' is not closed/],
      ['x64', /expected a comparison after 'x64'/],
      ['"open', /quoted string is not closed/],
      ['$(var.Arch) = x64 x86', /unexpected 'x86'/],
      ['$(var.Arch) <> x86', /expected a value, found '>'/],
      ['$(var.Arch) < 3', /'<' compares integers, not 'x64' and '3'/],
      ['NOT', /NOT needs an expression/],
    ];
    for (const [expr, why] of bad) assert.throws(() => v4(expr), why, expr);
    assert.throws(() => v3('$(var.Arch) == x64'), /WiX v3 compares with '='/);
  });
});
