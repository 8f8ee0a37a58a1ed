// Source files as text: the byte-order marks and UTF-16 encodings that Windows tools write.
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { lfText } from './xml';

/**
 * WiX sources are often saved by Visual Studio as UTF-8 with BOM or as UTF-16; the BOM is not part of the text.
 * `lineEnds: 'lf'` gives the text with its line ends normalized to LF, as the XML parser reads it (lfText); a UTF-8
 * text is normalized in `bytes` themselves, which are then overwritten, so that no copy of it with CRs is ever made.
 */
export function decodeText(bytes: Uint8Array, lineEnds: 'as-is' | 'lf' = 'as-is'): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return lines(new TextDecoder('utf-16le').decode(bytes.subarray(2)), lineEnds);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return lines(new TextDecoder('utf-16be').decode(bytes.subarray(2)), lineEnds);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const utf8 = lineEnds === 'lf' ? withoutCrs(bytes) : bytes;
  // Buffer's UTF-8 decoding is TextDecoder's (malformed sequences become U+FFFD), about a third faster on large sources.
  return Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength).toString('utf8', start);
}

function lines(text: string, lineEnds: 'as-is' | 'lf'): string {
  return lineEnds === 'lf' ? lfText(text) : text;
}

const CR = 13;
const LF = 10;

/**
 * UTF-8 bytes with each CR LF made LF and each other CR made LF, in place (no byte of a multi-byte character is a CR or
 * an LF): what is left of `bytes`. The runs between CRs are found and moved by Buffer (memchr, memmove): a byte loop
 * takes three times as long on a 25 MB source, and a source without CRs is not copied at all.
 */
function withoutCrs(bytes: Uint8Array): Uint8Array {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let from = buf.indexOf(CR);
  if (from < 0) return bytes;
  let to = from;
  for (;;) {
    // `from` is at a CR: a CR LF keeps its LF, a lone CR becomes one; the run up to the next CR moves down to `to`.
    if (buf[from + 1] === LF) from++;
    else buf[from] = LF;
    const next = buf.indexOf(CR, from + 1);
    const end = next < 0 ? buf.length : next;
    buf.copyWithin(to, from, end);
    to += end - from;
    if (next < 0) return bytes.subarray(0, to);
    from = next;
  }
}
