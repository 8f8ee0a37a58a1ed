// `wixlint --list-rules`: one line per rule (id, default severity, the ICE it mirrors, its description), or JSON.
import type { RuleMeta } from '../rules/rule';

type ListedRule = Pick<RuleMeta, 'id' | 'defaultSeverity' | 'ice' | 'description' | 'docsUrl'>;

/** Between columns, as in the text report. */
const GAP = '  ';

/** Aligned columns; a rule that mirrors no ICE has '-' there. */
export function rulesTable(rules: readonly ListedRule[]): string {
  const rows = rules.map((r) => [r.id, r.defaultSeverity, r.ice ?? '-']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rules.map((r, i) => `${rows[i]!.map((cell, c) => cell.padEnd(widths[c]!)).join(GAP)}${GAP}${r.description}\n`).join('');
}

/** An array of { id, defaultSeverity, ice (null for none), description, docsUrl }. */
export function rulesJson(rules: readonly ListedRule[]): string {
  const list = rules.map((r) => ({
    id: r.id,
    defaultSeverity: r.defaultSeverity,
    ice: r.ice ?? null,
    description: r.description,
    docsUrl: r.docsUrl,
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}
