// Reports handed over in pieces: a run with a hundred thousand problems never holds its report as one string.

/** About how many characters a piece of a report holds. */
const CHUNK_CHARS = 1 << 16;

/** The texts run together into pieces of about CHUNK_CHARS characters, in order. */
export function* chunked(texts: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const text of texts) {
    chunk += text;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
