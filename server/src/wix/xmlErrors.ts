// Locates the first well-formedness error of an XML text, with a message in the user's terms.
// Runs only when the tree builder found the document malformed, so it can afford to be strict.
import { Cursor } from './cursor';
import { LineIndex } from './lineIndex';

export interface XmlErrorLocation {
  start: number;
  end: number;
  message: string;
}

const NAME_END = /[\s/>=<"'?]/;
const ENTITY = /^&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/;

/**
 * The first well-formedness error in `text`, or undefined when it is well-formed. An element nested deeper than
 * `maxDepth` is an error too, found without reading further. Linear in the text's length, whatever it holds.
 */
export function findFirstXmlError(text: string, maxDepth: number): XmlErrorLocation | undefined {
  const lines = new LineIndex(text);
  const amps = new Cursor(text, '&');
  const lts = new Cursor(text, '<');
  const len = text.length;
  const stack: { name: string; start: number }[] = [];
  let seenRoot = false;
  let seenDoctype = false;
  let pos = 0;
  const at = (start: number, end: number, message: string): XmlErrorLocation => ({ start, end, message });
  const lineOf = (offset: number) => lines.positionAt(offset).line + 1;
  const eof = (what: string): XmlErrorLocation => at(len, len, `Unexpected end of file${what ? ' ' + what : ''}.` + openElements());
  const openElements = () => {
    if (stack.length === 0) return '';
    const top = stack[stack.length - 1]!;
    return ` <${top.name}> (line ${lineOf(top.start)}) is not closed.`;
  };
  const readName = (from: number): number => {
    let i = from;
    while (i < len && !NAME_END.test(text[i]!)) i++;
    return i;
  };
  const checkEntities = (from: number, to: number, where: string): XmlErrorLocation | undefined => {
    for (let amp = amps.next(from); amp < to; amp = amps.next(amp + 1)) {
      if (!ENTITY.test(text.slice(amp, Math.min(amp + 40, to)))) {
        return at(amp, amp + 1, `'&' ${where} must start an entity reference such as &amp;amp;.`);
      }
    }
    return undefined;
  };

  while (pos < len) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? len : lt;
    if (textEnd > pos) {
      if (stack.length === 0 && text.slice(pos, textEnd).trim() !== '') {
        const first = pos + (text.slice(pos, textEnd).length - text.slice(pos, textEnd).trimStart().length);
        return at(first, first + 1, seenRoot ? 'Text is not allowed after the root element.' : 'Text is not allowed before the root element.');
      }
      const bad = checkEntities(pos, textEnd, 'in text');
      if (bad) return bad;
    }
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<?', pos)) {
      const targetEnd = readName(pos + 2);
      const close = text.indexOf('?>', pos + 2);
      if (targetEnd === pos + 2) return at(pos, pos + 2, "A processing instruction must start with a name, as in '<?define ... ?>'.");
      if (close < 0) {
        return at(pos, targetEnd, `The processing instruction <?${text.slice(pos + 2, targetEnd)} is not closed with '?>'.`);
      }
      pos = close + 2;
    } else if (text.startsWith('<!--', pos)) {
      const close = text.indexOf('-->', pos + 4);
      if (close < 0) return at(pos, pos + 4, "The comment is not closed with '-->'.");
      pos = close + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const close = text.indexOf(']]>', pos + 9);
      if (close < 0) return at(pos, pos + 9, "The CDATA section is not closed with ']]>'.");
      if (stack.length === 0) return at(pos, pos + 9, 'A CDATA section is not allowed outside the root element.');
      pos = close + 3;
    } else if (text.startsWith('<!', pos)) {
      if (!text.startsWith('<!DOCTYPE', pos)) {
        return at(pos, pos + 2, "'<!' must start a comment (<!-- ... -->), a CDATA section or the DOCTYPE declaration.");
      }
      if (stack.length > 0 || seenRoot || seenDoctype) {
        return at(pos, pos + 9, 'A DOCTYPE declaration is allowed once, before the root element.');
      }
      seenDoctype = true;
      // Skip to the '>' that ends it, past any internal subset.
      let depth = 0;
      let i = pos + 2;
      for (; i < len; i++) {
        const ch = text[i];
        if (ch === '[') depth++;
        else if (ch === ']') depth--;
        else if (ch === '>' && depth <= 0) break;
      }
      if (i >= len) return eof('inside a declaration');
      pos = i + 1;
    } else if (text.startsWith('</', pos)) {
      const nameEnd = readName(pos + 2);
      const name = text.slice(pos + 2, nameEnd);
      let i = nameEnd;
      while (i < len && /\s/.test(text[i]!)) i++;
      if (i >= len) return eof(`inside the end tag </${name}`);
      if (text[i] !== '>') return at(pos, i, `The end tag </${name}> is malformed: expected '>'.`);
      const top = stack.pop();
      if (!top) return at(pos, i + 1, `The end tag </${name}> has no matching start tag.`);
      if (top.name !== name) {
        return at(
          pos,
          i + 1,
          `The end tag </${name}> does not match the start tag <${top.name}> on line ${lineOf(top.start)}: ` + `is </${top.name}> missing?`,
        );
      }
      pos = i + 1;
    } else {
      const nameEnd = readName(pos + 1);
      const name = text.slice(pos + 1, nameEnd);
      if (name === '') return at(pos, pos + 1, "'<' must start a tag name; write &lt; for a literal '<'.");
      if (stack.length === 0 && seenRoot) return at(pos, nameEnd, `Only one root element is allowed; <${name}> is a second one.`);
      if (stack.length >= maxDepth)
        return at(pos, nameEnd, `Elements are nested more than ${maxDepth} levels deep; wixlint does not read documents this deep.`);
      let i = nameEnd;
      const seen = new Set<string>();
      let selfClosing = false;
      for (;;) {
        const wsStart = i;
        while (i < len && /\s/.test(text[i]!)) i++;
        if (i >= len) return eof(`inside the start tag <${name}>`);
        const ch = text[i];
        if (ch === '>') {
          i++;
          break;
        }
        if (ch === '/') {
          if (text[i + 1] !== '>') return at(i, i + 1, `Expected '/>' to close the start tag <${name}>.`);
          selfClosing = true;
          i += 2;
          break;
        }
        const aStart = i;
        const aEnd = readName(i);
        if (aEnd === aStart) return at(i, i + 1, `Unexpected character '${ch}' in the start tag <${name}>.`);
        if (wsStart === aStart) return at(aStart, aEnd, `Attributes in <${name}> must be separated by white space.`);
        const aName = text.slice(aStart, aEnd);
        if (seen.has(aName)) return at(aStart, aEnd, `Attribute '${aName}' is given twice in <${name}>.`);
        seen.add(aName);
        i = aEnd;
        while (i < len && /\s/.test(text[i]!)) i++;
        if (text[i] !== '=') return at(aStart, aEnd, `Attribute '${aName}' in <${name}> has no value: write ${aName}="...".`);
        i++;
        while (i < len && /\s/.test(text[i]!)) i++;
        if (i >= len) return eof(`inside the start tag <${name}>`);
        const q = text[i];
        if (q !== '"' && q !== "'") return at(aStart, aEnd, `The value of attribute '${aName}' in <${name}> must be quoted.`);
        const close = text.indexOf(q, i + 1);
        const ltInValue = lts.next(i + 1);
        if (close < 0 && ltInValue === Infinity) return eof(`inside the value of attribute '${aName}'`);
        if (ltInValue !== Infinity && (close < 0 || ltInValue < close)) {
          return at(aStart, aEnd, `The value of attribute '${aName}' in <${name}> is not closed: a ${q} is missing.`);
        }
        const bad = checkEntities(i + 1, close, `in the value of attribute '${aName}'`);
        if (bad) return bad;
        i = close + 1;
      }
      seenRoot = true;
      if (!selfClosing) stack.push({ name, start: pos });
      pos = i;
    }
  }
  if (stack.length > 0) return eof('');
  if (!seenRoot) return at(0, 0, 'The document has no root element.');
  return undefined;
}
