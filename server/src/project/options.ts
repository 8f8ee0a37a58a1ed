// What a unit is linted with: its platforms and, per platform, the preprocessor variables and include paths, from
// (lowest to highest) its .wixproj, wixlint.config.json, then the command line or the editor's settings.
import * as path from 'node:path';
import { definesFor } from './config';
import type { BindPath } from '../payload/sources';
import type { LintUnit } from './units';
import type { PlatformSource } from '../engine/lint';
import type { SeveritySetting } from '../rules/rule';
import type { BuildArch } from '../model/platform';

/** What the user said for this run: command-line flags or editor settings. */
export interface Overrides {
  platforms: BuildArch[] | undefined;
  /** Where `platforms` come from, for the info line: 'arguments' (--arch) or 'settings' (wixlint.platforms). */
  platformsFrom: 'arguments' | 'settings';
  defines: Record<string, string>;
  /** Absolute folders. */
  includePaths: string[];
  bindPaths: BindPath[];
  severities: Record<string, SeveritySetting>;
}

export interface PlatformBuild {
  defines: Record<string, string>;
  unknownDefines: string[];
  includePaths: string[];
  bindPaths: BindPath[];
  /** The sources the platform's build compiles, when a .wixproj says (its Compile items may differ per platform). */
  sources?: string[];
}

export interface UnitOptions {
  /** undefined: the sources decide, else x86. */
  platforms: BuildArch[] | undefined;
  platformSource: PlatformSource | undefined;
  platformReason: string | undefined;
  /** The context of each platform's build, also for a platform the sources choose (`platformName`: how the build names it). */
  build(arch: BuildArch, platformName: string): PlatformBuild;
  /** When the sources do not say: the platforms of the .wixproj's default Platform. */
  fallback: { platforms: BuildArch[]; reason: string } | undefined;
  env: Record<string, string | undefined>;
  severities: Record<string, SeveritySetting>;
  /** Whether the unit's config asks that File sources not found be said (the command line and editor may ask too). */
  missingPayloads: boolean;
}

export function unitOptions(unit: LintUnit, overrides: Overrides, env: Record<string, string | undefined>): UnitOptions {
  const config = unit.config;
  const project = unit.project;
  const configProject = unit.configProject;

  let platforms: BuildArch[] | undefined;
  let platformSource: PlatformSource | undefined;
  let platformReason: string | undefined;
  if (overrides.platforms) {
    platforms = overrides.platforms;
    platformSource = overrides.platformsFrom;
    platformReason = overrides.platformsFrom === 'arguments' ? '--arch' : 'the wixlint.platforms setting';
  } else if (configProject?.platforms ?? config?.platforms) {
    platforms = configProject?.platforms ?? config!.platforms;
    platformSource = 'config';
    // Named from the unit's folder, so that the reason reads the same on every machine.
    const where = path.relative(path.dirname(unit.anchor), config!.file).split(path.sep).join('/');
    platformReason = `${where}${configProject?.platforms ? `, project '${configProject.name}'` : ''}`;
  } else if (project && project.builds.length > 0 && project.configured) {
    platforms = project.builds.map((b) => b.arch);
    platformSource = 'project';
    platformReason = project.platformReason;
  }
  // A project whose only platform is the template's default (`<Platform Condition="'$(Platform)'==''">x86</Platform>`)
  // is built for what its build script passes: the sources say more, and the project is read for each platform they name.
  const fallback =
    project && !project.configured && project.builds.length > 0
      ? { platforms: project.builds.map((b) => b.arch), reason: project.platformReason }
      : undefined;

  const build = (arch: BuildArch, platformName: string): PlatformBuild => {
    const fromProject = project ? (project.builds.find((b) => b.arch === arch) ?? project.buildFor(platformName) ?? project.builds[0]) : undefined;
    const defines = {
      ...(fromProject?.defines ?? {}),
      ...definesFor(config?.defines ?? {}, arch),
      ...definesFor(configProject?.defines ?? {}, arch),
      ...overrides.defines,
    };
    const unknownDefines = (fromProject?.unknownDefines ?? []).filter((d) => !Object.hasOwn(defines, d));
    const includePaths = [
      ...overrides.includePaths,
      ...(configProject?.includePaths ?? []),
      ...(config?.includePaths ?? []),
      ...(fromProject?.includePaths ?? []),
    ];
    const bindPaths = [...overrides.bindPaths, ...(config?.bindPaths ?? []), ...(fromProject?.bindPaths ?? [])];
    return { defines, unknownDefines, includePaths: unique(includePaths), bindPaths, ...(fromProject ? { sources: fromProject.sources } : {}) };
  };

  return {
    platforms,
    platformSource,
    platformReason,
    build,
    env: config && Object.keys(config.env).length > 0 ? { ...env, ...config.env } : env,
    severities: { ...(config?.rules ?? {}), ...overrides.severities },
    missingPayloads: config?.missingPayloads === true,
    fallback,
  };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
