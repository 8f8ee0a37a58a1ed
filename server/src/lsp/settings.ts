// The server's settings (`wixlint.platforms`, `wixlint.rules`), read leniently from whatever the client sends.
import type { SeveritySetting } from '../engine/problem';
import { BUILD_ARCHES, type BuildArch } from '../model/installer';

export interface Settings {
  /** Build platforms to lint for, in x86, x64, arm64 order; never empty. */
  platforms: BuildArch[];
  /** Severity overrides by rule id. */
  rules: Record<string, SeveritySetting>;
}

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

/** x86 is the WiX compilers' default platform (DESIGN.md, "Per-platform evaluation"). */
export const DEFAULT_SETTINGS: Readonly<Settings> = { platforms: ['x86'], rules: {} };

/**
 * Reads the `wixlint` section. Settings are hand-edited JSON, so anything malformed is skipped rather than
 * rejected: unknown platforms and severities are dropped, and no valid platform means the default.
 */
export function parseSettings(section: unknown): Settings {
  const record = isRecord(section) ? section : {};
  const platforms = Array.isArray(record['platforms']) ? record['platforms'] : [];
  const chosen = BUILD_ARCHES.filter((a) => platforms.includes(a));
  // Maps, then Object.fromEntries: a rule id such as __proto__ must stay an ordinary key.
  const rules = new Map<string, SeveritySetting>();
  const configured = record['rules'];
  if (isRecord(configured)) {
    for (const [id, value] of Object.entries(configured)) {
      const severity = SEVERITY_SETTINGS.find((s) => s === value);
      if (severity) rules.set(id, severity);
    }
  }
  return { platforms: chosen.length > 0 ? chosen : [...DEFAULT_SETTINGS.platforms], rules: Object.fromEntries(rules) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
