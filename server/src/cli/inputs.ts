// Turns the files, folders and globs on the command line into what to lint (sources, projects, packages) and names
// files in output as the user named them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cannotRead, isFile, nodeFileSystem, readDirectory, realPath } from '../io/fileSystem';
import { expandBraces, globToRegExp, hasGlobSyntax, MAX_BRACE_EXPANSIONS, slashes, splitGlob } from '../project/glob';
import { IgnoreFile } from '../project/ignoreFile';
import type { MsBuildHost } from '../project/msbuild';
import { walkFolder, type WalkOptions } from '../project/walk';

export interface InputFile {
  /** As the user gave it (a folder's files: the folder as given + '/' + the relative path); used in output. */
  path: string;
  /** Where to read it. */
  absolutePath: string;
}

export interface Inputs {
  /** Every file, in the order given and found. */
  files: InputFile[];
  /** WiX sources (.wxs, and files of other extensions given by name). */
  sources: InputFile[];
  /** Include files (.wxi) given by name: linted within the sources of their folder. */
  includes: InputFile[];
  /** MSBuild projects (.wixproj), given or found in folders: linted whole. */
  projects: InputFile[];
  /** Built packages (.msi, .msm). */
  packages: InputFile[];
  /** Absolute paths of the files given by name or matched by a glob (not found in a folder). */
  named: Set<string>;
  /** Absolute paths of the folders given. */
  folders: string[];
  warnings: string[];
}

export type ExpandResult = ({ ok: true } & Inputs) | { ok: false; errors: string[] };

/** What a folder contributes: WiX sources, projects and built packages. */
const PACKAGE_EXTENSIONS = ['.msi', '.msm'];
const FOLDER_EXTENSIONS = ['.wxs', '.wixproj', ...PACKAGE_EXTENSIONS];
/** What a glob matches: the files wixlint reads, not whatever else the folders hold (ESLint, too, lints only what it knows). */
const GLOB_EXTENSIONS = ['.wxs', '.wxi', '.wixproj', ...PACKAGE_EXTENSIONS];
/** A folder this large is probably not installer sources; the walk stops rather than stall. */
export const MAX_FOLDER_FILES = 100_000;
/** Windows names files in any case, and writes paths with '\\', which a glob there cannot take as an escape. */
const WINDOWS = process.platform === 'win32';

/** --ignore-pattern's patterns: .gitignore's syntax, relative to the working folder. */
export function commandLineIgnores(patterns: readonly string[], cwd: string): IgnoreFile {
  return IgnoreFile.fromPatterns(cwd, patterns, WINDOWS);
}

/** A built package (.msi, .msm), read with the MSI reader rather than as WiX source. */
export function isPackage(file: string): boolean {
  return PACKAGE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/**
 * Expands folders and globs, checks that every input exists, and drops duplicates (a file given twice is linted once).
 * `ignored` says which files and folders a config excludes; `ignorePatterns` are --ignore-pattern's. Folder walks and
 * globs leave out what either excludes and what a walk skips (see walkFolder). A file or folder named is read whatever
 * the ignore files and skipped folders say, but one that `ignorePatterns` exclude is left out with a warning.
 */
export function expandInputs(
  inputs: readonly string[],
  cwd: string,
  ignored: (file: string) => boolean,
  ignorePatterns: IgnoreFile = commandLineIgnores([], cwd),
): ExpandResult {
  const out: Inputs = { files: [], sources: [], includes: [], projects: [], packages: [], named: new Set(), folders: [], warnings: [] };
  const errors: string[] = [];
  const seen = new Set<string>();
  // One host for every walk: an ignore file above several inputs is read once.
  const host = nodeFileSystem();
  const walk: FolderWalk = { extensions: FOLDER_EXTENSIONS, ignored, ignorePatterns, ignoreCase: WINDOWS, limit: MAX_FOLDER_FILES };
  const excludedByPattern = (given: string, absolutePath: string, isFolder: boolean): boolean => {
    const rule = ignorePatterns.excluding(absolutePath, isFolder);
    if (rule) out.warnings.push(`'${given}' is not linted: --ignore-pattern '${rule.pattern}' ignores it`);
    return rule !== undefined;
  };
  const add = (given: string, absolutePath: string, byName: boolean): void => {
    // By real path: the same file reached twice (or through a link) would otherwise define every symbol twice.
    const key = realPath(absolutePath);
    if (seen.has(key)) return;
    seen.add(key);
    if (byName) out.named.add(absolutePath);
    addFile(out, { path: given, absolutePath });
  };

  for (const given of inputs) {
    const absolutePath = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch (e) {
      // A name that is not there is a usage error; one that is there and cannot be read (links in a circle, a folder on
      // the way without permission) is a problem on it, like any unreadable input, and the others are linted.
      const code = e instanceof Error && 'code' in e ? e.code : undefined;
      const missing = code === 'ENOENT' || code === 'ENOTDIR';
      if (missing && hasGlobSyntax(globOf(given))) {
        // Not a name but a glob (`'src/**/*.wxs'`, quoted so that no shell expanded it): what it matches is named.
        const globbed = expandGlob(given, cwd, host, walk);
        if (!globbed.ok) errors.push(globbed.error);
        else for (const file of globbed.files) add(file.path, file.absolutePath, true);
        if (globbed.ok && globbed.truncated)
          out.warnings.push(`'${given}' matches more than ${MAX_FOLDER_FILES} files; only the first ${MAX_FOLDER_FILES} are linted`);
      } else if (missing) errors.push(cannotRead(given, e));
      else if (!excludedByPattern(given, absolutePath, false)) add(given, absolutePath, true);
      continue;
    }
    if (excludedByPattern(given, absolutePath, stat.isDirectory())) continue;
    if (!stat.isDirectory()) {
      add(given, absolutePath, true);
      continue;
    }
    if (readDirectory(absolutePath) === undefined) {
      errors.push(cannotRead(given, Object.assign(new Error('permission denied'), { code: 'EACCES' })));
      continue;
    }
    out.folders.push(absolutePath);
    const walked = walkFolder(host, absolutePath, walk);
    if (walked.truncated)
      out.warnings.push(`'${given}' has more than ${MAX_FOLDER_FILES} files to lint; only the first ${MAX_FOLDER_FILES} are linted`);
    if (walked.files.length === 0) out.warnings.push(`no .wxs, .wixproj, .msi or .msm files found in '${given}'`);
    // Code-unit order, not locale order: output must not depend on the machine's language.
    const relatives = walked.files.map((f) => path.relative(absolutePath, f).split(path.sep).join('/')).sort();
    for (const rel of relatives) add(joinGiven(given, rel), path.join(absolutePath, rel), false);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ...out };
}

/** A command-line glob as walks read it: on Windows, '\\' is a separator, not an escape. */
function globOf(given: string): string {
  return WINDOWS ? slashes(given) : given;
}

type FolderWalk = WalkOptions & { ignorePatterns: IgnoreFile };
type GlobExpansion = { ok: true; files: InputFile[]; truncated: boolean } | { ok: false; error: string };

/**
 * The .wxs, .wxi, .wixproj, .msi and .msm files a glob matches, relative to the working folder, named as a shell names
 * them, in code-unit order. `{a,b}` is expanded first; each alternative is walked from the folders before its first
 * wildcard (named, so walked whatever ignores them, unless --ignore-pattern does), with a folder walk's rules below
 * them. Matching nothing is an error, as a missing file is.
 */
function expandGlob(given: string, cwd: string, host: MsBuildHost, walk: FolderWalk): GlobExpansion {
  const alternatives = expandBraces(globOf(given));
  if (!alternatives) return { ok: false, error: `'${given}' has more than ${MAX_BRACE_EXPANSIONS} alternatives in braces` };
  const found = new Map<string, InputFile>();
  let ignored = 0;
  let truncated = false;
  for (const alternative of alternatives) {
    const { base, rest } = splitGlob(alternative);
    const root = path.resolve(cwd, base === '' ? '.' : base);
    // An alternative without a wildcard names one file (`{Product,Files}.wxs`), else the folder its walk starts in.
    const file = rest === '';
    if (file && !(isFile(root) && GLOB_EXTENSIONS.includes(path.extname(root).toLowerCase()))) continue;
    if (walk.ignorePatterns.excluding(root, !file) || (file && walk.ignored?.(root))) {
      ignored++;
      continue;
    }
    if (file) {
      found.set(root, { path: base, absolutePath: root });
      continue;
    }
    const walked = walkFolder(host, root, {
      ...walk,
      extensions: GLOB_EXTENSIONS,
      only: globToRegExp(rest, WINDOWS, 'posix'),
      // Without `**`, a glob reaches as deep as it has folders.
      maxDepth: /(^|\/)\*\*(\/|$)/.test(rest) ? Number.POSITIVE_INFINITY : rest.split('/').length - 1,
      limit: MAX_FOLDER_FILES - found.size,
    });
    ignored += walked.ignoredFiles;
    truncated ||= walked.truncated;
    for (const file of walked.files) found.set(file, { path: base + slashes(path.relative(root, file)), absolutePath: file });
  }
  if (found.size === 0) return { ok: false, error: ignored > 0 ? `all files matching '${given}' are ignored` : `no files match '${given}'` };
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ok: true, files, truncated };
}

/**
 * What to lint for --stdin: the one file standard input stands for, named `given` (resolved against `cwd`), as if
 * named on the command line; it need not exist, since its text never comes from disk.
 */
export function stdinInputs(given: string, cwd: string): Inputs {
  const out: Inputs = { files: [], sources: [], includes: [], projects: [], packages: [], named: new Set(), folders: [], warnings: [] };
  const absolutePath = path.resolve(cwd, given);
  out.named.add(absolutePath);
  addFile(out, { path: given, absolutePath });
  return out;
}

/** Files by kind: the extension decides, and anything but a package, project or include is read as a WiX source. */
function addFile(out: Inputs, file: InputFile): void {
  out.files.push(file);
  const ext = path.extname(file.absolutePath).toLowerCase();
  if (isPackage(file.absolutePath)) out.packages.push(file);
  else if (ext === '.wixproj') out.projects.push(file);
  else if (ext === '.wxi') out.includes.push(file);
  else out.sources.push(file);
}

/** Names files in output as the user named them: as given, inside a folder given, else relative to the working folder. */
export class DisplayNames {
  /** By file: the names the inputs were given by, and each name worked out since. */
  private readonly names = new Map<string, string>();
  private readonly folders: { absolute: string; given: string }[] = [];

  constructor(
    private readonly cwd: string,
    inputs: readonly string[],
    files: readonly InputFile[],
  ) {
    for (const f of files) this.names.set(f.absolutePath, f.path);
    for (const g of inputs) this.folders.push({ absolute: path.resolve(cwd, g), given: g });
    // The deepest folder first, so that a file is named from the folder nearest to it.
    this.folders.sort((a, b) => b.absolute.length - a.absolute.length);
  }

  /** The name `file` is shown by; worked out once per file (a report names a file once per problem). */
  of(file: string): string {
    let name = this.names.get(file);
    if (name === undefined) {
      name = this.nameOf(file);
      this.names.set(file, name);
    }
    return name;
  }

  private nameOf(file: string): string {
    if (!path.isAbsolute(file)) return file;
    for (const f of this.folders) {
      const rel = path.relative(f.absolute, file);
      if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return joinGiven(f.given, rel.split(path.sep).join('/'));
    }
    const rel = path.relative(this.cwd, file);
    return rel === '' ? file : rel.split(path.sep).join('/');
  }
}

function joinGiven(folder: string, rel: string): string {
  const base = folder.replace(/[\\/]+$/, '');
  return base === '' ? `/${rel}` : `${base}/${rel}`;
}
