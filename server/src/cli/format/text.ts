// Human-readable output modelled on ESLint's "stylish" formatter: problems grouped by file, in aligned columns.
import type { Problem } from '../../engine/problem';
import type { Severity } from '../../rules/rule';
import { inertLine } from './inert';
import { SpanConverter, type Span } from './spans';
import { describeUnit, type UnitLine } from './units';

export interface TextOptions {
  /** The caller decides (stdout is a TTY and NO_COLOR is unset); the formatter never looks at the process. */
  color: boolean;
  /** The units linted, one info line each: the platforms and why. */
  units?: readonly UnitLine[];
}

type Paint = (s: string) => string;

const plain: Paint = (s) => s;
const sgr =
  (open: number, close: number): Paint =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`;
const RED = sgr(31, 39);
const YELLOW = sgr(33, 39);
const CYAN = sgr(36, 39);
const DIM = sgr(2, 22);
const BOLD = sgr(1, 22);
const UNDERLINE = sgr(4, 24);

const SEVERITY_COLOR: Record<Severity, Paint> = { error: RED, warning: YELLOW, info: CYAN };

/** Problems grouped by file, then the units' platforms, then the summary; a clean run prints only the platforms. */
export function formatText(problems: readonly Problem[], texts: ReadonlyMap<string, string>, options: TextOptions): string {
  const paint = (p: Paint): Paint => (options.color ? p : plain);
  const unitLines = (options.units ?? []).map((u) => paint(DIM)(`Linted ${inertLine(describeUnit(u))}`));
  const platforms = unitLines.length > 0 ? `${unitLines.join('\n')}\n` : '';
  if (problems.length === 0) return platforms;
  const spans = new SpanConverter(texts);

  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    const list = byFile.get(p.location.file);
    if (list) list.push(p);
    else byFile.set(p.location.file, [p]);
  }

  const blocks: string[] = [];
  for (const [file, list] of byFile) {
    // Lines right-aligned, columns left-aligned, so the ':' lines up as in ESLint.
    const lineWidth = maxOf(list, (p) => (p.location.kind === 'source' ? String(spans.span(p.location).line).length : 0));
    const rows = list.map((p) => {
      const place = p.location.kind === 'row' ? inertLine(`${p.location.table}/${p.location.key}`) : lineColumn(spans.span(p.location), lineWidth);
      const platforms = p.platforms.length > 0 ? `[${p.platforms.join(', ')}]` : '';
      return {
        cells: [place, p.severity, inertLine(p.message), p.ruleId, platforms],
        paints: [paint(DIM), paint(SEVERITY_COLOR[p.severity]), plain, paint(DIM), plain],
      };
    });
    const widths = [0, 1, 2, 3, 4].map((c) => maxOf(rows, (r) => r.cells[c]!.length));
    const lines = [paint(UNDERLINE)(inertLine(file))];
    for (const row of rows) {
      let last = row.cells.length - 1;
      while (last > 0 && row.cells[last] === '') last--;
      const parts = row.cells.slice(0, last + 1).map((cell, c) => row.paints[c]!(cell) + (c < last ? ' '.repeat(widths[c]! - cell.length) : ''));
      lines.push(`  ${parts.join('  ')}`);
    }
    blocks.push(lines.join('\n') + '\n');
  }

  const count = (severity: Severity): number => problems.filter((p) => p.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const summary =
    `\u2716 ${plural(problems.length, 'problem')} ` + `(${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  const summaryPaint = errors > 0 ? RED : warnings > 0 ? YELLOW : CYAN;
  return `${blocks.join('\n')}\n${platforms === '' ? '' : `${platforms}\n`}${paint((s) => BOLD(summaryPaint(s)))(summary)}\n`;
}

function lineColumn(span: Span, lineWidth: number): string {
  return `${String(span.line).padStart(lineWidth)}:${span.column}`;
}

// Not Math.max(...xs): spreading a very long problem list overflows the stack.
function maxOf<T>(items: readonly T[], measure: (item: T) => number): number {
  let max = 0;
  for (const item of items) max = Math.max(max, measure(item));
  return max;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
