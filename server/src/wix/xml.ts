// XML with source positions: fast-xml-parser builds the tree, a rescan of each start tag gives attribute ranges.
import { XMLParser } from 'fast-xml-parser';
import { findFirstXmlError } from './xmlErrors';

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
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** Offset of '<'. */
  start: number;
  /** Offset just past the element name. */
  nameEnd: number;
  /** Offset just past the start tag's '>' */
  startTagEnd: number;
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
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: false,
  processEntities: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as string;

interface FxpMeta {
  startIndex: number;
  endIndex?: number;
}
type FxpNode = Record<string, unknown>;

/** Thrown inside the conversion when the tree shows a well-formedness problem; the scanner then names it. */
class Malformed extends Error {}

/** Parses XML text. Never throws: a malformed document yields one error with its position and no tree. */
export function parseXml(file: string, text: string): XmlDocument {
  let nodes: FxpNode[];
  try {
    nodes = parser.parse(text) as FxpNode[];
    const converter = new Converter(file, text);
    const top = converter.convertChildren(nodes, new Map([['xml', XML_NS]]));
    let root: XmlElement | undefined;
    const prolog: XmlProcessingInstruction[] = [];
    for (const n of top) {
      if (n.type === 'element') {
        if (root) throw new Malformed('second root');
        root = n;
      } else if (n.type === 'pi') {
        if (!root && n.target !== 'xml') prolog.push(n);
      } else if (n.value.trim() !== '') {
        throw new Malformed('text outside root');
      }
    }
    if (!root) throw new Malformed('no root');
    // fast-xml-parser drops trailing text silently; only comments, PIs and white space may follow the root.
    const tail = text.slice(root.end);
    if (tail.trim() !== '' && tail.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '').trim() !== '') {
      throw new Malformed('text after root');
    }
    return { file, text, root, prolog, errors: [] };
  } catch (e) {
    const found = findFirstXmlError(text);
    const error = found ?? {
      start: 0,
      end: Math.min(text.length, 1),
      message: `The XML could not be read: ${e instanceof Error ? e.message : String(e)}`,
    };
    return { file, text, root: undefined, prolog: [], errors: [error] };
  }
}

class Converter {
  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  convertChildren(nodes: FxpNode[], scope: Map<string, string>): XmlNode[] {
    const out: XmlNode[] = [];
    for (const node of nodes) {
      let tag: string | undefined;
      for (const k in node) {
        if (k !== ':@') {
          tag = k;
          break;
        }
      }
      if (tag === undefined) continue;
      const content = node[tag];
      if (tag === '#text') {
        out.push({ type: 'text', value: String(content) });
        continue;
      }
      const meta = node[META] as unknown as FxpMeta | undefined;
      if (!meta) continue;
      if (tag.charCodeAt(0) === 63 /* ? */) {
        out.push(this.pi(meta));
      } else {
        out.push(this.element(content as FxpNode[], meta, scope));
      }
    }
    return out;
  }

  private pi(meta: FxpMeta): XmlProcessingInstruction {
    const text = this.text;
    const start = meta.startIndex;
    if (meta.endIndex === undefined) throw new Malformed('pi');
    const end = meta.endIndex;
    let i = start + 2;
    while (i < end && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 63) i++;
    const target = text.slice(start + 2, i);
    return { type: 'pi', target, data: text.slice(i, end - 2), start, dataStart: i, end };
  }

  private element(content: FxpNode[], meta: FxpMeta, parentScope: Map<string, string>): XmlElement {
    const text = this.text;
    const start = meta.startIndex;
    let i = start + 1;
    const len = text.length;
    while (i < len && isNameChar(text.charCodeAt(i))) i++;
    const name = text.slice(start + 1, i);
    const nameEnd = i;
    const attributes: XmlAttribute[] = [];
    let selfClosing = false;
    for (;;) {
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      if (i >= len) throw new Malformed('eof in tag');
      const c = text.charCodeAt(i);
      if (c === 62 /* > */) {
        i++;
        break;
      }
      if (c === 47 /* / */) {
        if (text.charCodeAt(i + 1) !== 62) throw new Malformed('slash');
        selfClosing = true;
        i += 2;
        break;
      }
      const aStart = i;
      while (i < len && isNameChar(text.charCodeAt(i))) i++;
      if (i === aStart) throw new Malformed('attr name');
      const aName = text.slice(aStart, i);
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 61 /* = */) throw new Malformed('attr eq');
      i++;
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if (q !== 34 && q !== 39) throw new Malformed('attr quote');
      const valueStart = i + 1;
      const close = text.indexOf(q === 34 ? '"' : "'", valueStart);
      if (close < 0) throw new Malformed('attr unterminated');
      const raw = text.slice(valueStart, close);
      if (raw.indexOf('<') >= 0) throw new Malformed('lt in attr');
      i = close + 1;
      if (i < len && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 62 && text.charCodeAt(i) !== 47) {
        throw new Malformed('attributes not separated');
      }
      for (const a of attributes) if (a.name === aName) throw new Malformed('duplicate attr');
      attributes.push({
        name: aName,
        value: raw.indexOf('&') >= 0 ? decodeEntities(raw) : normalizeAttrWhitespace(raw),
        start: aStart,
        end: i,
        valueStart,
        valueEnd: close,
      });
    }
    const startTagEnd = i;
    let end: number;
    if (selfClosing) {
      end = startTagEnd;
    } else {
      if (meta.endIndex === undefined) throw new Malformed('unclosed');
      end = meta.endIndex;
      const lt = text.lastIndexOf('</', end - 1);
      if (lt < startTagEnd) throw new Malformed('end tag');
      const closeName = text.slice(lt + 2, end - 1).trim();
      if (closeName !== name) throw new Malformed('mismatch');
    }

    let scope = parentScope;
    for (const a of attributes) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        scope.set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
      }
    }
    const colon = name.indexOf(':');
    const prefix = colon >= 0 ? name.slice(0, colon) : '';
    const local = colon >= 0 ? name.slice(colon + 1) : name;
    const ns = scope.get(prefix) ?? '';
    const children = selfClosing || !Array.isArray(content) ? [] : this.convertChildren(content, scope);
    let plain = true;
    for (let k = 0; plain && k < attributes.length; k++) if (attributes[k]!.value.indexOf('$') >= 0) plain = false;
    for (let k = 0; plain && k < children.length; k++) {
      const c = children[k]!;
      plain = c.type === 'element' ? c.plain : c.type === 'text' ? c.value.indexOf('$') < 0 : false;
    }
    return { type: 'element', file: this.file, name, local, ns, attributes, children, start, nameEnd, startTagEnd, end, plain };
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** XML name characters, loosely: anything that is not space, quote, '=', '/', '>', '<' or '?'. */
function isNameChar(c: number): boolean {
  return (
    c > 32 && c !== 61 && c !== 62 && c !== 47 && c !== 60 && c !== 34 && c !== 39 && c !== 63 && !Number.isNaN(c)
  );
}

function normalizeAttrWhitespace(raw: string): string {
  // XML attribute-value normalization: each whitespace character becomes a space.
  return /[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  return normalizeAttrWhitespace(raw).replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[body] ?? m;
  });
}

/** The attribute named `name` (no namespace prefix), if present. */
export function getAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}
