// isa-mixing refactor "Split into one .wxs per ISA", form (b): two new product sources beside the one holding the
// Product (v3) or Package (v4), `<base>.x86.wxs` (built with `-arch x86`) and `<base>.x64.wxs` (built with `-arch x64`),
// each with the shared (ISA-neutral) sources:
// - each is a copy of the product document where the fixed Program Files folders are the ISA's (ProgramFilesFolder /
//   ProgramFiles64Folder; v4's ProgramFiles6432Folder already follows -arch and stays), every Component has an explicit
//   bitness (v3 Win64 "no" / "yes", v4 Bitness "always32" / "always64"; the ISA's default, written out), the 64-bit
//   custom action scripts and registry searches named in the data get the ISA's bitness, and the ISA-specific
//   components of the other ISA (and their ComponentRefs) are removed;
// - the ISA-specific components are the 64-bit ones named in the data (x64 only) and their 32-bit twins (x86 only; the
//   twins are matched as in form (a)). Those that live in other (shared) sources move out of them, with their
//   ComponentRefs, into a `<Fragment><DirectoryRef>` of the ISA's file, which also references them from the product's
//   Features that referenced their ComponentGroup (v4: also the group a component sits in directly). Each keeps its own
//   Id and GUID: the x86 file has the 32-bit twin (original GUID), the x64 file the 64-bit one (its GUID), so per-ISA
//   GUIDs stay distinct;
// - the original product source is not edited nor deleted (deleting is not undoable everywhere): it is replaced by the
//   two new files in the build, and the user removes it from the project.
// Not offered (undefined) when a named part is missing, when a 64-bit custom action or registry search or a fixed
// Program Files folder is outside the product's source, when a moved component's folder is unknown (no Directory,
// DirectoryRef or StandardDirectory parent with an Id, no Directory attribute on it or its ComponentGroup), when a moved
// ComponentRef (or v4 grouped component) is in no ComponentGroup referenced from a Feature of the product's source, or when
// no free pair of names is found (`<base>.x86.wxs`, then `<base>.x86.2.wxs` ... up to 99; known documents and fileExists).
import { attributeValueOf, type XmlDocument, type XmlElement } from '../wix/xml';
import { attribute, attributeInsertionPoint, lineIndent } from './component';
import { applyEdits, parseAll, type FixDocument, type FixEdit, type Refactor, type SplitFiles } from './fix';
import { attachedCommentLine, descendants, productOf, removalRange, twinTest } from './packageTree';
import { buildCommand, buildSources, headerEdit, msiName } from './buildNotes';
import { baseName, folderOf } from '../model/windowsPaths';
import { bundleFor } from './splitBundle';
import { projectBuild, projectWithBundle, type ProjectBuild } from './splitProject';
import type { IsaMixingFixData } from '../rules/isa-mixing';
import { authoredBitness, bitnessAttribute, wixVersionOf, type WixVersion } from '../wix/vocabulary';

export const SPLIT_PER_FILE_TITLE = 'Split into one .wxs per ISA';
export const SPLIT_PER_FILE_WITH_BUNDLE_TITLE = 'Split into one .wxs per ISA and add a Burn bundle';

type Isa = 'x86' | 'x64';
const ISAS: readonly Isa[] = ['x86', 'x64'];
const PROGRAM_FILES: Record<Isa, string> = { x86: 'ProgramFilesFolder', x64: 'ProgramFiles64Folder' };
/** The attribute and values that state a component's (or custom action's, registry search's) bitness, by WiX version. */
const MAX_CANDIDATES = 99;

interface Located {
  doc: XmlDocument;
  element: XmlElement;
}

interface Copy {
  edits: FixEdit[];
  removed: Set<XmlElement>;
  /** The moved components by the Id of their directory, in order. */
  fragment: Map<string, string[]>;
  /** ComponentRefs to add, by Feature. */
  refs: Map<XmlElement, string[]>;
}

/**
 * Form (b), then form (b) with a Burn bundle chaining the two MSIs (named after the new sources, as light does; with a
 * .wixproj, as the project names them per platform); [] when not offered.
 */
export function splitPerFile(data: IsaMixingFixData, documents: readonly FixDocument[], files: SplitFiles): Refactor[] {
  const plain = planPerFile(data, documents, files);
  if (!plain) return [];
  const { productDoc, built } = plain;
  const taken = (file: string): boolean => files.fileExists(file) || plain.creates.some((c) => c.file.toLowerCase() === file.toLowerCase());
  const sources = { x86: baseName(plain.creates[0]!.file), x64: baseName(plain.creates[1]!.file) };
  const out: Refactor[] = [{ title: SPLIT_PER_FILE_TITLE, edits: [...plain.edits, ...(built?.edits ?? [])], creates: plain.creates }];
  // With a project, the bundle gets one beside it, in a folder the product's project must not compile.
  const bundled = built && projectWithBundle(built, taken, files.parse);
  if (built && !bundled) return out;
  const bundle = bundleFor(
    productDoc,
    productOf(productDoc, plain.version)!,
    plain.version,
    documents,
    { ...files, fileExists: taken },
    {
      msi: built?.msi ?? { x86: msiName(plain.creates[0]!.file), x64: msiName(plain.creates[1]!.file) },
      sources,
      ...(bundled ? { project: bundled } : {}),
    },
  );
  if (bundle.length > 0)
    out.push({
      title: SPLIT_PER_FILE_WITH_BUNDLE_TITLE,
      edits: [...plain.edits, ...(bundled?.build.edits ?? [])],
      creates: [...plain.creates, ...bundle],
    });
  return out;
}

function planPerFile(
  d: IsaMixingFixData,
  documents: readonly FixDocument[],
  files: SplitFiles,
): (Refactor & { productDoc: XmlDocument; version: WixVersion; built: ProjectBuild | undefined }) | undefined {
  const { fileExists, parse } = files;
  if (d.components.length === 0) return undefined;
  const parsed = parseAll(documents, parse).filter((doc) => doc.root !== undefined);
  const version = parsed.map((doc) => wixVersionOf(doc.root!.ns)).find((v) => v !== undefined);
  if (version === undefined) return undefined;
  const bitness = {
    attribute: bitnessAttribute(version, 64).name,
    value: { x86: bitnessAttribute(version, 32).value, x64: bitnessAttribute(version, 64).value },
  };
  const productDoc = parsed.find((doc) => productOf(doc, version) !== undefined);
  if (!productDoc) return undefined;
  // Another open document with a package of its own is another project: none of its folders or parts are this one's.
  const docs = parsed.filter((doc) => doc === productDoc || productOf(doc, version) === undefined);
  const product = productOf(productDoc, version)!;
  const names = fileNames(productDoc.file, documents, fileExists);
  if (!names) return undefined;

  const parents = new Map<XmlElement, XmlElement>();
  for (const doc of docs) {
    const visit = (e: XmlElement): void => {
      for (const c of e.children) {
        if (c.type !== 'element') continue;
        parents.set(c, e);
        visit(c);
      }
    };
    visit(doc.root!);
  }
  const all = (local: string): Located[] => docs.flatMap((doc) => descendants(doc.root!, local).map((element) => ({ doc, element })));
  const components = all('Component');
  const refs = all('ComponentRef');
  const features = descendants(productDoc.root!, 'Feature');

  // The ISA-specific components: the 64-bit ones, and their 32-bit twins.
  const specific: { c: Located; isa: Isa }[] = [];
  const wanted64 = new Set(d.components);
  const used = new Set<XmlElement>();
  for (const id of d.components) {
    const c64 = components.find((c) => attributeValueOf(c.element, 'Id') === id);
    if (!c64) return undefined;
    const twinOf64 = twinTest(c64.element);
    const twin = components.find((c) => {
      const cid = attributeValueOf(c.element, 'Id');
      return cid !== undefined && !wanted64.has(cid) && !used.has(c.element) && authoredBitness(c.element, version) !== 64 && twinOf64(c.element);
    });
    specific.push({ c: c64, isa: 'x64' });
    if (twin) {
      used.add(twin.element);
      specific.push({ c: twin, isa: 'x86' });
    }
  }

  const shared: FixEdit[] = [];
  const copies: Record<Isa, Copy> = {
    x86: { edits: [], removed: new Set(), fragment: new Map(), refs: new Map() },
    x64: { edits: [], removed: new Set(), fragment: new Map(), refs: new Map() },
  };
  const other = (isa: Isa): Isa => (isa === 'x86' ? 'x64' : 'x86');
  const removeIn = (copy: Copy, el: XmlElement): void => {
    const { start, end } = removalRange(productDoc.text, el);
    copy.edits.push({ file: productDoc.file, start, end, newText: '' });
    copy.removed.add(el);
  };
  const removeShared = ({ doc, element }: Located): void => {
    const { start, end } = removalRange(doc.text, element);
    shared.push({ file: doc.file, start, end, newText: '' });
  };

  for (const { c, isa } of specific) {
    const id = attributeValueOf(c.element, 'Id')!;
    // The Features that reference the group a ComponentRef (or, in v4, the component itself) sits in get a ComponentRef
    // in the ISA's copy; false when there are none.
    const referenceFromFeatures = (element: XmlElement): boolean => {
      const group = parents.get(element);
      const groupId = group?.local === 'ComponentGroup' ? attributeValueOf(group, 'Id') : undefined;
      const referencing = features.filter((f) =>
        f.children.some((x) => x.type === 'element' && x.local === 'ComponentGroupRef' && attributeValueOf(x, 'Id') === groupId),
      );
      if (groupId === undefined || referencing.length === 0) return false;
      for (const f of referencing) copies[isa].refs.set(f, [...(copies[isa].refs.get(f) ?? []), id]);
      return true;
    };
    if (c.doc === productDoc) removeIn(copies[other(isa)], c.element);
    else {
      const parent = parents.get(c.element);
      const folder = (el: XmlElement | undefined): string | undefined =>
        el && (el.local === 'Directory' || el.local === 'DirectoryRef' || el.local === 'StandardDirectory') ? attributeValueOf(el, 'Id') : undefined;
      const dir =
        attributeValueOf(c.element, 'Directory') ??
        folder(parent) ??
        (parent?.local === 'ComponentGroup' ? attributeValueOf(parent, 'Directory') : undefined);
      if (!dir) return undefined;
      // A v4 component inside a ComponentGroup is referenced by being there: the move takes that reference along.
      if (parent?.local === 'ComponentGroup' && !referenceFromFeatures(c.element)) return undefined;
      removeShared(c);
      const fragment = copies[isa].fragment;
      fragment.set(dir, [...(fragment.get(dir) ?? []), componentText(c.doc, c.element, bitness.attribute, bitness.value[isa])]);
    }
    for (const r of refs.filter((x) => attributeValueOf(x.element, 'Id') === id)) {
      if (r.doc === productDoc) {
        removeIn(copies[other(isa)], r.element);
        continue;
      }
      if (!referenceFromFeatures(r.element)) return undefined;
      removeShared(r);
    }
  }

  for (const [ids, local] of [
    [d.customActions, 'CustomAction'],
    [d.registrySearches, 'RegistrySearch'],
  ] as const) {
    for (const id of ids) {
      const found = all(local).find((x) => attributeValueOf(x.element, 'Id') === id);
      if (!found || found.doc !== productDoc) return undefined;
      for (const isa of ISAS) copies[isa].edits.push(setValue(productDoc, found.element, bitness.attribute, bitness.value[isa]));
    }
  }
  for (const doc of docs) {
    for (const el of descendants(doc.root!, 'Directory', 'DirectoryRef', 'StandardDirectory')) {
      const id = attributeValueOf(el, 'Id');
      if (id === undefined || !Object.values(PROGRAM_FILES).includes(id)) continue;
      if (doc !== productDoc) return undefined;
      for (const isa of ISAS) copies[isa].edits.push(setValue(productDoc, el, 'Id', PROGRAM_FILES[isa]));
    }
  }

  const sources = buildSources(productDoc, version, docs);
  // A project that compiles the product's source now compiles one of the new sources per platform.
  const project = files.projectOf?.(productDoc.file);
  const built = project && projectBuild(project, { product: productDoc.file, perIsa: names }, parse);
  const command = (isa: Isa, source: string): string =>
    built
      ? `${built.command(isa, names[isa])}, which makes ${built.msi[isa]} from this file (the ${other(isa)} build compiles ${baseName(names[other(isa)])} instead)`
      : buildCommand(sources, source, isa, msiName(source));
  const creates = ISAS.map((isa) => {
    const copy = copies[isa];
    const source = baseName(names[isa]);
    const edits = [
      headerEdit(productDoc, [
        `The ${isa} package, with the ${isa === 'x86' ? '32' : '64'}-bit components only: ${sources.product} split by ISA, with ${baseName(names[other(isa)])}.`,
        `Build: ${command(isa, source)}`,
      ]),
      ...copy.edits,
    ];
    for (const c of descendants(product, 'Component'))
      if (!copy.removed.has(c)) edits.push(setValue(productDoc, c, bitness.attribute, bitness.value[isa]));
    for (const [feature, ids] of copy.refs) {
      const text = productDoc.text;
      const close = text.lastIndexOf('</', feature.end);
      if (close < feature.start || text.slice(feature.start, feature.end).trimEnd().endsWith('/>')) return undefined;
      const firstChild = feature.children.find((x): x is XmlElement => x.type === 'element');
      const indent = (firstChild && lineIndent(text, firstChild.start)) ?? `${lineIndent(text, feature.start) ?? ''}  `;
      const own = lineIndent(text, close) !== undefined;
      const at = own ? text.lastIndexOf('\n', close - 1) + 1 : close;
      const lines = ids.map((id) => `${indent}<ComponentRef Id="${id}" />\n`).join('');
      edits.push({ file: productDoc.file, start: at, end: at, newText: own ? lines : `\n${lines}` });
    }
    if (copy.fragment.size > 0) {
      const base = lineIndent(productDoc.text, product.start) ?? '';
      const body = [...copy.fragment].map(
        ([dir, texts]) =>
          `${base}  <DirectoryRef Id="${dir}">\n${texts.map((t) => reindent(t, `${base}    `)).join('\n')}\n${base}  </DirectoryRef>\n`,
      );
      const defines = carriedDefines(productDoc.text, [...copy.fragment.values()].flat(), docs).map((line) => `${base}${line}\n`);
      const head = defines.length > 0 ? `\n\n${defines.join('')}` : '\n\n';
      edits.push({
        file: productDoc.file,
        start: product.end,
        end: product.end,
        newText: `${head}${base}<Fragment>\n${body.join('')}${base}</Fragment>`,
      });
    }
    return { file: names[isa], text: applyEdits(productDoc.text, edits) };
  });
  if (creates.some((c) => c === undefined)) return undefined;
  return {
    title: SPLIT_PER_FILE_TITLE,
    productDoc,
    version,
    built,
    edits: shared.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start)),
    creates: creates as Refactor['creates'],
  };
}

/** `<base>.x86.wxs` and `<base>.x64.wxs` beside the product's source, else `<base>.x86.2.wxs` ...; both free. */
function fileNames(product: string, documents: readonly FixDocument[], fileExists: (file: string) => boolean): Record<Isa, string> | undefined {
  const folder = folderOf(product);
  if (folder === '') return undefined;
  const base = baseName(product).replace(/\.[^.]*$/, '');
  const known = new Set(documents.map((d) => d.file.toLowerCase()));
  const free = (file: string): boolean => !known.has(file.toLowerCase()) && !fileExists(file);
  for (let n = 1; n <= MAX_CANDIDATES; n++) {
    const name = (isa: Isa): string => `${folder}${base}.${isa}${n === 1 ? '' : `.${n}`}.wxs`;
    if (free(name('x86')) && free(name('x64'))) return { x86: name('x86'), x64: name('x64') };
  }
  return undefined;
}

/** The edit giving the attribute this value (inserting it when absent); an empty edit when it has it. */
function setValue(doc: XmlDocument, el: XmlElement, name: string, value: string): FixEdit {
  const a = attribute(el, name);
  if (a) {
    const same = doc.text.slice(a.valueStart, a.valueEnd) === value;
    return { file: doc.file, start: a.valueStart, end: same ? a.valueStart : a.valueEnd, newText: same ? '' : value };
  }
  const at = attributeInsertionPoint(el);
  return { file: doc.file, start: at, end: at, newText: ` ${name}="${value}"` };
}

/** The component's text with the bitness value, its continuation lines still indented as in the source. */
function componentText(doc: XmlDocument, el: XmlElement, attribute: string, value: string): string {
  const edit = setValue(doc, el, attribute, value);
  const start = el.start;
  const text = doc.text.slice(start, el.end);
  const body = text.slice(0, edit.start - start) + edit.newText + text.slice(edit.end - start);
  // The comment that belongs to the component moves with it, as removalRange removes it with it.
  const comment = attachedCommentLine(doc.text, el);
  const lead = comment !== undefined ? doc.text.slice(comment, start) : (lineIndent(doc.text, start) ?? '');
  return `${lead}${body}`;
}

/**
 * The `<?define?>`s of the shared sources that the moved components use (`$(var.X)`) and the product's source does not
 * define, as written there (first definition wins), in order of first use.
 */
function carriedDefines(productText: string, moved: readonly string[], docs: readonly XmlDocument[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of moved.join('\n').matchAll(/\$\(var\.([A-Za-z_][\w.]*)\)/g)) {
    const name = m[1]!;
    if (seen.has(name)) continue;
    seen.add(name);
    const define = new RegExp(`<\\?define\\s+${name.replace(/\./g, '\\.')}\\s*=[^?]*\\?>`);
    if (define.test(productText)) continue;
    const found = docs.map((doc) => define.exec(doc.text)).find((x) => x !== null);
    if (found) out.push(found[0]);
  }
  return out;
}

/** The lines re-indented: the first line's indent becomes `indent`, the others shift alike. */
function reindent(text: string, indent: string): string {
  const old = /^[ \t]*/.exec(text)![0];
  return text
    .split('\n')
    .map((line) => (line.startsWith(old) ? indent + line.slice(old.length) : line))
    .join('\n');
}
