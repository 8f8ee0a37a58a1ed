// `wixlint inspect`: a package's summary information and tables, as text for people or JSON for tools.
import { idtTypeCode } from '../msi/columns';
import type { MsiDatabase, SummaryInfo, Table } from '../msi/database';
import { templatePlatform } from '../model/platform';
import { PID } from '../msi/summaryInfo';
import { inertLine } from './format/inert';

/** The summary properties in PID order, each with its label: the field name capitalized ('lastSavedBy': 'LastSavedBy'). */
const SUMMARY_FIELDS: [keyof SummaryInfo, string][] = (Object.keys(PID) as (keyof typeof PID)[]).map((field) => [
  field,
  field[0]!.toUpperCase() + field.slice(1),
]);

function summaryJson(summary: SummaryInfo): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [field] of SUMMARY_FIELDS) {
    const v = summary[field];
    if (v instanceof Date) out[field] = v.toISOString();
    else if (typeof v === 'string' || typeof v === 'number') out[field] = v;
  }
  return out;
}

function tableJson(t: Table): { columns: { name: string; type: string; key: boolean; nullable: boolean }[]; rows: (string | number | null)[][] } {
  return {
    columns: t.columns.map((c) => ({ name: c.name, type: idtTypeCode(c), key: c.key, nullable: c.nullable })),
    rows: t.rows,
  };
}

/** The contract's JSON: `{"summary": {...}, "tables": {"Name": {"columns": [...], "rows": [[...]]}}}`. */
export function inspectJson(msi: MsiDatabase, only: Table | undefined): string {
  const tables: Record<string, ReturnType<typeof tableJson>> = {};
  if (only) tables[only.name] = tableJson(only);
  else {
    for (const name of msi.tableNames()) {
      const t = msi.table(name);
      if (t) tables[name] = tableJson(t);
    }
  }
  return `${JSON.stringify(only ? { tables } : { summary: summaryJson(msi.summary), tables })}\n`;
}

/** For people: the summary, the tables with their row counts and the streams; or one table's rows. */
export function inspectText(msi: MsiDatabase, only: Table | undefined): string {
  if (only) return renderTable(only);
  const lines: string[] = ['Summary information'];
  const width = Math.max(...SUMMARY_FIELDS.map(([, label]) => label.length));
  for (const [field, label] of SUMMARY_FIELDS) {
    const v = msi.summary[field];
    if (v === undefined || Array.isArray(v)) continue;
    let shown = v instanceof Date ? v.toISOString() : String(v);
    if (field === 'template') shown += `  (${platformNote(String(v))})`;
    lines.push(`  ${label.padEnd(width)}  ${inertLine(shown)}`);
  }
  const names = msi.tableNames();
  lines.push('', `Tables (${names.length})`);
  const nameWidth = Math.max(0, ...names.map((n) => n.length));
  for (const name of names) {
    const rows = msi.table(name)?.rows.length ?? 0;
    lines.push(`  ${inertLine(name).padEnd(nameWidth)}  ${rows} ${rows === 1 ? 'row' : 'rows'}`);
  }
  const streams = msi.streams().map((s) => ({ name: inertLine(s.name), size: s.size }));
  lines.push('', `Streams (${streams.length})`);
  const streamWidth = Math.max(0, ...streams.map((s) => s.name.length));
  for (const s of streams) lines.push(`  ${s.name.padEnd(streamWidth)}  ${s.size} bytes`);
  for (const w of msi.warnings) lines.push('', `warning: ${inertLine(w)}`);
  return `${lines.join('\n')}\n`;
}

function platformNote(template: string): string {
  const bitness = templatePlatform(template)?.bitness;
  return bitness === 32 ? '32-bit package' : bitness === 64 ? '64-bit package' : 'unknown platform';
}

function renderTable(t: Table): string {
  const header = t.columns.map((c) => inertLine(c.key ? `${c.name}*` : c.name));
  const rows = t.rows.map((r) => r.map((v) => (v === null ? '' : inertLine(String(v)))));
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[`${inertLine(t.name)} (${t.rows.length} ${t.rows.length === 1 ? 'row' : 'rows'})`, line(header), ...rows.map(line)].join('\n')}\n`;
}
