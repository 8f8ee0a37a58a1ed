// The server's settings (`wixlint.enable`, `wixlint.platforms`, `wixlint.rules`, `wixlint.defines`, `wixlint.includePaths`,
// `wixlint.bindPaths`, `wixlint.missingPayloads`, `wixlint.configuration`), read leniently from whatever the client sends.
import type { SeveritySetting } from '../rules/rule';
import { BUILD_ARCHES, type BuildArch } from '../model/platform';

export interface Settings {
  /** Whether problems and fixes are shown (`wixlint.enable`, a setting of each workspace folder); only `false` turns them off. */
  enable: boolean;
  /** Build platforms the user chose, in x86, x64, arm64 order; empty means automatic (the .wixproj's, else x86). */
  platforms: BuildArch[];
  /** Severity overrides by rule id. */
  rules: Record<string, SeveritySetting>;
  /** Preprocessor defines (like `-d NAME=VALUE`); they override the .wixproj's DefineConstants. */
  defines: Record<string, string>;
  /** Include search folders (like `-I DIR`) as written: relative ones are resolved against the first workspace folder. */
  includePaths: string[];
  /** Bind paths (like `-b DIR` or `-b NAME=DIR`) as written: relative folders are resolved against the first workspace folder. */
  bindPaths: string[];
  /** Whether payload-isa says which File sources are not found (like `--missing-payloads`). */
  missingPayloads: boolean;
  /** The MSBuild configuration .wixproj files are read for (like `--configuration`); undefined: each project's default. */
  configuration: string | undefined;
}

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  enable: true,
  platforms: [],
  rules: {},
  defines: {},
  includePaths: [],
  bindPaths: [],
  missingPayloads: false,
  configuration: undefined,
};

/**
 * Reads the `wixlint` section. Settings are hand-edited JSON, so anything malformed is skipped rather than
 * rejected: unknown platforms and severities are dropped, and no valid platform means automatic.
 */
export function parseSettings(section: unknown): Settings {
  const record = isRecord(section) ? section : {};
  const platforms = Array.isArray(record['platforms']) ? record['platforms'] : [];
  // Maps, then Object.fromEntries: a rule id or define such as __proto__ must stay an ordinary key.
  const rules = new Map<string, SeveritySetting>();
  const configured = record['rules'];
  if (isRecord(configured)) {
    for (const [id, value] of Object.entries(configured)) {
      const severity = SEVERITY_SETTINGS.find((s) => s === value);
      if (severity) rules.set(id, severity);
    }
  }
  const defines = new Map<string, string>();
  const givenDefines = record['defines'];
  if (isRecord(givenDefines)) {
    for (const [name, value] of Object.entries(givenDefines)) {
      // Numbers and booleans are what a user means by `"Bits": 64` or `"Debug": true`.
      if (name.trim() !== '' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
        defines.set(name.trim(), String(value));
      }
    }
  }
  const givenPaths = record['includePaths'];
  const includePaths = Array.isArray(givenPaths) ? givenPaths.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  const givenBindPaths = record['bindPaths'];
  const bindPaths = Array.isArray(givenBindPaths) ? givenBindPaths.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  const configuration =
    typeof record['configuration'] === 'string' && record['configuration'].trim() !== '' ? record['configuration'].trim() : undefined;
  return {
    enable: record['enable'] !== false,
    platforms: BUILD_ARCHES.filter((a) => platforms.includes(a)),
    rules: Object.fromEntries(rules),
    defines: Object.fromEntries(defines),
    includePaths,
    bindPaths,
    missingPayloads: record['missingPayloads'] === true,
    configuration,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
