// Where the server's settings come from: asked of the client (workspace/configuration) when it answers that, else
// pushed with didChangeConfiguration; read once per change. wixlint.enable is also asked of each workspace folder.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { bindPath } from '../project/config';
import type { BindPath } from '../payload/sources';
import { SETTINGS_SECTION } from '../protocol';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';
import { workspaceFolderOf } from './workspace';

/** Whether problems are published and fixes offered for a file (a path, or a URI that names no file). */
export type Enablement = (file: string) => boolean;

export class SettingsSource {
  /** Whether the client answers workspace/configuration. */
  private pull = false;
  private pushed: Settings = DEFAULT_SETTINGS;
  private current: Promise<Settings> | undefined;
  private currentEnablement: Promise<Enablement> | undefined;
  /** The workspace folders: each may turn wixlint off with its own wixlint.enable. */
  roots: readonly string[] = [];

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
    this.currentEnablement = undefined;
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

  /**
   * Where problems and fixes are shown. wixlint.enable is a resource setting, so the client is asked for each workspace
   * folder's value with the folder as its scope; a file outside the folders follows the value without a scope, and a
   * client that pushes its settings has that one value for every file. The same promise until the settings change.
   */
  enablement(): Promise<Enablement> {
    this.currentEnablement ??= this.readEnablement();
    return this.currentEnablement;
  }

  private async readEnablement(): Promise<Enablement> {
    const everywhere = (await this.settings()).enable;
    const roots = this.roots;
    if (!this.pull || roots.length === 0) return () => everywhere;
    const items = roots.map((root) => ({ scopeUri: pathToFileURL(root).href, section: SETTINGS_SECTION }));
    const sections = await this.connection.workspace.getConfiguration(items).then(
      (answer: unknown) => (Array.isArray(answer) ? (answer as unknown[]) : []),
      (error: unknown) => {
        this.log(`wixlint: reading wixlint.enable for each workspace folder failed, using the one without a scope: ${String(error)}`);
        return [];
      },
    );
    // A folder the client gave no section for (null, or a shorter answer) follows the value without a scope.
    const folderEnables = (i: number): boolean =>
      sections[i] === undefined || sections[i] === null ? everywhere : parseSettings(sections[i]).enable;
    const disabled = new Set(roots.filter((_, i) => !folderEnables(i)));
    return (file) => {
      const folder = workspaceFolderOf(file, roots);
      return folder === undefined ? everywhere : !disabled.has(folder);
    };
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
