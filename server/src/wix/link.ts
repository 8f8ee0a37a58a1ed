// Links WiX sections the way the WiX linker does: each package pulls in the fragments that define what it references.
import * as path from 'node:path';
import type { WixElement } from './preprocess';
import { attributeValueOf as attr } from './xml';

export const WIX3_NS = 'http://schemas.microsoft.com/wix/2006/wi';
export const WIX4_NS = 'http://wixtoolset.org/schemas/v4/wxs';

export type WixVersion = 3 | 4;

export interface Section {
  kind: 'product' | 'package' | 'module' | 'bundle' | 'fragment' | 'other';
  version: WixVersion;
  element: WixElement;
  file: string;
  defs: string[];
  refs: string[];
}

export interface LinkedPackage {
  /** The Product / Package / Module / Bundle section; undefined for the fragments no package references. */
  entry: Section | undefined;
  sections: Section[];
}

const ENTRY_KINDS: Record<string, Section['kind']> = {
  Product: 'product',
  Package: 'package',
  Module: 'module',
  Bundle: 'bundle',
  Fragment: 'fragment',
};

/** Whether an element belongs to WiX's own namespace for this version (content without a namespace counts too). */
export function isWix(el: WixElement, version: WixVersion): boolean {
  return el.ns === (version === 3 ? WIX3_NS : WIX4_NS) || el.ns === '';
}

export function wixVersionOf(root: { ns: string }): WixVersion | undefined {
  if (root.ns === WIX3_NS) return 3;
  if (root.ns === WIX4_NS) return 4;
  return undefined;
}

/** Symbols an element defines or references, as `Type:Id` keys. */
const DEFINES: Record<string, string> = {
  Component: 'Component',
  ComponentGroup: 'ComponentGroup',
  Directory: 'Directory',
  StandardDirectory: 'Directory',
  Feature: 'Feature',
  FeatureGroup: 'FeatureGroup',
  Property: 'Property',
  CustomAction: 'CustomAction',
  Binary: 'Binary',
  SetProperty: 'CustomAction',
  SetDirectory: 'CustomAction',
};
const REFERENCES: Record<string, string> = {
  ComponentRef: 'Component',
  ComponentGroupRef: 'ComponentGroup',
  DirectoryRef: 'Directory',
  FeatureRef: 'Feature',
  FeatureGroupRef: 'FeatureGroup',
  PropertyRef: 'Property',
  CustomActionRef: 'CustomAction',
  BinaryRef: 'Binary',
};

export { attributeValueOf as attr } from './xml';

function collectSymbols(section: Section): void {
  const { defs, refs, version } = section;
  const stack: WixElement[] = [section.element];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (isWix(el, version)) {
      const id = attr(el, 'Id');
      const def = DEFINES[el.local];
      if (def && id) defs.push(`${def}:${id}`);
      const ref = REFERENCES[el.local];
      if (ref && id) refs.push(`${ref}:${id}`);
      if (el.local === 'Component' || el.local === 'ComponentGroup') {
        const dir = attr(el, 'Directory');
        if (dir) refs.push(`Directory:${dir}`);
      }
      if (el.local === 'Custom') {
        const action = attr(el, 'Action');
        if (action) refs.push(`CustomAction:${action}`);
      }
      if (el.local === 'CustomAction') {
        const binary = attr(el, 'BinaryKey') ?? attr(el, 'BinaryRef');
        if (binary) refs.push(`Binary:${binary}`);
      }
    }
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (c.type === 'element') stack.push(c);
    }
  }
}

/** Splits preprocessed documents into sections. */
export function sectionsOf(root: WixElement, version: WixVersion): Section[] {
  const sections: Section[] = [];
  for (const child of root.children) {
    if (child.type !== 'element' || !isWix(child, version)) continue;
    const kind = ENTRY_KINDS[child.local] ?? 'other';
    const section: Section = { kind, version, element: child, file: child.file, defs: [], refs: [] };
    collectSymbols(section);
    sections.push(section);
  }
  return sections;
}

/** Links sections into packages; fragments no package reaches are returned together, with no entry. */
export function link(sections: Section[]): LinkedPackage[] {
  const definers = new Map<string, Section[]>();
  for (const s of sections) {
    for (const d of s.defs) {
      const key = `${s.version}|${d}`;
      const list = definers.get(key);
      if (!list) definers.set(key, [s]);
      else if (list[list.length - 1] !== s) list.push(s);
    }
  }
  const packages: LinkedPackage[] = [];
  const reached = new Set<Section>();
  for (const entry of sections) {
    if (entry.kind === 'fragment' || entry.kind === 'other') continue;
    const included = new Set<Section>([entry]);
    const queue: Section[] = [entry];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const ref of s.refs) {
        const candidates = definers.get(`${s.version}|${ref}`);
        if (!candidates || candidates.some((c) => included.has(c))) continue;
        const chosen = candidates.length === 1 ? candidates[0]! : nearest(candidates, entry.file);
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

/** Among several definitions of one symbol (separate projects linted together), the one closest to the entry. */
function nearest(candidates: Section[], entryFile: string): Section {
  const entryDir = path.dirname(entryFile);
  let best = candidates[0]!;
  let bestScore = -1;
  for (const c of candidates) {
    const rel = path.relative(entryDir, path.dirname(c.file));
    const ups = rel === '' ? 0 : rel.split(path.sep).filter((p) => p === '..').length;
    const score = 1000 - ups * 10 - (rel === '' ? 0 : rel.split(path.sep).length);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
