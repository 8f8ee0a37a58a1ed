// isa-mixing refactor "Split into per-ISA packages", form (a): single-source per-platform authoring. One source then builds
// a correct x86 package with `-arch x86` and a correct x64 package with `-arch x64`:
// - every document it edits (and always the one holding the Product/Package) gets, before its root element, a
//   `<?if $(sys.BUILDARCH) = x64 ?>` block defining Win64 and PlatformProgramFilesFolder (v3) or Bitness (v4), plus the
//   per-ISA values of the merged components below;
// - the Program Files folder definitions and references become `$(var.PlatformProgramFilesFolder)` (v3) or
//   `ProgramFiles6432Folder` (v4);
// - a 64-bit component with a 32-bit twin (same registry value written, or same file name but for a 32/64 token) is
//   removed with its ComponentRefs; the twin gets `Win64="$(var.Win64)"` / `Bitness="$(var.Bitness)"`, its File Name and
//   Source attributes that differ from the 64-bit one's become per-ISA defines, and a literal Guid becomes a per-ISA
//   define (the x86 package keeps the original GUID, the x64 one gets the 64-bit component's, or "*");
// - a 64-bit component without a twin, and its ComponentRefs, are kept only in the x64 build (`<?if?>` around them);
// - 64-bit custom action scripts and registry searches get the preprocessor-driven bitness.
// Form (a) only edits existing files; its variant with a bundle also creates the bundle's source (see splitBundle.ts).
// Form (b), one .wxs per ISA (v3), with or without a bundle, follows form (a) among the refactors (see splitPerFile.ts).
// A refactor is data: its edits of existing files, and the files it creates with their whole text.
import { attributeValueOf, type XmlDocument, type XmlElement } from '../wix/xml';
import { authoredBitness, bitnessAttribute, wixVersionOf, type WixVersion } from '../wix/vocabulary';
import { attribute, attributeInsertionPoint, authoredComponents, lineIndent } from './component';
import { parseAll, type FixDocument, type FixEdit, type Parse, type Refactor, type SplitFiles } from './fix';
import { descendants, ISA_TOKEN, productOf, removalRange, twinTest } from './packageTree';
import { buildCommand, buildSources, headerEdit, type Isa } from './buildNotes';
import { projectBuild, projectWithBundle } from './splitProject';
import { bundleFor } from './splitBundle';
import type { IsaMixingFixData } from '../rules/isa-mixing';

export const SPLIT_SINGLE_SOURCE_TITLE = 'Split into per-ISA packages (single source per platform)';
export const SPLIT_WITH_BUNDLE_TITLE = 'Split into per-ISA packages (single source) and add a Burn bundle';

/** Form (a), then form (a) with a Burn bundle; [] when the data names no 64-bit part or a named part is not in the documents. */
export function splitInPlace(data: IsaMixingFixData, documents: readonly FixDocument[], files: SplitFiles): Refactor[] {
  const split = planSplit(data, documents, files.parse);
  if (!split) return [];
  const productFile = split.productDoc.file;
  const project = files.projectOf?.(productFile);
  // With a project, the project builds the one source per platform, each into a package of its own name; the bundle
  // gets a project beside it, in a folder the product's project must not compile.
  const built = project && projectBuild(project, { product: productFile }, files.parse);
  const bundled = built && projectWithBundle(built, files.fileExists, files.parse);
  // The one source is now built twice: its header says how, with the names the bundle chains.
  const sources = buildSources(split.productDoc, split.version, split.docs);
  const base = sources.product.replace(/\.[^.]*$/, '');
  const msi = built?.msi ?? { x86: `${base}-x86.msi`, x64: `${base}-x64.msi` };
  const command = (isa: Isa): string =>
    built ? `${built.command(isa, productFile)}, which makes ${msi[isa]}` : buildCommand(sources, sources.product, isa, msi[isa]);
  const header = headerEdit(split.productDoc, [
    'Built once per ISA, into one package each: the x86 build has the 32-bit components, the x64 build the 64-bit ones.',
    `Build: ${command('x86')}`,
    `  and: ${command('x64')}`,
  ]);
  const edits = [header, ...split.edits];
  const out: Refactor[] = [{ title: SPLIT_SINGLE_SOURCE_TITLE, edits: [...edits, ...(built?.edits ?? [])], creates: [] }];
  if (built && !bundled) return out;
  const bundle = bundleFor(split.productDoc, split.product, split.version, documents, files, {
    msi,
    sources: { x86: sources.product, x64: sources.product },
    ...(bundled ? { project: bundled } : {}),
  });
  if (bundle.length > 0) out.push({ title: SPLIT_WITH_BUNDLE_TITLE, edits: [...edits, ...(bundled?.build.edits ?? [])], creates: bundle });
  return out;
}

interface Split {
  edits: FixEdit[];
  productDoc: XmlDocument;
  /** The v3 Product or the v4 Package element. */
  product: XmlElement;
  version: WixVersion;
  /** The documents of the project (the product's and those that are no other product's). */
  docs: XmlDocument[];
}

function planSplit(d: IsaMixingFixData, documents: readonly FixDocument[], parse?: Parse): Split | undefined {
  if (d.components.length + d.customActions.length + d.registrySearches.length === 0) return undefined;
  const docs = parseAll(documents, parse).filter((doc) => doc.root !== undefined);
  const version = docs.map((doc) => wixVersionOf(doc.root!.ns)).find((v) => v !== undefined);
  if (version === undefined) return undefined;
  const productDoc = docs.find((doc) => productOf(doc, version) !== undefined);
  if (!productDoc) return undefined;
  const product = productOf(productDoc, version)!;

  const plan = new Plan(version);
  // Components, and WiX v4 Files outside a Component (each a component of its own, never merged with a twin).
  const components = docs.flatMap((doc) => authoredComponents(doc.root!).map((c) => ({ doc, ...c })));
  const byId = (id: string) => components.find((c) => c.id === id);
  const wanted64 = new Set(d.components);
  const found64: typeof components = [];
  for (const id of d.components) {
    const c = byId(id);
    if (!c) return undefined;
    found64.push(c);
  }
  const candidates32 = components.filter((c) => c.id !== undefined && !c.naked && !wanted64.has(c.id) && authoredBitness(c.element, version) !== 64);
  const used = new Set<XmlElement>();
  for (const c64 of found64) {
    const twinOf64 = twinTest(c64.element);
    const twin = c64.naked ? undefined : candidates32.find((c) => !used.has(c.element) && twinOf64(c.element));
    const id64 = c64.id!;
    const refs = docs.flatMap((doc) =>
      descendants(doc.root!, 'ComponentRef')
        .filter((r) => attributeValueOf(r, 'Id') === id64)
        .map((element) => ({ doc, element })),
    );
    if (twin) {
      used.add(twin.element);
      plan.remove(c64);
      for (const r of refs) plan.remove(r);
      plan.merge(twin, c64);
    } else {
      plan.onlyOnX64(c64);
      for (const r of refs) plan.onlyOnX64(r);
    }
  }
  for (const [ids, local] of [
    [d.customActions, 'CustomAction'],
    [d.registrySearches, 'RegistrySearch'],
  ] as const) {
    for (const id of ids) {
      const found = docs
        .flatMap((doc) => descendants(doc.root!, local).map((element) => ({ doc, element })))
        .find((x) => attributeValueOf(x.element, 'Id') === id);
      if (!found) return undefined;
      plan.setBitness(found);
    }
  }
  for (const doc of docs) {
    for (const el of descendants(doc.root!, 'Directory', 'DirectoryRef', 'StandardDirectory')) {
      const id = attribute(el, 'Id');
      if (id && PROGRAM_FILES.has(id.value)) plan.programFiles(doc, el);
    }
  }
  return { edits: plan.edits(productDoc), productDoc, product, version, docs };
}

interface Located {
  doc: XmlDocument;
  element: XmlElement;
}

interface Define {
  name: string;
  x64: string;
  x86: string;
}

const PROGRAM_FILES = new Set(['ProgramFilesFolder', 'ProgramFiles64Folder']);
const IF_X64 = '<?if $(sys.BUILDARCH) = x64 ?>';

/** The edits of the refactor, collected per document, with the defines each document's `<?if?>` block needs. */
class Plan {
  private readonly byFile = new Map<string, { doc: XmlDocument; edits: FixEdit[]; defines: Define[]; usesVars: boolean }>();

  constructor(private readonly version: WixVersion) {}

  private of(doc: XmlDocument): { doc: XmlDocument; edits: FixEdit[]; defines: Define[]; usesVars: boolean } {
    let entry = this.byFile.get(doc.file);
    if (!entry) this.byFile.set(doc.file, (entry = { doc, edits: [], defines: [], usesVars: false }));
    return entry;
  }

  private replaceValue(doc: XmlDocument, el: XmlElement, name: string, value: string): void {
    const a = attribute(el, name);
    if (a) {
      if (doc.text.slice(a.valueStart, a.valueEnd) !== value)
        this.of(doc).edits.push({ file: doc.file, start: a.valueStart, end: a.valueEnd, newText: value });
    } else {
      const at = attributeInsertionPoint(el);
      this.of(doc).edits.push({ file: doc.file, start: at, end: at, newText: ` ${name}="${value}"` });
    }
    if (value.includes('$(var.')) this.of(doc).usesVars = true;
  }

  /** A define unique in its document: the name, suffixed with a number when taken. */
  private define(doc: XmlDocument, name: string, x64: string, x86: string): string {
    const defines = this.of(doc).defines;
    let unique = name;
    const taken = (candidate: string): boolean => defines.some((d) => d.name === candidate) || candidate === bitnessAttribute(this.version, 64).name;
    for (let n = 2; taken(unique); n++) unique = `${name}${n}`;
    defines.push({ name: unique, x64, x86 });
    return unique;
  }

  remove({ doc, element }: Located): void {
    const { start, end } = removalRange(doc.text, element);
    this.of(doc).edits.push({ file: doc.file, start, end, newText: '' });
  }

  onlyOnX64({ doc, element }: Located): void {
    const text = doc.text;
    const indent = lineIndent(text, element.start);
    const rest = /^[ \t]*(?=\n|$)/.exec(text.slice(element.end));
    const edits = this.of(doc).edits;
    if (indent !== undefined && rest) {
      edits.push({ file: doc.file, start: element.start, end: element.start, newText: `${IF_X64}\n${indent}` });
      edits.push({ file: doc.file, start: element.end, end: element.end, newText: `\n${indent}<?endif?>` });
    } else {
      edits.push({ file: doc.file, start: element.start, end: element.start, newText: IF_X64 });
      edits.push({ file: doc.file, start: element.end, end: element.end, newText: '<?endif?>' });
    }
  }

  setBitness({ doc, element }: Located): void {
    // The attribute's name is also the define's: Win64="$(var.Win64)", Bitness="$(var.Bitness)".
    const name = bitnessAttribute(this.version, 64).name;
    this.replaceValue(doc, element, name, `$(var.${name})`);
  }

  /** Keeps the 32-bit twin for both builds: preprocessor-driven bitness, and per-ISA GUID and payload where they differ. */
  merge(c32: Located, c64: Located): void {
    const { doc, element } = c32;
    const role = roleName(attributeValueOf(element, 'Id')!, attributeValueOf(c64.element, 'Id')!);
    this.setBitness(c32);
    const guid32 = attributeValueOf(element, 'Guid')?.trim();
    if (guid32 && guid32 !== '*' && !guid32.includes('$(')) {
      const guid64 = attributeValueOf(c64.element, 'Guid')?.trim();
      const x64 = guid64 && !guid64.includes('$(') && guid64.toLowerCase() !== guid32.toLowerCase() ? guid64 : '*';
      this.replaceValue(doc, element, 'Guid', `$(var.${this.define(doc, `${role}Guid`, x64, guid32)})`);
    }
    const files32 = descendants(element, 'File');
    const files64 = descendants(c64.element, 'File');
    if (files32.length !== files64.length) return;
    files32.forEach((f32, i) => {
      const f64 = files64[i]!;
      for (const name of ['Name', 'Source']) {
        const v32 = attributeValueOf(f32, name);
        const v64 = attributeValueOf(f64, name);
        if (v32 === undefined || v64 === undefined || v32 === v64 || v32.includes('"') || v64.includes('"')) continue;
        const file = files32.length === 1 ? 'File' : `File${i + 1}`;
        this.replaceValue(doc, f32, name, `$(var.${this.define(doc, `${role}${file}${name}`, v64, v32)})`);
      }
    });
  }

  programFiles(doc: XmlDocument, el: XmlElement): void {
    if (this.version === 3) this.replaceValue(doc, el, 'Id', '$(var.PlatformProgramFilesFolder)');
    else this.replaceValue(doc, el, 'Id', 'ProgramFiles6432Folder');
  }

  /** Every edit, with the `<?if?>` block before the root of each document that needs it (always the product's). */
  edits(productDoc: XmlDocument): FixEdit[] {
    this.of(productDoc);
    const out: FixEdit[] = [];
    for (const { doc, edits, defines, usesVars } of this.byFile.values()) {
      if (doc === productDoc || usesVars) {
        const root = doc.root!;
        const newline = lineIndent(doc.text, root.start) === '' ? '' : '\n';
        out.push({ file: doc.file, start: root.start, end: root.start, newText: `${newline}${this.block(defines)}\n` });
      }
      out.push(...edits.sort((a, b) => a.start - b.start));
    }
    return out;
  }

  private block(extra: readonly Define[]): string {
    const pin = (bitness: 32 | 64): string => bitnessAttribute(this.version, bitness).value;
    const bitnessDefine: Define = { name: bitnessAttribute(this.version, 64).name, x64: pin(64), x86: pin(32) };
    const base: Define[] =
      this.version === 3
        ? [bitnessDefine, { name: 'PlatformProgramFilesFolder', x64: 'ProgramFiles64Folder', x86: 'ProgramFilesFolder' }]
        : [bitnessDefine];
    const defines = [...base, ...extra];
    const lines = (arch: 'x64' | 'x86'): string => defines.map((d) => `  <?define ${d.name} = "${d[arch]}" ?>\n`).join('');
    return `${IF_X64}\n${lines('x64')}<?else?>\n${lines('x86')}<?endif?>`;
  }
}

/** The name the twins share without their ISA token (ShellExt32/ShellExt64: ShellExt), else the 32-bit id; a valid variable name. */
function roleName(id32: string, id64: string): string {
  const a = id32.replace(ISA_TOKEN, '');
  const b = id64.replace(ISA_TOKEN, '');
  return (a !== '' && a === b ? a : id32).replace(/[^A-Za-z0-9_]/g, '_');
}
