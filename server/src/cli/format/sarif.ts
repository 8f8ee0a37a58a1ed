// The --format sarif output: a SARIF 2.1.0 log (one run) for code-scanning services such as GitHub's.
import type { Problem } from '../../engine/problem';
import type { Location } from '../../model/installer';
import type { Rule, Severity } from '../../rules/rule';
import type { RuleStory } from '../ruleDocs';
import { ownName, type Emit, type FileName } from './emit';
import { SpanConverter } from './spans';
import { describeUnit, type UnitLine } from './units';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/wixlint/wixlint';

export interface SarifOptions {
  /** wixlint's version, from package.json. */
  version: string;
  /** Every rule, listed in tool.driver.rules whether or not it reported anything. */
  rules: readonly Pick<Rule, 'meta'>[];
  /** Each rule's story from its docs page: its fullDescription and help (else its one-line description). */
  stories?: ReadonlyMap<string, RuleStory>;
  /** The units linted: their platforms and why, as notifications of the run's invocation. */
  units?: readonly UnitLine[];
  /** Inputs that could not be read, as error notifications of the invocation (they are results too). */
  unreadable?: readonly { file: string; reason: string }[];
  /** The name each file is shown by; the file as the problems name it by default. */
  fileName?: FileName;
}

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region?: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
  logicalLocations?: { name: string; kind: string }[];
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  /** `text` is the headline; `markdown` adds the note and the help. */
  message: { text: string; markdown?: string };
  locations: SarifLocation[];
  relatedLocations?: (SarifLocation & { id: number; message: { text: string } })[];
  properties: { platforms: string[] };
}

/**
 * A problem's whole message as markdown, as code scanning shows a result: the headline in bold, then its note and its
 * help as paragraphs. What markdown would read as markup (the `*` and `\` of registry keys, `_`, brackets) is escaped.
 */
function messageMarkdown(p: Pick<Problem, 'message' | 'note' | 'help'>): string {
  const paragraphs = [`**${escapeMarkdown(p.message)}**`];
  if (p.note !== undefined) paragraphs.push(escapeMarkdown(p.note));
  if (p.help !== undefined) paragraphs.push(`Help: ${escapeMarkdown(p.help)}`);
  return paragraphs.join('\n\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, '\\$&');
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(problems: readonly Problem[], texts: ReadonlyMap<string, string>, options: SarifOptions): string {
  const out: string[] = [];
  writeSarif(problems, texts, options, (text) => out.push(text));
  return out.join('');
}

/**
 * The SARIF log, handed to `emit` result by result: the same text as `formatSarif`, whose results (a hundred thousand
 * of them for a package with a problem per component) are never all objects, nor one string, at once.
 */
export function writeSarif(problems: readonly Problem[], texts: ReadonlyMap<string, string>, options: SarifOptions, emit: Emit): void {
  const spans = new SpanConverter(texts);
  const fileName = options.fileName ?? ownName;
  const ruleIndex = new Map(options.rules.map((r, i) => [r.meta.id, i]));

  const location = (l: Location): SarifLocation => {
    const artifactLocation = { uri: artifactUri(fileName(l.file)) };
    if (l.kind === 'row') {
      return { physicalLocation: { artifactLocation }, logicalLocations: [{ name: `${l.table}/${l.key}`, kind: 'row' }] };
    }
    const s = spans.span(l);
    return {
      physicalLocation: {
        artifactLocation,
        region: { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn },
      },
    };
  };

  const result = (p: Problem): SarifResult => {
    const index = ruleIndex.get(p.ruleId);
    return {
      ruleId: p.ruleId,
      // A problem from a rule missing in the list (there should be none) still gets reported, just without the index.
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[p.severity],
      message: p.note === undefined && p.help === undefined ? { text: p.message } : { text: p.message, markdown: messageMarkdown(p) },
      locations: [location(p.location)],
      ...(p.related.length > 0
        ? { relatedLocations: p.related.map((r, id) => ({ id, ...location(r.location), message: { text: r.message } })) }
        : {}),
      properties: { platforms: [...p.platforms] },
    };
  };

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wixlint',
            version: options.version,
            informationUri: INFORMATION_URI,
            rules: options.rules.map(({ meta }) => {
              const story = options.stories?.get(meta.id);
              const full = story?.summary ?? meta.description;
              const help = story?.fix === undefined ? full : `${full}\n\n${story.fix}`;
              return {
                id: meta.id,
                shortDescription: { text: meta.description },
                fullDescription: { text: full },
                helpUri: meta.docsUrl,
                help: { text: help, markdown: `${help}\n\n[${meta.id}](${meta.docsUrl})` },
                defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
              };
            }),
          },
        },
        // LineIndex counts UTF-16 code units; saying so keeps consumers from guessing.
        columnKind: 'utf16CodeUnits',
        ...((options.units ?? []).length + (options.unreadable ?? []).length > 0
          ? {
              invocations: [
                {
                  // A run that read some inputs and reported on them succeeded; the unreadable ones are said below.
                  executionSuccessful: true,
                  toolExecutionNotifications: [
                    ...(options.unreadable ?? []).map((u) => ({
                      level: 'error',
                      message: { text: `Cannot read ${u.file}: ${u.reason}` },
                      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(u.file) } } }],
                    })),
                    ...(options.units ?? []).map((u) => ({ level: 'note', message: { text: `Linted ${describeUnit(u)}` } })),
                  ],
                },
              ],
            }
          : {}),
        // Last: the results are written into the log's text one by one (see writeResults).
        results: [],
      },
    ],
  };
  writeResults(JSON.stringify(log, null, 2), problems, result, emit);
}

/** Where a run's results are, in the log's text: JSON.stringify's indent of two per level, the results array at the fourth. */
const RESULTS_MARK = '\n      "results": []';
const RESULT_INDENT = ' '.repeat(8);

/** The log's text with the results in place of its empty list, each as JSON.stringify would indent it there. */
function writeResults(log: string, problems: readonly Problem[], result: (p: Problem) => SarifResult, emit: Emit): void {
  const at = log.lastIndexOf(RESULTS_MARK);
  if (at < 0) throw new Error('the SARIF log has no results list');
  if (problems.length === 0) {
    emit(`${log}\n`);
    return;
  }
  const open = at + RESULTS_MARK.length - 1;
  emit(`${log.slice(0, open)}\n`);
  for (const [i, p] of problems.entries()) {
    emit(RESULT_INDENT);
    emit(JSON.stringify(result(p), null, 2).replace(/\n/g, `\n${RESULT_INDENT}`));
    emit(i < problems.length - 1 ? ',\n' : '\n');
  }
  emit(`      ${log.slice(open)}\n`);
}

/**
 * A path as given, as a URI reference: '/' separators, percent-encoded where a URI needs it. Relative paths stay
 * relative (code-scanning services resolve them against the checkout); absolute ones become file: URIs.
 */
export function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const encoded = encodeURI(slashed).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encoded}`;
  if (slashed.startsWith('//')) return `file:${encoded}`;
  if (slashed.startsWith('/')) return `file://${encoded}`;
  // Otherwise a first segment such as 'a:b.wxs' would read as a URI scheme.
  return /^[^/]*:/.test(slashed) ? `./${encoded}` : encoded;
}
