// The Burn bundle that the refactor "Split into per-ISA packages (single source) and add a Burn bundle" creates next to
// the Product/Package source: it chains the x86 and the x64 build of that source, each installed only where it belongs.
import type { XmlDocument, XmlElement } from '../wix/xml';
import { BAL_NS, WIX3_NS, WIX4_NS, type WixVersion } from '../wix/vocabulary';
import { attribute } from './component';
import { bundleCommand } from './buildNotes';
import { bundleProject, joinPath, relativePath, type ProjectBuild } from './splitProject';
import { baseName, folderOf } from '../model/windowsPaths';
import type { FileCreation, FixDocument, SplitFiles } from './fix';

const MAX_CANDIDATES = 99;

/** The packages a bundle chains and the sources each is built from (file names). */
export interface Chained {
  msi: { x86: string; x64: string };
  sources: { x86: string; x64: string };
  /** The product's project, when a .wixproj builds it: the bundle then gets a project, in `folder` beside it. */
  project?: { build: ProjectBuild; folder: string };
}

/**
 * The bundle for the product (chaining `chained.msi`, by default `<base>-x86.msi` and `<base>-x64.msi`): `Bundle.wxs`
 * beside the product's source, else `Bundle2.wxs` ... when that name is taken (a known document, case-insensitively, or
 * `fileExists`); with a project, `Bundle.wxs` and `Bundle.wixproj` in the folder the project split chose. [] when the
 * product's name has no folder part or every candidate is taken.
 */
export function bundleFor(
  productDoc: XmlDocument,
  product: XmlElement,
  version: WixVersion,
  documents: readonly FixDocument[],
  files: SplitFiles,
  chained?: Chained,
): FileCreation[] {
  const { fileExists } = files;
  const folder = folderOf(productDoc.file);
  if (folder === '') return [];
  const known = new Set(documents.map((d) => d.file.toLowerCase()));
  const project = chained?.project;
  let file: string | undefined;
  if (project) file = joinPath(joinPath(folderOf(project.build.project.file), project.folder), 'Bundle.wxs');
  for (let n = 1; n <= MAX_CANDIDATES && file === undefined; n++) {
    const candidate = `${folder}Bundle${n === 1 ? '' : n}.wxs`;
    if (!known.has(candidate.toLowerCase()) && !fileExists(candidate)) file = candidate;
  }
  if (file === undefined) return [];
  // wix build and light name the package after the first source by default.
  const source = baseName(productDoc.file);
  const base = source.replace(/\.[^.]*$/, '');
  const texts = [productDoc.text, ...documents.map((d) => d.text), ...includedTexts(productDoc, folder, documents, files.readFile)];
  const { msi, sources } = chained ?? { msi: { x86: `${base}-x86.msi`, x64: `${base}-x64.msi` }, sources: { x86: source, x64: source } };
  const upgradeCode = upgradeCodeOf(productDoc, product, texts);
  const installs = `Installs ${msi.x86} on 32-bit Windows and ${msi.x64} on 64-bit Windows.`;
  if (project) {
    const { build } = project;
    const guid = `{${hashGuid(`${baseName(build.project.file)}\u0000Bundle.wixproj\u0000${upgradeCode ?? ''}`).toUpperCase()}}`;
    const bundleProjectFile = bundleProject(build, project.folder, guid);
    const header = [
      installs,
      `Build: ${bundleProjectFile.command} (it builds ${baseName(build.project.file)} for x86 and for x64 first, through its project references).`,
    ];
    const bundle = bundleText(productDoc, product, version, bundleProjectFile.chained, texts, header, relativePath(folderOf(file), folder));
    return [{ file, text: bundle }, bundleProjectFile.creation];
  }
  const built = sources.x86 === sources.x64 ? `the header of ${sources.x86}` : `the headers of ${sources.x86} and ${sources.x64}`;
  const header = [
    installs,
    `Build both packages first (the commands are in ${built}), then: ${bundleCommand(version, baseName(file), baseName(file).replace(/\.wxs$/i, '.exe'))}`,
  ];
  return [{ file, text: bundleText(productDoc, product, version, msi, texts, header, '') }];
}

/** The texts of the files the product's source includes by a plain name beside it that are not among the documents. */
function includedTexts(
  productDoc: XmlDocument,
  folder: string,
  documents: readonly FixDocument[],
  readFile: ((file: string) => string | undefined) | undefined,
): string[] {
  if (!readFile) return [];
  const known = new Set(documents.map((d) => d.file.toLowerCase()));
  const out: string[] = [];
  for (const node of productDoc.root?.children ?? []) {
    if (node.type !== 'pi' || node.target !== 'include') continue;
    const name = node.data.trim().replace(/^"(.*)"$/, '$1');
    if (name === '' || name.includes('$(') || /^([\\/]|[A-Za-z]:)/.test(name)) continue;
    const file = folder + name.replace(/[\\/]/g, folder.includes('\\') ? '\\' : '/');
    if (known.has(file.toLowerCase())) continue;
    const text = readFile(file);
    if (text !== undefined) out.push(text);
  }
  return out;
}

/** `texts`: the product's source, the documents and what the source includes, where its variables are defined. */
function bundleText(
  doc: XmlDocument,
  product: XmlElement,
  version: WixVersion,
  /** What each MsiPackage's SourceFile says: a package's name, or the variable a project reference defines. */
  chain: { x86: string; x64: string },
  texts: readonly string[],
  header: readonly string[],
  /** The product's folder as seen from the bundle's ('' when the same): the includes the bundle copies are relative to it. */
  toProduct: string,
): string {
  const raw = (name: string): string | undefined => rawAttribute(doc, product, name);
  const attrs = (['Name', 'Version', 'Manufacturer'] as const).flatMap((n) => {
    const v = raw(n);
    return v === undefined ? [] : [` ${n}="${v}"`];
  });
  const upgradeCode = upgradeCodeOf(doc, product, texts);
  if (upgradeCode !== undefined) attrs.push(` UpgradeCode="${upgradeCode}"`);
  // Values from preprocessor variables need the same includes as the product; a relative one is found from the bundle's folder.
  const usesVars = attrs.some((a) => a.includes('$('));
  const from = (name: string): string =>
    toProduct === '' || /^([\\/]|[A-Za-z]:|\$\()/.test(name) ? name : `${toProduct.replace(/\//g, '\\')}\\${name}`;
  const includes = usesVars
    ? doc.root!.children.flatMap((c) => (c.type === 'pi' && c.target === 'include' ? [`  <?include ${from(c.data.trim())} ?>\n`] : []))
    : [];
  const application =
    version === 3
      ? ['    <BootstrapperApplicationRef Id="WixStandardBootstrapperApplication.RtfLicense" />']
      : ['    <BootstrapperApplication>', '      <bal:WixStandardBootstrapperApplication Theme="rtfLicense" />', '    </BootstrapperApplication>'];
  const wix = version === 3 ? `<Wix xmlns="${WIX3_NS}">` : `<Wix xmlns="${WIX4_NS}" xmlns:bal="${BAL_NS}">`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!--',
    ...header.map((line) => `  ${line}`),
    '-->',
    wix,
    ...(includes.length > 0 ? [includes.join('').trimEnd()] : []),
    `  <Bundle${attrs.join('')}>`,
    ...application,
    '    <Chain>',
    `      <MsiPackage SourceFile="${chain.x86}" InstallCondition="NOT VersionNT64" />`,
    `      <MsiPackage SourceFile="${chain.x64}" InstallCondition="VersionNT64" />`,
    '    </Chain>',
    '  </Bundle>',
    '</Wix>',
    '',
  ].join('\n');
}

function rawAttribute(doc: XmlDocument, el: XmlElement, name: string): string | undefined {
  const a = attribute(el, name);
  return a ? doc.text.slice(a.valueStart, a.valueEnd).replace(/"/g, '&quot;') : undefined;
}

/** The bundle's UpgradeCode (see bundleUpgradeCode); undefined when the product has none. */
function upgradeCodeOf(doc: XmlDocument, product: XmlElement, texts: readonly string[]): string | undefined {
  const raw = rawAttribute(doc, product, 'UpgradeCode');
  return raw === undefined ? undefined : bundleUpgradeCode(doc.file, raw, texts);
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * The bundle's UpgradeCode, distinct from the product's yet stable: every hex digit of the product's UpgradeCode
 * complemented (a `$(var.X)` is looked up among the `<?define X = "..." ?>` of the texts); when it is no literal GUID, a
 * GUID hashed from its text and the product's file name (the name alone: the same project checked out elsewhere gets
 * the same code).
 */
export function bundleUpgradeCode(productFile: string, upgradeCode: string, texts: readonly string[]): string {
  let value = upgradeCode.trim();
  const variable = /^\$\((?:var\.)?([A-Za-z_][\w.]*)\)$/.exec(value);
  if (variable) {
    const define = new RegExp(`<\\?define\\s+${variable[1]!.replace(/\./g, '\\.')}\\s*=\\s*"([^"]*)"\\s*\\?>`);
    const found = texts.map((t) => define.exec(t)).find((m) => m !== null);
    if (found) value = found[1]!.trim();
  }
  const guid = GUID.exec(value);
  const hex = guid
    ? guid[1]!.replace(/[0-9a-f]/gi, (d) => (15 - parseInt(d, 16)).toString(16))
    : hashGuid(`${baseName(productFile)}\u0000${upgradeCode}`);
  return `{${hex.toUpperCase()}}`;
}

/** 32 hex digits of four FNV-1a hashes of the text, formatted as a GUID. */
export function hashGuid(text: string): string {
  let digits = '';
  for (let seed = 0; seed < 4; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    digits += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20, 32)}`;
}
