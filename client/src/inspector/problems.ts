// A package's problems in the Problems view. A webview cannot be given a position, so each problem points into a read-only
// text view of its table (the table exported as IDT, one row per line) under the `wixlint-msi:` scheme: clicking a problem
// opens that view at its row. Pure functions here; the VS Code objects are made in provider.ts.
import { idtField } from '../../../server/src/msi/export';
import { PID } from '../../../server/src/msi/summaryInfo';
import type { InspectOverviewResult, InspectProblem } from '../../../server/src/protocol';

export const MSI_SCHEME = 'wixlint-msi';
export const SUMMARY_TABLE = '_SummaryInformation';
/** An IDT export has three header lines (names, types, table and keys); row i of the table is line 3 + i. */
export const IDT_HEADER_LINES = 3;

/** The path (scheme-less) of a table's text view: the package's path, then the table name, encoded, with .idt (.txt for the summary). */
export function tableViewPath(packagePath: string, table: string): string {
  return `${packagePath}/${encodeURIComponent(table)}${table === SUMMARY_TABLE ? '.txt' : '.idt'}`;
}

/** The package path and table of a text view path, or undefined when it is not one. */
export function parseTableViewPath(viewPath: string): { packagePath: string; table: string } | undefined {
  const match = /^(.*)\/([^/]+)\.(idt|txt)$/.exec(viewPath);
  if (!match) return undefined;
  let table: string;
  try {
    table = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  if ((match[3] === 'txt') !== (table === SUMMARY_TABLE)) return undefined;
  return { packagePath: match[1]!, table };
}

const PID_NAMES = new Map<number, string>(Object.entries(PID).map(([name, pid]) => [pid, name]));

/** Summary properties present, in PID order. */
function summaryLines(overview: InspectOverviewResult): { pid: number; name: string; value: string }[] {
  const pids = new Map<string, number>(Object.entries(PID));
  return Object.entries(overview.summary)
    .map(([name, value]) => ({ pid: pids.get(name) ?? 0, name, value: String(value) }))
    .sort((a, b) => a.pid - b.pid);
}

/** The summary's text view: a header line, then `PID<TAB>name<TAB>value` per property (tabs and line breaks escaped as in IDT). */
export function summaryText(overview: InspectOverviewResult): string {
  const lines = ['PID\tProperty\tValue'];
  for (const line of summaryLines(overview)) lines.push(`${line.pid}\t${line.name}\t${idtField(line.value)}`);
  return `${lines.join('\r\n')}\r\n`;
}

export interface ProblemPlace {
  /** The table's view (see tableViewPath); the summary's for problems without a table. */
  table: string;
  /** Zero-based line in that view. */
  line: number;
}

/** Where a problem is shown: its row's line in the table's view, the summary property's line, else the view's first line. */
export function problemPlace(problem: InspectProblem, overview: InspectOverviewResult): ProblemPlace {
  if (problem.table === '' || problem.table === SUMMARY_TABLE) {
    const pid = Number(problem.key);
    const at = summaryLines(overview).findIndex((l) => l.pid === pid);
    return { table: SUMMARY_TABLE, line: at < 0 ? 0 : at + 1 };
  }
  return { table: problem.table, line: problem.row === null ? 0 : IDT_HEADER_LINES + problem.row };
}

/** The Problems view's text: the rule's message, then the row it is about. */
export function problemMessage(problem: InspectProblem): string {
  if (problem.table === '') return problem.message;
  if (problem.table === SUMMARY_TABLE) {
    const name = PID_NAMES.get(Number(problem.key));
    return `${problem.message} (summary property ${name !== undefined ? `${name}, PID ${problem.key}` : problem.key})`;
  }
  return `${problem.message} (${problem.table} row '${problem.key}')`;
}
