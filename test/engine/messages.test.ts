// How a problem's message is put together: templates filled into headline, note and help, texts joined as sentences,
// and the parts a preprocessor error gives kept apart.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fullMessage, problemJsonText, ReportedProblem, sentences, type Problem } from '../../server/src/engine/problem';
import { lintSources } from '../../server/src/engine/lint';
import { ProblemCollector } from '../../server/src/engine/run';
import { fillMessage, formatJsonString, formatMessage, type Severity } from '../../server/src/rules/rule';

describe('fillMessage', () => {
  it('fills the headline, note and help from data, and leaves out a note or help that fills to nothing', () => {
    const template = { headline: "Component '{{c}}' is {{bits}}-bit", note: '{{why}}', help: 'Make it {{other}}-bit.' };
    assert.deepEqual(fillMessage(template, { c: 'Core', bits: 64, why: 'Because.', other: 32 }), {
      message: "Component 'Core' is 64-bit",
      note: 'Because.',
      help: 'Make it 32-bit.',
    });
    assert.deepEqual(fillMessage(template, { c: 'Core', bits: 64, why: '', other: 32 }), {
      message: "Component 'Core' is 64-bit",
      help: 'Make it 32-bit.',
    });
    // A placeholder without data stays as written, so that a missing field shows.
    assert.deepEqual(fillMessage('{{a}} and {{b}}', { a: 'A' }), { message: 'A and {{b}}' });
  });
});

describe('formatJsonString', () => {
  it('writes what JSON.stringify writes for the filled text, whatever the template and the values hold', () => {
    const templates = ["Component '{{c}}' is {{bits}}-bit", 'It is "{{c}}"\\{{c}}\t{{missing}}', '{{a}}{{b}}', 'no placeholder', '', '{{c}}'];
    const values = ['Core', '', 'a "quoted" \\ name', 'tab\there\nline', '\u0001\u001f', 'é✖', '😀', '\ud83d', '\ude00', 'x\ud83d'];
    for (const template of templates) {
      for (const c of values) {
        for (const b of values) {
          const data = { c, bits: 64, a: c, b };
          assert.equal(formatJsonString(template, data), JSON.stringify(formatMessage(template, data)), `${template} ${c} ${b}`);
        }
      }
      assert.equal(formatJsonString(template, undefined), JSON.stringify(formatMessage(template, undefined)));
    }
  });
});

describe('problemJsonText', () => {
  const at = { kind: 'source' as const, file: '/p/Product.wxs', start: 10, end: 20 };
  const reported = (template: string | { headline: string; note?: string; help?: string }, data: Record<string, string>, noteAfter?: string) =>
    new ReportedProblem('ice80', 'error', template, data, noteAfter, ['x86'], at, [], undefined);

  it("is each text's JSON string, and undefined for a note or help the problem does not have", () => {
    const template = { headline: "Component '{{c}}' is 64-bit", note: 'It is "{{c}}".', help: '{{help}}' };
    const cases: Problem[] = [
      reported(template, { c: 'Core', help: 'Move it.' }),
      reported(template, { c: 'Co"re', help: '' }),
      reported(template, { c: 'Core', help: 'x' }, 'This rests on $(var.Flavor).'),
      reported({ headline: 'Just {{c}}', note: '{{c}}' }, { c: '' }),
      reported('A string template {{c}}', { c: 'C' }),
      { ruleId: 'ice80', severity: 'error' as const, message: 'Plain "one"', note: 'N', platforms: ['x86' as const], location: at, related: [] },
    ];
    const texts = (p: Problem) => (['message', 'note', 'help'] as const).map((t) => problemJsonText(p, t));
    assert.deepEqual(cases.map(texts), [
      [`"Component 'Core' is 64-bit"`, '"It is \\"Core\\"."', '"Move it."'],
      [`"Component 'Co\\"re' is 64-bit"`, '"It is \\"Co\\"re\\"."', undefined],
      [`"Component 'Core' is 64-bit"`, '"It is \\"Core\\". This rests on $(var.Flavor)."', '"x"'],
      ['"Just "', undefined, undefined],
      ['"A string template C"', undefined, undefined],
      ['"Plain \\"one\\""', '"N"', undefined],
    ]);
    // The same texts as the problem's own, quoted.
    for (const p of cases) {
      assert.deepEqual(
        texts(p),
        [p.message, p.note, p.help].map((t) => (t === undefined ? undefined : JSON.stringify(t))),
      );
    }
  });
});

describe('sentences', () => {
  it('ends each text but the last with a full stop when it has none, and skips empty ones', () => {
    assert.equal(
      sentences('ICE80: This 64BitComponent Core uses 32BitDirectory INSTALLDIR', 'This rests on $(var.Flavor).'),
      'ICE80: This 64BitComponent Core uses 32BitDirectory INSTALLDIR. This rests on $(var.Flavor).',
    );
    assert.equal(sentences('It is 64-bit.', undefined, '', 'Really?', 'Last'), 'It is 64-bit. Really? Last');
    assert.equal(sentences(undefined), '');
  });

  it('is not what fullMessage does: that one keeps the headline as it is, on one line', () => {
    assert.equal(fullMessage({ message: 'Headline', note: 'Note.', help: 'Help.' }), 'Headline Note. Help.');
  });
});

describe('parse-error messages', () => {
  it('give a missing include as a headline, where it looked as the note, and how to add a folder as the help', () => {
    const result = lintSources(
      [{ path: '/p/Product.wxs', text: '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">\n<?include Missing.wxi ?>\n</Wix>\n' }],
      {
        defines: {},
        includePaths: ['/inc'],
        env: {},
        severities: {},
        host: { readFile: () => undefined },
      },
    );
    const missing = result.problems.filter((p) => p.ruleId === 'parse-error');
    assert.deepEqual(
      missing.map((p) => [p.message, p.note, p.help]),
      [
        [
          "Cannot find the include file 'Missing.wxi'",
          'Looked in /p, /inc.',
          'If the build generates it or finds it through an include path, add that folder with -I DIR, "includePaths" in ' +
            'wixlint.config.json, or IncludeSearchPaths in the .wixproj.',
        ],
      ],
    );
  });
});

describe('ProblemCollector.addAll', () => {
  it('merges the same problem from two units into one with both platforms, and leaves the units’ own problems as they were', () => {
    const at = { kind: 'source' as const, file: '/p/Shared.wxs', start: 10, end: 20 };
    const fromX86 = [
      { ruleId: 'ice80', severity: 'error' as const, message: 'M', note: 'N', platforms: ['x86' as const], location: at, related: [] },
    ];
    const fromX64 = [{ ...fromX86[0]!, platforms: ['x64' as const] }];
    const other = [{ ...fromX86[0]!, message: 'Other', platforms: ['x64' as const] }];
    const collector = new ProblemCollector();
    collector.addAll(fromX64);
    collector.addAll(fromX86);
    collector.addAll(other);
    assert.deepEqual(
      collector.problems().map((p) => [p.message, p.platforms]),
      [
        ['M', ['x86', 'x64']],
        ['Other', ['x64']],
      ],
    );
    assert.deepEqual([fromX86[0]!.platforms, fromX64[0]!.platforms], [['x86'], ['x64']]);
  });
});

describe('ProblemCollector.problems', () => {
  const at = { kind: 'source' as const, file: '/p/Product.wxs', start: 10, end: 20 };
  const problem = (message: string, note: string | undefined, platform: 'x86' | 'x64' | 'arm64', severity: Severity = 'error'): Problem => ({
    ruleId: 'ice80',
    severity,
    message,
    ...(note !== undefined ? { note } : {}),
    platforms: [platform],
    location: at,
    related: [],
  });

  it('merges a problem found again with the same headline and note, wherever it came, into the first found', () => {
    const collector = new ProblemCollector();
    collector.addAll([problem('M', 'one', 'arm64', 'info'), problem('M', 'two', 'x86'), problem('Other', undefined, 'x86')]);
    collector.addAll([problem('M', 'one', 'x64'), problem('M', 'two', 'x64'), problem('M', 'one', 'x86'), problem('Other', undefined, 'arm64')]);
    collector.addAll([problem('M', 'one', 'x64')]);
    assert.deepEqual(
      collector.problems().map((p) => [p.message, p.note, p.severity, p.platforms]),
      [
        // The first found of each stays, with every platform in x86, x64, arm64 order; the same note on one platform twice is once.
        ['M', 'one', 'info', ['x86', 'x64', 'arm64']],
        ['M', 'two', 'error', ['x86', 'x64']],
        ['Other', undefined, 'error', ['x86', 'arm64']],
      ],
    );
  });

  it('keeps problems at other places, of other rules or in other files apart, sorted by file, place and rule', () => {
    const collector = new ProblemCollector();
    const later = { ...at, start: 30, end: 40 };
    const other = { ...at, file: '/p/A.wxs' };
    collector.addAll([
      { ...problem('M', undefined, 'x86'), location: later },
      { ...problem('M', undefined, 'x64'), ruleId: 'com-overwrite' },
      problem('M', undefined, 'x86'),
      { ...problem('M', undefined, 'x64'), location: other },
    ]);
    assert.deepEqual(
      collector.problems().map((p) => [p.location.file, p.location.kind === 'source' && p.location.start, p.ruleId, p.platforms]),
      [
        ['/p/A.wxs', 10, 'ice80', ['x64']],
        ['/p/Product.wxs', 10, 'com-overwrite', ['x64']],
        ['/p/Product.wxs', 10, 'ice80', ['x86']],
        ['/p/Product.wxs', 30, 'ice80', ['x86']],
      ],
    );
  });
});
