// Tests the --format json output: the contract's shape, key order and 1-based positions, as exact text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson } from '../../server/src/cli/format/json';
import { problems, texts } from './sampleProblems';

describe('formatJson', () => {
  it('prints one line with source and row problems in the contract key order, note and help after the message', () => {
    assert.equal(
      formatJson([problems[0]!, problems[5]!], texts),
      '{"version":1,"problems":[' +
        '{"file":"src/Product.wxs","ruleId":"isa-mixing","severity":"error",' +
        '"message":"Package \'Contoso\' is 32-bit but contains 64-bit component \'Core64\'.",' +
        '"note":"On 32-bit Windows the 64-bit flag is ignored, and there is no registry redirection: the two components share every key.",' +
        '"help":"Build one package per ISA.",' +
        '"platforms":["x86"],"line":3,"column":4,"endLine":3,"endColumn":11},' +
        '{"file":"build/Contoso.msi","ruleId":"ice80","severity":"error",' +
        '"message":"64-bit component \'Core64\' in a 32-bit package.","table":"Component","key":"Core64"}' +
        ']}\n',
    );
  });

  it('escapes what JSON escapes in every string, as JSON.stringify does: quotes, backslashes, control characters, lone surrogates', () => {
    const odd = 'a "quoted" C:\\path\ttab\u0001 \ud800 lone, \ud83d\ude00 pair';
    const row = { kind: 'row' as const, file: `build/${odd}.msi`, table: `T${odd}`, key: `K${odd}` };
    const p = { ruleId: 'ice80', severity: 'error' as const, message: odd, note: odd, help: odd, platforms: [], location: row, related: [] };
    assert.equal(
      formatJson([p], new Map()),
      `{"version":1,"problems":[${JSON.stringify({ file: row.file, ruleId: 'ice80', severity: 'error', message: odd, note: odd, help: odd, table: row.table, key: row.key })}]}\n`,
    );
  });

  it('prints an empty list when there is nothing to report', () => {
    assert.equal(formatJson([], texts), '{"version":1,"problems":[]}\n');
  });

  it('converts every position, spans lines, and adds related information last only when there is some', () => {
    // Stringifying this literal keeps its key order, so comparing strings also checks the order.
    const expected = {
      version: 1,
      problems: [
        {
          file: 'src/Product.wxs',
          ruleId: 'isa-mixing',
          severity: 'error',
          message: "Package 'Contoso' is 32-bit but contains 64-bit component 'Core64'.",
          // Why and what to change come right after the headline, only when the rule says them.
          note: 'On 32-bit Windows the 64-bit flag is ignored, and there is no registry redirection: the two components share every key.',
          help: 'Build one package per ISA.',
          platforms: ['x86'],
          line: 3,
          column: 4,
          endLine: 3,
          endColumn: 11,
        },
        {
          file: 'src/Product.wxs',
          ruleId: 'ice80',
          severity: 'info',
          message: "Component 'Core32' has no explicit bitness.",
          platforms: ['x86', 'x64'],
          line: 6,
          column: 9,
          endLine: 8,
          endColumn: 21,
        },
        {
          file: 'src/Product.wxs',
          ruleId: 'ice80',
          severity: 'error',
          message: "Component 'Core64' is 64-bit but installs to 'INSTALLFOLDER', a 32-bit folder.",
          platforms: ['x86', 'x64'],
          line: 9,
          column: 32,
          endLine: 9,
          endColumn: 50,
          related: [
            {
              file: 'src/Product.wxs',
              line: 5,
              column: 18,
              endLine: 5,
              endColumn: 36,
              message: "'INSTALLFOLDER' is under ProgramFilesFolder.",
            },
          ],
        },
        {
          file: 'src/Product.wxs',
          ruleId: 'com-overwrite',
          severity: 'warning',
          message: 'CLSID {0} is written by a 32-bit and a 64-bit component.',
          platforms: ['x64'],
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 25,
          related: [
            { file: 'src/Shared.wxi', line: 3, column: 3, endLine: 3, endColumn: 17, message: 'The other write.' },
            { file: 'build/Contoso.msi', table: 'Registry', key: 'reg1', message: 'As built.' },
          ],
        },
        {
          file: 'src/Shared.wxi',
          ruleId: 'com-overwrite',
          severity: 'warning',
          message: 'Written here for every platform.',
          platforms: ['x86', 'x64', 'arm64'],
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 17,
        },
        {
          file: 'build/Contoso.msi',
          ruleId: 'ice80',
          severity: 'error',
          message: "64-bit component 'Core64' in a 32-bit package.",
          table: 'Component',
          key: 'Core64',
        },
        {
          file: 'build/Contoso.msi',
          ruleId: 'isa-mixing',
          severity: 'info',
          message: 'Template is Intel;1033.',
          table: '_SummaryInformation',
          key: '7',
        },
      ],
    };
    assert.equal(formatJson(problems, texts), JSON.stringify(expected) + '\n');
  });

  it('counts columns in UTF-16 code units and reads a missing text as 1:1 rather than failing', () => {
    const text = 'x\n\u{1F600}<A/>';
    const out = formatJson(
      [
        { ...problems[0]!, location: { kind: 'source', file: 'e.wxs', start: 4, end: 8 } },
        { ...problems[0]!, location: { kind: 'source', file: 'gone.wxs', start: 40, end: 50 } },
      ],
      new Map([['e.wxs', text]]),
    );
    const parsed = JSON.parse(out) as { problems: { line: number; column: number; endLine: number; endColumn: number }[] };
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.column, p.endLine, p.endColumn]),
      [
        [2, 3, 2, 7],
        [1, 1, 1, 1],
      ],
    );
  });
});
