// Tests the conversion of problems to LSP diagnostics: positions, severities, docs links, platforms and related places.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../server/src/engine/problem';
import { toDiagnostics, type DiagnosticFiles } from '../../server/src/lsp/diagnostics';

const TEXTS = new Map([
  ['/p/a.wxs', '<Wix>\n  <Product>\n</Wix>\n'],
  ['/p/b.wxi', '<Include>\n  <Component Id="C" />\n</Include>\n'],
]);

const FILES: DiagnosticFiles = {
  uriOf: (file) => (file.startsWith('/p/') ? `file://${file}` : undefined),
  textOf: (file) => TEXTS.get(file),
};

function problem(overrides: Partial<Problem>): Problem {
  return {
    ruleId: 'ice80',
    severity: 'error',
    message: 'Something.',
    platforms: ['x86', 'x64'],
    location: { kind: 'source', file: '/p/a.wxs', start: 9, end: 16 },
    related: [],
    ...overrides,
  };
}

describe('toDiagnostics', () => {
  it('shows the headline as the message, and the note and help as related information at the same range, before the related places', () => {
    const byUri = toDiagnostics(
      [
        problem({
          note: 'Why it is a problem.',
          help: 'What to change.',
          related: [{ location: { kind: 'source', file: '/p/b.wxi', start: 13, end: 22 }, message: 'The other half.' }],
        }),
      ],
      FILES,
    );
    const [d] = byUri.get('file:///p/a.wxs')!;
    const here = { uri: 'file:///p/a.wxs', range: { start: { line: 1, character: 3 }, end: { line: 1, character: 10 } } };
    assert.equal(d!.message, 'Something. [x86, x64]');
    assert.deepEqual(d!.relatedInformation, [
      { location: here, message: 'note: Why it is a problem.' },
      { location: here, message: 'help: What to change.' },
      {
        location: { uri: 'file:///p/b.wxi', range: { start: { line: 1, character: 3 }, end: { line: 1, character: 12 } } },
        message: 'The other half.',
      },
    ]);
  });

  it('places problems by line and character, with rule id, docs link, severity and platforms', () => {
    const byUri = toDiagnostics(
      [
        problem({}),
        problem({ ruleId: 'isa-mixing', severity: 'warning', platforms: [], location: { kind: 'source', file: '/p/b.wxi', start: 13, end: 22 } }),
        problem({
          ruleId: 'parse-error',
          severity: 'info',
          platforms: ['arm64'],
          location: { kind: 'source', file: '/p/b.wxi', start: 44, end: 44 },
        }),
      ],
      FILES,
    );
    assert.deepEqual([...byUri.keys()], ['file:///p/a.wxs', 'file:///p/b.wxi']);
    assert.deepEqual(byUri.get('file:///p/a.wxs'), [
      {
        range: { start: { line: 1, character: 3 }, end: { line: 1, character: 10 } },
        severity: 1,
        source: 'wixlint',
        code: 'ice80',
        codeDescription: { href: 'https://github.com/wixlint/wixlint/blob/main/docs/rules/ice80.md' },
        message: 'Something. [x86, x64]',
      },
    ]);
    const [mixing, parse] = byUri.get('file:///p/b.wxi')!;
    assert.deepEqual(
      [mixing!.severity, mixing!.message, mixing!.range],
      [2, 'Something.', { start: { line: 1, character: 3 }, end: { line: 1, character: 12 } }],
    );
    assert.deepEqual([parse!.severity, parse!.message, parse!.range.start], [3, 'Something. [arm64]', { line: 3, character: 0 }]);
  });

  it('keeps related places in source files and drops the rest', () => {
    const [d] = toDiagnostics(
      [
        problem({
          related: [
            { message: 'the other writer', location: { kind: 'source', file: '/p/b.wxi', start: 12, end: 32 } },
            { message: 'in a package', location: { kind: 'row', file: '/p/x.msi', table: 'Component', key: 'C' } },
            { message: 'nowhere', location: { kind: 'source', file: '/elsewhere.wxs', start: 0, end: 1 } },
          ],
        }),
      ],
      FILES,
    ).get('file:///p/a.wxs')!;
    assert.deepEqual(d!.relatedInformation, [
      {
        location: { uri: 'file:///p/b.wxi', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 22 } } },
        message: 'the other writer',
      },
    ]);
  });

  it('leaves out what has no place in a text document, and links no docs for an unknown rule', () => {
    const byUri = toDiagnostics(
      [
        problem({ location: { kind: 'row', file: '/p/x.msi', table: 'Component', key: 'C' } }),
        problem({ location: { kind: 'source', file: '/elsewhere.wxs', start: 0, end: 1 } }),
        problem({ location: { kind: 'source', file: '/p/missing.wxs', start: 0, end: 1 } }),
        problem({ ruleId: 'not-a-rule' }),
      ],
      FILES,
    );
    assert.deepEqual([...byUri.keys()], ['file:///p/a.wxs']);
    const [d] = byUri.get('file:///p/a.wxs')!;
    assert.equal(d!.code, 'not-a-rule');
    assert.equal(d!.codeDescription, undefined);
  });
});
