// A ByteSource over a file on disk that reads only the ranges asked for: packages can be gigabytes of cabinet. Used by the
// command line and the language server alike.
import * as fs from 'node:fs';
import { checkReadRange, type ByteSource } from '../msi/byteSource';
import { MsiFormatError } from '../msi/errors';

export interface FileSource extends ByteSource {
  close(): void;
}

export function openFileSource(path: string): FileSource {
  const fd = fs.openSync(path, 'r');
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    // A folder opens for reading on Linux and fails only at the first read; a device has no size to trust.
    fs.closeSync(fd);
    throw Object.assign(new Error(stat.isDirectory() ? 'it is a folder' : 'it is not a regular file'), {
      code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE',
    });
  }
  const size = stat.size;
  return {
    size,
    read(offset, length) {
      checkReadRange(size, offset, length);
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, buffer, done, length - done, offset + done);
        if (n === 0) throw new MsiFormatError('truncated', `The file ends before byte ${offset + length}.`);
        done += n;
      }
      return buffer;
    },
    close() {
      fs.closeSync(fd);
    },
  };
}
