// Finds an authored Component by Id among the documents a fix may edit, with what edits need: WiX version, tag ends, indentation.
import { attributesOf, attributeValueOf, type XmlAttribute, type XmlDocument, type XmlElement } from '../wix/xml';
import { bitnessAttribute, wixVersionOf, type WixVersion } from '../wix/vocabulary';
import { parseAll, type FixDocument, type Parse } from './fix';
import { baseName } from '../model/windowsPaths';

export interface FoundComponent {
  file: string;
  /** The LF-normalized text the offsets refer to. */
  text: string;
  element: XmlElement;
  version: WixVersion;
}

/** The documents of one fix, each parsed once, in the order given (the diagnostic's own document first). */
export class FixDocuments {
  /** The trees, in the order given. */
  readonly parsed: readonly XmlDocument[];

  constructor(documents: readonly FixDocument[], parse?: Parse) {
    this.parsed = parseAll(documents, parse);
  }

  /** The first Component with this Id (or naked File, see findComponent), searching the documents in order; undefined when none or its WiX version is unknown. */
  component(id: string): FoundComponent | undefined {
    for (const doc of this.parsed) {
      if (!doc.root) continue;
      const element = findComponent(doc.root, id);
      if (!element) continue;
      const version = wixVersionOf(element.ns) ?? wixVersionOf(doc.root.ns) ?? this.projectVersion() ?? versionFromAttributes(element);
      return version === undefined ? undefined : { file: doc.file, text: doc.text, element, version };
    }
    return undefined;
  }

  /** An include often declares no namespace: the other documents of the project tell the version. */
  private projectVersion(): WixVersion | undefined {
    for (const doc of this.parsed) {
      const v = doc.root ? wixVersionOf(doc.root.ns) : undefined;
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

function versionFromAttributes(el: XmlElement): WixVersion | undefined {
  return ([3, 4] as const).find((version) => attributeValueOf(el, bitnessAttribute(version, 64).name) !== undefined);
}

/**
 * The Component with this Id, or a WiX v4 File outside any Component, which is a component of its own named as the
 * file; its Bitness and Condition are the component's.
 */
function findComponent(root: XmlElement, id: string): XmlElement | undefined {
  return authoredComponents(root).find((c) => c.id === id)?.element;
}

/**
 * The components authored in a tree, with their ids: Components, and WiX v4 Files outside any Component (named as
 * lowering names them), in document order.
 */
export function authoredComponents(root: XmlElement): { element: XmlElement; id: string | undefined; naked: boolean }[] {
  const out: { element: XmlElement; id: string | undefined; naked: boolean }[] = [];
  const visit = (el: XmlElement, inComponent: boolean): void => {
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      if (c.local === 'Component') out.push({ element: c, id: attributeValueOf(c, 'Id'), naked: false });
      else if (c.local === 'File' && !inComponent && wixVersionOf(c.ns) === 4) out.push({ element: c, id: nakedFileId(c), naked: true });
      visit(c, inComponent || c.local === 'Component');
    }
  };
  visit(root, false);
  return out;
}

function nakedFileId(el: XmlElement): string | undefined {
  const source = attributeValueOf(el, 'Source');
  return attributeValueOf(el, 'Id') ?? attributeValueOf(el, 'Name') ?? (source !== undefined ? baseName(source) : undefined);
}

/** The element's attribute of this name with its offsets, if present. */
export function attribute(el: XmlElement, name: string): XmlAttribute | undefined {
  return attributesOf(el).find((a) => a.name === name);
}

/** Where a new attribute goes: just after the Id attribute, else just after the element name. */
export function attributeInsertionPoint(el: XmlElement): number {
  return attribute(el, 'Id')?.end ?? el.nameEnd;
}

/** Offset just past the last attribute (or the name): where ` />` or `>` of the start tag begins, give or take space. */
export function startTagContentEnd(el: XmlElement): number {
  const attrs = attributesOf(el);
  return attrs.length > 0 ? attrs[attrs.length - 1]!.end : el.nameEnd;
}

/** Offset just past the start tag's '>'. */
export function startTagEnd(text: string, el: XmlElement): number {
  return text.indexOf('>', startTagContentEnd(el)) + 1;
}

/** Whether the element is written `<X ... />`. */
export function isSelfClosing(text: string, el: XmlElement): boolean {
  return text.charCodeAt(startTagEnd(text, el) - 2) === SLASH;
}

/** The white space before the element on its line, or undefined when something else precedes it there. */
export function lineIndent(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The prefix of a qualified name, with its colon (`wix:`), or ''. */
export function prefixOf(el: XmlElement): string {
  const colon = el.name.indexOf(':');
  return colon >= 0 ? el.name.slice(0, colon + 1) : '';
}

const SLASH = 47;
