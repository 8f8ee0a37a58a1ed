// What the split says about building its results: the header comment of each source it writes names the file's ISA
// and gives the exact commands (candle/light or wix build, with -arch and the output the bundle chains), and the
// bundle's says the order. A header that described the old build or the old single package is rewritten; its other
// lines are kept.
import { sectionKindOf, type WixVersion } from '../wix/vocabulary';
import type { XmlDocument } from '../wix/xml';
import type { FixEdit } from './fix';
import { baseName } from '../model/windowsPaths';

export type Isa = 'x86' | 'x64';

/** Words that say how a source is built or for which ISA: a header line holding one is not kept as it was. */
const ABOUT_BUILD_OR_ISA = /\b(candle|light(\.exe)?\s+-|wix\s+build|-arch|32-bit|64-bit|x86|x64|amd64|arm64|win64|bitness|one msi)\b/i;

/** The sources a build of the product compiles, as its header's command names them: file names, the product's first. */
export interface BuildSources {
  version: WixVersion;
  /** The product's own source (a file name). */
  product: string;
  /** The other sources of the build, as the old command listed them; empty when it named none. */
  others: string[];
}

/** The header comment of a source: the first comment before its root element. */
function headerComment(doc: XmlDocument): { start: number; end: number; body: string } | undefined {
  const rootStart = doc.root?.start ?? doc.text.length;
  const start = doc.text.indexOf('<!--');
  if (start < 0 || start > rootStart) return undefined;
  const close = doc.text.indexOf('-->', start + 4);
  if (close < 0 || close > rootStart) return undefined;
  return { start, end: close + 3, body: doc.text.slice(start + 4, close) };
}

/**
 * The sources of the build as the product's header names them (`candle A.wxs B.wxs`, `wix build A.wxs B.wxs`); when it
 * names none, the product's and `project`'s (the other sources the split knows of, beside it).
 */
export function buildSources(productDoc: XmlDocument, version: WixVersion, project: readonly XmlDocument[]): BuildSources {
  const product = baseName(productDoc.file);
  const body = headerComment(productDoc)?.body ?? '';
  const command = version === 3 ? /\bcandle((?:\s+[^\s&|;]+)+)/i.exec(body) : /\bwix\s+build((?:\s+[^\s&|;]+)+)/i.exec(body);
  const named = (command?.[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => /\.wxs$/i.test(w));
  if (named.some((w) => w.toLowerCase() === product.toLowerCase()))
    return { version, product, others: named.filter((w) => w.toLowerCase() !== product.toLowerCase()) };
  const folder = productDoc.file.slice(0, productDoc.file.length - product.length);
  const others = project
    .filter(
      (d) =>
        d !== productDoc && fragmentsOnly(d) && /\.wxs$/i.test(d.file) && d.file.startsWith(folder) && !/[\\/]/.test(d.file.slice(folder.length)),
    )
    .map((d) => baseName(d.file));
  return { version, product, others };
}

/** The commands that build `source` for `isa` into `msi` (file names, run in the source's folder). */
export function buildCommand(sources: BuildSources, source: string, isa: Isa, msi: string): string {
  const all = [source, ...sources.others];
  if (sources.version === 4) return `wix build -arch ${isa} ${all.join(' ')} -o ${msi}`;
  const objects = all.map((f) => f.replace(/\.wxs$/i, '.wixobj'));
  return `candle -arch ${isa} ${all.join(' ')} && light -out ${msi} ${objects.join(' ')}`;
}

/** The commands that build the bundle, after the packages it chains. */
export function bundleCommand(version: WixVersion, bundle: string, exe: string): string {
  if (version === 4) return `wix build -ext WixToolset.Bal.wixext ${bundle} -o ${exe}`;
  const object = bundle.replace(/\.wxs$/i, '.wixobj');
  return `candle -ext WixBalExtension ${bundle} && light -ext WixBalExtension -out ${exe} ${object}`;
}

/**
 * The edit that makes the source's header say `lines` in place of what it said of the build and the ISA (its other
 * lines stay; a title before a colon on a line that goes is kept in front of the first new line); a new header when
 * the source has none. Offsets are in `doc`'s text.
 */
export function headerEdit(doc: XmlDocument, lines: readonly string[]): FixEdit {
  const header = headerComment(doc);
  if (!header) {
    const at = doc.root?.start ?? 0;
    return { file: doc.file, start: at, end: at, newText: `<!--\n${lines.map((l) => `  ${l}`).join('\n')}\n-->\n` };
  }
  const kept: string[] = [];
  let title: string | undefined;
  for (const raw of header.body.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!ABOUT_BUILD_OR_ISA.test(line)) kept.push(line);
    else if (title === undefined && kept.length === 0) {
      const named = /^([^:]{2,80}):/.exec(line);
      if (named && !ABOUT_BUILD_OR_ISA.test(named[1]!)) title = named[1]!.trim();
    }
  }
  const fresh = lines.map((l, i) => (i === 0 && title !== undefined ? `${title}: ${l.charAt(0).toLowerCase()}${l.slice(1)}` : l));
  return { file: doc.file, start: header.start, end: header.end, newText: `<!--\n${[...kept, ...fresh].map((l) => `  ${l}`).join('\n')}\n-->` };
}

/** Whether a source holds fragments and nothing else: part of a product's build, not a product or bundle of its own. */
function fragmentsOnly(doc: XmlDocument): boolean {
  const kinds = (doc.root?.children ?? []).flatMap((c) => (c.type === 'element' ? [sectionKindOf(c.local)] : []));
  return kinds.includes('fragment') && kinds.every((k) => k === 'fragment' || k === undefined);
}

/** The package a source builds by default (light and wix build name it after the first source). */
export function msiName(source: string): string {
  return baseName(source).replace(/\.wxs$/i, '.msi');
}
