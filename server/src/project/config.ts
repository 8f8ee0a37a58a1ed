// wixlint.config.json: the build context a project's sources need (platforms, defines, include and bind paths), rule
// severities, ignored files, and projects built without a .wixproj. Read from text; never throws.
import * as path from 'node:path';
import type { SeveritySetting } from '../rules/rule';
import { BUILD_ARCHES, type BuildArch } from '../model/platform';
import type { BindPath } from '../payload/sources';
import { globToRegExp, matchesPathOrFolder } from './glob';

export const CONFIG_FILE_NAME = 'wixlint.config.json';

/** A preprocessor variable's value, the same on every platform or given per platform. */
export type DefineValue = string | Partial<Record<BuildArch, string>>;

export interface ConfigProject {
  name: string;
  /** Glob patterns (`*`, `**`, `?`) of the sources, absolute with '/' separators. */
  sources: string[];
  platforms: BuildArch[] | undefined;
  defines: Record<string, DefineValue>;
  includePaths: string[];
}

export interface WixlintConfig {
  /** The config file's absolute path; relative paths in it are resolved against its folder. */
  file: string;
  platforms: BuildArch[] | undefined;
  /** The MSBuild configuration .wixproj files are evaluated for (Debug, Release...). */
  configuration: string | undefined;
  defines: Record<string, DefineValue>;
  /** Environment variables for `$(env.X)`, over the process's environment. */
  env: Record<string, string>;
  /** Absolute folders. */
  includePaths: string[];
  /** Absolute folders, unnamed (`-b DIR`) or named (`-b name=DIR`). */
  bindPaths: BindPath[];
  /** Whether payload-isa says which File sources are not found (`--missing-payloads`); undefined when not set. */
  missingPayloads: boolean | undefined;
  rules: Record<string, SeveritySetting>;
  /** Glob patterns of files and folders never linted, absolute with '/' separators. */
  ignorePatterns: string[];
  projects: ConfigProject[];
}

export type ConfigRead = { ok: true; config: WixlintConfig } | { ok: false; error: string };

const SEVERITIES: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];
/** The settings a config may have, in the order the schema lists them. */
export const CONFIG_KEYS: readonly string[] = [
  '$schema',
  'platforms',
  'configuration',
  'defines',
  'env',
  'includePaths',
  'bindPaths',
  'missingPayloads',
  'rules',
  'ignorePatterns',
  'projects',
];
export const CONFIG_PROJECT_KEYS: readonly string[] = ['name', 'sources', 'platforms', 'defines', 'includePaths'];

/**
 * Parses and checks a config. The first thing wrong is the error, named by its place (`projects[1].platforms[0]`), so
 * that a typo never silently lints with other settings than the user wrote. Unknown rule ids are left to the caller.
 */
export function readConfig(file: string, text: string): ConfigRead {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, error: `${file}: invalid JSON: ${jsonErrorWhere(text, e)}` };
  }
  const dir = path.dirname(file);
  try {
    const top = record(json, '');
    checkKeys(top, CONFIG_KEYS, '');
    return {
      ok: true,
      config: {
        file,
        platforms: optional(top, 'platforms', (v, at) => platforms(v, at)),
        configuration: optional(top, 'configuration', (v, at) => nonEmptyString(v, at)),
        defines: optional(top, 'defines', defines) ?? {},
        env: optional(top, 'env', (v, at) => stringMap(v, at)) ?? {},
        includePaths: (optional(top, 'includePaths', strings) ?? []).map((p) => path.resolve(dir, p)),
        bindPaths: (optional(top, 'bindPaths', strings) ?? []).map((p) => bindPath(p, dir)),
        missingPayloads: optional(top, 'missingPayloads', boolean),
        rules: optional(top, 'rules', rules) ?? {},
        ignorePatterns: (optional(top, 'ignorePatterns', strings) ?? []).map((p) => ignorePattern(p, dir)),
        projects: (optional(top, 'projects', (v, at) => list(v, at)) ?? []).map((p, i) => project(p, `projects[${i}]`, dir)),
      },
    };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, error: `${file}: ${e.message}` };
    throw e;
  }
}

/** A `-b` value: `DIR` or `name=DIR` (a name is a plain identifier, so a Windows drive is no name). */
export function bindPath(value: string, base: string): BindPath {
  const m = /^([A-Za-z_][\w.]*)=(.*)$/.exec(value);
  return m ? { name: m[1]!, path: path.resolve(base, m[2]!) } : { name: undefined, path: path.resolve(base, value) };
}

/** The value of each define for one platform. */
export function definesFor(defines: Readonly<Record<string, DefineValue>>, arch: BuildArch): Record<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(defines)) {
    const v = typeof value === 'string' ? value : value[arch];
    if (v !== undefined) out.set(name, v);
  }
  return Object.fromEntries(out);
}

class ConfigError extends Error {}

function project(value: unknown, at: string, dir: string): ConfigProject {
  const p = record(value, at);
  checkKeys(p, CONFIG_PROJECT_KEYS, at);
  const name = p['name'];
  const sources = p['sources'];
  if (name === undefined) throw new ConfigError(`'${at}.name' is missing: give the project a name`);
  if (sources === undefined) throw new ConfigError(`'${at}.sources' is missing: list the project's .wxs files (globs allowed)`);
  return {
    name: nonEmptyString(name, `${at}.name`),
    sources: strings(sources, `${at}.sources`).map((s) => sourcePattern(s, dir)),
    platforms: optional(p, 'platforms', platforms, at),
    defines: optional(p, 'defines', defines, at) ?? {},
    includePaths: (optional(p, 'includePaths', strings, at) ?? []).map((s) => path.resolve(dir, s)),
  };
}

function optional<T>(obj: Record<string, unknown>, key: string, read: (v: unknown, at: string) => T, parent = ''): T | undefined {
  const v = obj[key];
  return v === undefined ? undefined : read(v, parent === '' ? key : `${parent}.${key}`);
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(at === '' ? 'the config must be a JSON object' : `'${at}' must be an object`);
  }
  return value as Record<string, unknown>;
}

function checkKeys(obj: Record<string, unknown>, known: readonly string[], at: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      const where = at === '' ? '' : ` in '${at}'`;
      throw new ConfigError(`unknown setting '${key}'${where}; known settings: ${known.filter((k) => k !== '$schema').join(', ')}`);
    }
  }
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new ConfigError(`'${at}' must be an array`);
  return value;
}

function boolean(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(`'${at}' must be true or false`);
  return value;
}

function nonEmptyString(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`'${at}' must be a non-empty string`);
  return value.trim();
}

function strings(value: unknown, at: string): string[] {
  return list(value, at).map((v, i) => nonEmptyString(v, `${at}[${i}]`));
}

function platforms(value: unknown, at: string): BuildArch[] {
  const given = strings(value, at);
  for (const [i, p] of given.entries()) {
    if (!BUILD_ARCHES.includes(p as BuildArch)) throw new ConfigError(`'${at}[${i}]' must be x86, x64 or arm64, not '${p}'`);
  }
  if (given.length === 0) throw new ConfigError(`'${at}' must name at least one platform (x86, x64, arm64)`);
  return BUILD_ARCHES.filter((a) => given.includes(a));
}

/** A define value: a string (numbers and booleans as written), or an object by platform. */
function defines(value: unknown, at: string): Record<string, DefineValue> {
  const out = new Map<string, DefineValue>();
  for (const [name, v] of Object.entries(record(value, at))) {
    const here = `${at}.${name}`;
    if (!/^[A-Za-z_][\w.]*$/.test(name)) throw new ConfigError(`'${here}' is not a preprocessor variable name`);
    const scalar = defineScalar(v);
    if (scalar !== undefined) {
      out.set(name, scalar);
      continue;
    }
    const byPlatform = new Map<BuildArch, string>();
    for (const [arch, pv] of Object.entries(record(v, here))) {
      if (!BUILD_ARCHES.includes(arch as BuildArch)) throw new ConfigError(`'${here}.${arch}': platforms are x86, x64 and arm64`);
      const s = defineScalar(pv);
      if (s === undefined) throw new ConfigError(`'${here}.${arch}' must be a string, number or boolean`);
      byPlatform.set(arch as BuildArch, s);
    }
    out.set(name, Object.fromEntries(byPlatform));
  }
  return Object.fromEntries(out);
}

function defineScalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function stringMap(value: unknown, at: string): Record<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(record(value, at))) {
    const s = defineScalar(v);
    if (s === undefined) throw new ConfigError(`'${at}.${k}' must be a string`);
    out.set(k, s);
  }
  return Object.fromEntries(out);
}

function rules(value: unknown, at: string): Record<string, SeveritySetting> {
  const out = new Map<string, SeveritySetting>();
  for (const [id, v] of Object.entries(record(value, at))) {
    const severity = SEVERITIES.find((s) => s === v);
    if (!severity) throw new ConfigError(`'${at}.${id}' must be off, info, warning or error`);
    out.set(id, severity);
  }
  return Object.fromEntries(out);
}

/** A source glob, relative to the config's folder, with '/' separators. */
function sourcePattern(pattern: string, dir: string): string {
  return toSlashes(path.resolve(dir, pattern.replace(/\\/g, '/')));
}

/**
 * An ignore pattern as .gitignore reads one: relative to the config's folder when it has a '/' before its end, else
 * matched at any depth; a trailing '/' changes nothing here, since a pattern that matches a folder ignores its files.
 */
function ignorePattern(pattern: string, dir: string): string {
  const p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  const trimmed = p.replace(/\/+$/, '');
  const rel = trimmed.replace(/^\/+/, '');
  return `${toSlashes(dir).replace(/\/$/, '')}/${trimmed.includes('/') ? rel : `**/${rel}`}`;
}

function toSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}

/** `line L, column C` for a JSON.parse error, when node says where. */
function jsonErrorWhere(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const offset = Number(m[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/** What reading configs needs from the file system. */
export interface ConfigHost {
  readFile(file: string): string | undefined;
  /** Why a file that exists could not be read (a device, a FIFO, too large). */
  unreadable?(file: string): string | undefined;
}

/**
 * Finds the config for each file: the one given (--config), else the nearest wixlint.config.json up the tree. A config
 * that cannot be read is an error, kept in `failures`, and applies as no config at all.
 */
export class ConfigLookup {
  /** Each config that cannot be read, with the one line that says why (`<file>: <what is wrong>`). */
  readonly failures: { file: string; error: string }[] = [];
  private readonly byFolder = new Map<string, WixlintConfig | undefined>();

  constructor(
    private readonly host: ConfigHost,
    private readonly given: WixlintConfig | undefined,
  ) {}

  configFor(file: string): WixlintConfig | undefined {
    return this.given ?? this.inFolder(path.dirname(file));
  }

  /**
   * What is wrong with the configs read so far: those that cannot be read, and rule ids no rule has in those that can
   * (a typo would otherwise change nothing, silently).
   */
  problems(knownRules: readonly string[]): { file: string; error: string }[] {
    const out = [...this.failures];
    for (const config of this.loaded()) {
      for (const id of Object.keys(config.rules)) {
        if (!knownRules.includes(id))
          out.push({
            file: config.file,
            error: `${config.file}: unknown rule '${id}' in 'rules'; known rules: ${[...knownRules].sort().join(', ')}`,
          });
      }
    }
    return out;
  }

  /** Every config read so far, each once. */
  loaded(): WixlintConfig[] {
    const all = new Set<WixlintConfig>();
    if (this.given) all.add(this.given);
    for (const c of this.byFolder.values()) if (c) all.add(c);
    return [...all];
  }

  /** Whether a config excludes the file or folder (its ignorePatterns). */
  ignores(file: string): boolean {
    const config = this.configFor(file);
    return config?.ignorePatterns.some((p) => matchesPathOrFolder(globToRegExp(p, false), file)) === true;
  }

  /** The config that applies in a folder (the editor asks for its workspace folders). */
  inFolder(dir: string): WixlintConfig | undefined {
    if (this.given) return this.given;
    const chain: string[] = [];
    let found: WixlintConfig | undefined;
    for (let d = dir; ; ) {
      if (this.byFolder.has(d)) {
        found = this.byFolder.get(d);
        break;
      }
      chain.push(d);
      const file = path.join(d, CONFIG_FILE_NAME);
      const text = this.host.readFile(file);
      if (text !== undefined) {
        const read = readConfig(file, text);
        if (read.ok) found = read.config;
        else this.failures.push({ file, error: read.error });
        break;
      }
      // A config that is there but cannot be read (a FIFO, a link to a device) is an error, never silently none.
      const refused = this.host.unreadable?.(file);
      if (refused !== undefined) {
        this.failures.push({ file, error: `${file}: cannot read it: ${refused}` });
        break;
      }
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
    for (const d of chain) this.byFolder.set(d, found);
    return found;
  }
}
