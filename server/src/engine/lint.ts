// The core entry point for sources: parse, preprocess and lower per platform, link, run the rules, merge platforms.
import { performance } from 'node:perf_hooks';
import { emptyDb, type BuildArch, type InputDiagnostic, type InstallerDb } from '../model/installer';
import { rules } from '../rules';
import { link, wixVersionOf, type Section } from '../wix/link';
import { assemble, lowerDocument } from '../wix/lower';
import { Preprocessor } from '../wix/preprocess';
import { parseXml, type XmlDocument } from '../wix/xml';
import type { Problem, SeveritySetting } from './problem';
import { ProblemCollector } from './run';

/** How the core reads files it was not handed (includes). Paths are as the host understands them. */
export interface SourceHost {
  readFile(path: string): string | undefined;
}

export interface SourceInput {
  /** The path as given by the user (used in output). */
  path: string;
  text: string;
}

export interface LintSourcesOptions {
  /** Build platforms to evaluate; each source is preprocessed and lowered once per platform. */
  platforms: BuildArch[];
  /** Preprocessor defines (-d NAME=VALUE). */
  defines: Record<string, string>;
  /** Include search paths (-I DIR). */
  includePaths: string[];
  /** Environment for $(env.X). */
  env: Record<string, string | undefined>;
  /** Severity overrides by rule id. */
  severities: Record<string, SeveritySetting>;
  host: SourceHost;
  /** How sources and includes are parsed; a caller that lints again and again can keep unchanged trees (default: parseXml). */
  parse?: (path: string, text: string) => XmlDocument;
  /** Sees each package as linted, per platform (the editor shows what it learns there, such as a component's bitness). */
  onDatabase?: (db: InstallerDb) => void;
}

export interface LintTimings {
  parseMs: number;
  lowerMs: number;
  rulesMs: number;
}

export interface LintResult {
  /** Problems sorted by file, then position; one per rule, place and message, listing its platforms. */
  problems: Problem[];
  /** The text of every file a problem may point into (inputs and includes), for line/column conversion. */
  texts: Map<string, string>;
  timings: LintTimings;
}

export function lintSources(inputs: SourceInput[], options: LintSourcesOptions): LintResult {
  const timings: LintTimings = { parseMs: 0, lowerMs: 0, rulesMs: 0 };
  const collector = new ProblemCollector();
  const documents = new Map<string, XmlDocument>();
  const mains: XmlDocument[] = [];

  const parse = options.parse ?? parseXml;
  let t = performance.now();
  for (const input of inputs) {
    const doc = parse(input.path, input.text);
    documents.set(input.path, doc);
    mains.push(doc);
  }
  timings.parseMs += performance.now() - t;

  for (const arch of options.platforms) {
    t = performance.now();
    const diagnostics: InputDiagnostic[] = [];
    const sections: Section[] = [];
    for (const doc of mains) {
      for (const e of doc.errors) {
        diagnostics.push({ message: e.message, severity: 'error', location: { kind: 'source', file: doc.file, ...range(e) } });
      }
      const root = doc.root;
      // An include file is checked as XML here; its content is linted where it is included.
      if (!root || root.local === 'Include') continue;
      const version = wixVersionOf(root);
      if (root.local !== 'Wix' || version === undefined) {
        diagnostics.push({
          message:
            `<${root.name}> is not a WiX document: the root must be <Wix> with xmlns="http://wixtoolset.org/schemas/v4/wxs" ` +
            '(WiX v4 and later) or xmlns="http://schemas.microsoft.com/wix/2006/wi" (WiX v3).',
          severity: 'error',
          location: { kind: 'source', file: doc.file, start: root.start + 1, end: root.nameEnd },
        });
        continue;
      }
      const pp = new Preprocessor(doc, {
        arch,
        defines: options.defines,
        includePaths: options.includePaths,
        env: options.env,
        host: options.host,
        documents,
        parse,
        bareVariables: version === 4,
      });
      for (const s of lowerDocument(doc, pp, version, arch)) sections.push(s);
      for (const d of pp.diagnostics) diagnostics.push(d);
    }
    const dbs = link(sections).map((linked) => assemble(linked, arch));
    const inputs = emptyDb(arch);
    inputs.inputDiagnostics = diagnostics;
    dbs.push(inputs);
    timings.lowerMs += performance.now() - t;

    if (options.onDatabase) for (const db of dbs) options.onDatabase(db);
    t = performance.now();
    for (const db of dbs) collector.run(db, rules, options.severities);
    timings.rulesMs += performance.now() - t;
  }

  const texts = new Map<string, string>();
  for (const [file, doc] of documents) texts.set(file, doc.text);
  return { problems: collector.problems(), texts, timings };
}

function range(e: { start: number; end: number }): { start: number; end: number } {
  return { start: e.start, end: e.end };
}

/** Runs the rules over built packages already read into the model; problems point at table rows. */
export function lintPackages(dbs: readonly InstallerDb[], severities: Record<string, SeveritySetting>): Problem[] {
  const collector = new ProblemCollector();
  for (const db of dbs) collector.run(db, rules, severities);
  return collector.problems();
}
