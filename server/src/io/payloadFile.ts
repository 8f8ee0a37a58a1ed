// Payloads on disk as payload-isa reads them: the first bytes of a regular file, found in any case as Windows would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PayloadHost } from '../payload/sources';
import { describeFsError, fileStamp, inAnotherCase, notARegularFile, readFully } from './fileSystem';

/**
 * A host for payloads. A head is read into one buffer the host reuses: it is valid until the next call, which is
 * how SourcePayloads uses it (classified at once), and spares an allocation per file of a large project.
 * `oneRun`: the host serves one lint pass (the command line's run, or one of the language server's), so a folder a
 * payload is not found in, or is found in another case, is looked for once, not once per payload (a project of 65,000
 * files whose build output is absent, linted again at every edit), and a payload's stamp is taken once. The language
 * server keeps such a host across its passes while the client tells it of changed files (see ProjectLinter).
 */
export function nodePayloadHost(options: { oneRun?: boolean } = {}): PayloadHost {
  let scratch = new Uint8Array(0);
  const folders = options.oneRun ? new Map<string, string | null>() : undefined;
  /**
   * The folder as found (in its case, or another), null when there is none; once per folder in one run. Found through
   * its parent, as found: the hundreds of folders of a build output that is absent are absent with it, unlooked for.
   */
  const folderOf = (dir: string): string | null => {
    let found = folders!.get(dir);
    if (found !== undefined) return found;
    const parent = path.dirname(dir);
    if (parent === dir) found = fs.existsSync(dir) ? dir : null;
    else {
      const within = folderOf(parent);
      if (within === null) found = null;
      else {
        const exact = within === parent ? dir : path.join(within, path.basename(dir));
        found = fs.existsSync(exact) ? exact : (inAnotherCase(exact, { folder: true, in: within }) ?? null);
      }
    }
    folders!.set(dir, found);
    return found;
  };
  const anotherCase = (file: string): string | undefined => {
    if (!folders) return inAnotherCase(file);
    const found = folderOf(path.dirname(file));
    return found === null ? undefined : inAnotherCase(path.join(found, path.basename(file)), { in: found });
  };
  /** In one run, a file whose folder is absent is not opened at all. */
  const absentFolder = (file: string): boolean => folders !== undefined && folderOf(path.dirname(file)) === null;
  const stamps = options.oneRun ? new Map<string, string | undefined>() : undefined;
  const stampOf = (file: string): string | undefined => {
    if (absentFolder(file)) return undefined;
    const stamp = fileStamp(file);
    if (stamp !== undefined) return stamp;
    const other = anotherCase(file);
    return other !== undefined ? fileStamp(other) : undefined;
  };
  return {
    folderAbsent: (dir) => folders !== undefined && folderOf(dir) === null,
    stamp(file) {
      if (!stamps) return stampOf(file);
      if (stamps.has(file)) return stamps.get(file);
      const stamp = stampOf(file);
      stamps.set(file, stamp);
      return stamp;
    },
    readHead(file, length) {
      if (absentFolder(file)) return undefined;
      if (scratch.length < length) scratch = new Uint8Array(length);
      const read = readHead(file, scratch.subarray(0, length));
      if (read !== 'absent') return read;
      const other = anotherCase(file);
      const again = other !== undefined && other !== file ? readHead(other, scratch.subarray(0, length)) : 'absent';
      return again === 'absent' ? undefined : again;
    },
  };
}

/** The first bytes of a regular file into `into`, opened without blocking; why, for what is not one; 'absent' when there is none. */
function readHead(file: string, into: Uint8Array): Uint8Array | { unreadable: string } | 'absent' {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    const refusal = notARegularFile(stat);
    if (refusal !== undefined) return { unreadable: refusal };
    return into.subarray(0, readFully(fd, into.subarray(0, Math.min(into.length, stat.size)), 0));
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'absent';
    return { unreadable: describeFsError(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
