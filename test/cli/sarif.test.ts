// Tests the SARIF 2.1.0 output (rules, levels, regions, logical locations for rows, related locations) as exact text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { artifactUri, formatSarif } from '../../server/src/cli/format/sarif';
import { readRuleStories, ruleStory } from '../../server/src/cli/ruleDocs';
import { rules } from '../../server/src/rules';
import type { RuleMeta } from '../../server/src/rules/rule';
import { problems, texts } from './sampleProblems';

function meta(id: string, description: string, defaultSeverity: RuleMeta['defaultSeverity']): { meta: RuleMeta } {
  return {
    meta: { id, description, defaultSeverity, ice: undefined, messages: {}, docsUrl: `https://docs/${id}.md` },
  };
}

// com-overwrite is left out on purpose: its results must still appear, without a ruleIndex.
const RULES = [meta('ice80', 'ICE80 checks.', 'error'), meta('isa-mixing', 'ISA mixing.', 'warning'), meta('quiet', 'Informs.', 'info')];

const STORIES = new Map([['ice80', { summary: 'Every check of ICE80.', fix: '- Build one package per ISA.' }]]);

describe('formatSarif', () => {
  it('prints one run with every rule and every result', () => {
    const region = (startLine: number, startColumn: number, endLine: number, endColumn: number): object => ({
      startLine,
      startColumn,
      endLine,
      endColumn,
    });
    const source = (uri: string, r: object): object => ({ physicalLocation: { artifactLocation: { uri }, region: r } });
    const row = (name: string): object => ({
      physicalLocation: { artifactLocation: { uri: 'build/Contoso.msi' } },
      logicalLocations: [{ name, kind: 'row' }],
    });
    const expected = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'wixlint',
              version: '1.2.3',
              informationUri: 'https://github.com/wixlint/wixlint',
              rules: [
                // The story from the rule's docs page: its first paragraph, and its "How to fix" in the help.
                {
                  id: 'ice80',
                  shortDescription: { text: 'ICE80 checks.' },
                  fullDescription: { text: 'Every check of ICE80.' },
                  helpUri: 'https://docs/ice80.md',
                  help: {
                    text: 'Every check of ICE80.\n\n- Build one package per ISA.',
                    markdown: 'Every check of ICE80.\n\n- Build one package per ISA.\n\n[ice80](https://docs/ice80.md)',
                  },
                  defaultConfiguration: { level: 'error' },
                },
                // Without a page, the one-line description.
                {
                  id: 'isa-mixing',
                  shortDescription: { text: 'ISA mixing.' },
                  fullDescription: { text: 'ISA mixing.' },
                  helpUri: 'https://docs/isa-mixing.md',
                  help: { text: 'ISA mixing.', markdown: 'ISA mixing.\n\n[isa-mixing](https://docs/isa-mixing.md)' },
                  defaultConfiguration: { level: 'warning' },
                },
                {
                  id: 'quiet',
                  shortDescription: { text: 'Informs.' },
                  fullDescription: { text: 'Informs.' },
                  helpUri: 'https://docs/quiet.md',
                  help: { text: 'Informs.', markdown: 'Informs.\n\n[quiet](https://docs/quiet.md)' },
                  defaultConfiguration: { level: 'note' },
                },
              ],
            },
          },
          columnKind: 'utf16CodeUnits',
          results: [
            {
              ruleId: 'isa-mixing',
              ruleIndex: 1,
              level: 'error',
              // The headline as text; with the note and help as markdown.
              message: {
                text: "Package 'Contoso' is 32-bit but contains 64-bit component 'Core64'.",
                markdown:
                  "**Package 'Contoso' is 32-bit but contains 64-bit component 'Core64'.**\n\nOn 32-bit Windows the 64-bit flag is ignored, " +
                  'and there is no registry redirection: the two components share every key.\n\nHelp: Build one package per ISA.',
              },
              locations: [source('src/Product.wxs', region(3, 4, 3, 11))],
              properties: { platforms: ['x86'] },
            },
            {
              ruleId: 'ice80',
              ruleIndex: 0,
              level: 'note',
              message: { text: "Component 'Core32' has no explicit bitness." },
              locations: [source('src/Product.wxs', region(6, 9, 8, 21))],
              properties: { platforms: ['x86', 'x64'] },
            },
            {
              ruleId: 'ice80',
              ruleIndex: 0,
              level: 'error',
              message: { text: "Component 'Core64' is 64-bit but installs to 'INSTALLFOLDER', a 32-bit folder." },
              locations: [source('src/Product.wxs', region(9, 32, 9, 50))],
              relatedLocations: [
                { id: 0, ...source('src/Product.wxs', region(5, 18, 5, 36)), message: { text: "'INSTALLFOLDER' is under ProgramFilesFolder." } },
              ],
              properties: { platforms: ['x86', 'x64'] },
            },
            {
              ruleId: 'com-overwrite',
              level: 'warning',
              message: { text: 'CLSID {0} is written by a 32-bit and a 64-bit component.' },
              locations: [source('src/Product.wxs', region(11, 11, 11, 25))],
              relatedLocations: [
                { id: 0, ...source('src/Shared.wxi', region(3, 3, 3, 17)), message: { text: 'The other write.' } },
                { id: 1, ...row('Registry/reg1'), message: { text: 'As built.' } },
              ],
              properties: { platforms: ['x64'] },
            },
            {
              ruleId: 'com-overwrite',
              level: 'warning',
              message: { text: 'Written here for every platform.' },
              locations: [source('src/Shared.wxi', region(3, 3, 3, 17))],
              properties: { platforms: ['x86', 'x64', 'arm64'] },
            },
            {
              ruleId: 'ice80',
              ruleIndex: 0,
              level: 'error',
              message: { text: "64-bit component 'Core64' in a 32-bit package." },
              locations: [row('Component/Core64')],
              properties: { platforms: [] },
            },
            {
              ruleId: 'isa-mixing',
              ruleIndex: 1,
              level: 'note',
              message: { text: 'Template is Intel;1033.' },
              locations: [row('_SummaryInformation/7')],
              properties: { platforms: [] },
            },
          ],
        },
      ],
    };
    assert.equal(formatSarif(problems, texts, { version: '1.2.3', rules: RULES, stories: STORIES }), JSON.stringify(expected, null, 2) + '\n');
  });

  it('prints the same log shape with no results', () => {
    const out = formatSarif([], texts, { version: '0.1.0', rules: [] });
    assert.equal(
      out,
      [
        '{',
        '  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",',
        '  "version": "2.1.0",',
        '  "runs": [',
        '    {',
        '      "tool": {',
        '        "driver": {',
        '          "name": "wixlint",',
        '          "version": "0.1.0",',
        '          "informationUri": "https://github.com/wixlint/wixlint",',
        '          "rules": []',
        '        }',
        '      },',
        '      "columnKind": "utf16CodeUnits",',
        '      "results": []',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('artifactUri', () => {
  const cases: [string, string][] = [
    ['src/Product.wxs', 'src/Product.wxs'],
    ['./src/Product.wxs', './src/Product.wxs'],
    ['src\\v3\\Product.wxs', 'src/v3/Product.wxs'],
    ['my setup/Pro duct#1?.wxs', 'my%20setup/Pro%20duct%231%3F.wxs'],
    ['100%/ü.wxs', '100%25/%C3%BC.wxs'],
    ['/home/me/a.wxs', 'file:///home/me/a.wxs'],
    ['C:\\src\\a.wxs', 'file:///C:/src/a.wxs'],
    ['\\\\server\\share\\a.wxs', 'file://server/share/a.wxs'],
    ['a:b.wxs', './a:b.wxs'],
  ];
  for (const [file, uri] of cases) {
    it(`${file} -> ${uri}`, () => assert.equal(artifactUri(file), uri));
  }
});

describe('rule stories for SARIF', () => {
  it("reads each rule's docs page: its first paragraph, and its How to fix section", () => {
    const stories = readRuleStories(rules.map((r) => r.meta.id));
    assert.deepEqual([...stories.keys()].sort(), rules.map((r) => r.meta.id).sort());
    const ice80 = stories.get('ice80')!;
    assert.match(ice80.summary, /^Every check of Windows Installer's ICE80 validator, reported at the element/);
    assert.match(ice80.fix!, /^- \*\*64-bit part in a 32-bit package/);
  });

  it('takes the paragraph after the title, joined, and no section when the page has none', () => {
    assert.deepEqual(ruleStory('# x\n\nFirst line\nsecond line.\n\nMore.\n\n## Why\n\nBecause.\n'), {
      summary: 'First line second line.',
      fix: undefined,
    });
    assert.deepEqual(ruleStory('# x\r\n\r\nWhat.\r\n\r\n## How to fix\r\n\r\nDo this.\r\n\r\n### Detail\r\n\r\nMore.\r\n## Next\r\n'), {
      summary: 'What.',
      fix: 'Do this.\n\n### Detail\n\nMore.',
    });
    assert.equal(ruleStory('no title, no text'), undefined);
  });
});

describe('SARIF message markdown', () => {
  it('puts the headline in bold and the note and help in paragraphs, escaping what markdown would read as markup', () => {
    const problem = {
      ruleId: 'com-overwrite',
      severity: 'error' as const,
      message: "32-bit 'A_1' and 64-bit 'B' both write HKCR\\*\\shellex",
      note: 'They share this key: <both> [here].',
      help: 'Build one package per ISA.',
      platforms: [],
      location: { kind: 'row' as const, file: 'a.msi', table: 'Registry', key: 'R' },
      related: [],
    };
    const log = JSON.parse(formatSarif([problem], new Map(), { version: '1', rules: [] })) as {
      runs: { results: { message: { text: string; markdown: string } }[] }[];
    };
    assert.deepEqual(log.runs[0]!.results[0]!.message, {
      text: "32-bit 'A_1' and 64-bit 'B' both write HKCR\\*\\shellex",
      markdown:
        "**32-bit 'A\\_1' and 64-bit 'B' both write HKCR\\\\\\*\\\\shellex**\n\nThey share this key: \\<both\\> \\[here\\].\n\n" +
        'Help: Build one package per ISA.',
    });
  });
});
