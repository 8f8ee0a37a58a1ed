// Payloads on disk as payload-isa reads them: the first bytes of a regular file, found in any case as Windows would,
// kept while the file's size and modification time stay the same.
import * as fs from 'node:fs';
import type { PayloadHost } from '../payload/sources';
import { caseInsensitive, notARegularFile, readDirectory } from './fileSystem';

const LISTING_LIFETIME_MS = 2000;

interface Kept {
  stamp: string;
  head: Uint8Array | { unreadable: string };
}

/** A host for payloads; one instance keeps what it read for its lifetime, re-reading a file whose stamp changed. */
export function nodePayloadHost(): PayloadHost {
  const kept = new Map<string, Kept>();
  const listings = new Map<string, ReturnType<typeof readDirectory>>();
  let listedAt = 0;
  const listed = (dir: string) => {
    // Folder listings serve one lint's worth of lookups, then are read again: folders change while the editor runs.
    if (Date.now() - listedAt > LISTING_LIFETIME_MS) {
      listings.clear();
      listedAt = Date.now();
    }
    if (!listings.has(dir)) listings.set(dir, readDirectory(dir));
    return listings.get(dir);
  };
  /** The path to open: as given, else the one that differs only in case (not on Windows, where the file system ignores case). */
  const locate = (file: string): string | undefined => {
    if (fs.existsSync(file)) return file;
    if (process.platform === 'win32') return undefined;
    return caseInsensitive(file, listed);
  };
  const stampOf = (file: string): string | undefined => {
    const found = locate(file);
    if (found === undefined) return undefined;
    try {
      const stat = fs.statSync(found);
      return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
    } catch {
      return undefined;
    }
  };
  return {
    stamp: stampOf,
    readHead(file, length) {
      const stamp = stampOf(file);
      if (stamp === undefined) return undefined;
      const known = kept.get(file);
      if (known && known.stamp === stamp) return known.head;
      const head = readHead(locate(file) ?? file, length);
      if (head === undefined) return undefined;
      kept.set(file, { stamp, head });
      return head;
    },
  };
}

/** The first `length` bytes of a regular file, opened without blocking; why, for what is not one. */
function readHead(file: string, length: number): Uint8Array | { unreadable: string } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    const refusal = notARegularFile(stat);
    if (refusal !== undefined) return { unreadable: refusal };
    const bytes = Buffer.alloc(Math.min(length, stat.size));
    let done = 0;
    while (done < bytes.length) {
      const n = fs.readSync(fd, bytes, done, bytes.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return bytes.subarray(0, done);
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { unreadable: code === 'EACCES' || code === 'EPERM' ? 'permission denied' : e instanceof Error ? e.message : String(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
