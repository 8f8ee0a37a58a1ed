// The quick fixes for a problem, recomputed from its rule id, its fix data and the current texts of the documents involved.
import type { Bitness } from '../model/platform';
import { makeComponent32Bit, matchDirectoryBitness } from './bitness';
import { FixDocuments } from './component';
import type { Fix, FixDocument, Parse } from './fix';
import { guardWithVersionNT64 } from './guard';
import { moveToMatchingFolder } from './moveFolder';

export { applyEdits, type Fix, type FixDocument, type FixEdit, type Parse } from './fix';

/**
 * Fixes for one problem. `data` is the problem's fix data, which may have crossed the editor and back, so its shape is
 * checked; `documents` are those the fix may edit, the problem's own first. A fix that no longer applies is left out.
 */
export function fixesFor(ruleId: string, data: unknown, documents: readonly FixDocument[], parse?: Parse): Fix[] {
  if (typeof data !== 'object' || data === null) return [];
  const d = data as Record<string, unknown>;
  const docs = new FixDocuments(documents, parse);
  const fixes: (Fix | undefined)[] = [];
  if (ruleId === 'ice80' && typeof d['component'] === 'string' && isBitness(d['bitness'])) {
    if (typeof d['directory'] === 'string' && typeof d['folder'] === 'string') {
      const move = { component: d['component'], folder: d['folder'], bitness: d['bitness'] };
      fixes.push(matchDirectoryBitness(docs, move));
      // Keeping a 64-bit component and moving it to a 64-bit folder only helps a 64-bit package (ICE80 #7 otherwise).
      const packageIs32Bit = d['packageBitness'] === 32;
      if (!(packageIs32Bit && move.bitness === 32)) fixes.push(moveToMatchingFolder(docs, move));
    } else if (d['bitness'] === 32) {
      fixes.push(makeComponent32Bit(docs, { component: d['component'] }));
    }
  }
  if (ruleId === 'com-overwrite') {
    const components = d['components'];
    if (Array.isArray(components) && components.length === 2 && components.every((c) => typeof c === 'string')) {
      fixes.push(guardWithVersionNT64(docs, { components: [components[0] as string, components[1] as string] }));
    }
  }
  return fixes.filter((f): f is Fix => f !== undefined);
}

function isBitness(v: unknown): v is Bitness {
  return v === 32 || v === 64;
}
