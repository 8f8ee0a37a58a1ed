// Links lowered WiX sections the way the WiX linker does: each package pulls in the fragments defining what it references.
import * as path from 'node:path';
import type {
  Component,
  CustomAction,
  Directory,
  File,
  PackageInfo,
  Property,
  RegistrySearch,
  RegistryValue,
} from '../model/installer';

export const WIX3_NS = 'http://schemas.microsoft.com/wix/2006/wi';
export const WIX4_NS = 'http://wixtoolset.org/schemas/v4/wxs';

export type WixVersion = 3 | 4;

export function wixVersionOf(root: { ns: string }): WixVersion | undefined {
  if (root.ns === WIX3_NS) return 3;
  if (root.ns === WIX4_NS) return 4;
  return undefined;
}

/** What one Product / Package / Module / Bundle / Fragment contributes, lowered for one platform. */
export interface Section {
  kind: 'product' | 'package' | 'module' | 'bundle' | 'fragment';
  version: WixVersion;
  file: string;
  /** Symbols defined and referenced, as `Type:Id`. */
  defs: string[];
  refs: string[];
  /** For a Product / Package / Module: the package-wide facts. */
  package: PackageInfo | undefined;
  directories: Directory[];
  components: Component[];
  files: File[];
  registry: RegistryValue[];
  customActions: CustomAction[];
  registrySearches: RegistrySearch[];
  properties: Property[];
}

export interface LinkedPackage {
  /** The Product / Package / Module / Bundle section; undefined for the fragments no package references. */
  entry: Section | undefined;
  sections: Section[];
}

/** Links sections into packages; fragments no package reaches are returned together, with no entry. */
export function link(sections: Section[]): LinkedPackage[] {
  // v3 and v4 symbols never link to each other.
  const tables = { 3: new Map<string, Section[]>(), 4: new Map<string, Section[]>() };
  for (const s of sections) {
    const definers = tables[s.version];
    for (const d of s.defs) {
      const list = definers.get(d);
      if (!list) definers.set(d, [s]);
      else if (list[list.length - 1] !== s) list.push(s);
    }
  }
  const packages: LinkedPackage[] = [];
  const reached = new Set<Section>();
  for (const entry of sections) {
    if (entry.kind === 'fragment') continue;
    const included = new Set<Section>([entry]);
    const queue: Section[] = [entry];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      const definers = tables[s.version];
      for (const ref of s.refs) {
        const candidates = definers.get(ref);
        if (!candidates) continue;
        const chosen = candidates.length === 1 ? candidates[0]! : nearest(candidates, entry.file, included);
        if (included.has(chosen)) continue;
        included.add(chosen);
        queue.push(chosen);
      }
    }
    for (const s of queue) reached.add(s);
    packages.push({ entry, sections: queue });
  }
  const orphans = sections.filter((s) => !reached.has(s) && s.kind === 'fragment');
  if (orphans.length > 0) packages.push({ entry: undefined, sections: orphans });
  return packages;
}

/**
 * Among several definitions of one symbol (separate projects linted together), the one already linked, else the one
 * closest to the entry's file.
 */
function nearest(candidates: Section[], entryFile: string, included: Set<Section>): Section {
  for (const c of candidates) if (included.has(c)) return c;
  const entryDir = path.dirname(entryFile);
  let best = candidates[0]!;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const rel = path.relative(entryDir, path.dirname(c.file));
    const distance = rel === '' ? 0 : rel.split(path.sep).length;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}
