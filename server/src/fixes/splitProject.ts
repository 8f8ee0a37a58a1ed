// The split's build when the product's source is compiled by a .wixproj: the project is made to build once per ISA —
// x86 and x64 configurations (or Platforms), an OutputName that differs per platform so the two packages never share a
// name, and (one .wxs per ISA) the Compile items of each platform — and the bundle gets a project of its own, in a
// folder of its own beside the product's project, that references the product's project once per platform, so that it
// chains the packages that project builds (`$(var.<Name>.TargetPath)`) rather than loose file names.
//
// As WiX builds them:
// - wix.targets (v3) passes a ProjectReference's `SetPlatform` metadata to the referenced project, and names the
//   reference's preprocessor variables after its `Name` metadata (CreateProjectReferenceDefineConstants);
// - WixToolset.Sdk (v4+) expands a ProjectReference's `Platforms` into one reference per platform (SetPlatform), and
//   names the variables after `Name` too; an SDK project compiles every .wxs below its folder unless told otherwise
//   (`Compile Remove`), and two SDK projects cannot share a folder (their obj/ folders would clash), hence the bundle's
//   folder.
import { attributesOf, attributeValueOf, parseXml, type XmlDocument, type XmlElement } from '../wix/xml';
import type { WixVersion } from '../wix/vocabulary';
import { lineIndent } from './component';
import { descendants, removalRange } from './packageTree';
import { globToRegExp, hasWildcard, slashes } from '../project/glob';
import { isSdkProject, referenceName } from '../project/wixproj';
import { applyEdits, type FileCreation, type FixEdit, type Parse } from './fix';
import type { Isa } from './buildNotes';
import { baseName, folderOf } from '../model/windowsPaths';

const ISAS: readonly Isa[] = ['x86', 'x64'];
const MAX_CANDIDATES = 99;
const CONFIGURATION_PLATFORM = /'\s*\$\(Configuration\)\s*\|\s*\$\(Platform\)\s*'\s*==\s*'([^'|]*)\|([^']*)'/i;
const DEFAULT_PLATFORM = /'\s*\$\(Platform\)\s*'\s*==\s*''/;

/** The .wixproj that compiles the product's source, with its current text. */
export interface ProjectFile {
  file: string;
  text: string;
}

/** The product's project as the split leaves it: its edits, and how each ISA's package is then built. */
export interface ProjectBuild {
  project: ProjectFile;
  /** What the project was made to build. */
  split: ProjectSplit;
  /** 3 for a wix.targets project, 4 for a WixToolset.Sdk one. */
  kind: WixVersion;
  /** The project's name: its file name without extension. */
  name: string;
  /** The package each platform's build makes (the OutputName with the platform in it, and .msi). */
  msi: Record<Isa, string>;
  edits: FixEdit[];
  /** The command that builds the ISA's package, run in `from`'s folder. */
  command: (isa: Isa, from: string) => string;
}

export interface ProjectSplit {
  /** The product's source. */
  product: string;
  /** One .wxs per ISA: the new sources that replace the product's in the project. */
  perIsa?: Record<Isa, string>;
  /** The bundle's folder (beside the project), which an SDK project must not compile. */
  bundleFolder?: string;
}

/** How the project builds per ISA; undefined when the text is no MSBuild project or does not compile the product's source. */
export function projectBuild(project: ProjectFile, split: ProjectSplit, parse: Parse = parseXml): ProjectBuild | undefined {
  const original = parse(project.file, project.text);
  const root0 = original.root;
  if (root0?.local !== 'Project') return undefined;
  // `<Project Sdk="WixToolset.Sdk" />` is written out with a body to add to; the edits then replace the whole element.
  const selfClosing = original.text.slice(root0.start, root0.end).endsWith('/>');
  const doc = selfClosing
    ? parseXml(
        project.file,
        `${original.text.slice(0, root0.start)}${original.text.slice(root0.start, root0.end).replace(/\s*\/>$/, '>\n</Project>')}${original.text.slice(root0.end)}`,
      )
    : original;
  const root = doc.root!;
  const kind: WixVersion = isSdkProject(root, doc.text) ? 4 : 3;
  const name = baseName(project.file).replace(/\.[^.]*$/, '');
  const p = new ProjectEditor(doc);

  const compiled = p.compileItemsOf(split.product);
  // An SDK project compiles every .wxs below it, and a wildcard item (`*.wxs`) what it matches: what must not be
  // compiled is removed (MSBuild 15+, as wix.targets projects are built today), rather than named.
  const defaultItems = (kind === 4 && !p.disablesDefaultCompileItems()) || (compiled.length === 0 && p.wildcardCompiles(split.product));
  if (compiled.length === 0 && !defaultItems) return undefined;

  p.platformDecidesInstallerPlatform();
  p.ensureDefaultPlatform();
  p.ensurePlatforms();
  const outputName = p.perPlatformOutputName(name);
  const removes: { include: string; condition?: string }[] = [];
  if (split.perIsa) {
    const perIsa = split.perIsa;
    if (compiled.length > 0)
      p.replaceCompileItem(
        compiled[0]!,
        split.product,
        ISAS.map((isa) => ({ include: p.relative(perIsa[isa]), isa })),
      );
    else {
      removes.push({ include: p.relative(split.product) });
      for (const isa of ISAS) removes.push({ include: p.relative(perIsa[isa]), condition: ` '$(Platform)' != '${isa}' ` });
    }
  }
  if (defaultItems && split.bundleFolder !== undefined) removes.push({ include: `${split.bundleFolder}\\**` });
  if (removes.length > 0)
    p.addItemGroup(removes.map((r) => `<Compile Remove="${r.include}"${r.condition !== undefined ? ` Condition="${r.condition}"` : ''} />`));

  const tool = kind === 4 ? 'dotnet build' : 'msbuild';
  let edits = p.edits;
  if (selfClosing && edits.length > 0) {
    const after = applyEdits(doc.text, edits);
    const tail = doc.text.length - doc.root!.end;
    edits = [{ file: project.file, start: root0.start, end: root0.end, newText: after.slice(root0.start, after.length - tail) }];
  }
  return {
    project,
    split,
    kind,
    name,
    msi: { x86: `${outputName.replace(/\$\(Platform\)/gi, 'x86')}.msi`, x64: `${outputName.replace(/\$\(Platform\)/gi, 'x64')}.msi` },
    edits,
    command: (isa, from) => `${tool} ${relativePath(folderOf(from), project.file)} -p:Platform=${isa}`,
  };
}

/**
 * The project as the variant with a bundle leaves it: also kept from compiling the bundle's folder, chosen beside it
 * (bundleFolderFor); undefined when no folder is free.
 */
export function projectWithBundle(
  build: ProjectBuild,
  taken: (file: string) => boolean,
  parse?: Parse,
): { build: ProjectBuild; folder: string } | undefined {
  const folder = bundleFolderFor(build.project, taken);
  if (folder === undefined) return undefined;
  const withFolder = projectBuild(build.project, { ...build.split, bundleFolder: folder }, parse);
  return withFolder && { build: withFolder, folder };
}

/** The bundle's folder beside the project: `Bundle`, else `Bundle2` ... when taken; undefined when all are. */
export function bundleFolderFor(project: ProjectFile, taken: (file: string) => boolean): string | undefined {
  const folder = folderOf(project.file);
  for (let n = 1; n <= MAX_CANDIDATES; n++) {
    const name = `Bundle${n === 1 ? '' : n}`;
    const at = joinPath(folder, name);
    if (!taken(at) && !taken(joinPath(at, 'Bundle.wxs')) && !taken(joinPath(at, 'Bundle.wixproj'))) return name;
  }
  return undefined;
}

/** The bundle's project and what its source chains: the product's project referenced once per platform. */
export interface BundleProject {
  creation: FileCreation;
  /** The preprocessor variable that holds each platform's package (`$(var.Product.x86.TargetPath)`). */
  chained: Record<Isa, string>;
  /** How the bundle is built, run in its folder. */
  command: string;
}

/** The bundle's .wixproj in `folder` (beside the product's project): it compiles Bundle.wxs and references the product's project per ISA. */
export function bundleProject(build: ProjectBuild, folder: string, projectGuid: string): BundleProject {
  const projectFolder = folderOf(build.project.file);
  const file = joinPath(joinPath(projectFolder, folder), 'Bundle.wixproj');
  const include = `..\\${baseName(build.project.file)}`;
  const productDoc = parseXml(build.project.file, build.project.text);
  const references: Record<Isa, string> = {
    x86: referenceName(`${build.name}.x86`, build.kind),
    x64: referenceName(`${build.name}.x64`, build.kind),
  };
  let text: string;
  if (build.kind === 4) {
    const sdk = attributeValueOf(productDoc.root!, 'Sdk') ?? 'WixToolset.Sdk';
    const version = /\/(.+)$/.exec(sdk)?.[1]?.trim() ?? extensionVersion(productDoc);
    text = [
      `<Project Sdk="${sdk.replace(/"/g, '&quot;')}">`,
      '  <PropertyGroup>',
      '    <OutputType>Bundle</OutputType>',
      '  </PropertyGroup>',
      '  <ItemGroup>',
      `    <PackageReference Include="WixToolset.Bal.wixext"${version !== undefined ? ` Version="${version}"` : ''} />`,
      '  </ItemGroup>',
      '  <ItemGroup>',
      ...ISAS.map((isa) => `    <ProjectReference Include="${include}" Platforms="${isa}" Name="${build.name}.${isa}" />`),
      '  </ItemGroup>',
      '</Project>',
      '',
    ].join('\n');
  } else {
    const guid = textOf(productDoc, 'ProjectGuid');
    const configuration = defaultConfiguration(productDoc) ?? 'Debug';
    text = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<Project ToolsVersion="4.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
      '  <PropertyGroup>',
      `    <Configuration Condition=" '$(Configuration)' == '' ">${configuration}</Configuration>`,
      `    <Platform Condition=" '$(Platform)' == '' ">x86</Platform>`,
      `    <ProjectGuid>${projectGuid}</ProjectGuid>`,
      '    <SchemaVersion>2.0</SchemaVersion>',
      '    <OutputName>Bundle</OutputName>',
      '    <OutputType>Bundle</OutputType>',
      '    <OutputPath>bin\\$(Configuration)\\</OutputPath>',
      '    <IntermediateOutputPath>obj\\$(Configuration)\\</IntermediateOutputPath>',
      '  </PropertyGroup>',
      '  <ItemGroup>',
      '    <Compile Include="Bundle.wxs" />',
      '  </ItemGroup>',
      '  <ItemGroup>',
      '    <WixExtension Include="WixBalExtension">',
      '      <HintPath>$(WixExtDir)\\WixBalExtension.dll</HintPath>',
      '      <Name>WixBalExtension</Name>',
      '    </WixExtension>',
      '  </ItemGroup>',
      '  <ItemGroup>',
      ...ISAS.flatMap((isa) => [
        `    <ProjectReference Include="${include}">`,
        `      <Name>${build.name}.${isa}</Name>`,
        ...(guid !== undefined ? [`      <Project>${guid}</Project>`] : []),
        `      <SetPlatform>Platform=${isa}</SetPlatform>`,
        '    </ProjectReference>',
      ]),
      '  </ItemGroup>',
      `  <Import Project="$(WixTargetsPath)" Condition=" '$(WixTargetsPath)' != '' " />`,
      `  <Import Project="$(MSBuildExtensionsPath32)\\Microsoft\\WiX\\v3.x\\Wix.targets" Condition=" '$(WixTargetsPath)' == '' AND Exists('$(MSBuildExtensionsPath32)\\Microsoft\\WiX\\v3.x\\Wix.targets') " />`,
      '</Project>',
      '',
    ].join('\n');
  }
  return {
    creation: { file, text },
    chained: { x86: `$(var.${references.x86}.TargetPath)`, x64: `$(var.${references.x64}.TargetPath)` },
    command: build.kind === 4 ? 'dotnet build Bundle.wixproj' : 'msbuild Bundle.wixproj',
  };
}

/** The version of a WiX extension the project references, for the bundle's Bal extension. */
function extensionVersion(doc: XmlDocument): string | undefined {
  for (const el of descendants(doc.root!, 'PackageReference')) {
    if (/^WixToolset\..*\.wixext$/i.test(attributeValueOf(el, 'Include') ?? '')) {
      const version = attributeValueOf(el, 'Version') ?? textOf(doc, 'Version', el);
      if (version !== undefined) return version;
    }
  }
  return undefined;
}

/** The project's default configuration (`<Configuration Condition=" '$(Configuration)' == '' ">Debug</Configuration>`). */
function defaultConfiguration(doc: XmlDocument): string | undefined {
  for (const el of descendants(doc.root!, 'Configuration')) {
    const value = elementText(el).trim();
    if (value !== '' && !value.includes('$(')) return value;
  }
  return undefined;
}

function textOf(doc: XmlDocument, local: string, under: XmlElement = doc.root!): string | undefined {
  const el = descendants(under, local)[0];
  const value = el ? elementText(el).trim() : '';
  return value === '' ? undefined : value;
}

function elementText(el: XmlElement): string {
  return el.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
}

/** Edits of one project's text, each inserted or replaced as the project's own lines are written (indent, line ends). */
class ProjectEditor {
  readonly edits: FixEdit[] = [];
  /** Elements an edit removes: nothing is inserted next to them. */
  private readonly removed = new Set<XmlElement>();
  private readonly root: XmlElement;
  private readonly text: string;
  private readonly unit: string;

  constructor(private readonly doc: XmlDocument) {
    this.root = doc.root!;
    this.text = doc.text;
    const first = this.groups().find(() => true) ?? this.children()[0];
    this.unit = (first && lineIndent(this.text, first.start)) || '  ';
  }

  /** A path as the project's items write it: relative to the project's folder, with backslashes. */
  relative(file: string): string {
    return relativePath(folderOf(this.doc.file), file).replace(/\//g, '\\');
  }

  /** An item's Include entry as a path, in normalize's spelling. */
  private itemPath(include: string): string {
    return normalize(joinPath(folderOf(this.doc.file), include.trim()));
  }

  /** The Compile items that name the product's source (its path, relative to the project). */
  compileItemsOf(source: string): XmlElement[] {
    const wanted = normalize(source);
    return this.items('Compile').filter((el) => (attributeValueOf(el, 'Include') ?? '').split(';').some((i) => this.itemPath(i) === wanted));
  }

  /** Whether a Compile item's wildcard (`*.wxs`, `**\\*.wxs`) takes in the source. */
  wildcardCompiles(source: string): boolean {
    const file = slashes(normalize(source));
    return this.items('Compile').some((el) =>
      (attributeValueOf(el, 'Include') ?? '').split(';').some((i) => hasWildcard(i) && globToRegExp(slashes(this.itemPath(i)), true).test(file)),
    );
  }

  disablesDefaultCompileItems(): boolean {
    return this.properties('EnableDefaultCompileItems').some((el) => elementText(el).trim().toLowerCase() === 'false');
  }

  /** A Platform the build takes when none is given (x86): an SDK project has none, and `$(Platform)` names its output. */
  ensureDefaultPlatform(): void {
    if (this.properties('Platform').some((el) => DEFAULT_PLATFORM.test(attributeValueOf(el, 'Condition') ?? ''))) return;
    this.addProperty(`<Platform Condition=" '$(Platform)' == '' ">x86</Platform>`, true);
  }

  /**
   * The project builds for x86 and for x64: each configuration its `'$(Configuration)|$(Platform)'` groups name gets a
   * group for the ISA it lacks, copied from its first group (the platform's name in it replaced); a project without
   * such groups names its platforms (`Platforms`).
   */
  ensurePlatforms(): void {
    const byConfiguration = new Map<string, { groups: XmlElement[]; platforms: Set<string> }>();
    for (const group of this.groups()) {
      const m = CONFIGURATION_PLATFORM.exec(attributeValueOf(group, 'Condition') ?? '');
      if (!m) continue;
      const key = m[1]!.trim().toLowerCase();
      const entry = byConfiguration.get(key) ?? { groups: [], platforms: new Set<string>() };
      entry.groups.push(group);
      entry.platforms.add(m[2]!.trim().toLowerCase());
      byConfiguration.set(key, entry);
    }
    if (byConfiguration.size === 0) {
      // Conditions on the platform alone (`'$(Platform)' == 'x64'`) already name what it builds.
      const named = (isa: Isa): boolean => new RegExp(`'\\s*\\$\\(Platform\\)\\s*'\\s*==\\s*'${isa}'`, 'i').test(this.text);
      if (ISAS.every(named)) return;
      const platforms = this.properties('Platforms');
      if (platforms.length === 0) this.addProperty('<Platforms>x86;x64</Platforms>', false);
      else {
        for (const el of platforms) {
          const listed = elementText(el)
            .split(';')
            .map((s) => s.trim())
            .filter((s) => s !== '');
          const missing = ISAS.filter((isa) => !listed.some((s) => s.toLowerCase() === isa));
          if (missing.length > 0) this.replaceContent(el, [...listed, ...missing].join(';'));
        }
      }
      return;
    }
    for (const { groups, platforms } of byConfiguration.values()) {
      const missing = ISAS.filter((isa) => !platforms.has(isa));
      if (missing.length === 0) continue;
      const model = groups[0]!;
      const platform = CONFIGURATION_PLATFORM.exec(attributeValueOf(model, 'Condition')!)![2]!.trim();
      const last = groups[groups.length - 1]!;
      const indent = lineIndent(this.text, model.start) ?? '';
      const copy = this.text.slice(model.start, model.end);
      const word = new RegExp(`(?<![\\w.])${platform.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.])`, 'gi');
      const copies = missing.map((isa) => `\n${indent}${perPlatformPaths(copy.replace(word, isa))}`).join('');
      this.edits.push({ file: this.doc.file, start: last.end, end: last.end, newText: copies });
    }
  }

  /**
   * An InstallerPlatform fixed for every build (`<InstallerPlatform>x86</InstallerPlatform>`) is removed: each build's
   * package is then the platform's (wix.targets and WixToolset.Sdk derive it from Platform).
   */
  platformDecidesInstallerPlatform(): void {
    for (const el of this.properties('InstallerPlatform')) {
      const group = this.parentOf(el)!;
      if (attributeValueOf(el, 'Condition') !== undefined || attributeValueOf(group, 'Condition') !== undefined) continue;
      if (elementText(el).includes('$(')) continue;
      const { start, end } = removalRange(this.text, el);
      this.edits.push({ file: this.doc.file, start, end, newText: '' });
      this.removed.add(el);
    }
  }

  /**
   * The OutputName with `$(Platform)` in it, so that the x86 and x64 builds make two packages of different names (a
   * bundle cannot carry two payloads of one name); returns it as it then reads.
   */
  perPlatformOutputName(projectName: string): string {
    const names = this.properties('OutputName');
    let value: string | undefined;
    for (const el of names) {
      const current = elementText(el).trim();
      const unconditioned = attributeValueOf(el, 'Condition') === undefined && attributeValueOf(this.parentOf(el)!, 'Condition') === undefined;
      const next = /\$\(Platform\)/i.test(current) ? current : `${current || projectName}-$(Platform)`;
      if (next !== current) this.replaceContent(el, next);
      if (unconditioned) value = next;
    }
    if (value !== undefined) return value;
    if (names.length > 0) return `${projectName}-$(Platform)`;
    const added = `${projectName}-$(Platform)`;
    this.addProperty(`<OutputName>${escapeText(added)}</OutputName>`, false);
    return added;
  }

  /** The product's Compile item becomes one item per ISA, each built only for its platform. */
  replaceCompileItem(el: XmlElement, product: string, perIsa: { include: string; isa: Isa }[]): void {
    const includes = (attributeValueOf(el, 'Include') ?? '').split(';');
    const wanted = normalize(product);
    const rest = includes.filter((i) => this.itemPath(i) !== wanted);
    const indent = lineIndent(this.text, el.start) ?? this.unit.repeat(2);
    const items = perIsa.map(({ include, isa }) => `<Compile Include="${include}" Condition=" '$(Platform)' == '${isa}' " />`);
    if (rest.length === 0) {
      this.edits.push({ file: this.doc.file, start: el.start, end: el.end, newText: items.join(`\n${indent}`) });
      return;
    }
    const include = attributesOf(el).find((a) => a.name === 'Include')!;
    this.edits.push({ file: this.doc.file, start: include.valueStart, end: include.valueEnd, newText: rest.join(';') });
    this.edits.push({ file: this.doc.file, start: el.end, end: el.end, newText: items.map((i) => `\n${indent}${i}`).join('') });
  }

  /** A new ItemGroup: before the first Import (wix.targets projects import last), else at the end of the project. */
  addItemGroup(lines: readonly string[]): void {
    const at = this.children().find((c) => c.local === 'Import' || c.local === 'ImportGroup');
    const inner = this.unit.repeat(2);
    const group = `${this.unit}<ItemGroup>\n${lines.map((l) => `${inner}${l}\n`).join('')}${this.unit}</ItemGroup>\n`;
    if (at) {
      const lineStart = this.text.lastIndexOf('\n', at.start - 1) + 1;
      this.edits.push({ file: this.doc.file, start: lineStart, end: lineStart, newText: group });
    } else {
      const close = this.text.lastIndexOf('</', this.root.end);
      if (lineIndent(this.text, close) !== undefined) {
        const lineStart = this.text.lastIndexOf('\n', close - 1) + 1;
        this.edits.push({ file: this.doc.file, start: lineStart, end: lineStart, newText: group });
      } else this.edits.push({ file: this.doc.file, start: close, end: close, newText: `\n${group}` });
    }
  }

  /** A property in the first unconditioned PropertyGroup (first in it, or last), or in a new group before everything else. */
  private addProperty(line: string, first: boolean): void {
    const group = this.groups().find((g) => attributeValueOf(g, 'Condition') === undefined);
    const inner = this.unit.repeat(2);
    if (group) {
      const elements = group.children.filter((c): c is XmlElement => c.type === 'element' && !this.removed.has(c));
      const anchor = first ? elements[0] : elements[elements.length - 1];
      if (anchor) {
        const indent = lineIndent(this.text, anchor.start) ?? inner;
        if (first) this.edits.push({ file: this.doc.file, start: anchor.start, end: anchor.start, newText: `${line}\n${indent}` });
        else this.edits.push({ file: this.doc.file, start: anchor.end, end: anchor.end, newText: `\n${indent}${line}` });
        return;
      }
      const close = this.text.lastIndexOf('</', group.end);
      if (close > group.start && lineIndent(this.text, close) !== undefined) {
        const lineStart = this.text.lastIndexOf('\n', close - 1) + 1;
        this.edits.push({ file: this.doc.file, start: lineStart, end: lineStart, newText: `${inner}${line}\n` });
        return;
      }
    }
    const firstChild = this.children()[0];
    const at = firstChild ? this.text.lastIndexOf('\n', firstChild.start - 1) + 1 : this.text.lastIndexOf('</', this.root.end);
    this.edits.push({
      file: this.doc.file,
      start: at,
      end: at,
      newText: `${this.unit}<PropertyGroup>\n${inner}${line}\n${this.unit}</PropertyGroup>\n`,
    });
  }

  private replaceContent(el: XmlElement, value: string): void {
    const close = this.text.lastIndexOf('</', el.end);
    const attrs = attributesOf(el);
    const open = this.text.indexOf('>', attrs.length > 0 ? attrs[attrs.length - 1]!.end : el.nameEnd);
    if (this.text[el.end - 2] === '/' && el.end - 2 <= open) {
      // <OutputName /> : written out with its value.
      this.edits.push({ file: this.doc.file, start: el.start, end: el.end, newText: `<${el.name}>${escapeText(value)}</${el.name}>` });
      return;
    }
    this.edits.push({ file: this.doc.file, start: open + 1, end: close, newText: escapeText(value) });
  }

  private children(): XmlElement[] {
    return this.root.children.filter((c): c is XmlElement => c.type === 'element');
  }

  private groups(): XmlElement[] {
    return this.children().filter((c) => c.local === 'PropertyGroup');
  }

  private properties(local: string): XmlElement[] {
    return this.groups().flatMap((g) => g.children.filter((c): c is XmlElement => c.type === 'element' && c.local === local));
  }

  private items(local: string): XmlElement[] {
    return this.children()
      .filter((c) => c.local === 'ItemGroup')
      .flatMap((g) => g.children.filter((c): c is XmlElement => c.type === 'element' && c.local === local));
  }

  private parentOf(el: XmlElement): XmlElement | undefined {
    return this.groups().find((g) => g.children.includes(el));
  }
}

/**
 * A copied configuration's output folders, made the platform's own where they name no platform: the x86 and x64 builds
 * must not share obj/ (the build would take the other platform's compiled sources for up to date) nor bin/.
 */
function perPlatformPaths(group: string): string {
  return group.replace(
    /(<(OutputPath|IntermediateOutputPath)>)([^<]*)(<\/\2>)/g,
    (all, open: string, _name: string, value: string, close: string) => {
      if (/\$\(Platform(Name)?\)/i.test(value) || /\b(x86|x64)\b/i.test(value)) return all;
      const first = /^([^\\/]*[\\/])/.exec(value.trim());
      return first ? `${open}${first[1]}$(Platform)\\${value.trim().slice(first[1]!.length)}${close}` : all;
    },
  );
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** `name` (a relative path, either slash) under `folder`, in the separator `folder` uses. */
export function joinPath(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const base = folder === '' || /[\\/]$/.test(folder) ? folder : `${folder}${sep}`;
  return base + name.replace(/[\\/]+/g, sep);
}

/** The parts of a path, `.` and `..` resolved, as written. */
function segments(file: string): string[] {
  const parts: string[] = [];
  for (const part of file.split(/[\\/]+/)) {
    if (part === '.' || part === '') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts;
}

/** One spelling of a path: two spellings of one file compare equal (Windows paths ignore case). */
function normalize(file: string): string {
  return `${/^[\\/]/.test(file) ? '/' : ''}${segments(file).join('/')}`.toLowerCase();
}

/** `file` relative to `folder` (both absolute, or both relative to the same place), with forward slashes. */
export function relativePath(folder: string, file: string): string {
  const from = segments(folder);
  const to = segments(file);
  let common = 0;
  while (common < from.length && common < to.length && from[common]!.toLowerCase() === to[common]!.toLowerCase()) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}
