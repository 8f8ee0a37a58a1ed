// Random access to a file's bytes, so the reader can take the few streams it needs without loading the whole file.
import { MsiFormatError } from './errors';

export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** `length` bytes from `offset`; throws MsiFormatError('truncated') when the range passes the end of the file. */
  read(offset: number, length: number): Uint8Array;
}

/** A source over bytes already in memory (tests, the editor's buffers). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new MsiFormatError('truncated', `The file ends at byte ${bytes.length}, but data is expected up to byte ${offset + length}.`);
      }
      return bytes.subarray(offset, offset + length);
    },
  };
}
