// Lints project units: each unit's sources with its own platforms and build context, never another unit's symbols.
// The CLI and the language server both lint through here.
import * as path from 'node:path';
import type { XmlDocument } from '../wix/xml';
import { lintSources, type PlatformChoice, type SourceInput } from '../engine/lint';
import type { Problem } from '../engine/problem';
import { ProblemCollector } from '../engine/run';
import type { InstallerDb } from '../model/installer';
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
}

export function lintUnits(units: readonly LintUnit[], request: UnitsLintRequest): UnitsLintResult {
  const collector = new ProblemCollector();
  const texts = new Map<string, string>();
  const results: UnitResult[] = [];
  for (const unit of units) {
    const options = unitOptions(unit, request.overrides, request.env);
    const inputs: SourceInput[] = [];
    for (const file of unit.sources) {
      const text = request.fs.readFile(file);
      if (text !== undefined) inputs.push({ path: file, text });
    }
    const first = options.build('x86', 'x86');
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
      host: { readFile: (f) => request.fs.readFile(f), unreadable: (f) => request.fs.unreadable?.(f) },
      parse: request.parse,
      ...(request.onDatabase ? { onDatabase: (db: InstallerDb) => request.onDatabase!(db, unit) } : {}),
    });
    collector.addAll(result.problems);
    for (const [file, text] of result.texts) texts.set(file, text);
    results.push({ unit, platforms: result.platforms, files: inputs.map((i) => i.path) });
  }
  return { problems: collector.problems(), units: results, texts };
}
