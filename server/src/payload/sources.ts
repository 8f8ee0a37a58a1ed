// What the files a WiX source installs really are: each File's path found as the WiX binder finds it (relative to the
// build's folder, then the bind paths, `!(bindpath.name)` in the named ones), its first bytes read through a host, and
// the binary's ISA put on the model for payload-isa.
import * as path from 'node:path';
import type { InstallerDb, Payload } from '../model/installer';
import { folderOf } from '../model/windowsPaths';
import { classifyPayload, PE_HEAD_BYTES, type PayloadClass } from './pe';

/** A folder the binder looks in: unnamed (`-b DIR`) or named (`-b name=DIR`, for `!(bindpath.name)`). */
export interface BindPath {
  name: string | undefined;
  /** Absolute. */
  path: string;
}

/** How payloads are read: the only I/O this module does, through the edge that gives it. */
export interface PayloadHost {
  /**
   * The first `length` bytes of the regular file at `file` (valid until the next call: the host may reuse its buffer);
   * undefined when there is none; why, when it cannot be read.
   */
  readHead(file: string, length: number): Uint8Array | { unreadable: string } | undefined;
  /** A value that changes when the file does (its size and modification time), for caches; undefined when absent. */
  stamp?(file: string): string | undefined;
  /**
   * True when the host knows the folder is not there in this run (in no case of its name): then no file in it is looked
   * for. Absent: the host knows no such thing, and every file is looked for.
   */
  folderAbsent?(dir: string): boolean;
}

/** Reads the built packages that sources refer to (a merged `.msm`, a bundle's chained `.msi`), lowered to the model. */
export interface PackageHost {
  /** The package at `file`; undefined when there is none; why, when it is there but cannot be read. */
  readPackage(file: string): InstallerDb | { unreadable: string } | undefined;
}

/** A package a source refers to, as found: where, and what it holds; or where it was looked for. */
export type FoundPackage =
  | { kind: 'found'; path: string; shown: string; db: InstallerDb }
  | { kind: 'unreadable'; path: string; shown: string; reason: string }
  | { kind: 'missing'; tried: string[] };

/** What payloads were, by path, kept across lints by a caller that lints again and again (the language server). */
export type PayloadMemo = Map<string, { stamp: string; payload: Payload }>;

/**
 * Where each File's payload is looked for, kept across lints likewise: by the folders the binder starts from (the bind
 * paths and the base folder), then by the File's source as written; null when it has a value only the build knows.
 * The same strings each lint, so that looking them up costs nothing but the lookup.
 */
export type PayloadPlaces = Map<string, Map<string, readonly string[] | null>>;
/** Sources kept per context of PayloadPlaces before it starts again: far more than a real project's files. */
const MAX_PLACES = 250_000;

export interface SourcePayloadOptions {
  host: PayloadHost;
  /** Reuses a payload whose stamp (PayloadHost.stamp) is unchanged since an earlier lint. */
  memo?: PayloadMemo;
  /** Keeps where payloads are looked for across lints. */
  places?: PayloadPlaces;
  /** Reads merged modules and chained packages; absent: they are not looked at. */
  packages?: PackageHost;
  /** Whether a payload that is not found is said (payload-isa reports it as info). */
  reportMissing: boolean;
}

const BIND_PATH_OPEN = '!(bindpath.';
/** What a path that holds no file was read as. */
const NOT_FOUND: Payload = { kind: 'missing', tried: [] };
/** The binder strips this prefix, which the v3 Name-only form gets from the root Directory's Name, before the bind paths. */
const SOURCE_DIR_PREFIX = /^SourceDir[\\/]/;

/** The ISA facts of a classified head, as the model keeps them. */
export function payloadOf(head: PayloadClass, readFrom: string): Payload {
  switch (head.kind) {
    case 'not-binary':
      return { kind: 'other', readFrom };
    case 'malformed':
      return { kind: 'unchecked', readFrom, reason: `its PE headers are damaged (${head.reason})` };
    case 'pe': {
      if (!head.supported || head.bitness === undefined) return { kind: 'other', readFrom };
      const managed =
        head.clr === undefined
          ? undefined
          : !head.clr.ilOnly
            ? 'mixed-mode'
            : head.bitness === 'any'
              ? 'AnyCPU'
              : head.bitness === 32
                ? 'x86-only'
                : '64-bit';
      return { kind: 'binary', machine: head.machineName, bitness: head.bitness, driver: head.driver, managed, readFrom };
    }
  }
}

/**
 * Puts each source File's payload on the model: found and read once per lint (the instance keeps what it read, so a
 * payload that several platforms or packages install is read once).
 */
export class SourcePayloads {
  private readonly read = new Map<string, Payload>();
  /** Joins paths folder by folder: a project's thousands of files live in a few folders. */
  private readonly join = folderJoins();

  constructor(private readonly options: SourcePayloadOptions) {}

  private readonly packages = new Map<string, InstallerDb | { unreadable: string } | undefined>();
  /** Where payloads are looked for, in this lint only (see SourcePayloadOptions.places). */
  private readonly places: PayloadPlaces = new Map();

  /** The stamps of the payloads looked at, when a memo is kept (PayloadHost.stamp; undefined: not there). */
  private readonly stamps = new Map<string, string | undefined>();
  /**
   * Per place payloads are looked for from (as `places`), by a source's folder as written: whether the binder would
   * find that folder nowhere (every candidate folder absent), so that none of its files is looked for one by one.
   */
  private readonly folders = new Map<string, Map<string, boolean>>();
  /** The absent folders that stood for their files: what a cache must watch instead of each file. */
  private readonly absentFolders = new Set<string>();

  /**
   * Every path looked at (payloads and packages), with its stamp when the caller keeps a memo (else undefined): what a
   * cache of the lint must watch.
   */
  watched(): ReadonlyMap<string, string | undefined> {
    const out = new Map(this.stamps);
    const stamp = this.options.memo ? this.options.host.stamp : undefined;
    for (const file of [...this.read.keys(), ...this.packages.keys(), ...this.absentFolders]) if (!out.has(file)) out.set(file, stamp?.(file));
    return out;
  }

  /**
   * A built package a source names (Merge/@SourceFile, MsiPackage/@SourceFile), found as the binder finds files and
   * read once per lint; undefined when there is no package host or the name has a value only the build knows.
   */
  findPackage(source: string, fromFile: string, bindPaths: readonly BindPath[], currentDir: string | undefined): FoundPackage | undefined {
    const host = this.options.packages;
    if (!host || unresolvable(source)) return undefined;
    const sourceDir = path.dirname(fromFile);
    const tried: string[] = [];
    for (const candidate of candidates(source, bindPaths, currentDir ?? sourceDir, this.join)) {
      if (tried.includes(candidate)) continue;
      tried.push(candidate);
      if (!this.packages.has(candidate)) this.packages.set(candidate, host.readPackage(candidate));
      const read = this.packages.get(candidate);
      if (read === undefined) continue;
      const shownPath = shown(candidate, sourceDir);
      return 'unreadable' in read
        ? { kind: 'unreadable', path: candidate, shown: shownPath, reason: read.unreadable }
        : { kind: 'found', path: candidate, shown: shownPath, db: read };
    }
    return { kind: 'missing', tried: tried.map((t) => shown(t, sourceDir)) };
  }

  attach(db: InstallerDb, bindPaths: readonly BindPath[], currentDir: string | undefined): void {
    const bindKey = bindPaths.map((b) => `${b.name ?? ''}\u0001${b.path}`).join('\u0002');
    // A package's files come from a few sources: their folder and places are found once per run of files of one source.
    let fromFile: string | undefined;
    let sourceDir = '';
    let places = new Map<string, readonly string[] | null>();
    let folders: Map<string, boolean> | undefined;
    for (const file of db.files) {
      if (file.payload !== undefined || file.source === undefined || file.location.kind !== 'source') continue;
      if (file.location.file !== fromFile) {
        fromFile = file.location.file;
        sourceDir = path.dirname(fromFile);
        places = this.placesFrom(bindKey, currentDir ?? sourceDir);
        folders = this.foldersFrom(bindKey, currentDir ?? sourceDir);
      }
      // A file whose folder the build output does not have is not looked for (unless where is to be said).
      if (folders && this.inAbsentFolder(file.source, bindPaths, currentDir ?? sourceDir, folders)) continue;
      const payload = this.payloadOf(file.source, sourceDir, bindPaths, currentDir ?? sourceDir, places);
      if (payload !== undefined) file.payload = payload;
    }
  }

  /** Where the sources of files looked for from `baseDir` with these bind paths are looked for, as kept so far. */
  private placesFrom(bindKey: string, baseDir: string): Map<string, readonly string[] | null> {
    return perContext(this.options.places ?? this.places, bindKey, baseDir);
  }

  /** Whether folders are judged whole for payloads found from `baseDir`: a host that knows, and no missing payload to say. */
  private foldersFrom(bindKey: string, baseDir: string): Map<string, boolean> | undefined {
    if (this.options.reportMissing || !this.options.host.folderAbsent) return undefined;
    return perContext(this.folders, bindKey, baseDir);
  }

  /**
   * Whether every folder the binder would look for `source` in is absent: judged once per folder as the source writes
   * it (a project's thousands of files live in a few), the absent folders then watched instead of their files.
   */
  private inAbsentFolder(source: string, bindPaths: readonly BindPath[], baseDir: string, folders: Map<string, boolean>): boolean {
    const folder = folderOf(source);
    let absent = folders.get(folder);
    if (absent === undefined) {
      // The places of a file named as no file could be, in that folder: the folders are theirs.
      const places = unresolvable(folder) ? [] : [...new Set(candidates(`${folder}?`, bindPaths, baseDir).map((c) => path.dirname(c)))];
      absent = places.length > 0 && places.every((dir) => this.options.host.folderAbsent!(dir));
      if (absent) for (const dir of places) this.absentFolders.add(dir);
      folders.set(folder, absent);
    }
    return absent;
  }

  private payloadOf(
    source: string,
    sourceDir: string,
    bindPaths: readonly BindPath[],
    baseDir: string,
    places: Map<string, readonly string[] | null>,
  ): Payload | undefined {
    let tried = places.get(source);
    if (tried === undefined) {
      tried = unresolvable(source) ? null : [...new Set(candidates(source, bindPaths, baseDir, this.join))];
      places.set(source, tried);
    }
    if (tried === null) return undefined;
    for (const candidate of tried) {
      const found = this.readPayload(candidate, sourceDir);
      if (found) return found;
    }
    return this.options.reportMissing ? { kind: 'missing', tried: tried.map((t) => shown(t, sourceDir)) } : undefined;
  }

  private readPayload(file: string, sourceDir: string): Payload | undefined {
    const known = this.read.get(file);
    if (known) return known.kind === 'missing' ? undefined : known;
    const { memo, host } = this.options;
    let stamp: string | undefined;
    if (memo && host.stamp) {
      stamp = host.stamp(file);
      this.stamps.set(file, stamp);
      // No stamp: nothing is there to read.
      if (stamp === undefined) {
        this.read.set(file, NOT_FOUND);
        return undefined;
      }
    }
    const kept = stamp !== undefined ? memo!.get(file) : undefined;
    if (kept && kept.stamp === stamp && 'readFrom' in kept.payload && kept.payload.readFrom === shown(file, sourceDir)) {
      this.read.set(file, kept.payload);
      return kept.payload;
    }
    const head = host.readHead(file, PE_HEAD_BYTES);
    if (head === undefined) {
      // Where it was looked for is said by payloadOf, and only when asked: a project whose build output is not there
      // misses every payload.
      this.read.set(file, NOT_FOUND);
      return undefined;
    }
    const readFrom = shown(file, sourceDir);
    const payload =
      head instanceof Uint8Array ? payloadOf(classifyPayload(head), readFrom) : { kind: 'unchecked' as const, readFrom, reason: head.unreadable };
    this.read.set(file, payload);
    if (stamp !== undefined) memo!.set(file, { stamp, payload });
    return payload;
  }
}

/** What is kept of one context (the bind paths and the base folder) in `all`, started afresh past MAX_PLACES entries. */
function perContext<T>(all: Map<string, Map<string, T>>, bindKey: string, baseDir: string): Map<string, T> {
  const key = `${bindKey}\u0000${baseDir}`;
  let kept = all.get(key);
  if (!kept || kept.size > MAX_PLACES) all.set(key, (kept = new Map()));
  return kept;
}

/** A path with a value only the build has (an undefined variable, a WiX variable or localization string): nothing to look for. */
function unresolvable(source: string): boolean {
  const rest = source.startsWith(BIND_PATH_OPEN) ? source.slice(source.indexOf(')') + 1) : source;
  return /\$\(|!\(|\[/.test(rest) || (source.startsWith(BIND_PATH_OPEN) && !source.includes(')'));
}

/** Where the binder looks for `source`, in its order (WiX v4 FileResolver, v3 BinderFileManager.ResolveFile). */
function candidates(source: string, bindPaths: readonly BindPath[], baseDir: string, join = path.join): string[] {
  const local = (p: string): string => (path.sep === '/' ? p.replace(/\\/g, '/') : p);
  if (source.startsWith(BIND_PATH_OPEN)) {
    const close = source.indexOf(')');
    const name = source.slice(BIND_PATH_OPEN.length, close).toLowerCase();
    const rest = local(source.slice(close + 1)).replace(/^[\\/]+/, '');
    return bindPaths.filter((b) => b.name?.toLowerCase() === name).map((b) => join(b.path, rest));
  }
  const target = local(source);
  if (path.isAbsolute(target) || /^[A-Za-z]:[\\/]/.test(source)) return path.isAbsolute(target) ? [target] : [];
  const out = [join(baseDir, target)];
  const withoutSourceDir = SOURCE_DIR_PREFIX.test(source) ? local(source.slice('SourceDir/'.length)) : undefined;
  for (const b of bindPaths) {
    if (b.name !== undefined) continue;
    if (withoutSourceDir !== undefined) out.push(join(b.path, withoutSourceDir));
    out.push(join(b.path, target));
  }
  return out;
}

/**
 * path.join for the files of few folders: each folder is joined (and normalized) once, and a file's last name appended
 * to it, which is what path.join makes of a plain name. A name path.join would change ('', '.', '..') is joined whole.
 */
export function folderJoins(): (base: string, relative: string) => string {
  const folders = new Map<string, string>();
  return (base, relative) => {
    const slash = Math.max(relative.lastIndexOf('/'), path.sep === '\\' ? relative.lastIndexOf('\\') : -1);
    const name = relative.slice(slash + 1);
    if (name === '' || name === '.' || name === '..') return path.join(base, relative);
    const dir = slash < 0 ? '' : relative.slice(0, slash);
    const key = `${base}\u0000${dir}`;
    let folder = folders.get(key);
    if (folder === undefined) {
      folder = path.join(base, dir);
      folders.set(key, folder);
    }
    return folder.endsWith(path.sep) ? folder + name : folder + path.sep + name;
  };
}

/** A path as messages show it: relative to the source's folder when inside it, with '/' separators. */
function shown(file: string, sourceDir: string): string {
  const relative = path.relative(sourceDir, file);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : file).split(path.sep).join('/');
}
