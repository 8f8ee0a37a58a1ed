// Lowers linked WiX sections for one build platform into the installer model, as candle / `wix build` would.
import {
  emptyDb,
  RegistryRoot,
  type Bitness,
  type BitnessAttribute,
  type BuildArch,
  type InstallerDb,
  type PackageInfo,
  type PlatformInfo,
  type SourceLocation,
} from '../model/installer';
import { attr, isWix, type LinkedPackage, type Section, type WixVersion } from './link';
import type { WixElement } from './preprocess';
import { attributeRange, findAttribute } from './xml';

/** v3 Package/@Platform values and the Template platform token each produces. */
const V3_PLATFORMS: Record<string, { token: string; bitness: Bitness }> = {
  x86: { token: 'Intel', bitness: 32 },
  intel: { token: 'Intel', bitness: 32 },
  x64: { token: 'x64', bitness: 64 },
  amd64: { token: 'x64', bitness: 64 },
  ia64: { token: 'Intel64', bitness: 64 },
  intel64: { token: 'Intel64', bitness: 64 },
  arm: { token: 'Arm', bitness: 32 },
  arm64: { token: 'Arm64', bitness: 64 },
};

const ARCH_TOKENS: Record<BuildArch, { token: string; bitness: Bitness }> = {
  x86: { token: 'Intel', bitness: 32 },
  x64: { token: 'x64', bitness: 64 },
  arm64: { token: 'Arm64', bitness: 64 },
};

/** v4 StandardDirectory ids that resolve by platform. */
const PLATFORM_FOLDERS: Record<string, [string, string]> = {
  ProgramFiles6432Folder: ['ProgramFilesFolder', 'ProgramFiles64Folder'],
  CommonFiles6432Folder: ['CommonFilesFolder', 'CommonFiles64Folder'],
  System6432Folder: ['SystemFolder', 'System64Folder'],
};

/** Standard folders WiX v4 defines on first reference. */
const STANDARD_DIRECTORIES = new Set([
  'TARGETDIR',
  'ProgramFilesFolder',
  'ProgramFiles64Folder',
  'CommonFilesFolder',
  'CommonFiles64Folder',
  'SystemFolder',
  'System64Folder',
  'System16Folder',
  'WindowsFolder',
  'AppDataFolder',
  'LocalAppDataFolder',
  'CommonAppDataFolder',
  'ProgramMenuFolder',
  'StartMenuFolder',
  'StartupFolder',
  'DesktopFolder',
  'PersonalFolder',
  'FontsFolder',
  'TempFolder',
  'SendToFolder',
  'FavoritesFolder',
  'TemplateFolder',
  'AdminToolsFolder',
  'MyPicturesFolder',
  'NetHoodFolder',
  'PrintHoodFolder',
  'RecentFolder',
  'WindowsVolume',
  'PerUserProgramFilesFolder',
]);

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
}

const TOP: Context = { dir: undefined, groupDir: undefined, component: undefined, regRoot: undefined, regKey: undefined };

export function elementNameLocation(el: WixElement): SourceLocation {
  return { kind: 'source', file: el.file, start: el.start + 1, end: el.nameEnd };
}

export function attributeLocation(el: WixElement, name: string): SourceLocation | undefined {
  const i = findAttribute(el, name);
  return i < 0 ? undefined : { kind: 'source', file: el.file, ...attributeRange(el, i) };
}

function findChild(el: WixElement, local: string, version: WixVersion): WixElement | undefined {
  for (const c of el.children) if (c.type === 'element' && c.local === local && isWix(c, version)) return c;
  return undefined;
}

/** The element's own text content. */
function textOf(el: WixElement): string {
  let text = '';
  for (const c of el.children) if (c.type === 'text') text += c.value;
  return text;
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** Lowers one linked package for one build platform. */
export function lowerPackage(linked: LinkedPackage, arch: BuildArch): InstallerDb {
  return new Lowerer(arch).run(linked);
}

class Lowerer {
  private readonly db: InstallerDb;
  private readonly arch64: boolean;
  private version: WixVersion = 4;
  private autoIds = 0;

  constructor(private readonly arch: BuildArch) {
    this.db = emptyDb(arch);
    this.arch64 = arch !== 'x86';
  }

  run(linked: LinkedPackage): InstallerDb {
    const { entry } = linked;
    if (entry) this.db.package = this.packageInfo(entry);
    for (const section of linked.sections) {
      this.version = section.version;
      this.children(section.element, TOP);
    }
    return this.db;
  }

  private packageInfo(entry: Section): PackageInfo | undefined {
    const el = entry.element;
    const name = attr(el, 'Name') ?? attr(el, 'Id');
    if (entry.kind === 'bundle') return undefined;
    const kind = entry.kind === 'module' ? 'module' : 'product';
    const noun = entry.kind === 'product' ? 'Product' : entry.kind === 'module' ? 'Module' : 'Package';
    const label = name ? `${noun} '${name}'` : noun;
    const location = elementNameLocation(el);
    // v3 keeps the summary information on a child <Package>; v4 has it on <Package> / <Module> itself.
    const summary = entry.version === 3 ? findChild(el, 'Package', 3) : el;

    let platform: PlatformInfo | undefined;
    const declared = entry.version === 3 && summary ? attr(summary, 'Platform') : undefined;
    if (declared !== undefined) {
      const known = V3_PLATFORMS[declared.trim().toLowerCase()];
      if (known) {
        platform = {
          ...known,
          source: `Platform="${declared}"`,
          location: attributeLocation(summary!, 'Platform')!,
        };
      }
    } else {
      platform = { ...ARCH_TOKENS[this.arch], source: `the ${this.arch} build`, location };
    }

    const language = attr(el, 'Language');
    const languagesAttr = entry.version === 3 && summary ? attr(summary, 'Languages') : undefined;
    const languagesText = languagesAttr ?? language ?? (entry.version === 4 ? '0' : undefined);
    const languages =
      languagesText !== undefined && /^\s*\d+(\s*,\s*\d+)*\s*$/.test(languagesText)
        ? languagesText.split(',').map((l) => l.trim())
        : undefined;
    const languagesLocation =
      (languagesAttr !== undefined ? attributeLocation(summary!, 'Languages') : attributeLocation(el, 'Language')) ?? location;

    const versionAttr = summary ? attr(summary, 'InstallerVersion') : undefined;
    const schemaValue = integer(versionAttr);
    const schema =
      schemaValue !== undefined ? { value: schemaValue, location: attributeLocation(summary!, 'InstallerVersion')! } : undefined;

    const productLanguage =
      kind === 'product' && language !== undefined && integer(language) !== undefined
        ? { value: language.trim(), location: attributeLocation(el, 'Language')! }
        : undefined;

    return { label, kind, platform, languages, languagesLocation, schema, productLanguage, location };
  }

  private resolveDir(id: string): string {
    if (this.version === 4) {
      const pair = PLATFORM_FOLDERS[id];
      if (pair) return this.arch64 ? pair[1] : pair[0];
    }
    return id;
  }

  /** Makes sure a referenced standard folder exists, as WiX v4 does implicitly. */
  private ensureStandardDir(id: string, location: SourceLocation): void {
    if (!this.db.directories.has(id) && STANDARD_DIRECTORIES.has(id)) {
      this.db.directories.set(id, { id, parent: id === 'TARGETDIR' ? undefined : 'TARGETDIR', location });
    }
  }

  /** Bitness from v3 Win64 or v4 Bitness; unset means the build platform's bitness. */
  private bitness(el: WixElement): {
    bitness: Bitness;
    authored: string | undefined;
    location: SourceLocation;
    attribute: BitnessAttribute;
  } {
    const name = this.version === 3 ? 'Win64' : 'Bitness';
    const value = attr(el, name);
    const location = attributeLocation(el, name) ?? elementNameLocation(el);
    const fallback: Bitness = this.arch64 ? 64 : 32;
    if (value === undefined) return { bitness: fallback, authored: undefined, location, attribute: name };
    const v = value.trim().toLowerCase();
    let bitness = fallback;
    if (this.version === 3) {
      if (v === 'yes') bitness = 64;
      else if (v === 'no') bitness = 32;
    } else if (v === 'always64') bitness = 64;
    else if (v === 'always32') bitness = 32;
    const authored = this.version === 3 && v !== 'yes' && v !== 'no' ? undefined : `${name}="${value}"`;
    return { bitness, authored: v === 'default' ? undefined : authored, location, attribute: name };
  }

  private children(el: WixElement, ctx: Context): void {
    for (const child of el.children) {
      if (child.type === 'element' && isWix(child, this.version)) this.element(child, ctx);
    }
  }

  private element(el: WixElement, ctx: Context): void {
    switch (el.local) {
      case 'Directory':
      case 'StandardDirectory': {
        const raw = attr(el, 'Id');
        const id = raw !== undefined ? this.resolveDir(raw) : `__dir${++this.autoIds}`;
        const location = attributeLocation(el, 'Id') ?? elementNameLocation(el);
        const parent = ctx.dir ?? (id === 'TARGETDIR' ? undefined : 'TARGETDIR');
        if (!this.db.directories.has(id)) this.db.directories.set(id, { id, parent, location });
        this.children(el, { ...ctx, dir: id });
        return;
      }
      case 'DirectoryRef': {
        const raw = attr(el, 'Id');
        if (raw === undefined) return;
        const id = this.resolveDir(raw);
        this.ensureStandardDir(id, attributeLocation(el, 'Id')!);
        this.children(el, { ...ctx, dir: id });
        return;
      }
      case 'ComponentGroup': {
        const dir = attr(el, 'Directory');
        const groupDir = dir !== undefined ? this.resolveDir(dir) : ctx.groupDir;
        if (dir !== undefined) this.ensureStandardDir(groupDir!, attributeLocation(el, 'Directory')!);
        this.children(el, { ...ctx, groupDir, dir: dir !== undefined ? undefined : ctx.dir });
        return;
      }
      case 'Component':
        this.component(el, ctx);
        return;
      case 'File':
        if (ctx.component !== undefined) {
          this.db.files.push({
            id: attr(el, 'Id') ?? attr(el, 'Name') ?? fileName(attr(el, 'Source')) ?? '',
            component: ctx.component,
            name: attr(el, 'Name'),
            source: attr(el, 'Source'),
            location: elementNameLocation(el),
          });
        }
        this.children(el, ctx);
        return;
      case 'Property': {
        const id = attr(el, 'Id');
        if (id !== undefined && !this.db.properties.has(id)) {
          this.db.properties.set(id, { id, value: attr(el, 'Value') ?? (textOf(el) || undefined), location: elementNameLocation(el) });
        }
        this.children(el, ctx);
        return;
      }
      case 'RegistrySearch': {
        const b = this.bitness(el);
        this.db.registrySearches.push({
          id: attr(el, 'Id') ?? '',
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
      case 'RegistryKey':
      case 'RegistryValue':
        this.registry(el, ctx);
        return;
      case 'Package':
      case 'Product':
      case 'Module':
      case 'Fragment':
      case 'Feature':
      case 'FeatureGroup':
      case 'FeatureRef':
      case 'FeatureGroupRef':
      case 'ComponentSearch':
      case 'DirectorySearch':
      case 'FileSearch':
      case 'Files':
        this.children(el, ctx);
        return;
      default:
        return;
    }
  }

  private component(el: WixElement, ctx: Context): void {
    const b = this.bitness(el);
    const dirAttr = attr(el, 'Directory');
    let directory = dirAttr !== undefined ? this.resolveDir(dirAttr) : (ctx.dir ?? ctx.groupDir);
    if (directory === undefined && this.version === 4) directory = 'INSTALLFOLDER';
    const nameLocation = elementNameLocation(el);
    const directoryLocation = attributeLocation(el, 'Directory') ?? nameLocation;
    if (directory !== undefined) this.ensureStandardDir(directory, directoryLocation);
    let condition: string | undefined;
    if (this.version === 3) {
      const c = findChild(el, 'Condition', 3);
      if (c) condition = textOf(c).trim();
    } else {
      condition = attr(el, 'Condition');
    }
    const id = attr(el, 'Id') ?? this.implicitComponentId(el);
    this.db.components.push({
      id,
      guid: attr(el, 'Guid'),
      bitness: b.bitness,
      bitnessAuthored: b.authored,
      bitnessLocation: b.location,
      bitnessAttribute: b.attribute,
      directory,
      directoryLocation,
      condition,
      location: nameLocation,
    });
    this.children(el, { ...ctx, component: id, regRoot: undefined, regKey: undefined });
  }

  /** WiX v4 names a component without an Id after its key file. */
  private implicitComponentId(el: WixElement): string {
    const file = findChild(el, 'File', this.version);
    const fromFile = file ? (attr(file, 'Id') ?? attr(file, 'Name') ?? fileName(attr(file, 'Source'))) : undefined;
    return fromFile ?? `component${++this.autoIds}`;
  }

  private customAction(el: WixElement): void {
    const script = attr(el, 'Script');
    const isScript =
      (script !== undefined && /^(vb|j)script$/i.test(script.trim())) || SCRIPT_CALLS.some((n) => attr(el, n) !== undefined);
    const b = this.bitness(el);
    this.db.customActions.push({
      id: attr(el, 'Id') ?? '',
      script64: isScript && b.bitness === 64,
      bitnessAuthored: b.authored,
      bitnessLocation: b.location,
      bitnessAttribute: b.attribute,
      location: elementNameLocation(el),
    });
  }

  private registry(el: WixElement, ctx: Context): void {
    const rootAttr = attr(el, 'Root');
    const root = rootAttr !== undefined ? REGISTRY_ROOTS[rootAttr.trim().toUpperCase()] : ctx.regRoot;
    const keyAttr = attr(el, 'Key');
    const key = joinKey(ctx.regKey, keyAttr);
    if (el.local === 'RegistryValue' && ctx.component !== undefined && root !== undefined && key !== undefined) {
      this.db.registry.push({
        component: ctx.component,
        root,
        key,
        name: attr(el, 'Name'),
        value: attr(el, 'Value') ?? (textOf(el) || undefined),
        location: elementNameLocation(el),
      });
    }
    this.children(el, { ...ctx, regRoot: root, regKey: key });
  }
}

function joinKey(parent: string | undefined, key: string | undefined): string | undefined {
  if (key === undefined) return parent;
  if (parent === undefined || parent === '') return key;
  return `${parent.replace(/\\+$/, '')}\\${key}`;
}

function fileName(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const parts = source.split(/[\\/]/);
  return parts[parts.length - 1] || undefined;
}
