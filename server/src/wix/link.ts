// Links lowered WiX sections the way the WiX linker does: each entry section (Product, Package, Module, Bundle, Patch)
// pulls in the fragments defining what it references, transitively, and never another entry's symbols.
import * as path from 'node:path';
import type {
  ChainedPackage,
  Location,
  Component,
  CustomAction,
  Directory,
  File,
  MergedModule,
  PackageInfo,
  Property,
  RegistrySearch,
  RegistryValue,
} from '../model/installer';
import type { SectionKind, WixVersion } from './vocabulary';

/** What one Product / Package / Module / Bundle / Patch / Fragment contributes, lowered for one platform. */
export interface Section {
  kind: SectionKind;
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
  merges: MergedModule[];
  /** MsiPackages in a Chain or PackageGroup. */
  chained: ChainedPackage[];
  /** For a Bundle: what it is called and where it is. */
  bundle: { label: string; location: Location } | undefined;
}

export interface LinkedPackage {
  /** The entry section; undefined for fragments no entry references (checked for what they decide alone). */
  entry: Section | undefined;
  sections: Section[];
}

/**
 * Links sections into packages. Several entries among the inputs (loose sources of several projects) stay apart: a
 * fragment two entries reference links into both, and an entry, or a fragment in another entry's file, never links
 * into a package but its own. Fragments no entry reaches are linked per file, with what they reference.
 */
export function link(sections: readonly Section[]): LinkedPackage[] {
  // One section links to nothing but itself (a product in one file, one harvested fragment): no symbol table is needed.
  if (sections.length === 1) return [{ entry: sections[0]!.kind === 'fragment' ? undefined : sections[0], sections: [sections[0]!] }];
  const linker = new Linker(sections);
  const packages: LinkedPackage[] = [];
  const reached = new Set<Section>();
  for (const entry of sections) {
    if (entry.kind === 'fragment') continue;
    const linked = linker.closure([entry], entry.file);
    for (const s of linked) reached.add(s);
    packages.push({ entry, sections: linked });
  }
  // Unreferenced fragments, one group per file: enough to decide what a fragment can alone (a component against its folder).
  const orphansByFile = new Map<string, Section[]>();
  for (const s of sections) {
    if (s.kind !== 'fragment' || reached.has(s)) continue;
    const list = orphansByFile.get(s.file);
    if (list) list.push(s);
    else orphansByFile.set(s.file, [s]);
  }
  for (const [file, orphans] of orphansByFile) packages.push({ entry: undefined, sections: linker.closure(orphans, file) });
  return packages;
}

class Linker {
  /** Definers of each symbol, per WiX version (v3 and v4 symbols never link to each other). */
  private readonly tables = { 3: new Map<string, Section[]>(), 4: new Map<string, Section[]>() };
  /** Files holding an entry section: their fragments belong to that entry's project. */
  private readonly entryFiles = new Set<string>();

  /** With few sections, each one's own set of definitions is asked instead of a table of all (see definersOf). */
  private readonly few: readonly Section[] | undefined;

  constructor(sections: readonly Section[]) {
    for (const s of sections) if (s.kind !== 'fragment') this.entryFiles.add(s.file);
    if (sections.length <= FEW_SECTIONS) {
      this.few = sections;
      return;
    }
    for (const s of sections) {
      const definers = this.tables[s.version];
      for (const d of s.defs) {
        const list = definers.get(d);
        if (!list) definers.set(d, [s]);
        else if (list[list.length - 1] !== s) list.push(s);
      }
    }
  }

  /** The sections defining `ref` among those of its version, in their order. */
  private definersOf(version: WixVersion, ref: string): readonly Section[] | undefined {
    if (!this.few) return this.tables[version].get(ref);
    let found: Section[] | undefined;
    for (const s of this.few) if (s.version === version && definitionsOf(s).has(ref)) (found ??= []).push(s);
    return found;
  }

  /** The sections `roots` pull in, roots first, in the order they are reached. */
  closure(roots: readonly Section[], home: string): Section[] {
    const included = new Set<Section>(roots);
    const queue = [...roots];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const ref of s.refs) {
        const candidates = this.definersOf(s.version, ref);
        if (!candidates || candidates.some((c) => included.has(c))) continue;
        const chosen = this.choose(candidates, home);
        if (!chosen) continue;
        included.add(chosen);
        queue.push(chosen);
      }
    }
    return queue;
  }

  /**
   * Among the definitions of one symbol: a fragment in the home file, else the nearest fragment (by folder) in a file
   * that holds no entry section, ties broken by path. Entries and other entries' files are never chosen.
   */
  private choose(candidates: readonly Section[], home: string): Section | undefined {
    for (const c of candidates) if (c.kind === 'fragment' && c.file === home) return c;
    return nearestByFolder(
      candidates.filter((c) => c.kind === 'fragment' && !this.entryFiles.has(c.file)),
      home,
    );
  }
}

/**
 * Up to this many sections, the linker asks each section's own definitions rather than build a table of all of them:
 * an editor's unit of a product and a 5 MB harvested fragment keeps the fragment's set across edits.
 */
const FEW_SECTIONS = 16;

/** A section's definitions as a set, kept with its list (which a section handed out again by a cache shares). */
function definitionsOf(s: Section): ReadonlySet<string> {
  let known = definitions.get(s.defs);
  if (!known) definitions.set(s.defs, (known = new Set(s.defs)));
  return known;
}

const definitions = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The candidate whose file is closest to `home`'s by folders between them, ties broken by path. */
export function nearestByFolder<T extends { file: string }>(candidates: readonly T[], home: string): T | undefined {
  const homeDir = path.dirname(home);
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const rel = path.relative(homeDir, path.dirname(c.file));
    const distance = rel === '' ? 0 : rel.split(path.sep).length;
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && c.file < best.file)) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}
