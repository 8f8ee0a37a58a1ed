// XML with source positions: one pass over the text builds the tree, with attribute ranges as offsets.
import { Cursor } from './cursor';
import { findFirstXmlError } from './xmlErrors';

/** An attribute as a value object, for code that wants one; elements store attributes as offsets. */
export interface XmlAttribute {
  /** Qualified name as written (`xmlns:util`, `Id`). */
  name: string;
  /** Value with entities decoded. */
  value: string;
  /** Offset of the attribute name. */
  start: number;
  /** Offset just past the closing quote. */
  end: number;
  /** Offsets of the raw value between the quotes. */
  valueStart: number;
  valueEnd: number;
}

/** The children of every empty element: one shared, frozen list instead of an empty array per leaf. */
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

/** Fields per attribute in AttributeStore.data. */
const ATTR_FIELDS = 5;
/** Attribute flag: the raw value has entities or white space that XML normalizes, so it must be decoded. */
const NEEDS_DECODING = 1;
/** How many characters of a WiX source there are to an attribute, a little fewer than usual: see AttributeStore. */
const CHARACTERS_PER_ATTRIBUTE = 28;
/** Up to this many attributes in a start tag, duplicates are found by comparing offsets: no string, no set. */
const FEW_ATTRIBUTES = 16;

/**
 * The attributes of a whole document as numbers in one typed array, ATTR_FIELDS per attribute: name start, name end,
 * value start, value end (between the quotes), flags. Values are read on demand, so a large document holds no
 * attribute objects, and the garbage collector has nothing per attribute to trace.
 */
export class AttributeStore {
  data: Int32Array;
  length = 0;

  /**
   * The document's text (a document patched in place, see reparseXml, gives its store the new text), and room for
   * the attributes of the `extent` characters of it that are read: WiX sources have one per 30 characters or so, and a
   * store that starts that large never grows by copying (which, for a 25 MB source, touched twice the memory the
   * attributes take).
   */
  constructor(
    public text: string,
    extent = 0,
  ) {
    this.data = new Int32Array(Math.max(1024, Math.ceil(extent / CHARACTERS_PER_ATTRIBUTE) * ATTR_FIELDS));
  }

  /** Gives back the room the array grew into but did not fill: the document keeps its store as long as its tree. */
  trim(): void {
    if (this.data.length > this.length * 1.25 + 1024) this.data = this.data.slice(0, this.length);
  }

  push(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, flags: number): void {
    if (this.length + ATTR_FIELDS > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    const k = this.length;
    d[k] = nameStart;
    d[k + 1] = nameEnd;
    d[k + 2] = valueStart;
    d[k + 3] = valueEnd;
    d[k + 4] = flags;
    this.length = k + ATTR_FIELDS;
  }
}

export interface XmlElement {
  type: 'element';
  /** The file the element was read from (an include file for included content). */
  file: string;
  /** Qualified name as written. */
  name: string;
  /** Local name, without prefix. */
  local: string;
  /** Resolved namespace URI ('' when none). */
  ns: string;
  /** The document's text and attribute table, shared by its elements. */
  store: AttributeStore;
  /** Where this element's attributes start in `store.data`, and how many it has. */
  attrStart: number;
  attrCount: number;
  children: XmlNode[];
  /** Offset of '<'. */
  start: number;
  /** Offset just past the element name. */
  nameEnd: number;
  /** Offset just past the end tag (or the start tag when self-closing). */
  end: number;
  /**
   * True when nothing below needs preprocessing: no directive and no '$' in any attribute or text.
   * The preprocessor then reuses the element as it is.
   */
  plain: boolean;
}

export interface XmlProcessingInstruction {
  type: 'pi';
  target: string;
  /** The instruction's data, untrimmed. */
  data: string;
  start: number;
  dataStart: number;
  end: number;
}

export interface XmlText {
  type: 'text';
  value: string;
}

export type XmlNode = XmlElement | XmlProcessingInstruction | XmlText;

export interface XmlSyntaxError {
  start: number;
  end: number;
  message: string;
}

export interface XmlDocument {
  file: string;
  text: string;
  root: XmlElement | undefined;
  /** Processing instructions before the root element (other than the XML declaration). */
  prolog: XmlProcessingInstruction[];
  /** Empty when the document is well-formed; otherwise the first error, and `root` is undefined. */
  errors: XmlSyntaxError[];
  /** Its elements, processing instructions and text runs, the prolog's included: what reading it once costs. */
  nodeCount: number;
  /** How deep its elements nest: 1 for a root without child elements, 0 without a root. */
  depth: number;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Deeper nesting than any installer needs; the bound keeps hostile input from exhausting the stack. */
const MAX_DEPTH = 256;

/** Thrown by the tree builder at the first well-formedness problem; findFirstXmlError then names it. */
class Malformed extends Error {}

/** The text with its line ends normalized to LF, as XML reads it: the text every offset of a parsed document is in. */
export function lfText(original: string): string {
  return original.indexOf('\r') >= 0 ? original.replace(/\r\n?/g, '\n') : original;
}

/**
 * Parses XML text. Never throws: a malformed document yields one error with its position and no tree.
 * Line ends are normalized to LF first, as XML requires: the document's `text` and every offset refer to the
 * normalized text, whose lines and columns are those of the original.
 */
export function parseXml(file: string, original: string): XmlDocument {
  // Normalizing here rather than in the builder spares it mapping every offset back through the removed CRs.
  const text = lfText(original);
  try {
    const builder = new TreeBuilder(file, text);
    const { root, prolog } = builder.document();
    builder.store.trim();
    storesOf.set(root, [builder.store]);
    return { file, text, root, prolog, errors: [], nodeCount: builder.nodeCount, depth: builder.maxDepth };
  } catch (e) {
    // Whatever stopped the builder (a well-formedness problem, or a failure of its own), the document is reported, not
    // thrown: the strict scanner names the problem when there is one.
    const why = e instanceof Error ? e.message : String(e);
    const found = findFirstXmlError(text, MAX_DEPTH);
    const error = found ?? {
      start: 0,
      end: Math.min(text.length, 1),
      message:
        why === 'nested'
          ? `Elements are nested more than ${MAX_DEPTH} levels deep; wixlint does not read documents this deep.`
          : `The XML could not be read: ${why}`,
    };
    return { file, text, root: undefined, prolog: [], errors: [error], nodeCount: 0, depth: 0 };
  }
}

/**
 * The tree of `original`, a new version of `previous`'s text, made by reading again only the smallest element around
 * what changed: that element is parsed alone in the new text and put in the old one's place, and everything after it
 * moves by the change's length. A document much larger than the edit (a 5 MB harvested fragment, typed in) so costs a
 * small parse and a walk instead of a full parse. The result is the tree parseXml would build; when the change is not
 * inside one element (it touches the root's start tag or the prolog) or that element does not read as one element of
 * the same extent, the text is parsed whole.
 *
 * `previous` is changed in place and must not be read afterwards: its elements are the new tree's. Only a cache that
 * owns its trees and replaces them on each version (engine/parseCache.ts) may call this.
 */
export function reparseXml(previous: XmlDocument, original: string, previousOriginal?: string): XmlDocument {
  const root = previous.root;
  const stores = root && storesOf.get(root);
  if (!root || !stores || previous.errors.length > 0 || stores.length > MAX_STORES) return parseXml(previous.file, original);
  const change = changeOf(previous.text, original, previousOriginal);
  if (!change) return { ...previous, text: previous.text };
  const { text, prefix, changedEnd, delta } = change;

  // The deepest element around the change, its `<` and end unchanged, and the path to it.
  const path: XmlElement[] = [];
  let target: XmlElement | undefined;
  for (let el: XmlElement | undefined = root; el && el.start < prefix && changedEnd < el.end; ) {
    target = el;
    path.push(el);
    el = childAround(el, prefix, changedEnd);
  }
  if (!target || target === root) return parseXml(previous.file, original);
  path.pop();
  const parent = path[path.length - 1]!;

  let replacement: XmlElement;
  let builder: TreeBuilder;
  try {
    builder = new TreeBuilder(previous.file, text, path.length, target.end + delta - target.start);
    replacement = builder.elementAt(target.start, scopeOf(path));
  } catch {
    return parseXml(previous.file, original);
  }
  if (replacement.end !== target.end + delta) return parseXml(previous.file, original);
  builder.store.trim();

  parent.children[parent.children.indexOf(target)] = replacement;
  // What encloses the old element ends later, and everything after it moves; elements before it stay as they are.
  const moved = target.end;
  const move = (el: XmlElement): void => {
    if (el.start >= moved) {
      el.start += delta;
      el.nameEnd += delta;
    }
    if (el.end >= moved) el.end += delta;
    for (const c of el.children) {
      if (c.type === 'element') {
        if (c !== replacement && c.end > target.start) move(c);
      } else if (c.type === 'pi' && c.start >= moved) {
        c.start += delta;
        c.dataStart += delta;
        c.end += delta;
      }
    }
  };
  move(root);
  // The attributes: every store reads the new text, and the offsets after the old element move (an element read by an
  // earlier patch keeps its attributes in a store of its own).
  for (const store of stores) {
    store.text = text;
    const d = store.data;
    for (let k = 0; k < store.length; k += ATTR_FIELDS) {
      if (d[k]! >= moved) {
        d[k] = d[k]! + delta;
        d[k + 1] = d[k + 1]! + delta;
        d[k + 2] = d[k + 2]! + delta;
        d[k + 3] = d[k + 3]! + delta;
      }
    }
  }
  stores.push(builder.store);
  // An enclosing element is plain only while everything in it is.
  for (let i = path.length - 1; i >= 0; i--) path[i]!.plain = isPlain(path[i]!);
  const level = path.length;
  const before = depthOf(target);
  const after = depthOf(replacement);
  // Less nesting where the change is may lower the document's depth: then it is measured again.
  const depth = after >= before ? Math.max(previous.depth, level + after) : depthOf(root);
  const nodeCount = previous.nodeCount - nodesIn(target) + nodesIn(replacement);
  return { file: previous.file, text, root, prolog: previous.prolog, errors: [], nodeCount, depth };
}

/** The attribute stores of each tree built or patched (parseXml's, then one per patch), by root element. */
const storesOf = new WeakMap<XmlElement, AttributeStore[]>();
/** Past this many patches of one tree, the next version is parsed whole (the stores of replaced elements add up). */
const MAX_STORES = 256;

/**
 * What changed from `old` (a document's LF-normalized text) to `original` (the new version as given): the new
 * normalized text and, in normalized offsets, where the change starts, where it ends in the old text, and by how
 * much the text grew. undefined when nothing changed. With the old version as given (`previousOriginal`), the two are
 * compared as given and only the changed part is normalized: a 5 MB document with CRLF line ends is not normalized
 * whole on every keystroke.
 */
function changeOf(
  old: string,
  original: string,
  previousOriginal: string | undefined,
): { text: string; prefix: number; changedEnd: number; delta: number } | undefined {
  if (previousOriginal === undefined || (previousOriginal.indexOf('\r') < 0 && original.indexOf('\r') < 0)) {
    const text = original.indexOf('\r') >= 0 ? original.replace(/\r\n?/g, '\n') : original;
    const prefix = commonPrefix(old, text);
    if (prefix === old.length && prefix === text.length) return undefined;
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    return { text, prefix, changedEnd: old.length - suffix, delta: text.length - old.length };
  }
  const a = previousOriginal;
  let prefix = commonPrefix(a, original);
  if (prefix === a.length && prefix === original.length) return undefined;
  let suffix = commonSuffix(a, original, Math.min(a.length, original.length) - prefix);
  // A CR LF pair is never split between the change and what stays: it is one line end.
  if (prefix > 0 && a.charCodeAt(prefix - 1) === CR) prefix--;
  if (suffix > 0 && a.charCodeAt(a.length - suffix) === LF) suffix--;
  const prefixN = prefix - pairsIn(a, 0, prefix);
  const suffixN = suffix - pairsIn(a, a.length - suffix, a.length);
  const middle = original.slice(prefix, original.length - suffix).replace(/\r\n?/g, '\n');
  const text = old.slice(0, prefixN) + middle + old.slice(old.length - suffixN);
  return { text, prefix: prefixN, changedEnd: old.length - suffixN, delta: text.length - old.length };
}

/** How many CR LF pairs start in s[from, to). */
function pairsIn(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\r\n', from); i >= 0 && i < to; i = s.indexOf('\r\n', i + 2)) n++;
  return n;
}

const CR = 13;
const LF = 10;

/** The nodes of an element's subtree, itself included, as the builder counts them. */
function nodesIn(el: XmlElement): number {
  let n = 1;
  for (const c of el.children) n += c.type === 'element' ? nodesIn(c) : 1;
  return n;
}

/** How deep an element's subtree nests: 1 without child elements. */
function depthOf(el: XmlElement): number {
  let deepest = 0;
  for (const c of el.children) if (c.type === 'element') deepest = Math.max(deepest, depthOf(c));
  return deepest + 1;
}

/** The child element whose extent holds [from, to), found by its start among the children in order. */
function childAround(el: XmlElement, from: number, to: number): XmlElement | undefined {
  const children = el.children;
  let low = 0;
  let high = children.length - 1;
  let found: XmlElement | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const c = children[mid]!;
    const start = c.type === 'text' ? undefined : c.start;
    if (start === undefined) {
      // Text nodes carry no offsets: look around them linearly.
      for (const x of children) if (x.type === 'element' && x.start < from && to < x.end) return x;
      return undefined;
    }
    if (start < from) {
      if (c.type === 'element' && to < c.end) found = c;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** The namespaces in scope inside the last element of `path` (the root first). */
function scopeOf(path: readonly XmlElement[]): Map<string, string> {
  const scope = new Map([['xml', XML_NS]]);
  for (const el of path) {
    for (let i = 0; i < el.attrCount; i++) {
      const name = attributeName(el, i);
      if (name === 'xmlns' || name.startsWith('xmlns:')) scope.set(name === 'xmlns' ? '' : name.slice(6), internalize(attributeValue(el, i)));
    }
  }
  return scope;
}

/** Whether nothing in the element needs preprocessing: no '$' in its attributes or text, no directive below it. */
function isPlain(el: XmlElement): boolean {
  for (let i = 0; i < el.attrCount; i++) {
    const { start, end } = attributeValueRange(el, i);
    const dollar = el.store.text.indexOf('$', start);
    if (dollar >= 0 && dollar < end) return false;
  }
  for (const c of el.children) {
    if (c.type === 'element' ? !c.plain : c.type === 'text' ? c.value.indexOf('$') >= 0 : true) return false;
  }
  return true;
}

/** How many code units two texts share at their start. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  // Whole blocks compare in native code; the differing block is searched character by character.
  for (let block = 4096; i + block <= n && a.substring(i, i + block) === b.substring(i, i + block); ) i += block;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many code units two texts share at their end, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  for (let block = 4096; i + block <= max && a.substring(a.length - i - block, a.length - i) === b.substring(b.length - i - block, b.length - i); ) {
    i += block;
  }
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * Builds the tree in one pass over the text: elements with their attributes as offsets (AttributeStore), processing
 * instructions, and text runs (trimmed, entities decoded; a CDATA section is a text node as written; comments are
 * skipped without splitting the text around them). The first well-formedness problem throws Malformed.
 */
class TreeBuilder {
  private readonly names: NameTable;
  private readonly dollars: Cursor;
  private readonly amps: Cursor;
  private readonly newlines: Cursor;
  private readonly tabs: Cursor;
  private readonly lts: Cursor;
  /** Where reading continues. */
  private pos = 0;
  /** How many elements enclose the one being read. */
  private depth = 0;
  /** The deepest level an element was read at. */
  maxDepth = 0;
  /** The nodes read so far. */
  nodeCount = 0;
  readonly store: AttributeStore;

  constructor(
    private readonly file: string,
    private readonly text: string,
    /** How many elements enclose what is read (reparseXml reads one element inside a document). */
    depth = 0,
    /** How much of the text is read: all of it, or the one element reparseXml reads. */
    extent = text.length,
  ) {
    this.depth = depth;
    this.names = new NameTable(text);
    this.store = new AttributeStore(text, extent);
    this.dollars = new Cursor(text, '$');
    this.amps = new Cursor(text, '&');
    this.newlines = new Cursor(text, '\n');
    this.tabs = new Cursor(text, '\t');
    this.lts = new Cursor(text, '<');
  }

  /** The root element and the processing instructions before it; only comments, PIs and white space around them. */
  document(): { root: XmlElement; prolog: XmlProcessingInstruction[] } {
    const text = this.text;
    const len = text.length;
    const scope = new Map([['xml', XML_NS]]);
    let root: XmlElement | undefined;
    let doctype = false;
    const prolog: XmlProcessingInstruction[] = [];
    // A byte order mark, decoded, is not text.
    if (text.charCodeAt(0) === BOM) this.pos = 1;
    for (;;) {
      const lt = text.indexOf('<', this.pos);
      if (!isBlank(text, this.pos, lt < 0 ? len : lt)) throw new Malformed('text outside the root element');
      if (lt < 0) break;
      const c = text.charCodeAt(lt + 1);
      if (c === QUESTION) {
        const pi = this.pi(lt);
        this.nodeCount++;
        if (!root && pi.target !== 'xml') prolog.push(pi);
      } else if (c === BANG) {
        if (this.comment(lt)) continue;
        if (root || doctype || !text.startsWith('<!DOCTYPE', lt)) throw new Malformed('declaration');
        doctype = true;
        this.skipDeclaration(lt);
      } else if (c === SLASH) {
        throw new Malformed('end tag without a start tag');
      } else {
        if (root) throw new Malformed('second root');
        root = this.element(lt, scope);
        this.nodeCount++;
      }
    }
    if (!root) throw new Malformed('no root');
    return { root, prolog };
  }

  /** The element that starts at `start`, with the namespaces `scope` in force around it. */
  elementAt(start: number, scope: Map<string, string>): XmlElement {
    return this.element(start, scope);
  }

  /**
   * The content of element `name` from this.pos to its end tag, which it reads past. Text is gathered across comments
   * (`a<!-- c -->b` is one run, as XML's text content is) and kept when it is more than white space.
   */
  private content(name: string, scope: Map<string, string>): XmlNode[] {
    const text = this.text;
    let out: XmlNode[] | undefined;
    let pending = '';
    const push = (node: XmlNode): void => {
      (out ??= []).push(node);
      this.nodeCount++;
    };
    const flush = (): void => {
      if (pending === '') return;
      const value = pending.trim();
      pending = '';
      if (value !== '') push({ type: 'text', value: value.indexOf('&') < 0 ? value : decodeEntities(value) });
    };
    for (;;) {
      const lt = text.indexOf('<', this.pos);
      if (lt < 0) throw new Malformed('unclosed');
      if (lt > this.pos && (pending !== '' || !isBlank(text, this.pos, lt))) pending += text.slice(this.pos, lt);
      const c = text.charCodeAt(lt + 1);
      if (c === SLASH) {
        flush();
        this.endTag(lt, name);
        return out ?? NO_CHILDREN;
      }
      if (c === QUESTION) {
        flush();
        push(this.pi(lt));
      } else if (c === BANG) {
        if (this.comment(lt)) continue;
        if (!text.startsWith('<![CDATA[', lt)) throw new Malformed('declaration inside an element');
        const close = text.indexOf(']]>', lt + 9);
        if (close < 0) throw new Malformed('CDATA');
        flush();
        push({ type: 'text', value: text.slice(lt + 9, close) });
        this.pos = close + 3;
      } else {
        flush();
        push(this.element(lt, scope));
      }
    }
  }

  /** Reads the comment at `lt`, if it is one. */
  private comment(lt: number): boolean {
    const text = this.text;
    if (text.charCodeAt(lt + 2) !== DASH || text.charCodeAt(lt + 3) !== DASH) return false;
    const close = text.indexOf('-->', lt + 4);
    if (close < 0) throw new Malformed('comment');
    this.pos = close + 3;
    return true;
  }

  /** Skips a DOCTYPE declaration, its internal subset included; its entities are not read. */
  private skipDeclaration(lt: number): void {
    const text = this.text;
    let depth = 0;
    for (let i = lt + 2; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACKET) depth--;
      else if (c === GT && depth <= 0) {
        this.pos = i + 1;
        return;
      }
    }
    throw new Malformed('declaration');
  }

  /** Reads the end tag at `lt`, which must close `name`. */
  private endTag(lt: number, name: string): void {
    const text = this.text;
    let n = lt + 2;
    while (n < text.length && isSpace(text.charCodeAt(n))) n++;
    if (!text.startsWith(name, n)) throw new Malformed('mismatch');
    n += name.length;
    while (n < text.length && isSpace(text.charCodeAt(n))) n++;
    if (text.charCodeAt(n) !== GT) throw new Malformed('mismatch');
    this.pos = n + 1;
  }

  private pi(start: number): XmlProcessingInstruction {
    const text = this.text;
    const close = text.indexOf('?>', start + 2);
    if (close < 0) throw new Malformed('pi');
    const end = close + 2;
    let i = start + 2;
    while (i < close && isNameChar(text.charCodeAt(i))) i++;
    if (i === start + 2) throw new Malformed('pi without a target');
    this.pos = end;
    return { type: 'pi', target: text.slice(start + 2, i), data: text.slice(i, close), start, dataStart: i, end };
  }

  private element(start: number, parentScope: Map<string, string>): XmlElement {
    if (this.depth >= MAX_DEPTH) throw new Malformed('nested');
    const text = this.text;
    const len = text.length;
    let i = start + 1;
    while (i < len && isNameChar(text.charCodeAt(i))) i++;
    if (i === start + 1) throw new Malformed('element name');
    const name = this.names.intern(start + 1, i);
    const nameEnd = i;
    const store = this.store;
    const attrStart = store.length;
    let plain = true;
    let declaresNamespace = false;
    let selfClosing = false;
    /** The names seen in this start tag, once there are FEW_ATTRIBUTES of them. */
    let names: Set<string> | undefined;
    for (;;) {
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      if (i >= len) throw new Malformed('eof in tag');
      const c = text.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (text.charCodeAt(i + 1) !== GT) throw new Malformed('slash');
        selfClosing = true;
        i += 2;
        break;
      }
      const aStart = i;
      while (i < len && isNameChar(text.charCodeAt(i))) i++;
      const aEnd = i;
      if (aEnd === aStart) throw new Malformed('attr name');
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== EQUALS) throw new Malformed('attr eq');
      i++;
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if (q !== DQUOTE && q !== SQUOTE) throw new Malformed('attr quote');
      const valueStart = ++i;
      const close = text.indexOf(q === DQUOTE ? '"' : "'", valueStart);
      if (close < 0) throw new Malformed('attr unterminated');
      if (this.lts.next(valueStart) < close) throw new Malformed('lt in attr');
      if (this.dollars.next(valueStart) < close) plain = false;
      const flags =
        this.amps.next(valueStart) < close || this.newlines.next(valueStart) < close || this.tabs.next(valueStart) < close ? NEEDS_DECODING : 0;
      i = close;
      const valueEnd = i++;
      if (i < len && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== GT && text.charCodeAt(i) !== SLASH) {
        throw new Malformed('attributes not separated');
      }
      // Comparing with each earlier attribute is quadratic in their number; past a few, a set of the names is linear.
      if (names) {
        const aName = text.slice(aStart, aEnd);
        if (names.has(aName)) throw new Malformed('duplicate attr');
        names.add(aName);
      } else {
        const d = store.data;
        for (let k = attrStart; k < store.length; k += ATTR_FIELDS) {
          if (d[k + 1]! - d[k]! === aEnd - aStart && sameText(text, d[k]!, aStart, aEnd - aStart)) {
            throw new Malformed('duplicate attr');
          }
        }
        if (store.length - attrStart === (FEW_ATTRIBUTES - 1) * ATTR_FIELDS) {
          names = new Set([text.slice(aStart, aEnd)]);
          for (let k = attrStart; k < store.length; k += ATTR_FIELDS) names.add(text.slice(d[k]!, d[k + 1]!));
        }
      }
      if (text.startsWith('xmlns', aStart)) declaresNamespace = true;
      store.push(aStart, aEnd, valueStart, valueEnd, flags);
    }
    const attrEnd = store.length;
    this.pos = i;

    let scope = parentScope;
    if (declaresNamespace) {
      scope = new Map(parentScope);
      const d = store.data;
      for (let k = attrStart; k < attrEnd; k += ATTR_FIELDS) {
        const aName = text.slice(d[k]!, d[k + 1]!);
        if (aName === 'xmlns' || aName.startsWith('xmlns:')) {
          scope.set(aName === 'xmlns' ? '' : aName.slice(6), internalize(decodeValue(text.slice(d[k + 2]!, d[k + 3]!))));
        }
      }
    }
    const colon = name.indexOf(':');
    const local = colon >= 0 ? internalize(name.slice(colon + 1)) : name;
    const ns = scope.get(colon >= 0 ? name.slice(0, colon) : '') ?? '';
    let children = NO_CHILDREN;
    if (!selfClosing) {
      if (++this.depth > this.maxDepth) this.maxDepth = this.depth;
      children = this.content(name, scope);
      this.depth--;
    } else if (this.depth + 1 > this.maxDepth) {
      this.maxDepth = this.depth + 1;
    }
    for (let k = 0; plain && k < children.length; k++) {
      const c = children[k]!;
      plain = c.type === 'element' ? c.plain : c.type === 'text' ? c.value.indexOf('$') < 0 : false;
    }
    return {
      type: 'element',
      file: this.file,
      store,
      name,
      local,
      ns,
      attrStart,
      attrCount: (attrEnd - attrStart) / ATTR_FIELDS,
      children,
      start,
      nameEnd,
      end: this.pos,
      plain,
    };
  }
}

/** Whether text[from, to) is only white space. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** The engine's canonical copy of a string, so comparisons with string constants are pointer comparisons. */
export function internalize(s: string): string {
  const holder: Record<string, true> = { [s]: true };
  for (const k in holder) return k;
  return s;
}

function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/** Interns element names: a large document has few distinct names, so most need no new string. */
class NameTable {
  private readonly byLength = new Map<number, string[]>();

  constructor(private readonly text: string) {}

  intern(start: number, end: number): string {
    const key = (end - start) * 65536 + this.text.charCodeAt(start);
    let list = this.byLength.get(key);
    if (list) {
      for (const n of list) if (this.text.startsWith(n, start)) return n;
    } else {
      list = [];
      this.byLength.set(key, list);
    }
    const name = internalize(this.text.slice(start, end));
    list.push(name);
    return name;
  }
}

const GT = 62;
const SLASH = 47;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const QUESTION = 63;
const BANG = 33;
const BOM = 0xfeff;
const DASH = 45;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

const SPACE = new Uint8Array(128);
for (const c of [32, 10, 9, 13]) SPACE[c] = 1;
/** XML name characters, loosely: anything but space, quotes, '=', '/', '<', '>' and '?'. */
const NAME = new Uint8Array(128);
for (let c = 33; c < 128; c++) NAME[c] = 1;
for (const c of [61, 62, 47, 60, 34, 39, 63]) NAME[c] = 0;

function isSpace(c: number): boolean {
  return c < 128 && SPACE[c] === 1;
}

function isNameChar(c: number): boolean {
  return c >= 128 || NAME[c] === 1;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** An attribute value as XML defines it: entities decoded, each white-space character a space. */
export function decodeValue(raw: string): string {
  let v = raw;
  if (/[\t\n\r]/.test(v)) v = v.replace(/\r\n|[\t\n\r]/g, ' ');
  return v.indexOf('&') < 0 ? v : decodeEntities(v);
}

/** The five named entities and character references decoded; any other `&` stays as written. */
function decodeEntities(v: string): string {
  return v.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[body] ?? m;
  });
}

/** The index of the attribute named `name` (as written, with any prefix), or -1. */
export function findAttribute(el: XmlElement, name: string): number {
  const { data, text } = el.store;
  const first = el.attrStart;
  const end = first + el.attrCount * ATTR_FIELDS;
  for (let k = first; k < end; k += ATTR_FIELDS) {
    if (data[k + 1]! - data[k]! === name.length && text.startsWith(name, data[k]!)) return (k - first) / ATTR_FIELDS;
  }
  return -1;
}

export function attributeCount(el: XmlElement): number {
  return el.attrCount;
}

export function attributeName(el: XmlElement, index: number): string {
  const k = el.attrStart + index * ATTR_FIELDS;
  return el.store.text.slice(el.store.data[k]!, el.store.data[k + 1]!);
}

/** The attribute's value as written, entities decoded (the preprocessor substitutes variables on its own). */
export function attributeValue(el: XmlElement, index: number): string {
  const k = el.attrStart + index * ATTR_FIELDS;
  const { data, text } = el.store;
  const raw = text.slice(data[k + 2]!, data[k + 3]!);
  return data[k + 4]! & NEEDS_DECODING ? decodeValue(raw) : raw;
}

/** The value of the attribute named `name`, if present. */
export function attributeValueOf(el: XmlElement, name: string): string | undefined {
  const i = findAttribute(el, name);
  return i < 0 ? undefined : attributeValue(el, i);
}

/** Offsets of the whole attribute, from its name to just past the closing quote. */
export function attributeRange(el: XmlElement, index: number): { start: number; end: number } {
  const k = el.attrStart + index * ATTR_FIELDS;
  return { start: el.store.data[k]!, end: el.store.data[k + 3]! + 1 };
}

/** Offsets of the attribute's raw value, between the quotes. */
export function attributeValueRange(el: XmlElement, index: number): { start: number; end: number } {
  const k = el.attrStart + index * ATTR_FIELDS;
  return { start: el.store.data[k + 2]!, end: el.store.data[k + 3]! };
}

/** The element's attributes as objects. */
export function attributesOf(el: XmlElement): XmlAttribute[] {
  const out: XmlAttribute[] = [];
  for (let i = 0; i < el.attrCount; i++) {
    const k = el.attrStart + i * ATTR_FIELDS;
    const d = el.store.data;
    out.push({
      name: attributeName(el, i),
      value: attributeValue(el, i),
      start: d[k]!,
      end: d[k + 3]! + 1,
      valueStart: d[k + 2]!,
      valueEnd: d[k + 3]!,
    });
  }
  return out;
}

/** Where an element's name is (`Component` in `<Component Id=…>`): the place the model locates an element by. */
export function elementNameRange(el: XmlElement): { start: number; end: number } {
  return { start: el.start + 1, end: el.nameEnd };
}
