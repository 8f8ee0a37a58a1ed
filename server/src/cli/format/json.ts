// The --format json output: {"version": 1, "problems": [...]}, whose shape and key order are a public contract.
import { problemJsonText, type Problem } from '../../engine/problem';
import type { BuildArch } from '../../model/platform';
import { jsonString, type RelatedInformation } from '../../rules/rule';
import { ownName, type Emit, type FileName } from './emit';
import { SpanConverter, type Span } from './spans';
import type { UnitLine } from './units';

export interface JsonOptions {
  /** The units linted: their files, platforms and why, after the problems. */
  units?: readonly UnitLine[];
  /** The name each file is shown by; the file as the problems name it by default. */
  fileName?: FileName;
}

export function formatJson(problems: readonly Problem[], texts: ReadonlyMap<string, string>, options: JsonOptions = {}): string {
  const out: string[] = [];
  writeJson(problems, texts, options, (text) => out.push(text));
  return out.join('');
}

/**
 * The JSON report, handed to `emit` in small pieces, problem by problem, so that a run with a hundred thousand problems
 * never holds its report as one string: the same text as `formatJson`.
 */
export function writeJson(problems: readonly Problem[], texts: ReadonlyMap<string, string>, options: JsonOptions, emit: Emit): void {
  const places: Places = { spans: new SpanConverter(texts), fileName: options.fileName ?? ownName };
  const units = options.units ?? [];
  emit('{"version":1,"problems":[');
  for (const [i, p] of problems.entries()) writeProblem(p, i > 0 ? ',' : '', places, emit);
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
 * One problem as JSON, after `before` (the comma between problems), key by key in the contract's order: what
 * JSON.stringify would write for the object, made directly as one short string (a report of a hundred thousand problems
 * makes no object per problem, and hands each on whole: every `emit` encodes what it is given, and costs more than a
 * short join).
 */
function writeProblem(p: Problem, before: string, places: Places, emit: Emit): void {
  const l = p.location;
  let json = `${before}{"file":${jsonString(places.fileName(l.file))},"ruleId":${jsonString(p.ruleId)},"severity":"${p.severity}","message":${problemJsonText(p, 'message')}`;
  // `message` is the headline; `note` (why) and `help` (what to change) follow it when the rule says them.
  const note = problemJsonText(p, 'note');
  if (note !== undefined) json += `,"note":${note}`;
  const help = problemJsonText(p, 'help');
  if (help !== undefined) json += `,"help":${help}`;
  if (l.kind === 'source') {
    const s = places.spans.span(l);
    json += `,"platforms":${platformList(p.platforms)},"line":${s.line},"column":${s.column},"endLine":${s.endLine},"endColumn":${s.endColumn}`;
  } else {
    json += `,"table":${jsonString(l.table)},"key":${jsonString(l.key)}`;
  }
  if (p.related.length > 0) json += `,"related":${JSON.stringify(p.related.map((r) => related(r, places)))}`;
  emit(`${json}}`);
}

function platformList(platforms: readonly BuildArch[]): string {
  return platforms.length === 1 ? `["${platforms[0]}"]` : JSON.stringify(platforms);
}

/** Where a report's places are: their lines and columns, and their files' names. */
interface Places {
  spans: SpanConverter;
  fileName: FileName;
}

function related(r: RelatedInformation, places: Places): object {
  const l = r.location;
  const file = places.fileName(l.file);
  return l.kind === 'source'
    ? { file, ...lineColumns(places.spans.span(l)), message: r.message }
    : { file, table: l.table, key: l.key, message: r.message };
}

function lineColumns(s: Span): Span {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
