// The WiX terms every part of wixlint shares, each written down once: the namespaces and versions, the section
// elements, which elements define and which refer to ids, the standard folders WiX knows, and how a component's
// bitness is written. Facts of Windows Installer itself (platform tokens, the standard folders' bitness) live in
// model/platform.ts and model/directories.ts.
import type { Bitness } from '../model/platform';
import { WINDOWS_INSTALLER_FOLDERS } from '../model/directories';
import { attributeValueOf, type XmlElement } from './xml';

export const WIX3_NS = 'http://schemas.microsoft.com/wix/2006/wi';
export const WIX4_NS = 'http://wixtoolset.org/schemas/v4/wxs';
/** WiX v2's namespace: candle v2 sources, read as v3 (the schema changed little; WiX v3 converts them). */
export const WIX2_NS = 'http://schemas.microsoft.com/wix/2003/01/wi';
/** The WiX Burn bootstrapper application extension (v4 and later). */
export const BAL_NS = 'http://wixtoolset.org/schemas/v4/wxs/bal';

/** 3 for WiX v3 (and v2) sources, 4 for WiX v4 and later (v5 and v6 share v4's namespace). */
export type WixVersion = 3 | 4;

/** The WiX version a namespace belongs to; undefined for any other namespace, including none. */
export function wixVersionOf(ns: string): WixVersion | undefined {
  if (ns === WIX3_NS || ns === WIX2_NS) return 3;
  if (ns === WIX4_NS) return 4;
  return undefined;
}

/** Namespaces whose elements are WiX's own, and none: an include or a fragment often declares no namespace. */
export function isWixNamespace(ns: string): boolean {
  return ns === '' || wixVersionOf(ns) !== undefined;
}

export type SectionKind = 'product' | 'package' | 'module' | 'bundle' | 'patch' | 'fragment';

const SECTION_KINDS: Readonly<Record<string, SectionKind>> = {
  Product: 'product',
  Package: 'package',
  Module: 'module',
  Bundle: 'bundle',
  Patch: 'patch',
  Fragment: 'fragment',
};

/** The section a child of <Wix> starts (a v4 <Package> is an entry; a v3 <Package> sits inside <Product>). */
export function sectionKindOf(local: string): SectionKind | undefined {
  return own(SECTION_KINDS, local);
}

/** Symbol kinds the WiX linker resolves by Id (the Directory table holds StandardDirectory ids too). */
export type SymbolKind =
  | 'Binary'
  | 'Component'
  | 'ComponentGroup'
  | 'CustomAction'
  | 'Directory'
  | 'Feature'
  | 'FeatureGroup'
  | 'File'
  | 'Icon'
  | 'Property';

/** Elements whose Id defines a symbol. */
const DEFINING_ELEMENTS: Readonly<Record<string, SymbolKind>> = {
  Binary: 'Binary',
  Component: 'Component',
  ComponentGroup: 'ComponentGroup',
  CustomAction: 'CustomAction',
  Directory: 'Directory',
  StandardDirectory: 'Directory',
  Feature: 'Feature',
  FeatureGroup: 'FeatureGroup',
  File: 'File',
  Icon: 'Icon',
  Property: 'Property',
};

/** Elements whose Id refers to a symbol. */
const REFERRING_ELEMENTS: Readonly<Record<string, SymbolKind>> = {
  BinaryRef: 'Binary',
  ComponentRef: 'Component',
  ComponentGroupRef: 'ComponentGroup',
  CustomActionRef: 'CustomAction',
  DirectoryRef: 'Directory',
  FeatureRef: 'Feature',
  FeatureGroupRef: 'FeatureGroup',
  PropertyRef: 'Property',
};

/** The kind of symbol an element's Id defines (`<Component Id>`: a Component), if any. */
export function definedKind(local: string): SymbolKind | undefined {
  return own(DEFINING_ELEMENTS, local);
}

/** The kind of symbol an element's Id refers to (`<ComponentRef Id>`: a Component), if any. */
export function referredKind(local: string): SymbolKind | undefined {
  return own(REFERRING_ELEMENTS, local);
}

/**
 * The custom action a SetProperty or SetDirectory element defines: its Action, else "Set" and its Id, as WiX v3's and
 * v4's compilers name it (ParseSetPropertyElement, ParseSetDirectoryElement).
 */
export function setterActionId(local: string, id: string | undefined, action: string | undefined): string | undefined {
  if (local !== 'SetProperty' && local !== 'SetDirectory') return undefined;
  if (action !== undefined && action !== '') return action;
  return id === undefined ? undefined : `Set${id}`;
}

/** Attributes that refer to a symbol, by element (`*` for any element). */
const REFERRING_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, SymbolKind>>>> = {
  '*': { Directory: 'Directory' },
  Component: { Directory: 'Directory' },
  ComponentGroup: { Directory: 'Directory' },
  CopyFile: { DestinationDirectory: 'Directory', SourceDirectory: 'Directory', FileId: 'File' },
  Custom: { Action: 'CustomAction' },
  CustomAction: { BinaryKey: 'Binary', BinaryRef: 'Binary', FileKey: 'File', FileRef: 'File', Directory: 'Directory', Property: 'Property' },
  Feature: { ConfigurableDirectory: 'Directory' },
  Shortcut: { Directory: 'Directory', Icon: 'Icon' },
  ProgId: { Icon: 'Icon' },
  Class: { Icon: 'Icon' },
  Product: { Icon: 'Icon' },
};

/** The symbol an attribute other than Id refers to: the element's own table, then any element's. */
export function referringAttributeKind(element: string, attribute: string): SymbolKind | undefined {
  // A Directory element has no Directory attribute of its own; Component and the rest do.
  if (element === 'Directory' && attribute === 'Directory') return undefined;
  const forElement = own(REFERRING_ATTRIBUTES, element);
  return (forElement && own(forElement, attribute)) ?? own(REFERRING_ATTRIBUTES['*']!, attribute);
}

/** Elements that name a directory by their Id: defining it, or adding to one defined elsewhere. */
export const DIRECTORY_ELEMENTS: ReadonlySet<string> = new Set(['Directory', 'StandardDirectory', 'DirectoryRef']);

export interface StandardFolder {
  /** What it is, for hovers and completion. */
  description: string;
  /** Known to WiX v4 and later only (WiX v3 sources cannot name it). */
  wix4?: true;
  /** WiX v4 and later: the folder it stands for in a 32-bit and in a 64-bit package (`ProgramFiles6432Folder`). */
  follows?: { 32: string; 64: string };
}

/** The folders WiX adds to Windows Installer's: v4's platform-following folders, and the per-user Programs folder. */
const WIX_FOLDERS: Readonly<Record<string, StandardFolder>> = {
  ProgramFiles6432Folder: {
    wix4: true,
    description: 'WiX v4: ProgramFiles64Folder in a 64-bit package, ProgramFilesFolder in a 32-bit one.',
    follows: { 32: 'ProgramFilesFolder', 64: 'ProgramFiles64Folder' },
  },
  CommonFiles6432Folder: {
    wix4: true,
    description: 'WiX v4: CommonFiles64Folder in a 64-bit package, CommonFilesFolder in a 32-bit one.',
    follows: { 32: 'CommonFilesFolder', 64: 'CommonFiles64Folder' },
  },
  System6432Folder: {
    wix4: true,
    description: 'WiX v4: System64Folder in a 64-bit package, SystemFolder in a 32-bit one.',
    follows: { 32: 'SystemFolder', 64: 'System64Folder' },
  },
  PerUserProgramFilesFolder: { wix4: true, description: "WiX v4: the user's Programs folder, `%LOCALAPPDATA%\\Programs`." },
};

/**
 * Every folder whose id is fixed: Windows Installer's system folder properties and TARGETDIR, and the folders WiX adds.
 * A project's own directory can neither be one of them nor be renamed to one.
 */
export const STANDARD_FOLDERS: Readonly<Record<string, StandardFolder>> = {
  ...Object.fromEntries(Object.entries(WINDOWS_INSTALLER_FOLDERS).map(([id, f]): [string, StandardFolder] => [id, { description: f.description }])),
  ...WIX_FOLDERS,
};

export function standardFolder(id: string): StandardFolder | undefined {
  return own(STANDARD_FOLDERS, id);
}

/** WiX v4's folder that follows the platform in place of a 32- or 64-bit one: ProgramFiles6432Folder for ProgramFilesFolder. */
export function platformFollowingFolder(id: string): string | undefined {
  return Object.entries(WIX_FOLDERS).find(([, f]) => f.follows?.[32] === id || f.follows?.[64] === id)?.[0];
}

/** The attribute that sets a component's bitness in each version, and its values. */
const BITNESS_ATTRIBUTES: Readonly<Record<WixVersion, { name: 'Win64' | 'Bitness'; values: Record<Bitness, string> }>> = {
  3: { name: 'Win64', values: { 64: 'yes', 32: 'no' } },
  4: { name: 'Bitness', values: { 64: 'always64', 32: 'always32' } },
};

/** The attribute and value that pin a component (or registry search, custom action) to a bitness: Win64="yes", Bitness="always64". */
export function bitnessAttribute(version: WixVersion, bitness: Bitness): { name: 'Win64' | 'Bitness'; value: string } {
  const { name, values } = BITNESS_ATTRIBUTES[version];
  return { name, value: values[bitness] };
}

/** The bitness an authored value pins (`yes`/`no`, `always64`/`always32`, any case); undefined for anything else. */
export function pinnedBitness(version: WixVersion, value: string | undefined): Bitness | undefined {
  const v = value?.trim().toLowerCase();
  const { values } = BITNESS_ATTRIBUTES[version];
  return v === values[64] ? 64 : v === values[32] ? 32 : undefined;
}

/** The bitness an element's Win64 (v3) or Bitness (v4) pins; unset, the platform's default or a variable say nothing. */
export function authoredBitness(el: XmlElement, version: WixVersion): Bitness | undefined {
  return pinnedBitness(version, attributeValueOf(el, BITNESS_ATTRIBUTES[version].name));
}

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
