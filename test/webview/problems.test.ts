// A package's problems in the Problems view: the text views they point into, and the line of each problem's row there.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { inspectorHtml } from '../../client/src/inspector/html';
import { parseTableViewPath, problemMessage, problemPlace, summaryText, tableViewPath } from '../../client/src/inspector/problems';
import type { InspectOverviewResult, InspectProblem } from '../../server/src/protocol';

const OVERVIEW: InspectOverviewResult = {
  summary: { title: 'Installation Database', template: 'Intel;1033', pageCount: 200, codepage: 1252, comments: 'tab\there\r\nnext' },
  platform: { token: 'Intel', bitness: 32 },
  tables: [{ name: 'Component', rows: 251 }],
  streams: [],
  problems: [],
  warnings: [],
};

function problem(table: string, key: string, row: number | null): InspectProblem {
  return { ruleId: 'ice80', severity: 'error', message: 'M.', table, key, row };
}

describe('table views', () => {
  it('name a table of a package by path, and read back', () => {
    assert.equal(tableViewPath('/w/out/App.msi', 'Component'), '/w/out/App.msi/Component.idt');
    assert.equal(tableViewPath('/w/out/App.msi', '_SummaryInformation'), '/w/out/App.msi/_SummaryInformation.txt');
    assert.equal(tableViewPath('/w/App.msi', 'a/b <c>'), '/w/App.msi/a%2Fb%20%3Cc%3E.idt');
    assert.deepEqual(parseTableViewPath('/w/App.msi/a%2Fb%20%3Cc%3E.idt'), { packagePath: '/w/App.msi', table: 'a/b <c>' });
    assert.deepEqual(parseTableViewPath('/w/out/App.msi/_SummaryInformation.txt'), { packagePath: '/w/out/App.msi', table: '_SummaryInformation' });
    assert.equal(parseTableViewPath('/w/App.msi/Component.txt'), undefined);
    assert.equal(parseTableViewPath('/w/App.msi/%E0%A4%A.idt'), undefined);
    assert.equal(parseTableViewPath('/w/App.msi'), undefined);
  });

  it('put a row at line 3 + its index (after the IDT header), summary properties at their line, the rest at the top', () => {
    assert.deepEqual(problemPlace(problem('Component', 'Core64', 250), OVERVIEW), { table: 'Component', line: 253 });
    assert.deepEqual(problemPlace(problem('Component', 'Gone', null), OVERVIEW), { table: 'Component', line: 0 });
    // Lines of the summary view: header, then PIDs 1 (codepage), 2 (title), 6 (comments), 7 (template), 14.
    assert.deepEqual(problemPlace(problem('_SummaryInformation', '7', null), OVERVIEW), { table: '_SummaryInformation', line: 4 });
    assert.deepEqual(problemPlace(problem('_SummaryInformation', '9', null), OVERVIEW), { table: '_SummaryInformation', line: 0 });
    assert.deepEqual(problemPlace(problem('', '', null), OVERVIEW), { table: '_SummaryInformation', line: 0 });
  });

  it('show the summary one property a line, in PID order, with tabs and line breaks escaped as IDT does', () => {
    assert.equal(
      summaryText(OVERVIEW),
      'PID\tProperty\tValue\r\n1\tcodepage\t1252\r\n2\ttitle\tInstallation Database\r\n6\tcomments\ttab\x10here\x11\x19next\r\n7\ttemplate\tIntel;1033\r\n14\tpageCount\t200\r\n',
    );
  });

  it('name the row in the message', () => {
    assert.equal(problemMessage(problem('Component', 'Core64', 250)), "M. (Component row 'Core64')");
    assert.equal(problemMessage(problem('_SummaryInformation', '7', null)), 'M. (summary property template, PID 7)');
    assert.equal(problemMessage(problem('_SummaryInformation', '99', null)), 'M. (summary property 99)');
    assert.equal(problemMessage(problem('', '', null)), 'M.');
  });
});

describe('the inspector page', () => {
  it('loads one script, with the nonce, and escapes what it puts in attributes', () => {
    const html = inspectorHtml({
      cspSource: 'https://x.vscode-cdn.net',
      scriptUri: 'https://x/a.js?q="<>&',
      styleUri: 'https://x/a.css',
      nonce: 'N0nce',
    });
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes('<script nonce="N0nce" src="https://x/a.js?q=&quot;&lt;&gt;&amp;"></script>'));
    assert.ok(
      html.includes(
        `content="default-src 'none'; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; script-src 'nonce-N0nce'; base-uri 'none'; form-action 'none'"`,
      ),
    );
    assert.ok(!/\s(style|on[a-z]+)=/.test(html), 'no inline style or handler');
  });
});
