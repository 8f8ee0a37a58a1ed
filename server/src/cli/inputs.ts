// Turns the files and folders on the command line into the source files to lint, and reads them from disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_ARCHES, type BuildArch } from '../model/installer';
import { decodeText } from '../wix/sourceText';
import { readWixProject } from '../wix/wixproj';

export interface InputFile {
  /** As the user gave it (a folder's files: the folder as given + '/' + the relative path); used in output. */
  path: string;
  /** Where to read it. */
  absolutePath: string;
}

export type ExpandResult =
  | { ok: true; files: InputFile[]; warnings: string[] }
  | { ok: false; errors: string[] };

/** What a folder contributes: WiX sources and built packages. */
const PACKAGE_EXTENSIONS = ['.msi', '.msm'];
const FOLDER_EXTENSIONS = ['.wxs', ...PACKAGE_EXTENSIONS];

/** A built package (.msi, .msm), read with the MSI reader rather than as WiX source. */
export function isPackage(file: string): boolean {
  return PACKAGE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}
const SKIPPED_FOLDERS = new Set(['node_modules']);

/** Expands folders, checks that every input exists, and drops duplicates (a file given twice is linted once). */
export function expandInputs(inputs: readonly string[], cwd: string): ExpandResult {
  const files: InputFile[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (given: string, absolutePath: string): void => {
    // By real path: the same file reached twice (or through a link) would otherwise define every symbol twice.
    const key = realPath(absolutePath);
    if (seen.has(key)) return;
    seen.add(key);
    files.push({ path: given, absolutePath });
  };

  for (const given of inputs) {
    const absolutePath = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch (e) {
      errors.push(cannotRead(given, e));
      continue;
    }
    if (stat.isDirectory()) {
      const relatives: string[] = [];
      collectFolder(absolutePath, '', relatives, given, errors);
      if (relatives.length === 0) warnings.push(`no .wxs, .msi or .msm files found in '${given}'`);
      // Code-unit order, not locale order: output must not depend on the machine's language.
      for (const rel of relatives.sort()) add(joinGiven(given, rel), path.join(absolutePath, rel));
    } else {
      add(given, absolutePath);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, files, warnings };
}

function collectFolder(absDir: string, rel: string, out: string[], givenRoot: string, errors: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(absDir, { withFileTypes: true });
  } catch (e) {
    errors.push(cannotRead(rel === '' ? givenRoot : joinGiven(givenRoot, rel), e));
    return;
  }
  for (const entry of entries) {
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name) || entry.name.startsWith('.')) continue;
      collectFolder(path.join(absDir, entry.name), childRel, out, givenRoot, errors);
    } else if (FOLDER_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
      // Symlinked files count; symlinked folders are not followed, so a link cycle cannot hang the walk.
      if (entry.isFile() || (entry.isSymbolicLink() && isFile(path.join(absDir, entry.name)))) out.push(childRel);
    }
  }
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function joinGiven(folder: string, rel: string): string {
  const base = folder.replace(/[\\/]+$/, '');
  return base === '' ? `/${rel}` : `${base}/${rel}`;
}

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

/** Reads a source file the way an editor would show it, so offsets agree with the language server's. */
export function readSourceFile(given: string, absolutePath: string): ReadResult {
  try {
    return { ok: true, text: decodeText(fs.readFileSync(absolutePath)) };
  } catch (e) {
    return { ok: false, error: cannotRead(given, e) };
  }
}

export function cannotRead(given: string, error: unknown): string {
  return `cannot read '${given}': ${describeFsError(error)}`;
}

function describeFsError(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The platforms named by the .wixproj files beside the inputs, in x86, x64, arm64 order; empty when there are none.
 * An unreadable project is skipped: it only supplies a default.
 */
export function projectPlatforms(files: readonly InputFile[]): BuildArch[] {
  const found = new Set<BuildArch>();
  const dirs = new Set(files.map((f) => path.dirname(f.absolutePath)));
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.wixproj'));
    } catch {
      continue;
    }
    for (const name of names) {
      const read = readSourceFile(name, path.join(dir, name));
      if (read.ok) for (const a of readWixProject(name, read.text).platforms) found.add(a);
    }
  }
  return BUILD_ARCHES.filter((a) => found.has(a));
}
