// What the refactors read of a package's authoring: its Product or Package element, elements below one, 32/64-bit twin
// components, and the text range that removing an element takes.
import type { WixVersion } from '../wix/vocabulary';
import { attributeValueOf, type XmlDocument, type XmlElement } from '../wix/xml';
import { lineIndent } from './component';

/** The ISA tokens in names: Shell32/Shell64, app-x86.dll/app-x64.dll, amd64, win32. */
export const ISA_TOKEN = /x64|x86|amd64|win32|64|32/gi;

/** The document's v3 Product or v4 Package element. */
export function productOf(doc: XmlDocument, version: WixVersion): XmlElement | undefined {
  const root = doc.root!;
  if (root.local !== 'Wix') return undefined;
  if (version === 3) return descendants(root, 'Product')[0];
  return root.children.find((c): c is XmlElement => c.type === 'element' && c.local === 'Package');
}

/** The elements below `el` (not `el` itself) with one of these local names, in document order. */
export function descendants(el: XmlElement, ...locals: string[]): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.type !== 'element') continue;
      if (locals.includes(c.local)) out.push(c);
      visit(c);
    }
  };
  visit(el);
  return out;
}

/** Twins write at least one identical registry value, or install a file of the same name but for a 32/64 token. */
export function isTwin(c32: XmlElement, c64: XmlElement): boolean {
  const values64 = registryValues(c64);
  for (const v of registryValues(c32)) if (values64.has(v)) return true;
  const files64 = new Set(descendants(c64, 'File').map(neutralFileName));
  return descendants(c32, 'File').some((f) => files64.has(neutralFileName(f)));
}

/** `root|key|name` of every RegistryValue of the component, lower-cased, keys joined through the RegistryKey nesting. */
function registryValues(component: XmlElement): Set<string> {
  const out = new Set<string>();
  const visit = (el: XmlElement, root: string, key: string): void => {
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      const r = attributeValueOf(c, 'Root') ?? root;
      const sub = attributeValueOf(c, 'Key') ?? '';
      const k = key && sub ? `${key}\\${sub}` : key || sub;
      if (c.local === 'RegistryValue') out.add(`${r}|${k}|${attributeValueOf(c, 'Name') ?? ''}`.toLowerCase());
      else if (c.local === 'RegistryKey') visit(c, r, k);
    }
  };
  visit(component, '', '');
  return out;
}

function neutralFileName(file: XmlElement): string {
  const name = attributeValueOf(file, 'Name') ?? (attributeValueOf(file, 'Source') ?? '').split(/[\\/]/).pop() ?? '';
  return name.toLowerCase().replace(ISA_TOKEN, '');
}

/**
 * What removing an element takes: its whole lines when it stands alone on them, with a comment just above it, and a
 * blank line left before it when that would leave two blank lines or a blank line before a closing tag.
 */
/**
 * Where the comment that belongs to an element starts (the start of its first line): a comment on lines of its own
 * right above the element's line. undefined when there is none, or the element shares its line with something else.
 */
export function attachedCommentLine(text: string, el: XmlElement): number | undefined {
  if (lineIndent(text, el.start) === undefined) return undefined;
  const start = text.lastIndexOf('\n', el.start - 1) + 1;
  if (!/-->[ \t]*\n$/.test(text.slice(Math.max(0, start - 200), start))) return undefined;
  const open = text.lastIndexOf('<!--', start);
  if (open < 0 || lineIndent(text, open) === undefined || text.indexOf('-->', open) !== text.lastIndexOf('-->', start)) return undefined;
  return text.lastIndexOf('\n', open - 1) + 1;
}

export function removalRange(text: string, el: XmlElement): { start: number; end: number } {
  const rest = /^[ \t]*(\n|$)/.exec(text.slice(el.end));
  if (lineIndent(text, el.start) === undefined || !rest) return { start: el.start, end: el.end };
  let start = attachedCommentLine(text, el) ?? text.lastIndexOf('\n', el.start - 1) + 1;
  const end = el.end + rest[0].length;
  if (start >= 2 && text[start - 1] === '\n') {
    const prev = text.lastIndexOf('\n', start - 2) + 1;
    const blank = /^[ \t]*$/.test(text.slice(prev, start - 1));
    if (blank && /^[ \t]*(\n|<\/)/.test(text.slice(end))) start = prev;
  }
  return { start, end };
}
