// How a problem's message is put together: templates filled into headline, note and help, texts joined as sentences,
// and the parts a preprocessor error gives kept apart.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fullMessage, sentences } from '../../server/src/engine/problem';
import { lintSources } from '../../server/src/engine/lint';
import { ProblemCollector } from '../../server/src/engine/run';
import { fillMessage } from '../../server/src/rules/rule';

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
