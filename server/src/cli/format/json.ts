// The --format json output: {"version": 1, "problems": [...]}, whose shape and key order are a public contract.
import type { Problem } from '../../engine/problem';
import type { RelatedInformation } from '../../rules/rule';
import type { Emit } from './emit';
import { SpanConverter, type Span } from './spans';
import type { UnitLine } from './units';

export function formatJson(problems: readonly Problem[], texts: ReadonlyMap<string, string>, units: readonly UnitLine[] = []): string {
  const out: string[] = [];
  writeJson(problems, texts, units, (text) => out.push(text));
  return out.join('');
}

/**
 * The JSON report, handed to `emit` in small pieces, problem by problem, so that a run with a hundred thousand problems
 * never holds its report as one string: the same text as `formatJson`.
 */
export function writeJson(problems: readonly Problem[], texts: ReadonlyMap<string, string>, units: readonly UnitLine[], emit: Emit): void {
  const spans = new SpanConverter(texts);
  emit('{"version":1,"problems":[');
  for (const [i, p] of problems.entries()) {
    if (i > 0) emit(',');
    writeProblem(p, spans, emit);
  }
  // `units` (the sources' project units: their platforms, and why) came after `problems` in version 1: a reader of the
  // first shape sees nothing change, and a run over packages alone has none.
  if (units.length === 0) {
    emit(']}\n');
    return;
  }
  const unitList = units.map((u) => ({
    name: u.name,
    kind: u.kind,
    files: u.files,
    platforms: u.platforms,
    platformSource: u.platformSource,
    reason: u.reason,
  }));
  emit(`],"units":${JSON.stringify(unitList)}}\n`);
}

/**
 * One problem as JSON, key by key in the contract's order: what JSON.stringify would write for the object, written
 * directly in pieces (a report of a hundred thousand problems makes no object, and no joined string, per problem).
 */
function writeProblem(p: Problem, spans: SpanConverter, emit: Emit): void {
  const l = p.location;
  emit('{"file":');
  emit(quote(l.file));
  emit(',"ruleId":');
  emit(quote(p.ruleId));
  emit(`,"severity":"${p.severity}","message":`);
  emit(quote(p.message));
  // `message` is the headline; `note` (why) and `help` (what to change) follow it when the rule says them.
  const note = p.note;
  if (note !== undefined) {
    emit(',"note":');
    emit(quote(note));
  }
  const help = p.help;
  if (help !== undefined) {
    emit(',"help":');
    emit(quote(help));
  }
  if (l.kind === 'source') {
    const s = spans.span(l);
    emit(
      `,"platforms":[${p.platforms.map((a) => `"${a}"`).join(',')}],"line":${s.line},"column":${s.column},"endLine":${s.endLine},"endColumn":${s.endColumn}`,
    );
  } else {
    emit(',"table":');
    emit(quote(l.table));
    emit(',"key":');
    emit(quote(l.key));
  }
  if (p.related.length > 0) emit(`,"related":${JSON.stringify(p.related.map((r) => related(r, spans)))}`);
  emit('}');
}

/** What JSON.stringify would write for `s`: quoted, and escaped only when it has something to escape. */
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** The characters JSON escapes in a string, lone surrogates included (JSON.stringify writes those as \u escapes). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function related(r: RelatedInformation, spans: SpanConverter): object {
  const l = r.location;
  return l.kind === 'source'
    ? { file: l.file, ...lineColumns(spans.span(l)), message: r.message }
    : { file: l.file, table: l.table, key: l.key, message: r.message };
}

function lineColumns(s: Span): Span {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
