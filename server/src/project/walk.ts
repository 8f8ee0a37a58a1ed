// Finds the files a folder contributes (WiX sources, projects, packages), the same way for the CLI and the editor.
import * as path from 'node:path';
import { excludedBy, type IgnoreFile, ignoreFilesIn } from './ignoreFile';
import type { DirectoryEntry, MsBuildHost } from './msbuild';

/**
 * Folders never walked, in any case (Windows projects write `Bin` and `OBJ`): dependencies and build outputs, whose
 * copies of the sources would be linted twice.
 */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bin', 'obj']);
/** What marks a repository's root: a folder, or a file in a worktree or a submodule. */
const REPOSITORY_MARKER = '.git';

export interface WalkOptions {
  /** Lower-case extensions to collect, with the dot. */
  extensions: readonly string[];
  /** Whether a file or folder (absolute path) is ignored. */
  ignored?: (file: string) => boolean;
  /** Rules after every ignore file the walk meets (the command line's --ignore-pattern), relative to their own folder. */
  ignorePatterns?: IgnoreFile;
  /** Only the files whose path below the walked folder, with '/' separators, matches: a glob's. */
  only?: RegExp;
  /** How many folders deep below the walked folder the walk goes; no limit when absent. */
  maxDepth?: number;
  /** Whether ignore files match names in any case, as git does where the file system does (core.ignoreCase). */
  ignoreCase?: boolean;
  /** The most files collected; the walk stops there and says so. */
  limit: number;
}

export interface WalkResult {
  /** Absolute paths, in code-unit order of their path within the folder. */
  files: string[];
  truncated: boolean;
  /** Files it would have collected that an ignore file, `ignorePatterns` or `ignored` excludes (not those in folders skipped whole). */
  ignoredFiles: number;
}

/**
 * Every file below `dir` with one of the extensions, skipping dot-folders, node_modules, bin and obj, and what the
 * `.gitignore` and `.wixlintignore` files on the way exclude: those in the folders walked and in the folders above up
 * to the repository's root. `dir` itself is walked whatever excludes it: it was asked for. Folder links are not
 * followed (a link cycle cannot hang it). Order does not depend on the machine's locale. Each ignore file is read once.
 */
export function walkFolder(fs: MsBuildHost, dir: string, options: WalkOptions): WalkResult {
  const files: string[] = [];
  let truncated = false;
  let ignoredFiles = 0;
  const ignoreCase = options.ignoreCase ?? false;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const visit = (folder: string, relFolder: string, above: readonly IgnoreFile[], depth: number): void => {
    const entries = fs.readDirectory(folder);
    if (!entries) return;
    // A repository inside the walk (a submodule, a vendored checkout) is out of reach of its parent's ignore files.
    const inherited = folder !== dir && isRepositoryRoot(entries) ? [] : above;
    const own = ignoreFilesIn(folder, fileNames(entries), (f) => fs.readFile(f), ignoreCase);
    const layers = own.length > 0 ? [...inherited, ...own] : inherited;
    const rules = options.ignorePatterns ? [...layers, options.ignorePatterns] : layers;
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of sorted) {
      if (truncated) return;
      const full = path.join(folder, e.name);
      const rel = relFolder === '' ? e.name : `${relFolder}/${e.name}`;
      if (e.isDirectory) {
        if (isSkippedFolder(e.name) || depth >= maxDepth) continue;
        if (excludedBy(rules, full, true) || options.ignored?.(full)) continue;
        visit(full, rel, layers, depth + 1);
        continue;
      }
      if (!e.isFile || !options.extensions.includes(path.extname(e.name).toLowerCase())) continue;
      if (options.only && !options.only.test(rel)) continue;
      if (excludedBy(rules, full, false) || options.ignored?.(full)) {
        ignoredFiles++;
        continue;
      }
      if (files.length >= options.limit) {
        truncated = true;
        return;
      }
      files.push(full);
    }
  };
  visit(dir, '', ignoreFilesAbove(fs, dir, ignoreCase), 0);
  return { files, truncated, ignoredFiles };
}

/** Whether a walk skips a folder of this name, whatever the ignore files say. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name.toLowerCase());
}

/**
 * The ignore files in the folders above `dir` up to the repository's root (the nearest holding .git; the file system's
 * root outside a repository), outermost first, as they apply to what is below `dir`.
 */
function ignoreFilesAbove(fs: MsBuildHost, dir: string, ignoreCase: boolean): IgnoreFile[] {
  const found: IgnoreFile[][] = [];
  let entries = fs.readDirectory(dir);
  for (let d = dir; !(entries && isRepositoryRoot(entries)); ) {
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
    entries = fs.readDirectory(d);
    if (entries) found.push(ignoreFilesIn(d, fileNames(entries), (f) => fs.readFile(f), ignoreCase));
  }
  return found.reverse().flat();
}

function isRepositoryRoot(entries: readonly DirectoryEntry[]): boolean {
  return entries.some((e) => e.name === REPOSITORY_MARKER);
}

function fileNames(entries: readonly DirectoryEntry[]): string[] {
  return entries.filter((e) => e.isFile).map((e) => e.name);
}
