// Compound-file helpers the reader's tests and the msitools cross-checks share.
import * as CFB from 'cfb';

/** The root CLSID of an installer database (.msi). */
export const MSI_CLSID = '{000C1084-0000-0000-C000-000000000046}';

/** Deterministic bytes, so failures reproduce. */
export function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Reads a file with the cfb package, an independent implementation, as name -> bytes (root streams only). */
export function readWithCfb(bytes: Uint8Array): Map<string, Uint8Array> {
  const parsed = CFB.read(bytes, { type: 'array' });
  const out = new Map<string, Uint8Array>();
  parsed.FileIndex.forEach((entry, i) => {
    if (entry.type === 2 && parsed.FullPaths[i]!.split('/').length === 2) out.set(entry.name, Uint8Array.from(entry.content ?? []));
  });
  return out;
}
