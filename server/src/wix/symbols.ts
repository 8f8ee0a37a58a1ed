// The symbols of a WiX document as written (before preprocessing): what each element defines by its Id, what its
// attributes refer to, and an outline. Navigation (definition, references, hover, completion) is built on this.
import {
  attributeCount,
  attributeName,
  attributeValue,
  attributeValueRange,
  elementNameRange,
  findAttribute,
  type XmlDocument,
  type XmlElement,
  type XmlProcessingInstruction,
} from './xml';
import { definedKind, isWixNamespace, referredKind, referringAttributeKind, wixVersionOf, type SymbolKind, type WixVersion } from './vocabulary';

/** Elements worth a place in the outline even without an Id. */
const OUTLINE_ELEMENTS = new Set([
  'Product',
  'Package',
  'Module',
  'Bundle',
  'Fragment',
  'Include',
  'Directory',
  'StandardDirectory',
  'DirectoryRef',
  'Component',
  'ComponentGroup',
  'ComponentGroupRef',
  'ComponentRef',
  'Feature',
  'FeatureGroup',
  'FeatureRef',
  'Property',
  'CustomAction',
  'File',
  'Binary',
  'Icon',
  'RegistryKey',
  'RegistryValue',
  'Class',
  'ProgId',
  'TypeLib',
  'Shortcut',
  'ServiceInstall',
  'MsiPackage',
  'ExePackage',
  'Chain',
]);

const PACKAGE_ELEMENTS = new Set(['Product', 'Package', 'Module', 'Bundle']);

export interface SymbolOccurrence {
  kind: SymbolKind;
  id: string;
  file: string;
  /** The Id value's offsets (between the quotes). */
  start: number;
  end: number;
  /** The element carrying it, by its name, where the element starts ('<') and where its name is (the model's location of it). */
  element: string;
  elementStart: number;
  elementName: { start: number; end: number };
  /** v3 and v4 symbols never link to each other; undefined for a document of neither namespace. */
  version: WixVersion | undefined;
  /**
   * A reference inside formatted text: `[NAME]` names a property, and a directory's path is a property too, so it
   * may name either; `[#Id]` / `[!Id]` a file, `[$Id]` a component.
   */
  formatted?: true;
}

export interface OutlineNode {
  /** The Id (or Name, Key...) when there is one, else the element name. */
  name: string;
  element: string;
  start: number;
  end: number;
  /** Where the name is (the Id value), else the element name. */
  selectionStart: number;
  selectionEnd: number;
  children: OutlineNode[];
}

export interface IncludeDirective {
  /** The file name as written (quotes removed). */
  target: string;
  /** Its offsets in the document. */
  start: number;
  end: number;
}

export interface DocumentSymbols {
  file: string;
  version: WixVersion | undefined;
  defs: SymbolOccurrence[];
  refs: SymbolOccurrence[];
  outline: OutlineNode[];
  /** `<?include?>` directives, before the root and anywhere below it. */
  includes: IncludeDirective[];
}

/** Symbols of a parsed document; a malformed one (no tree) has none. */
export function documentSymbols(doc: XmlDocument): DocumentSymbols {
  const result: DocumentSymbols = {
    file: doc.file,
    version: doc.root ? wixVersionOf(doc.root.ns) : undefined,
    defs: [],
    refs: [],
    outline: [],
    includes: [],
  };
  if (!doc.root) return result;
  const include = (pi: XmlProcessingInstruction): void => {
    if (pi.target !== 'include') return;
    const lead = pi.data.length - pi.data.trimStart().length;
    let target = pi.data.trim();
    let start = pi.dataStart + lead;
    if (target.length >= 2 && target.startsWith('"') && target.endsWith('"')) {
      target = target.slice(1, -1);
      start++;
    }
    if (target !== '') result.includes.push({ target, start, end: start + target.length });
  };
  for (const pi of doc.prolog) include(pi);
  const version = result.version;
  const occurrence = (kind: SymbolKind, el: XmlElement, index: number): SymbolOccurrence => ({
    kind,
    id: attributeValue(el, index),
    file: el.file,
    ...attributeValueRange(el, index),
    element: el.local,
    elementStart: el.start,
    elementName: elementNameRange(el),
    version,
  });

  // Formatted text (`[INSTALLFOLDER]`, `[#File]`, `[$Component]`) refers by name inside any other attribute value.
  // A reference inside text (a formatted value's [#File], a condition's property name) of element `el`.
  const textReference = (kind: SymbolKind, id: string, file: string, at: number, el: XmlElement): void => {
    result.refs.push({
      kind,
      id,
      file,
      start: at,
      end: at + id.length,
      element: el.local,
      elementStart: el.start,
      elementName: elementNameRange(el),
      version,
      formatted: true,
    });
  };

  const formattedReferences = (el: XmlElement, index: number): void => {
    const { start, end } = attributeValueRange(el, index);
    const raw = doc.text.slice(start, end);
    if (raw.indexOf('[') < 0) return;
    for (const m of raw.matchAll(FORMATTED_REFERENCE)) {
      const id = m[2]!;
      const at = start + m.index + 1 + m[1]!.length;
      textReference(m[1] === '$' ? 'Component' : m[1] === '' ? 'Property' : 'File', id, el.file, at, el);
    }
  };

  // Conditions name properties bare: `VersionNT64 AND NOT Installed`. States ($Comp, &Feature, !, ?) and environment
  // variables (%X) are no properties; strings and entities are skipped.
  const conditionReferences = (file: string, start: number, text: string, el: XmlElement): void => {
    const masked = text
      .replace(/<!\[CDATA\[|\]\]>/g, (m) => ' '.repeat(m.length))
      .replace(/"[^"]*"?/g, (m) => ' '.repeat(m.length))
      .replace(/&[A-Za-z#0-9]+;/g, (m) => ' '.repeat(m.length));
    for (const m of masked.matchAll(CONDITION_NAME)) {
      const id = m[2]!;
      if (CONDITION_KEYWORDS.has(id.toUpperCase())) continue;
      textReference('Property', id, file, start + m.index + m[1]!.length, el);
    }
  };

  const visit = (el: XmlElement, outline: OutlineNode[], depth: number): void => {
    // Elements from extensions (util:, bal:) have their own symbol spaces.
    const wix = isWixNamespace(el.ns);
    let node: OutlineNode | undefined;
    if (wix) {
      const idIndex = findAttribute(el, 'Id');
      const defining = definedKind(el.local);
      const referring = referredKind(el.local);
      if (idIndex >= 0 && defining) result.defs.push(occurrence(defining, el, idIndex));
      if (idIndex >= 0 && referring) result.refs.push(occurrence(referring, el, idIndex));
      for (let i = 0; i < attributeCount(el); i++) {
        const name = attributeName(el, i);
        const kind = referringAttributeKind(el.local, name);
        if (kind) {
          if (attributeValue(el, i) !== '') result.refs.push(occurrence(kind, el, i));
        } else if (i !== idIndex) {
          const { start, end } = attributeValueRange(el, i);
          if (name === 'Condition') conditionReferences(el.file, start, doc.text.slice(start, end), el);
          else formattedReferences(el, i);
        }
      }
      // WiX v3 writes conditions as element text: <Condition>, <Custom>, <Publish>, <Show>.
      if (CONDITION_ELEMENTS.has(el.local) && el.children.some((c) => c.type === 'text')) {
        const content = elementContent(doc.text, el);
        if (content) conditionReferences(el.file, content.start, doc.text.slice(content.start, content.end), el);
      }
      if (OUTLINE_ELEMENTS.has(el.local)) {
        // A package is known by its name (a v3 Product's Id is usually '*'); the rest by their Id, else what names them.
        const order = PACKAGE_ELEMENTS.has(el.local) ? ['Name', 'Id'] : ['Id', 'Name', 'Key', 'Source', 'SourceFile'];
        const named = order.map((a) => findAttribute(el, a)).find((i) => i >= 0 && attributeValue(el, i) !== '');
        const selection = named !== undefined ? attributeValueRange(el, named) : elementNameRange(el);
        node = {
          name: named !== undefined ? attributeValue(el, named) : el.local,
          element: el.local,
          start: el.start,
          end: el.end,
          selectionStart: selection.start,
          selectionEnd: selection.end,
          children: [],
        };
        outline.push(node);
      }
    }
    if (depth >= MAX_OUTLINE_DEPTH) return;
    for (const child of el.children) {
      if (child.type === 'element') visit(child, node ? node.children : outline, depth + 1);
      else if (child.type === 'pi') include(child);
    }
  };
  visit(doc.root, result.outline, 0);
  return result;
}

/** The parser refuses deeper documents already; the bound keeps the walk's recursion obviously finite. */
const MAX_OUTLINE_DEPTH = 256;

/** The occurrence (definition or reference) whose value contains `offset`, if any. */
export function occurrenceAt(symbols: DocumentSymbols, offset: number): SymbolOccurrence | undefined {
  const inside = (o: SymbolOccurrence): boolean => o.start <= offset && offset <= o.end;
  return symbols.defs.find(inside) ?? symbols.refs.find(inside);
}

/** The kind of symbol whose id an attribute of an element takes as a reference, for completion. */
export function attributeSymbolKind(element: string, attribute: string): SymbolKind | undefined {
  if (attribute === 'Id') return referredKind(element) ?? (element === 'StandardDirectory' ? 'Directory' : undefined);
  return referringAttributeKind(element, attribute);
}

export interface AttributeContext {
  element: string;
  attribute: string;
  /** The value typed so far, and where it starts. */
  prefix: string;
  valueStart: number;
  quote: '"' | "'";
}

/**
 * The attribute value the offset is in, read from the text before it: completion works while the document is
 * being typed and does not parse. Looks back at most one start tag.
 */
export function attributeContextAt(text: string, offset: number): AttributeContext | undefined {
  const tagStart = text.lastIndexOf('<', offset - 1);
  if (tagStart < 0 || offset - tagStart > MAX_TAG_LOOKBACK) return undefined;
  const before = text.slice(tagStart, offset);
  if (before.includes('>')) return undefined;
  const match = /^<([A-Za-z_][\w.:-]*)\b[\s\S]*\s([A-Za-z_][\w.:-]*)\s*=\s*(["'])([^"'<>]*)$/.exec(before);
  if (!match) return undefined;
  const [, qualified, attribute, quote, prefix] = match;
  // The quote must open this value, not close an earlier one: the values before it are balanced.
  const opening = before.length - prefix!.length - 1;
  let quotes = 0;
  for (let i = 0; i < opening; i++) if (before[i] === quote) quotes++;
  if (quotes % 2 !== 0) return undefined;
  const element = qualified!.includes(':') ? qualified!.slice(qualified!.indexOf(':') + 1) : qualified!;
  return { element, attribute: attribute!, prefix: prefix!, valueStart: offset - prefix!.length, quote: quote as '"' | "'" };
}

/** `[NAME]`, `[#File]`, `[!File]`, `[$Component]` in formatted text; `[[NAME]]` indirection reads NAME too. */
const FORMATTED_REFERENCE = /\[([#!$]?)([A-Za-z_][A-Za-z0-9_.]*)\]/g;

/** Elements whose text is a condition (WiX v3). */
const CONDITION_ELEMENTS = new Set(['Condition', 'Custom', 'Publish', 'Show']);
const CONDITION_KEYWORDS = new Set(['NOT', 'AND', 'OR', 'XOR', 'EQV', 'IMP']);
/** A name in a condition, with what comes before it: no state or environment sigil, no part of a longer word. */
const CONDITION_NAME = /(^|[^A-Za-z0-9_.$&!?%#])([A-Za-z_][A-Za-z0-9_.]*)/g;

/** The offsets of an element's content, between its start tag and its end tag; undefined for an empty element. */
function elementContent(text: string, el: XmlElement): { start: number; end: number } | undefined {
  // Past the last attribute (whose value may hold a '>'), the next '>' closes the start tag.
  const last = el.attrCount > 0 ? attributeValueRange(el, el.attrCount - 1).end + 1 : el.nameEnd;
  const open = text.indexOf('>', last);
  const close = text.lastIndexOf('</', el.end - 1);
  if (open < 0 || close <= open || text[open - 1] === '/') return undefined;
  return { start: open + 1, end: close };
}

/** A start tag longer than this is not one being typed. */
export const MAX_TAG_LOOKBACK = 4096;
