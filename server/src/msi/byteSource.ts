// Random access to a file's bytes, so the reader can take the few streams it needs without loading the whole file.
import { MsiFormatError } from './errors';

export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** `length` bytes from `offset`; throws MsiFormatError('truncated') when the range passes the end of the file. */
  read(offset: number, length: number): Uint8Array;
  /**
   * Fills `target` from `offset` (as far as the file goes) and returns how many bytes it read: for readers that go
   * through a large file in order and reuse one buffer, where a fresh allocation per read would cost more than the read.
   */
  readInto?(offset: number, target: Uint8Array): number;
}

/** Throws MsiFormatError('truncated') unless `length` bytes from `offset` lie within a file of `size` bytes. */
export function checkReadRange(size: number, offset: number, length: number): void {
  if (offset < 0 || length < 0 || offset + length > size) {
    throw new MsiFormatError('truncated', `The file ends at byte ${size}, but data is expected up to byte ${offset + length}.`);
  }
}

/** A source over bytes already in memory (tests, the editor's buffers). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      checkReadRange(bytes.length, offset, length);
      return bytes.subarray(offset, offset + length);
    },
  };
}
