// Human-readable output: problems grouped by file as ESLint's "stylish" formatter groups them, each a headline with its
// place, severity, rule and platforms, then its explanation and fix as `= note:` and `= help:` lines as rustc prints
// them; every line wrapped to the terminal's width.
import type { Problem } from '../../engine/problem';
import type { Severity } from '../../rules/rule';
import { ownName, type Emit, type FileName } from './emit';
import { inertLine } from './inert';
import { SpanConverter, type Span } from './spans';
import { describeUnit, type UnitLine } from './units';

export interface TextOptions {
  /** The caller decides (--color, FORCE_COLOR, NO_COLOR, a TTY); the formatter never looks at the process. */
  color: boolean;
  /** Lines are wrapped to this many columns; a word longer than a line (a path) is never broken. Default 100. */
  width?: number;
  /** The units linted, one info line each: the platforms and why. */
  units?: readonly UnitLine[];
  /** The name each file is shown by; the file as the problems name it by default. */
  fileName?: FileName;
}

/** Where output goes that is neither a terminal nor given a COLUMNS: wide enough for a headline and its rule. */
export const DEFAULT_WIDTH = 100;
/** Note and help lines start under the headline; when that leaves less than this, at NARROW_INDENT instead. */
const MIN_TEXT_COLUMNS = 40;
const NARROW_INDENT = 4;
const INDENT = 2;
const GAP = 2;

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
  const out: string[] = [];
  writeText(problems, texts, options, (text) => out.push(text));
  return out.join('');
}

/** The text report, handed to `emit` file by file and line by line: the same text as `formatText`. */
export function writeText(problems: readonly Problem[], texts: ReadonlyMap<string, string>, options: TextOptions, emit: Emit): void {
  const width = options.width ?? DEFAULT_WIDTH;
  const paint = (p: Paint): Paint => (options.color ? p : plain);
  const unitLines = (options.units ?? []).flatMap((u) => wrap(`Linted ${inertLine(describeUnit(u))}`, width, INDENT).map(paint(DIM)));
  const platforms = unitLines.length > 0 ? `${unitLines.join('\n')}\n` : '';
  if (problems.length === 0) {
    emit(platforms);
    return;
  }
  const spans = new SpanConverter(texts);
  const fileName = options.fileName ?? ownName;

  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    const list = byFile.get(p.location.file);
    if (list) list.push(p);
    else byFile.set(p.location.file, [p]);
  }

  let first = true;
  for (const [file, list] of byFile) {
    // Lines right-aligned, columns left-aligned, so the ':' lines up as in ESLint.
    const lineWidth = maxOf(list, (p) => (p.location.kind === 'source' ? String(spans.span(p.location).line).length : 0));
    const place = (p: Problem): string =>
      p.location.kind === 'row' ? inertLine(`${p.location.table}/${p.location.key}`) : lineColumn(spans.span(p.location), lineWidth);
    const placeWidth = maxOf(list, (p) => place(p).length);
    const severityWidth = maxOf(list, (p) => p.severity.length);
    // A blank line between files.
    emit(`${first ? '' : '\n'}${paint(UNDERLINE)(inertLine(fileName(file)))}\n`);
    first = false;
    for (const p of list) {
      const lead = `${' '.repeat(INDENT)}${paint(DIM)(place(p).padEnd(placeWidth))}${' '.repeat(GAP)}`;
      const severity = paint(SEVERITY_COLOR[p.severity])(p.severity) + ' '.repeat(severityWidth - p.severity.length + GAP);
      const column = INDENT + placeWidth + GAP + severityWidth + GAP;
      const tag = p.platforms.length > 0 ? `${p.ruleId} [${p.platforms.join(', ')}]` : p.ruleId;
      for (const line of problemLines(p, { lead: lead + severity, column, tag, width, paint })) {
        emit(line);
        emit('\n');
      }
    }
  }

  const count = (severity: Severity): number => problems.filter((p) => p.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const summary =
    `\u2716 ${plural(problems.length, 'problem')} ` + `(${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  const summaryPaint = errors > 0 ? RED : warnings > 0 ? YELLOW : CYAN;
  emit(`\n${platforms === '' ? '' : `${platforms}\n`}${paint((s) => BOLD(summaryPaint(s)))(summary)}\n`);
}

interface Layout {
  /** The indent, place and severity, painted: what starts the headline's first line. */
  lead: string;
  /** The column the headline starts at. */
  column: number;
  /** The rule id and platforms, after the headline. */
  tag: string;
  width: number;
  paint: (p: Paint) => Paint;
}

/**
 * A problem's lines: the headline wrapped from its column, the rule and platforms after it when they fit on its last
 * line (else on a line of their own), then its note and help, each wrapped under its label.
 */
function problemLines(p: Problem, layout: Layout): string[] {
  const { column, tag, width, paint } = layout;
  // Every line of the text starts at textColumn: under the headline's column, or at a narrow indent below the place.
  const narrow = width - column < MIN_TEXT_COLUMNS;
  const textColumn = narrow ? NARROW_INDENT : column;
  const indent = ' '.repeat(textColumn);
  const headline = wrap(inertLine(p.message), width - textColumn, 0);
  const last = headline.length - 1;
  const tagFits = textColumn + headline[last]!.length + GAP + tag.length <= width;
  const lines = headline.map(
    (line, i) => (i === 0 && !narrow ? layout.lead : indent) + line + (i === last && tagFits ? ' '.repeat(GAP) + paint(DIM)(tag) : ''),
  );
  if (narrow) lines.unshift(layout.lead.trimEnd());
  if (!tagFits) lines.push(indent + paint(DIM)(tag));
  for (const [label, text] of [
    ['note', p.note],
    ['help', p.help],
  ] as const) {
    if (text === undefined || text === '') continue;
    const prefix = `= ${label}: `;
    const wrapped = wrap(inertLine(text), width - textColumn - prefix.length, 0);
    for (const [i, line] of wrapped.entries()) {
      lines.push(indent + (i === 0 ? paint(BOLD)(prefix) : ' '.repeat(prefix.length)) + line);
    }
  }
  return lines;
}

/**
 * Words of `text` in lines of at most `columns` characters (a longer word alone on its line); lines after the first
 * start with `indent` spaces, which count toward `columns`.
 */
export function wrap(text: string, columns: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const room = columns - (lines.length > 0 ? indent : 0);
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i > 0 ? ' '.repeat(indent) + l : l));
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
