// The rule tables of README.md and docs/rules/README.md say what the rules' metadata says: every rule, in order, its
// docs page, default severity and the ICE it mirrors.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { rules } from '../../server/src/rules';

// This file runs as out/test/rules/tables.test.js.
const REPO = path.resolve(__dirname, '..', '..', '..');

/** The first three cells of each row of the markdown table that follows `heading` in the file. */
function ruleRows(file: string, heading: string): string[][] {
  const text = `\n${fs.readFileSync(path.join(REPO, file), 'utf8')}`;
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${file} has no '${heading}'`);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const table = lines.slice(
    first,
    lines.findIndex((l, i) => i > first && !l.startsWith('|')),
  );
  // Header and separator rows first.
  return table.slice(2).map((row) =>
    row
      .split('|')
      .slice(1, 4)
      .map((cell) => cell.trim()),
  );
}

for (const [file, heading, linkBase] of [
  ['README.md', '## Rules', 'docs/rules/'],
  ['docs/rules/README.md', '# wixlint rules', ''],
] as const) {
  it(`${file}: the rule table lists every rule with its docs page, default severity and the ICE it mirrors`, () => {
    const expected = rules.map((r) => [`[\`${r.meta.id}\`](${linkBase}${r.meta.id}.md)`, r.meta.defaultSeverity, r.meta.ice ?? '—']);
    assert.deepEqual(ruleRows(file, heading), expected);
    for (const r of rules) assert.ok(fs.existsSync(path.join(REPO, 'docs', 'rules', `${r.meta.id}.md`)), `docs/rules/${r.meta.id}.md`);
  });
}

it("every rule's page quotes each of its messages as the rule writes it: the headline, the note and the help", () => {
  const missing: string[] = [];
  for (const r of rules) {
    // Line breaks in the page are spaces; `<br>` separates the parts of a quoted message.
    const page = fs.readFileSync(path.join(REPO, 'docs', 'rules', `${r.meta.id}.md`), 'utf8').replace(/\s+/g, ' ');
    for (const [id, template] of Object.entries(r.meta.messages)) {
      const parts = typeof template === 'string' ? { headline: template } : template;
      for (const [part, text] of Object.entries(parts)) {
        // A part that is only a placeholder (parse-error's messages are the preprocessor's) says nothing to quote.
        if (text === undefined || /^(\{\{\w+\}\})+$/.test(text)) continue;
        if (!page.includes(`\`${text.replace(/\s+/g, ' ')}\``)) missing.push(`docs/rules/${r.meta.id}.md: ${id}.${part}: \`${text}\``);
      }
    }
  }
  assert.deepEqual(missing, []);
});
