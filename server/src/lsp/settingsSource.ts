// Where the server's settings come from: asked of the client (workspace/configuration) when it answers that, else
// pushed with didChangeConfiguration; read once per change.
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { bindPath } from '../project/config';
import type { BindPath } from '../payload/sources';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';

export const SETTINGS_SECTION = 'wixlint';

export class SettingsSource {
  /** Whether the client answers workspace/configuration. */
  private pull = false;
  private pushed: Settings = DEFAULT_SETTINGS;
  private current: Promise<Settings> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly log: (message: string) => void,
  ) {}

  /** From the client's capabilities: whether settings are pulled. */
  set pullsSettings(pull: boolean) {
    this.pull = pull;
  }

  get pullsSettings(): boolean {
    return this.pull;
  }

  /** A didChangeConfiguration: its settings when the client pushes them; either way they are read again. */
  changed(settings: unknown): void {
    if (!this.pull) this.pushed = parseSettings(property(settings, SETTINGS_SECTION));
    this.current = undefined;
  }

  /** The settings in force; the same promise until they change. */
  settings(): Promise<Settings> {
    this.current ??= this.pull
      ? this.connection.workspace.getConfiguration(SETTINGS_SECTION).then(
          (section: unknown) => parseSettings(section),
          (error: unknown) => {
            this.log(`wixlint: reading the settings failed, using the defaults: ${String(error)}`);
            return DEFAULT_SETTINGS;
          },
        )
      : Promise.resolve(this.pushed);
    return this.current;
  }

  /** Whether `settings` (from settings()) are still the ones in force. */
  isCurrent(settings: Promise<Settings>): boolean {
    return settings === this.current;
  }
}

/** The wixlint.includePaths setting, relative paths resolved against the first workspace folder. */
export function resolvedIncludePaths(settings: Settings, roots: readonly string[]): string[] {
  return settings.includePaths.flatMap((p) => (path.isAbsolute(p) ? [p] : roots[0] !== undefined ? [path.resolve(roots[0], p)] : []));
}

/** The bind paths, relative ones against the first workspace folder (none without one). */
export function resolvedBindPaths(settings: Settings, roots: readonly string[]): BindPath[] {
  return settings.bindPaths.flatMap((p) => {
    const named = /^([A-Za-z_][\w.]*)=(.*)$/.test(p);
    const folder = named ? p.slice(p.indexOf('=') + 1) : p;
    if (!path.isAbsolute(folder) && roots[0] === undefined) return [];
    return [bindPath(p, roots[0] ?? path.sep)];
  });
}

function property(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
