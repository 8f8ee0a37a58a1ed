// Turns the files and folders on the command line into what to lint (sources, projects, packages) and names files in
// output as the user named them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cannotRead, readDirectory, realPath } from '../io/fileSystem';
import { walkFolder } from '../project/walk';

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
  /** Absolute paths of the files given by name (not found in a folder). */
  named: Set<string>;
  /** Absolute paths of the folders given. */
  folders: string[];
  warnings: string[];
}

export type ExpandResult = ({ ok: true } & Inputs) | { ok: false; errors: string[] };

/** What a folder contributes: WiX sources, projects and built packages. */
const PACKAGE_EXTENSIONS = ['.msi', '.msm'];
const FOLDER_EXTENSIONS = ['.wxs', '.wixproj', ...PACKAGE_EXTENSIONS];
/** A folder this large is probably not installer sources; the walk stops rather than stall. */
export const MAX_FOLDER_FILES = 100_000;

/** A built package (.msi, .msm), read with the MSI reader rather than as WiX source. */
export function isPackage(file: string): boolean {
  return PACKAGE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/**
 * Expands folders, checks that every input exists, and drops duplicates (a file given twice is linted once).
 * `ignored` says which files and folders a config excludes.
 */
export function expandInputs(inputs: readonly string[], cwd: string, ignored: (file: string) => boolean): ExpandResult {
  const out: Inputs = { files: [], sources: [], includes: [], projects: [], packages: [], named: new Set(), folders: [], warnings: [] };
  const errors: string[] = [];
  const seen = new Set<string>();
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
      if (code === 'ENOENT' || code === 'ENOTDIR') errors.push(cannotRead(given, e));
      else add(given, absolutePath, true);
      continue;
    }
    if (!stat.isDirectory()) {
      add(given, absolutePath, true);
      continue;
    }
    if (readDirectory(absolutePath) === undefined) {
      errors.push(cannotRead(given, Object.assign(new Error('permission denied'), { code: 'EACCES' })));
      continue;
    }
    out.folders.push(absolutePath);
    const walked = walkFolder({ readFile: () => undefined, readDirectory }, absolutePath, {
      extensions: FOLDER_EXTENSIONS,
      ignored,
      limit: MAX_FOLDER_FILES,
    });
    if (walked.truncated)
      out.warnings.push(`'${given}' has more than ${MAX_FOLDER_FILES} files to lint; only the first ${MAX_FOLDER_FILES} are linted`);
    if (walked.files.length === 0) out.warnings.push(`no .wxs, .wixproj, .msi or .msm files found in '${given}'`);
    // Code-unit order, not locale order: output must not depend on the machine's language.
    const relatives = walked.files.map((f) => path.relative(absolutePath, f).split(path.sep).join('/')).sort();
    for (const rel of relatives) add(joinGiven(given, rel), path.join(absolutePath, rel), false);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ...out };
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
  private readonly given = new Map<string, string>();
  private readonly folders: { absolute: string; given: string }[] = [];

  constructor(
    private readonly cwd: string,
    inputs: readonly string[],
    files: readonly InputFile[],
  ) {
    for (const f of files) this.given.set(f.absolutePath, f.path);
    for (const g of inputs) this.folders.push({ absolute: path.resolve(cwd, g), given: g });
    // The deepest folder first, so that a file is named from the folder nearest to it.
    this.folders.sort((a, b) => b.absolute.length - a.absolute.length);
  }

  of(file: string): string {
    const known = this.given.get(file);
    if (known !== undefined) return known;
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
