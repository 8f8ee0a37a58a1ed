// Source files as text: the byte-order marks and UTF-16 encodings that Windows tools write.
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';

/** WiX sources are often saved by Visual Studio as UTF-8 with BOM or as UTF-16; the BOM is not part of the text. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // Buffer's UTF-8 decoding is TextDecoder's (malformed sequences become U+FFFD), about a third faster on large sources.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start);
}
