// Where the lint report goes: stdout, or the file of -o/--output-file (its folders created, as ESLint creates them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '../io/fileSystem';

export interface ReportOutput {
  /** The next piece of the report, as UTF-8; the bytes are valid only during the call. */
  write(bytes: Uint8Array): void;
  /** Ends the report; the one-line reason it could not be written, if it could not. */
  close(): string | undefined;
}

/** How many bytes of the report are gathered before they are written. */
const SINK_BYTES = 1 << 18;

/**
 * The report's pieces encoded as UTF-8 into one reused buffer, handed to `out` whenever it fills, then at `flush`:
 * writing a report of 50 MB makes neither one string nor one buffer of it, nor a buffer per piece; and a piece is
 * encoded as it comes (the formats' pieces are short, and cheaper to encode one by one than once joined).
 */
export class Utf8Sink {
  private readonly buffer = Buffer.allocUnsafe(SINK_BYTES);
  private used = 0;

  constructor(private readonly out: (bytes: Uint8Array) => void) {}

  readonly write = (text: string): void => {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4): a piece is never split.
    const most = text.length * 3;
    if (this.used + most > this.buffer.length) this.flush();
    if (most > this.buffer.length) this.out(Buffer.from(text, 'utf8'));
    else this.used += this.buffer.write(text, this.used, 'utf8');
  };

  flush(): void {
    if (this.used === 0) return;
    this.out(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

/** The report on stdout: as bytes where the process takes them, else decoded (a piece holds whole characters). */
export function stdoutReport(stdout: (text: string) => void, stdoutBytes: ((bytes: Uint8Array) => void) | undefined): ReportOutput {
  const decoder = new TextDecoder();
  return { write: stdoutBytes ?? ((bytes) => stdout(decoder.decode(bytes))), close: () => undefined };
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
    write(bytes) {
      if (fd === undefined || failure !== undefined) return;
      try {
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
