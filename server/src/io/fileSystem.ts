// The file system as the CLI and the language server read it: source text decoded as editors decode it, folders
// listed, nothing thrown. The core reads files only through the hosts built here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DirectoryEntry, MsBuildHost } from '../project/msbuild';
import { decodeText } from '../wix/sourceText';

export type TextRead = { ok: true; text: string } | { ok: false; error: string; reason: string };

/** The largest source, include, project or config wixlint reads: far beyond any real one, far below a device's endless stream. */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a source, include, project or config file: the one way wixlint reads text from disk. Only a regular file of
 * at most MAX_TEXT_FILE_BYTES is read; a folder, device, FIFO or socket is refused without blocking (it is opened
 * non-blocking and checked before any read). `given` is how the user named it, for the message.
 */
export function readTextFile(given: string, absolutePath: string, lineEnds: 'as-is' | 'lf' = 'as-is'): TextRead {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not wait; fstat then refuses it before a read could.
    fd = fs.openSync(absolutePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    const refusal = notARegularFile(stat) ?? (stat.size > MAX_TEXT_FILE_BYTES ? sizeRefusal(stat.size) : undefined);
    if (refusal !== undefined) return { ok: false, error: `cannot read '${given}': ${refusal}`, reason: refusal };
    const bytes = Buffer.allocUnsafe(stat.size);
    // The size read is the size stat gave: a file that grows meanwhile is read as it was.
    const done = readFully(fd, bytes, 0);
    return { ok: true, text: decodeText(bytes.subarray(0, done), lineEnds) };
  } catch (e) {
    const reason = describeFsError(e);
    return { ok: false, error: `cannot read '${given}': ${reason}`, reason };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Fills `into` from `position` of an open file, as far as the file goes; how many bytes were read. */
export function readFully(fd: number, into: Uint8Array, position: number): number {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** A value that changes when the file does (its size, modification time and inode); undefined when there is none. */
export function fileStamp(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** Why a file that exists is not one wixlint reads: a folder, a device, a FIFO or a socket; undefined for a regular file. */
export function notARegularFile(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'it is a folder';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a file';
  if (stat.isFIFO()) return 'it is a named pipe (FIFO), not a file';
  if (stat.isSocket()) return 'it is a socket, not a file';
  return 'it is not a regular file';
}

/** Why a source of `size` bytes is not read. */
export function sizeRefusal(size: number): string {
  return `it is ${Math.round(size / (1024 * 1024))} MB; wixlint reads sources of at most ${MAX_TEXT_FILE_BYTES / (1024 * 1024)} MB`;
}

export function cannotRead(given: string, error: unknown): string {
  return `cannot read '${given}': ${describeFsError(error)}`;
}

/** An error of the file system in a phrase: 'no such file or directory', 'permission denied'… */
export function describeFsError(error: unknown): string {
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
    case 'ELOOP':
      return 'its symbolic links lead in a circle';
    case 'ENAMETOOLONG':
      return 'its path is too long';
    case 'ENXIO':
      // A FIFO or socket opened without blocking has no one at the other end.
      return 'it is a named pipe or socket, not a file';
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

/** Whether anything (a file, folder, device, FIFO) is at this path; links are followed. */
function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
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
 * The host the project layer reads through. `overlay` holds texts the caller has instead of the disk's, by absolute
 * path (the text of `wixlint --stdin`): such a file is never read from disk, and is in its folder's listing whether
 * or not it exists there, so that a project's wildcards and a folder's sources take it in. Texts read from disk and
 * folder listings are kept for the host's lifetime.
 */
export function nodeFileSystem(overlay: ReadonlyMap<string, string> = new Map(), lineEnds: 'as-is' | 'lf' = 'as-is'): MsBuildHost {
  const texts = new Map<string, string | undefined>();
  /** Why files that exist could not be read (a device, a FIFO, too large), for messages that name the reason. */
  const refused = new Map<string, string>();
  const listings = new Map<string, DirectoryEntry[] | undefined>();
  const listed = (dir: string): DirectoryEntry[] | undefined => {
    if (!listings.has(dir)) listings.set(dir, withOverlay(dir, readDirectory(dir), overlay));
    return listings.get(dir);
  };
  return {
    readDirectory: listed,
    readFile(file) {
      const given = overlay.get(file);
      if (given !== undefined) return given;
      if (!texts.has(file)) {
        // Sources written on Windows name files in any case: `NetfxExtension_Platform.wxi` is NetFxExtension_Platform.wxi.
        const found = exists(file) ? file : process.platform === 'win32' ? undefined : caseInsensitive(file, listed);
        const read = found !== undefined ? readTextFile(file, found, lineEnds) : undefined;
        texts.set(file, read?.ok ? read.text : undefined);
        if (read && !read.ok && read.reason !== 'no such file or directory') refused.set(file, read.reason);
      }
      return texts.get(file);
    },
    unreadable: (file) => refused.get(file),
  };
}

/** A folder's listing with the overlay's files in it, each as a file (in place of a folder or link of that name). */
function withOverlay(dir: string, entries: DirectoryEntry[] | undefined, overlay: ReadonlyMap<string, string>): DirectoryEntry[] | undefined {
  const added = [...overlay.keys()].filter((file) => path.dirname(file) === dir).map((file) => path.basename(file));
  if (added.length === 0) return entries;
  const kept = (entries ?? []).filter((e) => !added.includes(e.name));
  return [...kept, ...added.map((name) => ({ name, isDirectory: false, isFile: true }))];
}

/** The path of an existing file whose name differs from `file` only in case, component by component. */
function caseInsensitive(file: string, listed: (dir: string) => DirectoryEntry[] | undefined, folder = false, from?: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  let current = parts[0] === '' ? path.sep : parts[0]!;
  let first = 1;
  // A folder already found (in whatever case) spares looking at the ones above it again.
  if (from !== undefined) {
    current = from;
    first = parts.length - 1;
  }
  for (let i = first; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const exact = path.join(current, part);
    const entries = listed(current);
    if (!entries) return undefined;
    const match = entries.find((e) => e.name === part) ?? entries.find((e) => e.name.toLowerCase() === part.toLowerCase());
    if (!match) return undefined;
    current = match.name === part ? exact : path.join(current, match.name);
    if (i < parts.length - 1 && !match.isDirectory) return undefined;
    if (i === parts.length - 1 && !(folder ? match.isDirectory : match.isFile)) return undefined;
  }
  return current;
}

/** Folder listings for `inAnotherCase`, each with the folder's modification time then: adding or removing a name changes it. */
const listings = new Map<string, { mtimeMs: number; entries: DirectoryEntry[] | undefined }>();
const MAX_LISTINGS = 4096;

/**
 * The existing file whose name differs from `file` only in case, as Windows would find it, where the file system tells
 * case apart (undefined on Windows, which finds it by the name as given). A folder is listed again only when it
 * changed, so that the payloads of a large project are found with one listing per folder. `folder`: the name is a
 * folder's; `in`: the file's folder as already found, so that only its last name is looked for.
 */
export function inAnotherCase(file: string, options: { folder?: boolean; in?: string } = {}): string | undefined {
  if (process.platform === 'win32') return undefined;
  return caseInsensitive(file, listedWhileUnchanged, options.folder, options.in);
}

/** A folder's listing, kept while its modification time is unchanged. */
function listedWhileUnchanged(dir: string): DirectoryEntry[] | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(dir).mtimeMs;
  } catch {
    return undefined;
  }
  const kept = listings.get(dir);
  if (kept && kept.mtimeMs === mtimeMs) return kept.entries;
  if (listings.size >= MAX_LISTINGS) listings.clear();
  const entries = readDirectory(dir);
  listings.set(dir, { mtimeMs, entries });
  return entries;
}
