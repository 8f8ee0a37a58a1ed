// Lowers WiX sections for one build platform into the installer model, as candle / `wix build` would, and
// assembles linked sections into one package's database.
import * as path from 'node:path';
import {
  emptyDb,
  RegistryRoot,
  type BitnessAttribute,
  type Component,
  type InstallerDb,
  type PackageInfo,
  type PlatformInfo,
  type SourceLocation,
} from '../model/installer';
import { archPlatformToken, wix3PlatformToken, type Bitness, type BuildArch } from '../model/platform';
import type { LinkedPackage, Section } from './link';
import { comWrites, type ComHost } from './com';
import type { Preprocessor } from './preprocess';
import { baseName } from '../model/windowsPaths';
import {
  bitnessAttribute,
  definedKind,
  pinnedBitness,
  referredKind,
  sectionKindOf,
  setterActionId,
  standardFolder,
  type WixVersion,
} from './vocabulary';
import { attributeRange, elementNameRange, findAttribute, type XmlDocument, type XmlElement } from './xml';

const REGISTRY_ROOTS: Record<string, RegistryRoot> = {
  HKMU: RegistryRoot.UserOrMachine,
  HKCR: RegistryRoot.ClassesRoot,
  HKCU: RegistryRoot.CurrentUser,
  HKLM: RegistryRoot.LocalMachine,
  HKU: RegistryRoot.Users,
};

const SCRIPT_CALLS = ['VBScriptCall', 'JScriptCall'];

interface Context {
  dir: string | undefined;
  groupDir: string | undefined;
  component: string | undefined;
  regRoot: RegistryRoot | undefined;
  regKey: string | undefined;
  /** The outermost registry element around the current one. */
  registration: SourceLocation | undefined;
  /** The enclosing component's bitness, for COM registrations (TypeLib win32 / win64). */
  bitness: Bitness;
  /** The enclosing File's id: the server of COM classes and type libraries inside it. */
  fileId: string | undefined;
  /**
   * Where files without a Source are read from, as the compilers compose it: the nearest FileSource (v3 also `src`),
   * then each Directory's SourceName or Name below it, each ending in a backslash; '' at the top.
   */
  fileSource: string;
}

const TOP: Context = {
  dir: undefined,
  groupDir: undefined,
  component: undefined,
  regRoot: undefined,
  regKey: undefined,
  registration: undefined,
  bitness: 32,
  fileId: undefined,
  fileSource: '',
};

export function elementNameLocation(el: XmlElement): SourceLocation {
  return { kind: 'source', file: el.file, ...elementNameRange(el) };
}

export function attributeLocation(el: XmlElement, name: string): SourceLocation | undefined {
  const i = findAttribute(el, name);
  if (i < 0) return undefined;
  const { start, end } = attributeRange(el, i);
  return { kind: 'source', file: el.file, start, end };
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * Lowers the sections of one preprocessed document for one platform, walking the tree once: the preprocessor
 * evaluates directives as the walk meets them.
 */
export function lowerDocument(doc: XmlDocument, pp: Preprocessor, version: WixVersion, arch: BuildArch): Section[] {
  return new Lowerer(pp, version, arch, doc.root!.ns).document(doc.root!);
}

/** One package's database: the union of its linked sections. */
export function assemble(linked: LinkedPackage, arch: BuildArch): InstallerDb {
  const db = emptyDb(arch);
  db.package = linked.entry?.package;
  const [first, ...rest] = linked.sections;
  if (first) {
    // The first section's lists become the package's (no copy); the others are appended.
    db.components = first.components;
    db.files = first.files;
    db.registry = first.registry;
    db.customActions = first.customActions;
    db.registrySearches = first.registrySearches;
  }
  for (const s of linked.sections) {
    for (const d of s.directories) if (!db.directories.has(d.id)) db.directories.set(d.id, d);
    for (const p of s.properties) if (!db.properties.has(p.id)) db.properties.set(p.id, p);
    append(db.mergedModules, s.merges);
  }
  if (linked.entry?.bundle) db.bundle = { ...linked.entry.bundle, packages: linked.sections.flatMap((s) => s.chained) };
  if (rest.length > 0) {
    db.components = db.components.slice();
    db.files = db.files.slice();
    db.registry = db.registry.slice();
    db.customActions = db.customActions.slice();
    db.registrySearches = db.registrySearches.slice();
    for (const s of rest) {
      append(db.components, s.components);
      append(db.files, s.files);
      append(db.registry, s.registry);
      append(db.customActions, s.customActions);
      append(db.registrySearches, s.registrySearches);
    }
  }
  return db;
}

function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

class Lowerer {
  private readonly arch64: boolean;
  private readonly ns: string;
  private autoIds = 0;
  private section!: Section;
  /** v3 keeps an entry's summary information on a child <Package>. */
  private summary: XmlElement | undefined;

  constructor(
    private readonly pp: Preprocessor,
    private readonly version: WixVersion,
    private readonly arch: BuildArch,
    /** The document's WiX namespace (v3's, or WiX v2's read as v3; v4's). */
    ns: string,
  ) {
    this.arch64 = arch !== 'x86';
    this.ns = ns;
  }

  document(root: XmlElement): Section[] {
    const sections: Section[] = [];
    for (const child of this.pp.children(root)) {
      if (this.pp.stopped) break;
      if (child.type !== 'element' || !this.isWix(child)) continue;
      const kind = sectionKindOf(child.local);
      if (!kind) continue;
      this.section = {
        kind,
        version: this.version,
        file: child.file,
        defs: [],
        refs: [],
        package: undefined,
        directories: [],
        components: [],
        files: [],
        registry: [],
        customActions: [],
        registrySearches: [],
        properties: [],
        merges: [],
        chained: [],
        bundle: undefined,
      };
      this.summary = this.version === 4 ? child : undefined;
      this.children(child, TOP);
      if (kind === 'product' || kind === 'package' || kind === 'module') this.section.package = this.packageInfo(child, kind);
      if (kind === 'bundle') {
        const name = this.attr(child, 'Name');
        this.section.bundle = {
          label: name ? `Bundle '${name}'` : `the Bundle in ${path.basename(child.file)}`,
          location: elementNameLocation(child),
        };
      }
      sections.push(this.section);
    }
    return sections;
  }

  /** Content without a namespace counts as WiX (an include file that declares none). */
  private isWix(el: XmlElement): boolean {
    return el.ns === this.ns || el.ns === '';
  }

  private attr(el: XmlElement, name: string): string | undefined {
    return this.pp.attr(el, name);
  }

  private packageInfo(el: XmlElement, kind: Section['kind']): PackageInfo {
    // A module is named by its Id; a product's Id is its product code (or '*'), no name.
    const name = this.attr(el, 'Name') ?? (kind === 'module' ? this.attr(el, 'Id') : undefined);
    const noun = kind === 'product' ? 'Product' : kind === 'module' ? 'Module' : 'Package';
    const label = name ? `${noun} '${name}'` : `the ${noun} in ${path.basename(el.file)}`;
    const location = elementNameLocation(el);
    const summary = this.summary;

    let platform: PlatformInfo | undefined;
    const declared = this.version === 3 && summary ? this.attr(summary, 'Platform') : undefined;
    if (declared !== undefined) {
      const known = wix3PlatformToken(declared);
      if (known) platform = { ...known, source: `Platform="${declared}"`, location: attributeLocation(summary!, 'Platform')! };
    } else {
      platform = { ...archPlatformToken(this.arch), source: `the ${this.arch} build`, location };
    }

    const language = this.attr(el, 'Language');
    const languagesAttr = this.version === 3 && summary ? this.attr(summary, 'Languages') : undefined;
    const languagesText = languagesAttr ?? language ?? (this.version === 4 ? '0' : undefined);
    const languages =
      languagesText !== undefined && /^\s*\d+(\s*,\s*\d+)*\s*$/.test(languagesText) ? languagesText.split(',').map((l) => l.trim()) : undefined;
    const languagesLocation =
      (languagesAttr !== undefined ? attributeLocation(summary!, 'Languages') : attributeLocation(el, 'Language')) ?? location;

    const schemaValue = integer(summary ? this.attr(summary, 'InstallerVersion') : undefined);
    const schema = schemaValue !== undefined ? { value: schemaValue, location: attributeLocation(summary!, 'InstallerVersion')! } : undefined;

    const productLanguage =
      kind === 'product' && language !== undefined && integer(language) !== undefined
        ? { value: language.trim(), location: attributeLocation(el, 'Language')! }
        : undefined;

    return {
      label,
      kind: kind === 'module' ? 'module' : 'product',
      perMachine: this.perMachine(el, summary),
      platform,
      languages,
      languagesLocation,
      schema,
      productLanguage,
      location,
    };
  }

  /** v3 Package/@InstallScope, else the ALLUSERS property; v4 Package/@Scope, per machine by default. */
  private perMachine(el: XmlElement, summary: XmlElement | undefined): boolean | undefined {
    const scope = this.version === 3 ? (summary ? this.attr(summary, 'InstallScope') : undefined) : this.attr(el, 'Scope');
    if (scope === 'perMachine') return true;
    if (scope === 'perUser') return false;
    if (this.version === 4) return scope === undefined ? true : undefined;
    const allUsers = this.section.properties.find((p) => p.id === 'ALLUSERS')?.value;
    if (allUsers === undefined) return false;
    return allUsers === '1' ? true : undefined;
  }

  /** FileSource, or v3's deprecated `src`. */
  private fileSourceAttr(el: XmlElement): string | undefined {
    return this.attr(el, 'FileSource') ?? (this.version === 3 ? this.attr(el, 'src') : undefined);
  }

  /** Where a Directory's files without Source are read from (ParseDirectoryElement in both compilers). */
  private directoryFileSource(el: XmlElement, parent: string): string {
    const own = this.fileSourceAttr(el);
    if (own !== undefined) return folderPath(own);
    const sourceName = this.attr(el, 'SourceName');
    const name = this.attr(el, 'Name');
    // v3 reads Name="." as no name; SourceName="." is kept as a folder of its own.
    const append = sourceName !== undefined && sourceName !== '' ? sourceName : name !== '.' ? name : undefined;
    return append !== undefined && append !== '' ? `${parent}${append}\\` : parent;
  }

  private resolveDir(id: string): string {
    if (this.version === 4) {
      const follows = standardFolder(id)?.follows;
      if (follows) return follows[this.arch64 ? 64 : 32];
    }
    return id;
  }

  private addDirectory(id: string, parent: string | undefined, location: SourceLocation): void {
    this.section.directories.push({ id, parent, location });
    this.section.defs.push(`Directory:${id}`);
  }

  /** Makes sure a referenced standard folder exists, as WiX v4 does implicitly; references it either way. */
  private referenceDir(id: string, location: SourceLocation): void {
    this.section.refs.push(`Directory:${id}`);
    if (standardFolder(id) !== undefined) this.addDirectory(id, id === 'TARGETDIR' ? undefined : 'TARGETDIR', location);
  }

  /** Bitness from v3 Win64 or v4 Bitness; unset means the build platform's bitness. */
  private bitness(el: XmlElement): {
    bitness: Bitness;
    authored: string | undefined;
    location: SourceLocation;
    attribute: BitnessAttribute;
  } {
    const name = bitnessAttribute(this.version, 64).name;
    const value = this.attr(el, name);
    const location = attributeLocation(el, name) ?? elementNameLocation(el);
    const fallback: Bitness = this.arch64 ? 64 : 32;
    if (value === undefined) return { bitness: fallback, authored: undefined, location, attribute: name };
    const v = value.trim().toLowerCase();
    const pinned = pinnedBitness(this.version, value);
    const bitness = pinned ?? fallback;
    // A value built from a variable that has none here ("$(var.Win64)") says nothing: the platform's default, said so.
    if (value.includes('$(')) {
      return {
        bitness,
        authored: `${name}="${value}" has no value here, so it follows the ${this.arch64 ? '64-bit' : 'x86'} build`,
        location,
        attribute: name,
      };
    }
    const authored = this.version === 3 && pinned === undefined ? undefined : `${name}="${value}"`;
    return { bitness, authored: v === 'default' ? undefined : authored, location, attribute: name };
  }

  private children(el: XmlElement, ctx: Context): void {
    for (const child of this.pp.children(el)) {
      // Out of the caller's time: the elements left are not read (see Preprocessor.stopped).
      if (this.pp.stopped) return;
      if (child.type === 'element' && this.isWix(child)) this.element(child, ctx);
    }
  }

  private element(el: XmlElement, ctx: Context): void {
    const local = el.local;
    const def = definedKind(local);
    const ref = referredKind(local);
    // Directories and components record their own symbols (resolved ids, implicit ids).
    if ((def !== undefined && def !== 'Directory' && def !== 'Component') || ref !== undefined) {
      const id = this.attr(el, 'Id');
      if (id !== undefined) {
        if (def !== undefined) this.section.defs.push(`${def}:${id}`);
        else if (ref !== 'Directory') this.section.refs.push(`${ref}:${id}`);
      }
    }
    const setter = setterActionId(local, this.attr(el, 'Id'), this.attr(el, 'Action'));
    if (setter !== undefined) this.section.defs.push(`CustomAction:${setter}`);
    switch (local) {
      case 'Directory':
      case 'StandardDirectory': {
        const raw = this.attr(el, 'Id');
        const id = raw !== undefined ? this.resolveDir(raw) : `__dir${++this.autoIds}`;
        const location = attributeLocation(el, 'Id') ?? elementNameLocation(el);
        this.addDirectory(id, ctx.dir ?? (id === 'TARGETDIR' ? undefined : 'TARGETDIR'), location);
        this.children(el, { ...ctx, dir: id, fileSource: this.directoryFileSource(el, ctx.fileSource) });
        return;
      }
      case 'DirectoryRef': {
        const raw = this.attr(el, 'Id');
        if (raw === undefined) return;
        const id = this.resolveDir(raw);
        this.referenceDir(id, attributeLocation(el, 'Id')!);
        this.children(el, { ...ctx, dir: id, fileSource: folderPath(this.fileSourceAttr(el) ?? '') });
        return;
      }
      case 'ComponentGroup': {
        const dir = this.attr(el, 'Directory');
        const groupDir = dir !== undefined ? this.resolveDir(dir) : ctx.groupDir;
        if (dir !== undefined) this.referenceDir(groupDir!, attributeLocation(el, 'Directory')!);
        const source = this.attr(el, 'Source');
        this.children(el, {
          ...ctx,
          groupDir,
          dir: dir !== undefined ? undefined : ctx.dir,
          fileSource: source !== undefined ? folderPath(source) : ctx.fileSource,
        });
        return;
      }
      case 'Component':
        this.component(el, ctx);
        return;
      case 'File': {
        const sourceAttribute = this.attr(el, 'Source') !== undefined || this.version === 4 ? 'Source' : 'src';
        const written = this.attr(el, sourceAttribute);
        const name = this.attr(el, 'Name') ?? (written !== undefined && !endsInSeparator(written) ? fileName(written) : undefined);
        const id = this.attr(el, 'Id') ?? name ?? '';
        // WiX v4 and later: a File outside a Component is a component of its own (ParseNakedFileElement).
        if (ctx.component === undefined && this.version === 4 && id !== '') ctx = this.nakedFileComponent(el, id, ctx);
        if (ctx.component !== undefined) {
          const location = elementNameLocation(el);
          const nameLocation = attributeLocation(el, 'Name') ?? location;
          this.section.files.push({
            id,
            component: ctx.component,
            name,
            source: fileSourcePath(written ?? ctx.fileSource, name),
            location,
            nameLocation,
            sourceLocation: attributeLocation(el, sourceAttribute) ?? nameLocation,
          });
        }
        if (el.children.length > 0) this.children(el, { ...ctx, fileId: id });
        return;
      }
      case 'Files': {
        if (this.version === 4) this.harvestedComponents(el, ctx);
        return;
      }
      case 'Merge': {
        const id = this.attr(el, 'Id');
        const sourceFile = this.attr(el, 'SourceFile');
        if (id !== undefined && sourceFile !== undefined) {
          // A Merge is defined where it sits and referenced by MergeRef (the linker keeps its fragment with the feature).
          this.section.defs.push(`Merge:${id}`);
          this.section.merges.push({
            id,
            sourceFile,
            directory: ctx.dir,
            location: elementNameLocation(el),
            readFrom: undefined,
            platform: undefined,
          });
        }
        return;
      }
      case 'MsiPackage': {
        // v4 may name the file in an MsiPackagePayload child instead.
        const payload = this.pp.children(el).find((c): c is XmlElement => c.type === 'element' && this.isWix(c) && c.local === 'MsiPackagePayload');
        const name = this.attr(el, 'Name');
        const written = this.attr(el, 'SourceFile') ?? (payload ? this.attr(payload, 'SourceFile') : undefined);
        // As ParseChainPackage composes it: Name alone is read from SourceDir (the bind paths); a folder gets Name's file name.
        const sourceFile =
          written === undefined
            ? name !== undefined
              ? `SourceDir\\${name}`
              : undefined
            : endsInSeparator(written) && name !== undefined
              ? written + fileName(name)
              : written;
        if (sourceFile !== undefined) {
          const location = elementNameLocation(el);
          this.section.chained.push({
            id: this.attr(el, 'Id') ?? fileName(name) ?? fileName(sourceFile) ?? sourceFile,
            sourceFile,
            location,
            installCondition: this.attr(el, 'InstallCondition'),
            conditionLocation: attributeLocation(el, 'InstallCondition') ?? location,
          });
        }
        return;
      }
      case 'PackageGroup': {
        const id = this.attr(el, 'Id');
        if (id !== undefined) this.section.defs.push(`PackageGroup:${id}`);
        this.children(el, ctx);
        return;
      }
      case 'PackageGroupRef': {
        const id = this.attr(el, 'Id');
        if (id !== undefined) this.section.refs.push(`PackageGroup:${id}`);
        return;
      }
      case 'MergeRef': {
        const id = this.attr(el, 'Id');
        if (id !== undefined) this.section.refs.push(`Merge:${id}`);
        return;
      }
      case 'Class':
      case 'ProgId':
      case 'TypeLib':
      case 'AppId':
      case 'Interface':
      case 'Extension':
        this.com(el, ctx);
        return;
      case 'Property': {
        const id = this.attr(el, 'Id');
        if (id !== undefined) {
          const value = this.attr(el, 'Value') ?? (this.pp.text(el).trim() || undefined);
          this.section.properties.push({ id, value, location: elementNameLocation(el) });
        }
        this.children(el, ctx);
        return;
      }
      case 'RegistrySearch': {
        const b = this.bitness(el);
        this.section.registrySearches.push({
          id: this.attr(el, 'Id') ?? '',
          is64: b.bitness === 64,
          bitnessAuthored: b.authored,
          bitnessLocation: b.location,
          bitnessAttribute: b.attribute,
          location: elementNameLocation(el),
        });
        this.children(el, ctx);
        return;
      }
      case 'CustomAction':
        this.customAction(el);
        return;
      case 'Custom': {
        const action = this.attr(el, 'Action');
        if (action !== undefined) this.section.refs.push(`CustomAction:${action}`);
        return;
      }
      case 'RegistryKey':
      case 'RegistryValue':
        this.registry(el, ctx);
        return;
      case 'Package':
        if (this.version === 3) this.summary = el;
        this.children(el, ctx);
        return;
      default:
        this.children(el, ctx);
    }
  }

  private component(el: XmlElement, ctx: Context): void {
    const component = this.authoredComponent(el, ctx, () => ({
      id: this.attr(el, 'Id') ?? '',
      guid: this.attr(el, 'Guid'),
      condition: this.version === 4 ? this.attr(el, 'Condition') : undefined,
    }));
    const files = this.section.files.length;
    const registry = this.section.registry.length;
    const inner = componentContext(ctx, component.id, component.bitness);
    for (const child of this.pp.children(el)) {
      if (this.pp.stopped) break;
      if (child.type !== 'element' || !this.isWix(child)) continue;
      if (child.local === 'Condition' && this.version === 3) component.condition = this.pp.text(child).trim();
      else this.element(child, inner);
    }
    // WiX v4 names a component without an Id after its key file.
    if (component.id === '') {
      const file = this.section.files[files];
      component.id = file?.id || `component${++this.autoIds}`;
      for (let i = files; i < this.section.files.length; i++) this.section.files[i]!.component = component.id;
      for (let i = registry; i < this.section.registry.length; i++) this.section.registry[i]!.component = component.id;
    } else {
      this.section.defs.push(`Component:${component.id}`);
    }
  }

  /**
   * The component WiX makes for a File outside a Component: named as the file, in the File's Directory (else the
   * parent's, else INSTALLFOLDER), 64-bit by its Bitness or the build, with its Condition; the context for its file
   * and what the File holds (COM classes and type libraries register as that component).
   */
  private nakedFileComponent(el: XmlElement, id: string, ctx: Context): Context {
    const component = this.authoredComponent(el, ctx, () => ({ id, guid: undefined, condition: this.attr(el, 'Condition'), ownFile: true }));
    this.section.defs.push(`Component:${id}`);
    return componentContext(ctx, id, component.bitness);
  }

  /**
   * A component an element authors (a Component, or the one a File outside a Component makes), added to the section:
   * its bitness as the element gives it, its directory (componentDirectory), and what `own` reads of the element after
   * them (in that order, as the preprocessor records the variables it reads). The record is written out field by field, so
   * every component has one compact shape: spreading `own()` into it cost a 65,000-component project 0.7 s and 60 MB.
   */
  private authoredComponent(el: XmlElement, ctx: Context, own: () => Pick<Component, 'id' | 'guid' | 'condition'> & { ownFile?: true }): Component {
    const b = this.bitness(el);
    const { directory, directoryLocation, location } = this.componentDirectory(el, ctx);
    const { id, guid, condition, ownFile } = own();
    const component: Component = {
      id,
      guid,
      bitness: b.bitness,
      bitnessAuthored: b.authored,
      bitnessLocation: b.location,
      bitnessAttribute: b.attribute,
      directory,
      directoryLocation,
      condition,
      location,
    };
    if (ownFile) component.ownFile = true;
    this.section.components.push(component);
    return component;
  }

  /**
   * The components a Files element (WiX v5 and later) stands for: WiX harvests its Include patterns when it links, one
   * component per file found, in the Files' Directory (else the parent's, else INSTALLFOLDER), 64-bit exactly when the
   * build is (ParseFilesElement, HarvestFilesAndPayloadsCommand). Which files it finds is not known here: they are one
   * component, marked as harvested, that has no files.
   */
  private harvestedComponents(el: XmlElement, ctx: Context): void {
    const include = this.attr(el, 'Include');
    if (include === undefined || include.trim() === '') return;
    const { directory, directoryLocation, location } = this.componentDirectory(el, ctx);
    this.section.components.push({
      id: include,
      guid: undefined,
      bitness: this.arch64 ? 64 : 32,
      bitnessAuthored: undefined,
      bitnessLocation: location,
      bitnessAttribute: 'Bitness',
      directory,
      directoryLocation,
      condition: undefined,
      location,
      harvested: include,
    });
  }

  /**
   * A component's directory (a Component's, or one a File or Files makes): its Directory attribute (referenced), else
   * the parent's directory, else, in WiX v4, INSTALLFOLDER; and where to point at it and at the element.
   */
  private componentDirectory(
    el: XmlElement,
    ctx: Context,
  ): { directory: string | undefined; directoryLocation: SourceLocation; location: SourceLocation } {
    const dirAttr = this.attr(el, 'Directory');
    const location = elementNameLocation(el);
    const directoryLocation = attributeLocation(el, 'Directory') ?? location;
    if (dirAttr === undefined) {
      return { directory: ctx.dir ?? ctx.groupDir ?? (this.version === 4 ? 'INSTALLFOLDER' : undefined), directoryLocation, location };
    }
    const directory = this.resolveDir(dirAttr);
    this.referenceDir(directory, directoryLocation);
    return { directory, directoryLocation, location };
  }

  /** COM authoring under a component stands for registry writes; they count as one registration, the element. */
  private com(el: XmlElement, ctx: Context): void {
    if (ctx.component === undefined) return;
    const writes = comWrites(el, this.comHost, {
      bitness: ctx.bitness,
      fileId: ctx.fileId,
      version: this.version,
      component: ctx.component,
      registration: elementNameLocation(el),
    });
    for (const w of writes) this.section.registry.push(w);
  }

  private readonly comHost: ComHost = {
    attr: (el, name) => this.attr(el, name),
    children: (el) => {
      const out: XmlElement[] = [];
      for (const c of this.pp.children(el)) if (c.type === 'element' && this.isWix(c)) out.push(c);
      return out;
    },
    location: elementNameLocation,
  };

  private customAction(el: XmlElement): void {
    const script = this.attr(el, 'Script');
    const isScript = (script !== undefined && /^(vb|j)script$/i.test(script.trim())) || SCRIPT_CALLS.some((n) => this.attr(el, n) !== undefined);
    const binary = this.attr(el, 'BinaryKey') ?? this.attr(el, 'BinaryRef');
    if (binary !== undefined) this.section.refs.push(`Binary:${binary}`);
    const b = this.bitness(el);
    this.section.customActions.push({
      id: this.attr(el, 'Id') ?? '',
      script64: isScript && b.bitness === 64,
      bitnessAuthored: b.authored,
      bitnessLocation: b.location,
      bitnessAttribute: b.attribute,
      location: elementNameLocation(el),
    });
  }

  private registry(el: XmlElement, ctx: Context): void {
    const rootAttr = this.attr(el, 'Root');
    const root = rootAttr !== undefined ? REGISTRY_ROOTS[rootAttr.trim().toUpperCase()] : ctx.regRoot;
    const key = joinKey(ctx.regKey, this.attr(el, 'Key'));
    const location = elementNameLocation(el);
    const registration = ctx.registration ?? location;
    if (el.local === 'RegistryValue' && ctx.component !== undefined && root !== undefined && key !== undefined) {
      this.section.registry.push({
        component: ctx.component,
        root,
        key,
        name: this.attr(el, 'Name'),
        value: this.attr(el, 'Value') ?? (this.pp.text(el).trim() || undefined),
        location,
        registration,
      });
    }
    if (el.children.length > 0) this.children(el, { ...ctx, regRoot: root, regKey: key, registration });
  }
}

function joinKey(parent: string | undefined, key: string | undefined): string | undefined {
  if (key === undefined) return parent;
  if (parent === undefined || parent === '') return key;
  return `${parent.replace(/\\+$/, '')}\\${key}`;
}

function endsInSeparator(p: string): boolean {
  return p.endsWith('\\') || p.endsWith('/');
}

/** A folder as the compilers keep it for FileSource: ending in a backslash, unless empty. */
function folderPath(p: string): string {
  return p === '' || endsInSeparator(p) ? p : `${p}\\`;
}

/** The context inside a component: its id and bitness, and no registry key, registration or File around. */
function componentContext(ctx: Context, component: string, bitness: Bitness): Context {
  return { ...ctx, component, regRoot: undefined, regKey: undefined, registration: undefined, bitness, fileId: undefined };
}

/** The path the binder reads a file from: Source as written, a folder (Source or FileSource) and Name, or Name alone. */
function fileSourcePath(source: string, name: string | undefined): string | undefined {
  if (source === '') return name;
  if (endsInSeparator(source)) return name !== undefined ? source + name : undefined;
  return source;
}

/** The file name a source path ends in; undefined when it ends in none. */
function fileName(source: string | undefined): string | undefined {
  return source === undefined ? undefined : baseName(source) || undefined;
}
