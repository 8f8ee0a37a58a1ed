// Where the lint report goes: stdout, or the file of -o/--output-file (its folders created, as ESLint creates them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '../io/fileSystem';

export interface ReportOutput {
  write(text: string): void;
  /** Ends the report; the one-line reason it could not be written, if it could not. */
  close(): string | undefined;
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
        const bytes = Buffer.from(text);
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
