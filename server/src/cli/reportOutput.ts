// Where the lint report goes: stdout, or the file of -o/--output-file (its folders created, as ESLint creates them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '../io/fileSystem';

export interface ReportOutput {
  write(text: string): void;
  /** Ends the report; the one-line reason it could not be written, if it could not. */
  close(): string | undefined;
}

/**
 * Room to encode a piece of the report in, reused: writing a report of 50 MB in pieces then allocates no 50 MB of
 * buffers (each a garbage collection's worth of outside memory). A piece too large for it gets its own buffer.
 */
const scratch = Buffer.allocUnsafe(1 << 18);

/** `text` as UTF-8, valid until the next call. */
export function utf8Bytes(text: string): Uint8Array {
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
  if (text.length * 3 > scratch.length) return Buffer.from(text, 'utf8');
  return scratch.subarray(0, scratch.write(text, 0, 'utf8'));
}

/** The report on stdout. */
export function stdoutReport(stdout: (text: string) => void): ReportOutput {
  return { write: stdout, close: () => undefined };
}

/**
 * The report in a file, `given` as the user named it and `absolutePath` where it is: created or emptied now, even when
 * the report is empty, so that a report from an earlier run is never taken for this one's. A file that cannot be
 * written takes no more writes, and `close` says why.
 */
export function fileReport(given: string, absolutePath: string): ReportOutput {
  let fd: number | undefined;
  let failure: string | undefined;
  const fail = (e: unknown): void => {
    // mkdir says EEXIST when a file stands where a folder of the path should be.
    const reason = e instanceof Error && 'code' in e && e.code === 'EEXIST' ? 'a part of the path is not a folder' : describeFsError(e);
    failure ??= `cannot write the report to '${given}': ${reason}`;
  };
  try {
    fs.mkdirSync(path.dirname(absolutePath), { recursive: true });
    fd = fs.openSync(absolutePath, 'w');
  } catch (e) {
    fail(e);
  }
  return {
    write(text) {
      if (fd === undefined || failure !== undefined) return;
      try {
        const bytes = utf8Bytes(text);
        for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done);
      } catch (e) {
        fail(e);
      }
    },
    close() {
      if (fd !== undefined) {
        try {
          fs.closeSync(fd);
        } catch (e) {
          fail(e);
        }
        fd = undefined;
      }
      return failure;
    },
  };
}
