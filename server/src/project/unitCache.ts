// A unit's lint is reused while nothing it read has changed: in the editor, a keystroke in one source re-lints its unit
// only, and a slow or hostile unit elsewhere in the workspace is linted once per change of its own files, not on every
// keystroke in the others.
import { lintUnit, type UnitLintResult, type UnitsLintRequest } from './lint';
import type { LintUnit } from './units';

interface Entry {
  /** The unit as discovered and the request's overrides, as one string: a changed project or setting is another unit. */
  identity: string;
  lint: UnitLintResult;
}

export class UnitLintCache {
  private entries = new Map<string, Entry>();
  /** The units looked up since the last `retain`: the others are dropped then. */
  private used = new Set<string>();

  /** The unit's lint, reused when its identity and every file it read are as they were. */
  lint(unit: LintUnit, request: UnitsLintRequest): { lint: UnitLintResult; reused: boolean } {
    const key = unitKey(unit);
    this.used.add(key);
    const identity = stableJson({
      unit,
      overrides: request.overrides,
      database: request.onDatabase !== undefined,
      missingPayloads: request.payloads?.reportMissing,
    });
    const entry = this.entries.get(key);
    if (entry && entry.identity === identity && unchanged(entry.lint, request)) return { lint: entry.lint, reused: true };
    const lint = lintUnit(unit, request);
    this.entries.set(key, { identity, lint });
    return { lint, reused: false };
  }

  /** The files the unit's last lint read (sources and includes); undefined when it was not linted yet. */
  filesRead(unit: LintUnit): Iterable<string> | undefined {
    return this.entries.get(unitKey(unit))?.lint.reads.keys();
  }

  /** Forgets the units not looked up since the last call: gone from the workspace. */
  retain(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.used = new Set();
  }

  clear(): void {
    this.entries.clear();
    this.used = new Set();
  }
}

function unitKey(unit: LintUnit): string {
  return `${unit.kind}\u0000${unit.anchor}\u0000${unit.name ?? ''}`;
}

function unchanged(lint: UnitLintResult, request: UnitsLintRequest): boolean {
  for (const [file, text] of lint.reads) if (request.fs.readFile(file) !== text) return false;
  const stamp = request.payloads?.host.stamp;
  if (stamp) for (const [file, then] of lint.payloadStamps) if (stamp(file) !== then) return false;
  return true;
}

/** JSON with Maps and Sets as arrays, so that two equal units give the same string. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v));
}
