// com-overwrite: gives the 64-bit component the condition VersionNT64 and the 32-bit one NOT VersionNT64, so one installs per Windows.
import type { XmlElement } from '../wix/xml';
import {
  attribute,
  attributeInsertionPoint,
  isSelfClosing,
  lineIndent,
  prefixOf,
  startTagContentEnd,
  startTagEnd,
  type FixDocuments,
  type FoundComponent,
} from './component';
import type { Bitness } from '../model/platform';
import { authoredBitness } from '../wix/vocabulary';
import type { Fix, FixEdit } from './fix';

const GUARD: Record<Bitness, string> = { 64: 'VersionNT64', 32: 'NOT VersionNT64' };

/** Both components guarded by bitness; undefined when either is missing or their bitness cannot be told apart. */
export function guardWithVersionNT64(documents: FixDocuments, data: { components: readonly [string, string] }): Fix | undefined {
  const [a, b] = data.components.map((id) => documents.component(id));
  if (!a || !b || a.element === b.element) return undefined;
  const bits = opposite(authoredBitness(a.element, a.version), authoredBitness(b.element, b.version));
  if (!bits) return undefined;
  const edits = [...guardEdits(a, GUARD[bits[0]]), ...guardEdits(b, GUARD[bits[1]])];
  if (edits.length === 0) return undefined;
  const [id64, id32] = bits[0] === 64 ? data.components : [data.components[1], data.components[0]];
  return { title: `Guard '${id64}' with VersionNT64 and '${id32}' with NOT VersionNT64`, edits };
}

/** The two bitnesses, when they differ; a collision always involves one of each, so one stated side decides the other. */
function opposite(a: Bitness | undefined, b: Bitness | undefined): [Bitness, Bitness] | undefined {
  const first = a ?? (b === undefined ? undefined : b === 64 ? 32 : 64);
  const second = b ?? (first === 64 ? 32 : 64);
  return first === undefined || first === second ? undefined : [first, second];
}

function guardEdits(c: FoundComponent, guard: string): FixEdit[] {
  return c.version === 3 ? conditionElementEdits(c, guard) : conditionAttributeEdits(c, guard);
}

/** `(existing) AND guard`, as two insertions around the existing condition's trimmed text; none when it is the guard already. */
function wrap(file: string, text: string, start: number, end: number, guard: string): FixEdit[] {
  const body = text.slice(start, end);
  const from = start + (body.length - body.trimStart().length);
  const to = end - (body.length - body.trimEnd().length);
  if (from >= to) return [{ file, start, end, newText: guard }];
  if (text.slice(from, to) === guard) return [];
  return [
    { file, start: from, end: from, newText: '(' },
    { file, start: to, end: to, newText: `) AND ${guard}` },
  ];
}

/** WiX v4: the Condition attribute. */
function conditionAttributeEdits(c: FoundComponent, guard: string): FixEdit[] {
  const existing = attribute(c.element, 'Condition');
  if (existing) return wrap(c.file, c.text, existing.valueStart, existing.valueEnd, guard);
  const at = attributeInsertionPoint(c.element);
  return [{ file: c.file, start: at, end: at, newText: ` Condition="${guard}"` }];
}

/** WiX v3: a Condition child element, added as the first child when absent. */
function conditionElementEdits(c: FoundComponent, guard: string): FixEdit[] {
  const { file, text, element } = c;
  const existing = element.children.find((n): n is XmlElement => n.type === 'element' && n.local === 'Condition' && n.ns === element.ns);
  const tag = `${prefixOf(element)}Condition`;
  if (existing) {
    if (isSelfClosing(text, existing)) {
      return [{ file, start: startTagContentEnd(existing), end: existing.end, newText: `>${guard}</${tag}>` }];
    }
    const contentStart = startTagEnd(text, existing);
    const contentEnd = text.lastIndexOf('</', existing.end - 1);
    const content = text.slice(contentStart, contentEnd);
    const cdata = /^(\s*<!\[CDATA\[)([\s\S]*)\]\]>\s*$/.exec(content);
    return cdata
      ? wrap(file, text, contentStart + cdata[1]!.length, contentStart + cdata[1]!.length + cdata[2]!.length, guard)
      : wrap(file, text, contentStart, contentEnd, guard);
  }

  const condition = `<${tag}>${guard}</${tag}>`;
  const indent = lineIndent(text, element.start);
  const childIndent = indent === undefined ? undefined : indent + indentUnit(text, indent);
  if (isSelfClosing(text, element)) {
    const inner = childIndent === undefined ? condition : `\n${childIndent}${condition}\n${indent}`;
    return [{ file, start: startTagContentEnd(element), end: element.end, newText: `>${inner}</${element.name}>` }];
  }
  const contentStart = startTagEnd(text, element);
  let first = contentStart;
  while (first < text.length && /\s/.test(text[first]!)) first++;
  const space = text.slice(contentStart, first);
  const closes = text.startsWith('</', first) && first === text.lastIndexOf('</', element.end - 1);
  if (closes) {
    // Nothing inside but white space: lay the element out as if it had been self-closing.
    const inner = childIndent === undefined || !space.includes('\n') ? condition : `\n${childIndent}${condition}\n${indent}`;
    return [{ file, start: contentStart, end: first, newText: inner }];
  }
  // Before the first child, on its own line with the child's indentation when the child has its own line.
  const newline = space.lastIndexOf('\n');
  const newText = newline >= 0 ? `${condition}\n${space.slice(newline + 1)}` : condition;
  return [{ file, start: first, end: first, newText }];
}

/** The document's indentation step: the smallest indentation of any line, assuming an indented line; tabs if the line uses them. */
function indentUnit(text: string, indent: string): string {
  if (indent.includes('\t')) return '\t';
  let unit = Infinity;
  for (const m of text.matchAll(/\n( +)</g)) unit = Math.min(unit, m[1]!.length);
  return ' '.repeat(Number.isFinite(unit) ? unit : 2);
}
