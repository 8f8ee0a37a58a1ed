// ice80, component vs. directory: keep the component's bitness and move it to the matching Program Files folder instead.
// - WiX v4: the standard folder its directory chain starts from becomes the platform-neutral *6432Folder form
//   (ProgramFiles6432Folder, CommonFiles6432Folder, System6432Folder), which resolves to the 64-bit folder in 64-bit builds.
//   An always32 component is not helped by that form (64-bit builds resolve it to the 64-bit folder), so it gets the
//   32-bit folder itself, as in v3.
// - WiX v3: the `Directory Id="ProgramFilesFolder"` definition becomes its twin (ProgramFiles64Folder, and back).
// The edit moves every component below that folder element, so it is offered only when none of them would break.
import { folderTwin, standardFolderBitness } from '../model/directories';
import { wix3PlatformToken, type Bitness } from '../model/platform';
import { bitnessAttribute, DIRECTORY_ELEMENTS, pinnedBitness, platformFollowingFolder, type WixVersion } from '../wix/vocabulary';
import { attributeValueOf, type XmlDocument, type XmlElement } from '../wix/xml';
import { attribute, type FixDocuments } from './component';
import type { Fix } from './fix';

/** What names a directory: an element's Id (Directory, StandardDirectory, DirectoryRef) or a Directory attribute. */
interface DirectoryLink {
  doc: XmlDocument;
  owner: XmlElement;
  attr: 'Id' | 'Directory';
}

/** A component's bitness as authored: stated, following the build platform, or some other text (a variable). */
type BitnessKey = Bitness | 'platform' | `text:${string}`;

export function moveToMatchingFolder(documents: FixDocuments, data: { component: string; folder: string; bitness: Bitness }): Fix | undefined {
  const twin = folderTwin(data.folder);
  if (twin === undefined || standardFolderBitness(data.folder) !== data.bitness) return undefined;
  const found = documents.component(data.component);
  if (!found) return undefined;
  const tree = new Tree(documents.parsed, found.version);
  const component = tree.element(found.file, found.element.start);
  if (!component) return undefined;

  const bitness: Bitness = data.bitness === 64 ? 32 : 64;
  const key = bitnessKey(component, found.version);
  if (typeof key === 'number' && key !== bitness) return undefined;
  const target = tree.folderOf(component);
  if (!target || attributeValueOf(target.owner, target.attr) !== data.folder) return undefined;

  // v4, a component that is 64-bit or follows the platform: the *6432Folder form is right wherever the component is.
  const neutral = found.version === 4 && (key === 64 || key === 'platform');
  if (!neutral && key !== bitness) return undefined;
  const newId = neutral ? platformFollowingFolder(data.folder)! : twin;
  const fits = (k: BitnessKey): boolean => (neutral ? k === 64 || k === 'platform' : k === bitness);
  for (const other of tree.components()) {
    const t = tree.folderOf(other);
    if (t && t.owner === target.owner && t.attr === target.attr && !fits(bitnessKey(other, found.version))) return undefined;
  }
  // A v3 package declared 32-bit cannot use a 64-bit folder.
  if (found.version === 3 && standardFolderBitness(newId) === 64 && tree.declares32BitPackage()) return undefined;
  // v3 defines every folder once: renaming onto an existing definition would duplicate it.
  if (found.version === 3 && tree.definition(newId)) return undefined;

  const a = attribute(target.owner, target.attr);
  if (!a) return undefined;
  const title = neutral
    ? `Use ${newId}, which follows the build platform`
    : target.owner === component
      ? `Move '${data.component}' to ${newId}`
      : `Move the folder to ${newId}`;
  return { title, edits: [{ file: target.doc.file, start: a.valueStart, end: a.valueEnd, newText: newId }] };
}

function bitnessKey(el: XmlElement, version: WixVersion): BitnessKey {
  const raw = attributeValueOf(el, bitnessAttribute(version, 64).name);
  if (raw === undefined) return 'platform';
  const pinned = pinnedBitness(version, raw);
  if (pinned !== undefined) return pinned;
  if (version === 4 && raw.trim().toLowerCase() === 'default') return 'platform';
  return `text:${raw.trim()}`;
}

/** The parsed documents with parent links and directory definitions by Id. */
class Tree {
  private readonly docs: readonly XmlDocument[];
  private readonly parents = new Map<XmlElement, XmlElement>();
  private readonly docOf = new Map<XmlElement, XmlDocument>();
  private readonly definitions = new Map<string, XmlElement>();
  private readonly all: XmlElement[] = [];

  constructor(
    docs: readonly XmlDocument[],
    private readonly version: WixVersion,
  ) {
    this.docs = docs;
    for (const doc of this.docs) {
      if (!doc.root) continue;
      const stack: XmlElement[] = [doc.root];
      this.docOf.set(doc.root, doc);
      for (let el = stack.pop(); el; el = stack.pop()) {
        this.all.push(el);
        if (el.local === 'Directory' || (el.local === 'StandardDirectory' && version === 4)) {
          const id = attributeValueOf(el, 'Id');
          if (id !== undefined && !this.definitions.has(id)) this.definitions.set(id, el);
        }
        for (let i = el.children.length - 1; i >= 0; i--) {
          const child = el.children[i]!;
          if (child.type !== 'element') continue;
          this.parents.set(child, el);
          this.docOf.set(child, doc);
          stack.push(child);
        }
      }
    }
  }

  element(file: string, start: number): XmlElement | undefined {
    return this.all.find((el) => el.start === start && this.docOf.get(el)?.file === file);
  }

  /** Components, and WiX v4 Files outside any Component (each a component of its own). */
  components(): XmlElement[] {
    return this.all.filter((el) => el.local === 'Component' || (el.local === 'File' && !this.insideComponent(el)));
  }

  private insideComponent(el: XmlElement): boolean {
    for (let p = this.parents.get(el); p; p = this.parents.get(p)) if (p.local === 'Component') return true;
    return false;
  }

  /** Whether a v3 Package states a 32-bit Platform (x86, intel, arm); without one, the build's -arch decides. */
  declares32BitPackage(): boolean {
    return this.all.some((el) => {
      if (el.local !== 'Package' || this.parents.get(el)?.local !== 'Product') return false;
      const platform = attributeValueOf(el, 'Platform');
      return platform !== undefined && wix3PlatformToken(platform)?.bitness === 32;
    });
  }

  definition(id: string): XmlElement | undefined {
    return this.definitions.get(id);
  }

  /** The link naming the standard 32- or 64-bit folder the component's directory chain starts from, where a fix can rename it. */
  folderOf(component: XmlElement): DirectoryLink | undefined {
    let link = this.directoryOf(component);
    const seen = new Set<XmlElement>();
    while (link) {
      const id = attributeValueOf(link.owner, link.attr);
      if (id === undefined) return undefined;
      if (standardFolderBitness(id) !== undefined) {
        // v4 resolves the *6432Folder form wherever a folder is named; v3 needs the folder's one definition.
        if (this.version === 4 || (link.attr === 'Id' && link.owner.local === 'Directory')) return link;
        const def = this.definitions.get(id);
        return def ? this.linkTo(def, 'Id') : undefined;
      }
      const el = link.attr === 'Id' && link.owner.local !== 'DirectoryRef' ? link.owner : this.definitions.get(id);
      if (!el || seen.has(el)) return undefined;
      seen.add(el);
      const parent = this.ancestor(el, (a) => DIRECTORY_ELEMENTS.has(a.local));
      link = parent ? this.linkTo(parent, 'Id') : undefined;
    }
    return undefined;
  }

  /** The component's Directory attribute, else its nearest directory element or ComponentGroup/@Directory (v4: else INSTALLFOLDER). */
  private directoryOf(component: XmlElement): DirectoryLink | undefined {
    if (attributeValueOf(component, 'Directory') !== undefined) return this.linkTo(component, 'Directory');
    const around = this.ancestor(
      component,
      (a) => DIRECTORY_ELEMENTS.has(a.local) || (a.local === 'ComponentGroup' && attributeValueOf(a, 'Directory') !== undefined),
    );
    if (around) return this.linkTo(around, around.local === 'ComponentGroup' ? 'Directory' : 'Id');
    const installFolder = this.version === 4 ? this.definitions.get('INSTALLFOLDER') : undefined;
    return installFolder ? this.linkTo(installFolder, 'Id') : undefined;
  }

  private ancestor(el: XmlElement, test: (a: XmlElement) => boolean): XmlElement | undefined {
    for (let a = this.parents.get(el); a; a = this.parents.get(a)) if (test(a)) return a;
    return undefined;
  }

  private linkTo(owner: XmlElement, attr: 'Id' | 'Directory'): DirectoryLink | undefined {
    const doc = this.docOf.get(owner);
    return doc ? { doc, owner, attr } : undefined;
  }
}
