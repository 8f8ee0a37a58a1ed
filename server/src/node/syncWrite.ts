// Writing the report to a pipe as it is made. On Linux and macOS, Node writes to a pipe asynchronously: a report of
// 50 MB made in one synchronous pass would wait in memory, whole, until the event loop drained it. Written with
// fs.writeSync instead, each piece leaves as it is made, at the pace the reader takes it.
import * as fs from 'node:fs';

/** A place to wait on without spinning: Atomics.wait on it sleeps the thread for the time given. */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));
/** How long to wait for a reader that has not taken the last piece yet (a pipe in non-blocking mode says EAGAIN). */
const RETRY_MS = 1;

function errorCode(e: unknown): unknown {
  return e instanceof Error && 'code' in e ? e.code : undefined;
}

/**
 * A writer to `fd` that returns once the text is written. A reader that has gone (`wixlint ... | head`: EPIPE, or
 * ECONNRESET on a socket pair) takes no more and is no error; any other failure is thrown.
 */
export function synchronousWriter(fd: number): (data: string | Uint8Array) => void {
  let closed = false;
  return (data) => {
    if (closed || data.length === 0) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let done = 0; done < bytes.length; ) {
      try {
        done += fs.writeSync(fd, bytes, done, bytes.length - done);
      } catch (e) {
        const code = errorCode(e);
        if (code === 'EAGAIN') {
          Atomics.wait(SLEEPER, 0, 0, RETRY_MS);
          continue;
        }
        // A pipe whose reader has gone says EPIPE; the socket pair Node gives a child for a pipe says ECONNRESET.
        if (code === 'EPIPE' || code === 'ECONNRESET') {
          closed = true;
          return;
        }
        throw e;
      }
    }
  };
}
