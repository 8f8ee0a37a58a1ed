// The file system as the CLI and the language server read it: source text decoded as editors decode it, folders
// listed, nothing thrown. The core reads files only through the hosts built here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DirectoryEntry, MsBuildHost } from '../project/msbuild';
import { decodeText } from '../wix/sourceText';

export type TextRead = { ok: true; text: string } | { ok: false; error: string };

/** Reads a source, project or config file; `given` is how the user named it, for the message. */
export function readTextFile(given: string, absolutePath: string): TextRead {
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

/** A folder's entries; links count as what they point to, except that folder links are not followed. */
export function readDirectory(dir: string): DirectoryEntry[] | undefined {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return entries.map((e) => ({
    name: e.name,
    isDirectory: e.isDirectory(),
    isFile: e.isFile() || (e.isSymbolicLink() && isFile(`${dir}/${e.name}`)),
  }));
}

/** Whether a regular file is at this path. */
export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Whether a folder is at this path. */
export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The real path, or the path itself when it has none (a file that vanished). */
export function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * The host the project layer reads through. `overlay` gives a file's text when the caller has a newer one than the
 * disk (the editor's unsaved documents); texts read from disk and folder listings are kept for the host's lifetime.
 */
export function nodeFileSystem(overlay?: (file: string) => string | undefined): MsBuildHost {
  const texts = new Map<string, string | undefined>();
  const listings = new Map<string, DirectoryEntry[] | undefined>();
  const listed = (dir: string): DirectoryEntry[] | undefined => {
    if (!listings.has(dir)) listings.set(dir, readDirectory(dir));
    return listings.get(dir);
  };
  return {
    readDirectory: listed,
    readFile(file) {
      const open = overlay?.(file);
      if (open !== undefined) return open;
      if (!texts.has(file)) {
        // Sources written on Windows name files in any case: `NetfxExtension_Platform.wxi` is NetFxExtension_Platform.wxi.
        const found = isFile(file) ? file : process.platform === 'win32' ? undefined : caseInsensitive(file, listed);
        const read = found !== undefined ? readTextFile(file, found) : undefined;
        texts.set(file, read?.ok ? read.text : undefined);
      }
      return texts.get(file);
    },
  };
}

/** The path of an existing file whose name differs from `file` only in case, component by component. */
function caseInsensitive(file: string, listed: (dir: string) => DirectoryEntry[] | undefined): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  let current = parts[0] === '' ? path.sep : parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const exact = path.join(current, part);
    const entries = listed(current);
    if (!entries) return undefined;
    const match = entries.find((e) => e.name === part) ?? entries.find((e) => e.name.toLowerCase() === part.toLowerCase());
    if (!match) return undefined;
    current = match.name === part ? exact : path.join(current, match.name);
    if (i < parts.length - 1 && !match.isDirectory) return undefined;
    if (i === parts.length - 1 && !match.isFile) return undefined;
  }
  return current;
}
