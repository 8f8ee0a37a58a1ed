// A ByteSource over a file on disk that reads only the ranges asked for: packages can be gigabytes of cabinet. Used by the
// command line and the language server alike.
import * as fs from 'node:fs';
import { checkReadRange, type ByteSource } from '../msi/byteSource';
import { MsiFormatError } from '../msi/errors';
import { notARegularFile, readFully } from './fileSystem';

export interface FileSource extends ByteSource {
  close(): void;
}

/** Opens a regular file; anything else (a folder, device, FIFO or socket) throws an Error whose message says what it is. */
export function openFileSource(path: string): FileSource {
  // O_NONBLOCK: opening a FIFO with no writer must not wait; fstat then refuses it before a read could.
  const fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  const stat = fs.fstatSync(fd);
  const refusal = notARegularFile(stat);
  if (refusal !== undefined) {
    // A folder opens for reading on Linux and fails only at the first read; a device has no size to trust.
    fs.closeSync(fd);
    throw Object.assign(new Error(refusal), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
  }
  const size = stat.size;
  return {
    size,
    read(offset, length) {
      checkReadRange(size, offset, length);
      const buffer = Buffer.allocUnsafe(length);
      if (readFully(fd, buffer, offset) < length) throw new MsiFormatError('truncated', `The file ends before byte ${offset + length}.`);
      return buffer;
    },
    readInto(offset, target) {
      return readFully(fd, target.subarray(0, Math.max(0, Math.min(target.length, size - offset))), offset);
    },
    close() {
      fs.closeSync(fd);
    },
  };
}
