// The --format json output: {"version": 1, "problems": [...]}, whose shape and key order are a public contract.
import type { Problem } from '../../engine/problem';
import type { RelatedInformation } from '../../rules/rule';
import { chunked } from './chunks';
import { SpanConverter, type Span } from './spans';
import type { UnitLine } from './units';

export function formatJson(problems: readonly Problem[], texts: ReadonlyMap<string, string>, units: readonly UnitLine[] = []): string {
  return [...jsonChunks(problems, texts, units)].join('');
}

/**
 * The JSON report in pieces, problem by problem, so that a run with a hundred thousand problems never holds them all as
 * objects and again as one string: the same text as `formatJson`.
 */
export function jsonChunks(problems: readonly Problem[], texts: ReadonlyMap<string, string>, units: readonly UnitLine[] = []): Generator<string> {
  return chunked(jsonTexts(problems, texts, units));
}

function* jsonTexts(problems: readonly Problem[], texts: ReadonlyMap<string, string>, units: readonly UnitLine[]): Generator<string> {
  const spans = new SpanConverter(texts);
  yield '{"version":1,"problems":[';
  for (const [i, p] of problems.entries()) yield (i > 0 ? ',' : '') + problemJson(p, spans);
  // `units` (the sources' project units: their platforms, and why) came after `problems` in version 1: a reader of the
  // first shape sees nothing change, and a run over packages alone has none.
  if (units.length === 0) {
    yield ']}\n';
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
  yield `],"units":${JSON.stringify(unitList)}}\n`;
}

/**
 * One problem as JSON, key by key in the contract's order: what JSON.stringify would write for the object, written
 * directly (a report of a hundred thousand problems makes no object per problem).
 */
function problemJson(p: Problem, spans: SpanConverter): string {
  const l = p.location;
  let out = `{"file":${quote(l.file)},"ruleId":${quote(p.ruleId)},"severity":"${p.severity}","message":${quote(p.message)}`;
  // `message` is the headline; `note` (why) and `help` (what to change) follow it when the rule says them.
  if (p.note !== undefined) out += `,"note":${quote(p.note)}`;
  if (p.help !== undefined) out += `,"help":${quote(p.help)}`;
  if (l.kind === 'source') {
    const s = spans.span(l);
    out += `,"platforms":[${p.platforms.map((a) => `"${a}"`).join(',')}],"line":${s.line},"column":${s.column},"endLine":${s.endLine},"endColumn":${s.endColumn}`;
  } else {
    out += `,"table":${quote(l.table)},"key":${quote(l.key)}`;
  }
  if (p.related.length > 0) out += `,"related":${JSON.stringify(p.related.map((r) => related(r, spans)))}`;
  return `${out}}`;
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
