// Decodes and encodes MSI stream names, which Windows Installer packs two characters to a UTF-16 unit to fit OLE's 31-unit name limit.

/** The characters that compress, in value order 0..63. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._';
const BITS_PER_CHAR = 6;
const CHAR_MASK = (1 << BITS_PER_CHAR) - 1;
/** A pair (c1, c2) is stored as PAIR_BASE + (value(c2) << 6) + value(c1). */
const PAIR_BASE = 0x3800;
/** A lone compressible character (one without a compressible partner after it) is stored as SINGLE_BASE + value. */
const SINGLE_BASE = 0x4800;
/** Marks a table's stream; it is also where single characters end (SINGLE_BASE + 64), so it never decodes as one. */
const TABLE_PREFIX = 0x4840;

const VALUE_OF = new Map<number, number>([...ALPHABET].map((c, i) => [c.charCodeAt(0), i]));

/**
 * The readable name of a stored stream name and whether it is a table's stream (U+4840 first).
 * Names OLE stores raw, like '\x05SummaryInformation', come back unchanged.
 */
export function decodeStreamName(raw: string): { name: string; isTable: boolean } {
  const isTable = raw.charCodeAt(0) === TABLE_PREFIX;
  let name = '';
  for (let i = isTable ? 1 : 0; i < raw.length; i++) {
    const unit = raw.charCodeAt(i);
    if (unit >= PAIR_BASE && unit < SINGLE_BASE) {
      const packed = unit - PAIR_BASE;
      name += ALPHABET[packed & CHAR_MASK]! + ALPHABET[packed >> BITS_PER_CHAR]!;
    } else if (unit >= SINGLE_BASE && unit < TABLE_PREFIX) {
      name += ALPHABET[unit - SINGLE_BASE]!;
    } else {
      name += raw[i]!;
    }
  }
  return { name, isTable };
}

/**
 * The stored form of a table's or a stream's name, as Windows Installer writes it. OLE's own streams such as
 * '\x05SummaryInformation' are stored raw, not through this encoding: look those up by their plain name.
 */
export function encodeStreamName(name: string, isTable: boolean): string {
  let out = isTable ? String.fromCharCode(TABLE_PREFIX) : '';
  for (let i = 0; i < name.length; i++) {
    const first = VALUE_OF.get(name.charCodeAt(i));
    if (first === undefined) {
      out += name[i]!;
      continue;
    }
    const second = i + 1 < name.length ? VALUE_OF.get(name.charCodeAt(i + 1)) : undefined;
    if (second === undefined) {
      out += String.fromCharCode(SINGLE_BASE + first);
    } else {
      out += String.fromCharCode(PAIR_BASE + (second << BITS_PER_CHAR) + first);
      i++;
    }
  }
  return out;
}
