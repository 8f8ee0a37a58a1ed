// The --format json output: {"version": 1, "problems": [...]}, whose shape and key order are a public contract.
import type { Problem } from '../../engine/problem';
import type { RelatedInformation } from '../../rules/rule';
import { SpanConverter, type Span } from './spans';
import type { UnitLine } from './units';

export function formatJson(problems: readonly Problem[], texts: ReadonlyMap<string, string>, units: readonly UnitLine[] = []): string {
  const spans = new SpanConverter(texts);
  // Objects are built literal by literal because JSON.stringify keeps insertion order, and the order is the contract.
  const out = problems.map((p) => {
    const head = { file: p.location.file, ruleId: p.ruleId, severity: p.severity, message: p.message };
    const place =
      p.location.kind === 'source'
        ? { platforms: p.platforms, ...lineColumns(spans.span(p.location)) }
        : { table: p.location.table, key: p.location.key };
    return p.related.length > 0 ? { ...head, ...place, related: p.related.map((r) => related(r, spans)) } : { ...head, ...place };
  });
  // `units` (the sources' project units: their platforms, and why) came after `problems` in version 1: a reader of the
  // first shape sees nothing change, and a run over packages alone has none.
  if (units.length === 0) return JSON.stringify({ version: 1, problems: out }) + '\n';
  const unitList = units.map((u) => ({
    name: u.name,
    kind: u.kind,
    files: u.files,
    platforms: u.platforms,
    platformSource: u.platformSource,
    reason: u.reason,
  }));
  return JSON.stringify({ version: 1, problems: out, units: unitList }) + '\n';
}

function related(r: RelatedInformation, spans: SpanConverter): object {
  const l = r.location;
  return l.kind === 'source'
    ? { file: l.file, ...lineColumns(spans.span(l)), message: r.message }
    : { file: l.file, table: l.table, key: l.key, message: r.message };
}

function lineColumns(s: Span): Span {
  return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
