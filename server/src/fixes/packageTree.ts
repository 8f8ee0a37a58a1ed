// What the refactors read of a package's authoring: its Product or Package element, elements below one, 32/64-bit twin
// components, and the text range that removing an element takes.
import type { WixVersion } from '../wix/vocabulary';
import { attributeValueOf, type XmlDocument, type XmlElement } from '../wix/xml';
import { lineIndent } from './component';
import { baseName } from '../model/windowsPaths';

/** The ISA tokens in names: Shell32/Shell64, app-x86.dll/app-x64.dll, amd64, win32. */
export const ISA_TOKEN = /x64|x86|amd64|win32|64|32/gi;

/** The document's v3 Product or v4 Package element. */
export function productOf(doc: XmlDocument, version: WixVersion): XmlElement | undefined {
  const root = doc.root!;
  if (root.local !== 'Wix') return undefined;
  // Either is a child of the root (a <?if?> around it is a sibling, not a parent).
  const local = version === 3 ? 'Product' : 'Package';
  return root.children.find((c): c is XmlElement => c.type === 'element' && c.local === local);
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

/**
 * Whether a component is a twin of `c64`: twins write at least one identical registry value, or install a file of the
 * same name but for a 32/64 token. What `c64` writes and installs is read once: a refactor tries every component of a
 * package against it.
 */
export function twinTest(c64: XmlElement): (c32: XmlElement) => boolean {
  const values64 = new Set<string>();
  registryValues(c64, (v) => {
    values64.add(v);
    return false;
  });
  let files64: Set<string> | undefined;
  return (c32) => {
    if (values64.size > 0 && registryValues(c32, (v) => values64.has(v))) return true;
    files64 ??= new Set(descendants(c64, 'File').map(neutralFileName));
    return files64.size > 0 && descendants(c32, 'File').some((f) => files64!.has(neutralFileName(f)));
  };
}

/**
 * Calls `each` with `root|key|name` of every RegistryValue of the component, lower-cased, keys joined through the
 * RegistryKey nesting, until it returns true; returns whether one did.
 */
function registryValues(component: XmlElement, each: (value: string) => boolean): boolean {
  const visit = (el: XmlElement, root: string, key: string): boolean => {
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      if (c.local !== 'RegistryValue' && c.local !== 'RegistryKey') continue;
      const r = attributeValueOf(c, 'Root') ?? root;
      const sub = attributeValueOf(c, 'Key') ?? '';
      const k = key && sub ? `${key}\\${sub}` : key || sub;
      if (c.local === 'RegistryValue' ? each(`${r}|${k}|${attributeValueOf(c, 'Name') ?? ''}`.toLowerCase()) === true : visit(c, r, k)) return true;
    }
    return false;
  };
  return visit(component, '', '');
}

function neutralFileName(file: XmlElement): string {
  const name = attributeValueOf(file, 'Name') ?? baseName(attributeValueOf(file, 'Source') ?? '');
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
