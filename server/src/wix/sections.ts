// The sections of a WiX source as written, before any platform is chosen: whether it holds an entry section (Product,
// Package, Module, Bundle, Patch) and which symbols its sections define and reference. Enough to tell which loose
// sources belong together, the way the linker will put them together.
import { definedKind, isWixNamespace, referredKind, sectionKindOf, setterActionId } from './vocabulary';
import { attributeValueOf, type XmlDocument, type XmlElement, type XmlNode } from './xml';

export interface SourceSections {
  file: string;
  /** Whether the file holds an entry section. */
  hasEntry: boolean;
  /** `Type:Id` keys, as the linker writes them; ids that need the preprocessor are kept as written. */
  defines: Set<string>;
  references: Set<string>;
  /** The references the file does not define itself: all that links it to other files. */
  external: Set<string>;
}

/** Attributes naming a directory, by element; DirectoryRef's Id is a reference too. */
const DIRECTORY_ATTRIBUTES: Readonly<Record<string, string>> = { Component: 'Directory', ComponentGroup: 'Directory' };

/** A document's sections, kept with the tree: an editor's unchanged documents are not read again. */
const scanned = new WeakMap<XmlDocument, SourceSections>();

/** Reads every branch of every <?if?>: a superset of what any platform's build links. */
export function scanSections(doc: XmlDocument): SourceSections {
  let known = scanned.get(doc);
  if (!known) scanned.set(doc, (known = scan(doc)));
  return known;
}

function scan(doc: XmlDocument): SourceSections {
  const out: SourceSections = { file: doc.file, hasEntry: false, defines: new Set(), references: new Set(), external: new Set() };
  const root = doc.root;
  if (root?.local !== 'Wix' || !isWixNamespace(root.ns)) return out;
  for (const child of root.children) {
    if (child.type !== 'element') continue;
    const kind = sectionKindOf(child.local);
    if (kind === undefined) continue;
    if (kind !== 'fragment') out.hasEntry = true;
    visit(child.children, out);
  }
  for (const ref of out.references) if (!out.defines.has(ref)) out.external.add(ref);
  return out;
}

function visit(nodes: readonly XmlNode[], out: SourceSections): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (isWixNamespace(node.ns)) element(node, out);
    if (node.children.length > 0) visit(node.children, out);
  }
}

function element(el: XmlElement, out: SourceSections): void {
  const local = el.local;
  const id = attributeValueOf(el, 'Id');
  const def = definedKind(local);
  const ref = referredKind(local);
  if (id !== undefined && def !== undefined) out.defines.add(`${def}:${id}`);
  if (id !== undefined && ref !== undefined) out.references.add(`${ref}:${id}`);
  const setter = setterActionId(local, id, attributeValueOf(el, 'Action'));
  if (setter !== undefined) out.defines.add(`CustomAction:${setter}`);
  const dirAttr = DIRECTORY_ATTRIBUTES[local];
  if (dirAttr !== undefined) {
    const dir = attributeValueOf(el, dirAttr);
    if (dir !== undefined) out.references.add(`Directory:${dir}`);
  }
  if (local === 'Custom') {
    const action = attributeValueOf(el, 'Action');
    if (action !== undefined) out.references.add(`CustomAction:${action}`);
  }
  if (local === 'CustomAction') {
    const binary = attributeValueOf(el, 'BinaryKey') ?? attributeValueOf(el, 'BinaryRef');
    if (binary !== undefined) out.references.add(`Binary:${binary}`);
  }
}
