// `wixlint --print-config FILE`: the settings FILE is linted with, as JSON: the config that applies, whether it ignores
// FILE, FILE's project unit, its platforms and why, each platform's defines, include and bind paths, and the rules'
// severities, from the same discovery and precedence a lint uses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintArgs } from './args';
import { commandLineIgnores, DisplayNames, isPackage } from './inputs';
import { MSBUILD_PLATFORM } from '../engine/lint';
import { isDirectory, nodeFileSystem, readTextFile } from '../io/fileSystem';
import type { BuildArch } from '../model/platform';
import type { IgnoreFile } from '../project/ignoreFile';
import type { MsBuildHost } from '../project/msbuild';
import { bindPath, ConfigLookup, readConfig, type WixlintConfig } from '../project/config';
import { lintUnit, type UnitLintResult } from '../project/lint';
import { unitOptions, type Overrides } from '../project/options';
import { discoverUnits, type LintUnit } from '../project/units';
import type { RuleMeta, SeveritySetting } from '../rules/rule';
import { parseXml } from '../wix/xml';

/** What --print-config prints, version 1: paths relative to the working folder, as the lint report names files. */
export interface PrintedSettings {
  file: string;
  /** false: FILE is not there yet; the settings are those a new file there would have. */
  exists: boolean;
  /** Whether the config's ignorePatterns or --ignore-pattern exclude FILE (a lint would skip it, saying so). */
  ignored: boolean;
  /** The wixlint.config.json that applies (--config, else the nearest up the tree); null when none does. */
  config: string | null;
  /** The project unit FILE is linted in; null for a package, an ignored file, or a file no unit takes. */
  unit: { name: string; kind: LintUnit['kind']; files: string[] } | null;
  /** The MSBuild configuration the unit's .wixproj is read for; null for other units. */
  configuration: string | null;
  /** The platforms the unit is linted for, where they come from (arguments, config, project, sources, default) and why. */
  platforms: BuildArch[] | null;
  platformSource: string | null;
  platformReason: string | null;
  /** Per platform: the preprocessor variables (project, config, -d), those only the build knows, include and bind paths. */
  builds: { platform: BuildArch; defines: Record<string, string>; definedByBuild: string[]; includePaths: string[]; bindPaths: string[] }[];
  /** Whether payload-isa says which File sources are not found: --missing-payloads, or the config's missingPayloads. */
  missingPayloads: boolean;
  /** Every rule's severity after the config's rules and --rule. */
  rules: Record<string, SeveritySetting>;
  /** The config's ignorePatterns, as globs relative to the working folder. */
  ignorePatterns: string[];
}

/** `warnings`: what discovering the unit noticed (a project that cannot be read...), one stderr line each. */
export type SettingsResult = { ok: true; settings: PrintedSettings; warnings: string[] } | { ok: false; errors: string[] };

/** The config of --config, read now: one that cannot be read stops the run, as for a lint. */
export function readGivenConfig(
  given: string | undefined,
  cwd: string,
): { ok: true; config: WixlintConfig | undefined } | { ok: false; error: string } {
  if (given === undefined) return { ok: true, config: undefined };
  const file = path.resolve(cwd, given);
  const read = readTextFile(given, file);
  return read.ok ? readConfig(file, read.text) : read;
}

/** What the command line sets over configs and projects: --arch, -d, -I, -b and --rule, paths resolved against `cwd`. */
export function commandLineOverrides(args: LintArgs, cwd: string): Overrides {
  return {
    platforms: args.platforms,
    platformsFrom: 'arguments',
    defines: args.defines,
    includePaths: args.includePaths.map((dir) => path.resolve(cwd, dir)),
    bindPaths: args.bindPaths.map((b) => bindPath(b, cwd)),
    severities: args.severities,
  };
}

/** Whether a file is left out of projects: a config's ignorePatterns, or --ignore-pattern, exclude it. */
export function projectIgnores(configs: ConfigLookup, commandLine: IgnoreFile): (file: string) => boolean {
  return (file) => configs.ignores(file) || commandLine.excluding(file, false) !== undefined;
}

/**
 * The settings `given` is linted with. A FILE that does not exist is fine when its folder does (as ESLint allows): it is
 * placed there as an empty file, so that a project's wildcards and the folder's sources take it in as they would.
 */
export function resolveSettings(
  given: string,
  args: LintArgs,
  context: { cwd: string; env: Record<string, string | undefined>; rules: readonly Pick<RuleMeta, 'id' | 'defaultSeverity'>[] },
): SettingsResult {
  const file = path.resolve(context.cwd, given);
  const exists = fs.existsSync(file);
  if (exists && isDirectory(file)) return { ok: false, errors: [`'${given}' is a folder: --print-config takes a file`] };
  if (!exists && !isDirectory(path.dirname(file))) {
    return { ok: false, errors: [`cannot print the settings of '${given}': its folder does not exist`] };
  }
  const givenConfig = readGivenConfig(args.config, context.cwd);
  if (!givenConfig.ok) return { ok: false, errors: [givenConfig.error] };

  const fsHost = nodeFileSystem(exists ? undefined : new Map([[file, '']]));
  const configs = new ConfigLookup(fsHost, givenConfig.config);
  const overrides = commandLineOverrides(args, context.cwd);
  const ignores = projectIgnores(configs, commandLineIgnores(args.ignorePatterns, context.cwd));
  const ignored = ignores(file);
  const warnings: string[] = [];
  const found = ignored || isPackage(file) ? undefined : unitOf(file, { args, env: context.env, fsHost, configs, ignores, overrides, warnings });
  const ruleIds = context.rules.map((r) => r.id);
  const errors = configs.problems(ruleIds).map((p) => p.error);
  if (errors.length > 0) return { ok: false, errors };

  const names = new DisplayNames(context.cwd, [given], [{ path: given, absolutePath: file }]);
  const shown = (p: string): string => (p === context.cwd ? '.' : names.of(p));
  const config = found ? found.unit.config : configs.configFor(file);
  const options = found ? unitOptions(found.unit, overrides, context.env) : undefined;
  const severities = options?.severities ?? { ...(config?.rules ?? {}), ...args.severities };
  const platforms = found?.lint.result.platforms;
  return {
    ok: true,
    warnings,
    settings: {
      file: given,
      exists,
      ignored,
      config: config ? shown(config.file) : null,
      unit: found ? { name: unitName(found.unit, shown), kind: found.unit.kind, files: found.lint.result.files.map(shown) } : null,
      configuration: found?.unit.project?.configuration ?? null,
      platforms: platforms?.platforms ?? null,
      platformSource: platforms?.source ?? null,
      platformReason: platforms?.reason ?? null,
      builds: (platforms?.platforms ?? []).map((arch) => {
        const build = options!.build(arch, MSBUILD_PLATFORM[arch]);
        return {
          platform: arch,
          defines: build.defines,
          definedByBuild: build.unknownDefines,
          includePaths: build.includePaths.map(shown),
          bindPaths: build.bindPaths.map((b) => (b.name === undefined ? shown(b.path) : `${b.name}=${shown(b.path)}`)),
        };
      }),
      missingPayloads: args.missingPayloads || (options?.missingPayloads ?? config?.missingPayloads === true),
      rules: Object.fromEntries(context.rules.map((r) => [r.id, severities[r.id] ?? r.defaultSeverity])),
      ignorePatterns: (config?.ignorePatterns ?? []).map(shown),
    },
  };
}

/**
 * The unit a lint of `file` alone would lint it in, linted to learn its platforms (the sources may decide them). An
 * include is in the first unit of its folder's sources that includes it, else the first of them.
 */
function unitOf(
  file: string,
  run: {
    args: LintArgs;
    env: Record<string, string | undefined>;
    fsHost: MsBuildHost;
    configs: ConfigLookup;
    ignores: (file: string) => boolean;
    overrides: Overrides;
    warnings: string[];
  },
): { unit: LintUnit; lint: UnitLintResult } | undefined {
  const { args, env, fsHost, configs, ignores, overrides } = run;
  const ext = path.extname(file).toLowerCase();
  const isInclude = ext === '.wxi';
  const isProject = ext === '.wixproj';
  const folderSources = (fsHost.readDirectory(path.dirname(file)) ?? [])
    .filter((e) => e.isFile && e.name.toLowerCase().endsWith('.wxs'))
    .map((e) => path.join(path.dirname(file), e.name))
    .sort();
  const lookUp = isProject ? [] : isInclude ? folderSources : [file];
  const discovery = discoverUnits({
    fs: fsHost,
    parse: parseXml,
    env,
    configuration: args.configuration,
    sources: lookUp,
    projectFiles: isProject ? [file] : [],
    lookUp,
    configFor: (f) => configs.configFor(f),
    ignores,
  });
  run.warnings.push(...discovery.warnings);
  const candidates = isInclude ? discovery.units : discovery.units.filter((u) => u.anchor === file || u.sources.includes(file));
  let first: { unit: LintUnit; lint: UnitLintResult } | undefined;
  for (const unit of candidates) {
    const lint = lintUnit(unit, { fs: fsHost, parse: parseXml, env, overrides });
    if (!isInclude || [...lint.includes.values()].some((included) => included.has(file))) return { unit, lint };
    first ??= { unit, lint };
  }
  return first;
}

/** As the lint report's `units` name them: the .wixproj or entry source, or a config project's name and config. */
function unitName(unit: LintUnit, shown: (file: string) => string): string {
  const anchor = shown(unit.anchor);
  return unit.kind === 'config' ? `${unit.name} (${anchor})` : anchor;
}
