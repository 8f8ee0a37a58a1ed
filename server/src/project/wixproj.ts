// A .wixproj as the WiX MSBuild targets build it: for one configuration, the platforms it builds, and for each of
// them the -arch, the sources, the preprocessor variables (DefineConstants, the project's own, its references') and
// the include and bind paths. WiX v3 (wix.targets) and WiX v4+ (WixToolset.Sdk) alike.
import * as path from 'node:path';
import type { BindPath } from '../payload/sources';
import { evaluateProject, type EvaluatedProject, type MsBuildHost } from './msbuild';
import { archOfPlatformName, type BuildArch } from '../model/platform';
import { attributeValueOf, parseXml, type XmlElement } from '../wix/xml';

export interface WixProjectBuild {
  /** The MSBuild platform as the project spells it (x86, x64, ARM64, Win32...). */
  platform: string;
  arch: BuildArch;
  /** Absolute paths of the Compile items, in item order, each once. */
  sources: string[];
  /** Preprocessor variables with known values. */
  defines: Record<string, string>;
  /** Variables the build defines with values only the build knows (OutDir, TargetPath, a reference's TargetDir...). */
  unknownDefines: string[];
  includePaths: string[];
  bindPaths: BindPath[];
}

export interface WixProject {
  file: string;
  /** The project's name (its file name without extension). */
  name: string;
  /** 3 for wix.targets projects, 4 for WixToolset.Sdk ones (v4, v5, v6). */
  wixVersion: 3 | 4;
  configuration: string;
  /** One build per platform the project builds for this configuration, in x86, x64, arm64 order, one per arch. */
  builds: WixProjectBuild[];
  /**
   * Whether the project names its platforms (Configuration|Platform conditions, Platforms, a fixed InstallerPlatform),
   * rather than only the template's default Platform that its build script overrides.
   */
  configured: boolean;
  /** The project as built for another MSBuild platform (what a build script passes with -p:Platform=...). */
  buildFor(platform: string): WixProjectBuild | undefined;
  /** How the platforms were found, for the info line ("the Release|x64 configuration", "Platform x86 by default"). */
  platformReason: string;
  /** Things the reader could not do, one log line each. */
  warnings: string[];
}

export interface ReadProjectOptions {
  /** The MSBuild configuration (default: the project's own default, else Debug). */
  configuration: string | undefined;
  env: Record<string, string | undefined>;
  host: MsBuildHost;
}

const ITEM_TYPES = ['compile', 'projectreference', 'bindpath', 'bindinputpaths'];
/** Folders a WixToolset.Sdk project's default items never come from: its own build output. */
const SDK_OUTPUT_FOLDERS = ['bin', 'obj'];

/** Reads a project; never throws. A project that is not one yields no builds and a warning. */
export function readWixProject(file: string, text: string, options: ReadProjectOptions): WixProject {
  const name = path.basename(file, path.extname(file));
  const sdk = isSdkProject(parseXml(file, text).root, text);
  const wixVersion = sdk ? 4 : 3;
  // An SDK project imports the nearest Directory.Build.props before its body and Directory.Build.targets after it.
  const importBefore = sdk ? findUp(path.dirname(file), 'Directory.Build.props', options.host) : undefined;
  const importAfter = sdk ? findUp(path.dirname(file), 'Directory.Build.targets', options.host) : undefined;
  const evaluate = (globals: Record<string, string>): EvaluatedProject =>
    evaluateProject(file, text, {
      globals,
      env: options.env,
      host: options.host,
      itemTypes: ITEM_TYPES,
      ...(sdk ? { sdkDefaults, sdkItems: (p: EvaluatedProject) => defaultCompileItems(p, options.host) } : {}),
      ...(importBefore !== undefined ? { importBefore } : {}),
      ...(importAfter !== undefined ? { importAfter } : {}),
    });

  // Evaluated without a platform first: its defaults, and which configurations and platforms it knows. A project that
  // names no default configuration and only configurations other than Debug is built in the first one it names.
  const plain = evaluate(options.configuration !== undefined ? { Configuration: options.configuration } : {});
  const named = configurationsOf(text);
  const configuration =
    options.configuration ??
    (prop(plain, 'configuration') || (named.length > 0 && !named.some((c) => c.toLowerCase() === 'debug') ? named[0]! : 'Debug'));
  const { platforms, reason, configured } = projectPlatforms(file, text, plain, configuration);

  const warnings = [...plain.warnings];
  const cache = new Map<string, WixProjectBuild | undefined>();
  const buildFor = (platform: string): WixProjectBuild | undefined => {
    if (cache.has(platform)) return cache.get(platform);
    const evaluated = evaluate({ Configuration: configuration, Platform: platform });
    const installerPlatform = prop(evaluated, 'installerplatform') || installerPlatformDefault(platform, wixVersion);
    const arch = archOfPlatformName(installerPlatform);
    if (!arch)
      warnings.push(
        `${file}: the ${configuration}|${platform} build makes a '${installerPlatform}' package, which wixlint does not lint (x86, x64 and arm64 only)`,
      );
    const result = arch ? build(file, name, evaluated, configuration, platform, installerPlatform, arch, wixVersion) : undefined;
    cache.set(platform, result);
    return result;
  };
  const builds: WixProjectBuild[] = [];
  for (const platform of platforms) {
    const b = buildFor(platform);
    if (b && !builds.some((x) => x.arch === b.arch)) builds.push(b);
  }
  builds.sort((a, b) => order(a.arch) - order(b.arch));
  const fixedInstallerPlatform = known(prop(plain, 'installerplatform')) !== undefined;
  return {
    file,
    name,
    wixVersion,
    configuration,
    builds,
    configured: configured || fixedInstallerPlatform,
    buildFor,
    platformReason: reason,
    warnings,
  };
}

/** The nearest file of this name in the folder or one above it. */
function findUp(dir: string, name: string, host: MsBuildHost): string | undefined {
  for (let d = dir, depth = 0; depth < 32; depth++) {
    const candidate = path.join(d, name);
    if (host.readFile(candidate) !== undefined) return candidate;
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
  return undefined;
}

function order(a: BuildArch): number {
  return a === 'x86' ? 0 : a === 'x64' ? 1 : 2;
}

/** WixToolset.Sdk's props: Debug and the platform-less default, as `dotnet build` would see them. */
function sdkDefaults(properties: Map<string, string>): void {
  if (!properties.has('configuration')) properties.set('configuration', 'Debug');
  if (!properties.has('enabledefaultcompileitems')) properties.set('enabledefaultcompileitems', 'true');
}

/** The SDK's default Compile items: every .wxs below the project, except its bin and obj folders. */
function defaultCompileItems(project: EvaluatedProject, host: MsBuildHost): void {
  if (prop(project, 'enabledefaultcompileitems').toLowerCase() === 'false' || prop(project, 'enabledefaultitems').toLowerCase() === 'false') return;
  const dir = path.dirname(project.file);
  const list = project.items.get('compile') ?? [];
  project.items.set('compile', list);
  const walk = (folder: string, depth: number): void => {
    const entries = host.readDirectory(folder);
    if (!entries || depth > 32) return;
    for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(folder, e.name);
      if (e.isDirectory) {
        const lower = e.name.toLowerCase();
        if (depth === 0 && SDK_OUTPUT_FOLDERS.includes(lower)) continue;
        if (lower.startsWith('.') || lower === 'node_modules') continue;
        walk(full, depth + 1);
      } else if (e.isFile && e.name.toLowerCase().endsWith('.wxs')) {
        list.push({ include: full, metadata: new Map() });
      }
    }
  };
  walk(dir, 0);
}

function build(
  file: string,
  name: string,
  project: EvaluatedProject,
  configuration: string,
  platform: string,
  installerPlatform: string,
  arch: BuildArch,
  wixVersion: 3 | 4,
): WixProjectBuild {
  const dir = path.dirname(file);
  const defines = new Map<string, string>();
  const unknown = new Set<string>();
  // wix.targets: DefineConstants, then the solution's, the project's and the references' (later ones win).
  const constants = parseDefineConstants(prop(project, 'defineconstants'));
  for (const [k, v] of constants.defines) defines.set(k, v);
  for (const k of constants.unknown) unknown.add(k);
  for (const s of ['DevEnvDir', 'SolutionDir', 'SolutionExt', 'SolutionFileName', 'SolutionName', 'SolutionPath']) unknown.add(s);
  const outputName = known(prop(project, 'outputname')) ?? name;
  const targetExt = TARGET_EXTENSIONS[prop(project, 'outputtype').toLowerCase()] ?? '.msi';
  const own: Record<string, string> = {
    Configuration: configuration,
    Platform: platform,
    ProjectDir: dir + path.sep,
    ProjectExt: path.extname(file),
    ProjectFileName: path.basename(file),
    ProjectName: name,
    ProjectPath: file,
    TargetExt: targetExt,
    TargetFileName: outputName + targetExt,
    TargetName: outputName,
  };
  if (wixVersion === 4) own['InstallerPlatform'] = installerPlatform;
  for (const [k, v] of Object.entries(own)) defines.set(k, v);
  for (const k of ['OutDir', 'TargetDir', 'TargetPath']) {
    defines.delete(k);
    unknown.add(k);
  }
  for (const ref of project.items.get('projectreference') ?? []) {
    const refPath = path.resolve(dir, ref.include.replace(/[\\/]+/g, path.sep));
    const refName = path.basename(refPath, path.extname(refPath));
    const given = ref.metadata.get('name')?.trim() || refName;
    const id = referenceName(given, wixVersion);
    const refKnown: Record<string, string> = {
      ProjectDir: path.dirname(refPath) + path.sep,
      ProjectExt: path.extname(refPath),
      ProjectFileName: path.basename(refPath),
      ProjectName: refName,
      ProjectPath: refPath,
    };
    for (const [k, v] of Object.entries(refKnown)) defines.set(`${id}.${k}`, v);
    for (const k of ['Configuration', 'FullConfiguration', 'Platform', 'TargetDir', 'TargetExt', 'TargetFileName', 'TargetName', 'TargetPath']) {
      unknown.add(`${id}.${k}`);
    }
  }
  for (const k of defines.keys()) unknown.delete(k);

  const sources: string[] = [];
  const seen = new Set<string>();
  for (const item of project.items.get('compile') ?? []) {
    const full = path.resolve(dir, item.include.replace(/[\\/]+/g, path.sep));
    if (!full.toLowerCase().endsWith('.wxs') || seen.has(full)) continue;
    seen.add(full);
    sources.push(full);
  }
  const includePaths = splitList(prop(project, 'includesearchpaths')).map((p) => path.resolve(dir, p.replace(/[\\/]+/g, path.sep)));
  const bindPaths: BindPath[] = [];
  for (const type of ['bindpath', 'bindinputpaths']) {
    for (const item of project.items.get(type) ?? []) {
      const bindName = item.metadata.get('bindname')?.trim();
      bindPaths.push({ name: bindName || undefined, path: path.resolve(dir, item.include.replace(/[\\/]+/g, path.sep)) });
    }
  }
  for (const p of splitList(prop(project, 'bindinputpaths')))
    bindPaths.push({ name: undefined, path: path.resolve(dir, p.replace(/[\\/]+/g, path.sep)) });
  return { platform, arch, sources, defines: Object.fromEntries(defines), unknownDefines: [...unknown].sort(), includePaths, bindPaths };
}

const TARGET_EXTENSIONS: Record<string, string> = {
  package: '.msi',
  module: '.msm',
  library: '.wixlib',
  bundle: '.exe',
  patchcreation: '.pcp',
  patch: '.msp',
};

/**
 * `A=1;B;C = x y` as wix.targets hands DefineConstants to the compiler. An entry whose value needs a property function
 * (`D=$([MSBuild]::NormalizeDirectory(...))`) is defined with a value only the build knows.
 */
export function parseDefineConstants(value: string): { defines: Map<string, string>; unknown: Set<string> } {
  const defines = new Map<string, string>();
  const unknown = new Set<string>();
  for (const part of value.split(';')) {
    const entry = unescapeMsBuild(part).trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    const name = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    if (name === '' || name.includes('$(')) continue;
    const v = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (v.includes('$(')) {
      defines.delete(name);
      unknown.add(name);
    } else {
      defines.set(name, v);
      unknown.delete(name);
    }
  }
  return { defines, unknown };
}

/** Whether a project is a WixToolset.Sdk (WiX v4+) one: `<Project Sdk="WixToolset.Sdk/...">` or `<Sdk Name="WixToolset.Sdk">`. */
export function isSdkProject(root: XmlElement | undefined, text: string): boolean {
  return /WixToolset\.Sdk/i.test((root && attributeValueOf(root, 'Sdk')) ?? '') || /<Sdk\s+Name\s*=\s*"WixToolset\.Sdk/i.test(text);
}

/**
 * The prefix of the preprocessor variables a ProjectReference defines (`$(var.<prefix>.TargetPath)`), from its Name
 * metadata or project name: wix.targets (v3) replaces only = " ( ) with '_'; WiX v4's build tasks make an identifier.
 */
export function referenceName(given: string, wixVersion: 3 | 4): string {
  return wixVersion === 4 ? identifierFrom(given) : given.replace(/[="()]/g, '_');
}

/** The WiX v4 build tasks' CreateIdentifierFromValue: illegal characters become '_', a leading non-letter gets one. */
function identifierFrom(value: string): string {
  const result = value.replace(/[^A-Za-z0-9_.]|\.{2,}/g, '_');
  return /^[^a-zA-Z_]/.test(value) ? `_${result}` : result;
}

/** wix.targets: InstallerPlatform follows Platform; WixToolset.Sdk makes '', Win32 and AnyCPU x86. */
function installerPlatformDefault(platform: string, wixVersion: 3 | 4): string {
  const p = platform.trim();
  if (p === '' || /^any ?cpu$/i.test(p) || (wixVersion === 4 && /^win32$/i.test(p))) return 'x86';
  return p;
}

/**
 * The MSBuild platforms a project builds in a configuration: those its `'$(Configuration)|$(Platform)'` conditions pair
 * with the configuration (or name alone), its `Platforms` property, else its default Platform.
 */
function projectPlatforms(
  file: string,
  text: string,
  plain: EvaluatedProject,
  configuration: string,
): { platforms: string[]; reason: string; configured: boolean } {
  const paired = new Map<string, string>();
  const alone = new Map<string, string>();
  const root = parseXml(file, text).root;
  const visit = (el: XmlElement): void => {
    const condition = attributeValueOf(el, 'Condition');
    if (condition !== undefined && el.local !== 'Platform' && el.local !== 'Configuration') {
      for (const m of condition.matchAll(/'\s*\$\(Configuration\)\s*\|\s*\$\(Platform\)\s*'\s*==\s*'([^'|]*)\|([^']*)'/gi)) {
        if (m[1]!.trim().toLowerCase() === configuration.toLowerCase()) remember(paired, m[2]!);
      }
      for (const m of condition.matchAll(/'\s*\$\(Platform\)\s*'\s*==\s*'([^']*)'/gi)) remember(alone, m[1]!);
    }
    for (const c of el.children) if (c.type === 'element') visit(c);
  };
  if (root) visit(root);
  const listed = splitList(prop(plain, 'platforms'));
  const all = new Map([...paired, ...alone]);
  for (const p of listed) remember(all, p);
  if (all.size > 0) {
    const names = [...all.values()];
    const configs =
      paired.size > 0
        ? `the ${[...paired.values()].map((p) => `${configuration}|${p}`).join(', ')} configuration${paired.size === 1 ? '' : 's'}`
        : undefined;
    const rest = [...alone.values(), ...listed].filter((p) => !paired.has(p.toLowerCase()));
    const parts = [configs, rest.length > 0 ? `Platform ${[...new Set(rest)].join(', ')}` : undefined].filter((s) => s !== undefined);
    return { platforms: names, reason: `${path.basename(file)}: ${parts.join('; ')}`, configured: true };
  }
  const platform = prop(plain, 'platform');
  return {
    platforms: [platform],
    reason: platform ? `${path.basename(file)}: Platform ${platform} by default` : `${path.basename(file)}: no Platform, so x86`,
    configured: false,
  };
}

/** The configurations a project's `'$(Configuration)|$(Platform)'` conditions name, in document order. */
function configurationsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/'\s*\$\(Configuration\)\s*\|\s*\$\(Platform\)\s*'\s*==\s*'([^'|]*)\|/gi)) {
    const c = m[1]!.trim();
    if (c !== '' && !out.includes(c)) out.push(c);
  }
  return out;
}

function remember(into: Map<string, string>, platform: string): void {
  const p = platform.trim();
  if (p !== '' && !p.includes('$(') && !into.has(p.toLowerCase())) into.set(p.toLowerCase(), p);
}

function prop(project: EvaluatedProject, name: string): string {
  return project.properties.get(name) ?? '';
}

function known(value: string): string | undefined {
  const v = value.trim();
  return v === '' || v.includes('$(') ? undefined : v;
}

function splitList(value: string): string[] {
  return value
    .split(';')
    .map((s) => unescapeMsBuild(s).trim())
    .filter((s) => s !== '' && !s.includes('$('));
}

/** MSBuild escapes special characters as %XX (%3B for ';'). */
function unescapeMsBuild(s: string): string {
  return s.indexOf('%') < 0 ? s : s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
