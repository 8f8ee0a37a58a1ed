// Reads a stream to its end, up to a size: standard input for `wixlint --stdin`, which must not fill memory when
// something endless (`yes | wixlint --stdin`) is piped in.
import * as fs from 'node:fs';

export interface StreamRead {
  /** What was read: all of it, or the first `maxBytes` when there was more. */
  bytes: Uint8Array;
  /** Whether the stream had more than `maxBytes`; reading stopped there. */
  more: boolean;
}

/** Reads `stream` until it ends or brings more than `maxBytes`; rejects with the stream's error (EISDIR, EIO...). */
export function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<StreamRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (more: boolean): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      const bytes = Buffer.concat(chunks, Math.min(size, maxBytes));
      resolve({ bytes, more });
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      size += buffer.length;
      if (size > maxBytes) {
        // Nothing more is wanted: stop the flow, so that an endless writer is not read on.
        stream.pause();
        done(true);
      }
    };
    const onEnd = (): void => done(false);
    const onError = (e: unknown): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      reject(e);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** The process's standard input, read with `readStream`; a folder there (`wixlint --stdin < dir`) is refused as one. */
export function readStdin(maxBytes: number): Promise<StreamRead> {
  try {
    if (fs.fstatSync(0).isDirectory()) throw Object.assign(new Error('EISDIR: standard input is a folder'), { code: 'EISDIR' });
  } catch (e) {
    return Promise.reject(e);
  }
  // Let go once read, so that a writer with more to say does not keep the process alive.
  return readStream(process.stdin, maxBytes).finally(() => process.stdin.destroy());
}
