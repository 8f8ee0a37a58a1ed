// Lints project units: each unit's sources with its own platforms and build context, never another unit's symbols.
// The CLI and the language server both lint through here.
import * as path from 'node:path';
import type { XmlDocument } from '../wix/xml';
import { addIncludes, lintSources, type PlatformChoice, type SourceInput } from '../engine/lint';
import type { LoweringCache } from '../engine/loweringCache';
import type { Problem } from '../engine/problem';
import { ProblemCollector } from '../engine/run';
import type { InstallerDb } from '../model/installer';
import type { SourcePayloadOptions } from '../payload/sources';
import type { MsBuildHost } from './msbuild';
import { unitOptions, type Overrides } from './options';
import type { LintUnit } from './units';

export interface UnitsLintRequest {
  fs: MsBuildHost;
  parse: (file: string, text: string) => XmlDocument;
  env: Record<string, string | undefined>;
  overrides: Overrides;
  /** Sees each package as linted, per platform. */
  onDatabase?: (db: InstallerDb, unit: LintUnit) => void;
  /**
   * The editor's time budget per unit: called as a unit starts, it returns whether that unit's time is used up. A unit
   * out of time is linted as far as it was read, with a warning there. Absent: no limit.
   */
  startClock?: () => () => boolean;
  timeBudgetSeconds?: number;
  /** Reads the payloads the sources install, for payload-isa; absent: only names are checked. */
  payloads?: SourcePayloadOptions;
  /** Keeps each document's lowering with its tree across lints (the editor); absent: every lint lowers everything. */
  lowering?: LoweringCache;
}

export interface UnitResult {
  unit: LintUnit;
  platforms: PlatformChoice;
  /** The sources read (a project's Compile item that cannot be read is left out). */
  files: string[];
}

export interface UnitsLintResult {
  /** Every unit's problems; a problem two units find in a file they share is one. */
  problems: Problem[];
  units: UnitResult[];
  /** The text of every file a problem may point into. */
  texts: Map<string, string>;
  /** Each file that included others, with the files it included: the content a source is made of. */
  includes: Map<string, Set<string>>;
}

export function lintUnits(units: readonly LintUnit[], request: UnitsLintRequest): UnitsLintResult {
  const merged = new UnitsLint(request);
  for (const unit of units) merged.add(lintUnit(unit, request));
  return merged.result();
}

/** One unit's lint: what it found, and every file it read with the text read, so that a cache can tell it is still true. */
export interface UnitLintResult {
  result: UnitResult;
  problems: Problem[];
  texts: Map<string, string>;
  includes: Map<string, Set<string>>;
  /** The packages linted, per platform, for `onDatabase`. */
  databases: InstallerDb[];
  /** Each file read (sources, includes) and its text then; undefined for one that could not be read. */
  reads: Map<string, string | undefined>;
  /** Each payload looked at and its stamp then (PayloadHost.stamp); undefined for one that was not there. */
  payloadStamps: ReadonlyMap<string, string | undefined>;
}

/** Units' lints merged as lintUnits returns them; the language server adds them one at a time, between requests. */
export class UnitsLint {
  private readonly collector = new ProblemCollector();
  private readonly texts = new Map<string, string>();
  private readonly includes = new Map<string, Set<string>>();
  private readonly units: UnitResult[] = [];

  constructor(private readonly request: Pick<UnitsLintRequest, 'onDatabase'>) {}

  add(lint: UnitLintResult): void {
    this.collector.addAll(lint.problems);
    for (const [file, text] of lint.texts) this.texts.set(file, text);
    addIncludes(this.includes, lint.includes);
    this.units.push(lint.result);
    if (this.request.onDatabase) for (const db of lint.databases) this.request.onDatabase(db, lint.result.unit);
  }

  result(): UnitsLintResult {
    return { problems: this.collector.problems(), units: this.units, texts: this.texts, includes: this.includes };
  }
}

export function lintUnit(unit: LintUnit, request: UnitsLintRequest): UnitLintResult {
  const reads = new Map<string, string | undefined>();
  const readFile = (file: string): string | undefined => {
    const text = request.fs.readFile(file);
    if (!reads.has(file)) reads.set(file, text);
    return text;
  };
  const options = unitOptions(unit, request.overrides, request.env);
  const inputs: SourceInput[] = [];
  for (const file of unit.sources) {
    const text = readFile(file);
    if (text !== undefined) inputs.push({ path: file, text });
  }
  const first = options.build('x86', 'x86');
  const databases: InstallerDb[] = [];
  const result = lintSources(inputs, {
    ...(options.platforms ? { platforms: options.platforms } : {}),
    ...(options.platformSource ? { platformSource: options.platformSource } : {}),
    ...(options.platformReason ? { platformReason: options.platformReason } : {}),
    ...(options.fallback ? { fallbackPlatforms: { ...options.fallback, source: 'project' as const } } : {}),
    defines: first.defines,
    includePaths: first.includePaths,
    contextFor: (arch, platformName) => options.build(arch, platformName),
    env: options.env,
    // MSBuild runs the compiler in the project's folder; a config's projects are built from the config's, likely.
    ...(unit.kind !== 'sources' ? { currentDir: path.dirname(unit.anchor) } : {}),
    severities: options.severities,
    host: { readFile, unreadable: (f) => request.fs.unreadable?.(f) },
    parse: request.parse,
    ...(request.onDatabase ? { onDatabase: (db: InstallerDb) => databases.push(db) } : {}),
    ...(request.startClock ? { outOfTime: request.startClock() } : {}),
    ...(request.timeBudgetSeconds !== undefined ? { timeBudgetSeconds: request.timeBudgetSeconds } : {}),
    // --missing-payloads and the editor's setting hold for the run; a unit's config may ask too.
    ...(request.payloads
      ? { payloads: options.missingPayloads && !request.payloads.reportMissing ? { ...request.payloads, reportMissing: true } : request.payloads }
      : {}),
    ...(request.lowering ? { lowering: request.lowering } : {}),
  });
  // Only a caller that lints again and again (it keeps a memo) checks later whether the payloads changed.
  const payloadStamps = request.payloads?.memo ? result.payloads : new Map<string, string | undefined>();
  return {
    result: { unit, platforms: result.platforms, files: inputs.map((i) => i.path) },
    problems: result.problems,
    texts: result.texts,
    includes: result.includes,
    databases,
    reads,
    payloadStamps,
  };
}
