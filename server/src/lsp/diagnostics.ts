// Turns the engine's problems into LSP diagnostics per document URI: offsets to positions, rule docs links, platforms.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Position, type Range } from 'vscode-languageserver';
import { positionsIn } from './documents';
import type { Problem } from '../engine/problem';
import type { Severity } from '../rules/rule';
import type { SourceLocation } from '../model/installer';
import { getRule } from '../rules/index';
import { readProblemFix, type ProblemFix } from '../fixes';

/** How problem files become documents; a file either lookup cannot answer is left out. */
export interface DiagnosticFiles {
  /** The URI a file's diagnostics are published under. */
  uriOf(file: string): string | undefined;
  /** The text the problem offsets refer to (the engine's, with CRLF read as LF). */
  textOf(file: string): string | undefined;
  /**
   * The open document of a file, whose positions the client keeps (the server's copy has LF line ends, see
   * documents.ts): when its text is the one linted, its own line index places the problems, and none is built.
   */
  documentOf?(file: string): { getText(): string; positionAt(offset: number): Position } | undefined;
}

/** What a wixlint diagnostic carries for its fixes: the rule and the rule's fix data, recomputed into edits on request. */
export interface DiagnosticData {
  ruleId: string;
  fix: unknown;
}

/** The fix data of a diagnostic when it is wixlint's, read back by its rule (it comes from the client: nothing is assumed). */
export function diagnosticFix(diagnostic: Diagnostic): ProblemFix | undefined {
  const data: unknown = diagnostic.data;
  if (diagnostic.source !== 'wixlint' || typeof data !== 'object' || data === null) return undefined;
  const { ruleId, fix } = data as Record<string, unknown>;
  return typeof ruleId === 'string' ? readProblemFix(ruleId, fix) : undefined;
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const ZERO = { line: 0, character: 0 };

/** Diagnostics grouped by URI, in the problems' order. Row locations (built packages) have no place in a text document. */
export function toDiagnostics(problems: readonly Problem[], files: DiagnosticFiles): Map<string, Diagnostic[]> {
  const indexes = new Map<string, { positionAt(offset: number): Position } | undefined>();
  const place = (location: SourceLocation): { uri: string; range: Range } | undefined => {
    const uri = files.uriOf(location.file);
    if (uri === undefined) return undefined;
    let index = indexes.get(location.file);
    if (!indexes.has(location.file)) {
      const text = files.textOf(location.file);
      index = text === undefined ? undefined : positionsIn(text, files.documentOf?.(location.file));
      indexes.set(location.file, index);
    }
    // A file whose text is not at hand (one that could not be read) has only its start to point at.
    if (!index) return location.start === 0 && location.end === 0 ? { uri, range: { start: ZERO, end: ZERO } } : undefined;
    return { uri, range: { start: index.positionAt(location.start), end: index.positionAt(location.end) } };
  };

  const byUri = new Map<string, Diagnostic[]>();
  for (const problem of problems) {
    if (problem.location.kind !== 'source') continue;
    const at = place(problem.location);
    if (!at) continue;
    const related: DiagnosticRelatedInformation[] = [];
    // The headline is the diagnostic's message; why and what to change follow it, at its own place, as rustc's notes do
    // in rust-analyzer: every client shows related information under the message.
    if (problem.note !== undefined) related.push({ location: { uri: at.uri, range: at.range }, message: `note: ${problem.note}` });
    if (problem.help !== undefined) related.push({ location: { uri: at.uri, range: at.range }, message: `help: ${problem.help}` });
    for (const r of problem.related) {
      const other = r.location.kind === 'source' ? place(r.location) : undefined;
      if (other) related.push({ location: other, message: r.message });
    }
    const docsUrl = getRule(problem.ruleId)?.meta.docsUrl;
    const diagnostic: Diagnostic = {
      range: at.range,
      severity: SEVERITIES[problem.severity],
      source: 'wixlint',
      code: problem.ruleId,
      ...(docsUrl ? { codeDescription: { href: docsUrl } } : {}),
      message: problem.platforms.length > 0 ? `${problem.message} [${problem.platforms.join(', ')}]` : problem.message,
      ...(related.length > 0 ? { relatedInformation: related } : {}),
      ...(problem.fix !== undefined ? { data: { ruleId: problem.ruleId, fix: problem.fix } satisfies DiagnosticData } : {}),
    };
    let list = byUri.get(at.uri);
    if (!list) byUri.set(at.uri, (list = []));
    list.push(diagnostic);
  }
  return byUri;
}
