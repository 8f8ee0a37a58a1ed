// The core entry point for one unit of sources: parse, choose the platforms, preprocess and lower per platform, link,
// run the rules, merge platforms.
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { AssumptionIndex } from '../model/assumptions';
import { emptyDb, type InputDiagnostic, type InstallerDb, type Location, type UndefinedVariable } from '../model/installer';
import type { BuildArch } from '../model/platform';
import { readNamedPackages } from '../payload/packages';
import { SourcePayloads, type BindPath, type SourcePayloadOptions } from '../payload/sources';
import { rules } from '../rules';
import { link, type Section } from '../wix/link';
import { WIX2_NS, wixVersionOf } from '../wix/vocabulary';
import { assemble, lowerDocument } from '../wix/lower';
import { documentHints, mergeHints, type PlatformHints } from '../wix/platformHints';
import { Preprocessor, type UndefinedUse } from '../wix/preprocess';
import { lfText, parseXml, type XmlDocument } from '../wix/xml';
import { handOut, loweringContextKey, type LoweredDocument, type LoweringCache, type SourceFacts } from './loweringCache';
import type { Problem } from './problem';
import { parseError } from '../rules/parse-error';
import type { SeveritySetting } from '../rules/rule';
import { ProblemCollector } from './run';

/** How the core reads files it was not handed (includes). Paths are as the host understands them. */
export interface SourceHost {
  readFile(path: string): string | undefined;
  /** Why a file that exists could not be read (a device, a FIFO, too large); undefined when it could, or is absent. */
  unreadable?(path: string): string | undefined;
}

export interface SourceInput {
  /** The path as given by the user (used in output). */
  path: string;
  text: string;
}

/** What one platform's build adds to the unit's defines and include paths (a .wixproj's Configuration|Platform). */
export interface PlatformContext {
  defines: Record<string, string>;
  /** Variables the build defines with values only it knows. */
  unknownDefines: readonly string[];
  includePaths: string[];
  /** Where the binder looks for payloads (default: the options' `bindPaths`). */
  bindPaths?: readonly BindPath[];
  /**
   * The inputs this platform's build compiles (default: all): a .wixproj may compile a source only for one platform
   * (`<Compile Include="Product.x64.wxs" Condition=" '$(Platform)' == 'x64' " />`).
   */
  sources?: readonly string[];
}

/** Where the platforms come from, from the strongest: the user, a config, a .wixproj, the sources, the default. */
export type PlatformSource = 'arguments' | 'settings' | 'config' | 'project' | 'sources' | 'default';

export interface PlatformChoice {
  platforms: BuildArch[];
  source: PlatformSource;
  /** Why, in a phrase: "--arch", "Package/@Platform="x64" in Product.wxs", "x86, the WiX compilers' default". */
  reason: string;
}

export interface LintSourcesOptions {
  /** Build platforms to evaluate, each source preprocessed and lowered once per platform; absent: the sources decide. */
  platforms?: BuildArch[];
  /** Where given platforms come from (default 'arguments'), and why, for the info line. */
  platformSource?: PlatformSource;
  platformReason?: string;
  /** Preprocessor defines (-d NAME=VALUE), for every platform without a context of its own. */
  defines: Record<string, string>;
  /** Include search paths (-I DIR), likewise. */
  includePaths: string[];
  /**
   * A platform's own defines and include paths; when given, it replaces `defines` and `includePaths`. `platformName` is
   * how the build names the platform (MSBuild's `x64`, `ARM64`, or the spelling the sources compare $(var.Platform) with).
   */
  contextFor?: (arch: BuildArch, platformName: string) => PlatformContext;
  /** When neither `platforms` nor the sources say: these (a .wixproj's default Platform) rather than x86. */
  fallbackPlatforms?: PlatformChoice;
  /** Where the binder looks for payloads, for every platform without a context of its own. */
  bindPaths?: readonly BindPath[];
  /** Reads each File's payload, so that payload-isa judges the binaries; absent: only names are checked. */
  payloads?: SourcePayloadOptions;
  /** Environment for $(env.X). */
  env: Record<string, string | undefined>;
  /** The folder the compiler runs in ($(sys.CURRENTDIR)): a .wixproj's folder; default: each source's folder. */
  currentDir?: string;
  /** Severity overrides by rule id. */
  severities: Record<string, SeveritySetting>;
  host: SourceHost;
  /** How sources and includes are parsed; a caller that lints again and again can keep unchanged trees (default: parseXml). */
  parse?: (path: string, text: string) => XmlDocument;
  /** Sees each package as linted, per platform (the editor shows what it learns there, such as a component's bitness). */
  onDatabase?: (db: InstallerDb) => void;
  /** Whether the time given to this lint is used up: reading stops with a warning where it did (see PreprocessOptions). */
  outOfTime?: () => boolean;
  /** Keeps each document's lowering with its tree, for a caller that lints again and again (default: none kept). */
  lowering?: LoweringCache;
  timeBudgetSeconds?: number;
}

export interface LintTimings {
  parseMs: number;
  lowerMs: number;
  rulesMs: number;
}

export interface LintResult {
  /** Problems sorted by file, then position; one per rule, place and message, listing its platforms. */
  problems: Problem[];
  /**
   * The text of every file a problem may point into (inputs and includes), for line/column conversion: with its line
   * ends normalized to LF, as the offsets count them.
   */
  texts: Map<string, string>;
  /** The platforms linted, and why. */
  platforms: PlatformChoice;
  /** Each file that included others, with the files it included, on any platform: what a source's content comes from. */
  includes: Map<string, Set<string>>;
  /** Each payload or package path looked at (found or not), with its stamp then when a memo is kept: what a cache of the lint must watch. */
  payloads: ReadonlyMap<string, string | undefined>;
  timings: LintTimings;
}

/** MSBuild's names for the platforms, as a .wixproj build passes them in $(var.Platform). */
export const MSBUILD_PLATFORM: Record<BuildArch, string> = { x86: 'x86', x64: 'x64', arm64: 'ARM64' };

export function lintSources(inputs: SourceInput[], options: LintSourcesOptions): LintResult {
  const timings: LintTimings = { parseMs: 0, lowerMs: 0, rulesMs: 0 };
  const collector = new ProblemCollector();
  const documents = new Map<string, XmlDocument>();

  const parse = options.parse ?? parseXml;
  // An input's tree, parsed when first wanted: with a lowering cache, an unchanged input's facts and lowering are kept
  // without it (a closed file's tree is not kept; see LoweringCache).
  // Keyed by the text as given: a tree's own text has its line ends normalized, so it cannot say which input it is of.
  const parsedFrom = new Map<string, string>();
  const treeOf = (input: SourceInput): XmlDocument => {
    let doc = documents.get(input.path);
    if (doc === undefined || parsedFrom.get(input.path) !== input.text) {
      doc = parse(input.path, input.text);
      documents.set(input.path, doc);
      parsedFrom.set(input.path, input.text);
    }
    return doc;
  };
  const factsOf = (input: SourceInput): SourceFacts =>
    options.lowering ? options.lowering.facts(input.path, input.text, () => sourceFacts(treeOf(input))) : sourceFacts(treeOf(input));
  let t = performance.now();
  const facts = inputs.map(factsOf);
  timings.parseMs += performance.now() - t;

  let hints: PlatformHints | undefined;
  const hintsOf = (): PlatformHints =>
    (hints ??= mergeHints([...facts.map((f) => f.hints), ...literalIncludes(inputs, options, documents, parse).map(documentHints)]));
  const choice = options.platforms
    ? { platforms: options.platforms, source: options.platformSource ?? 'arguments', reason: options.platformReason ?? '--arch' }
    : choosePlatforms(hintsOf(), options);
  // Variables the sources compare with platform names ($(var.Platform), a build script's $(var.WIREGUARD_PLATFORM) or
  // $(env.Platform)) are what the build passes per platform: when nothing here defines one, it is set as the build would.
  const platformVariables = hintsOf().platformVariables;
  const platformName = (arch: BuildArch): string => platformVariables.get('var.Platform')?.get(arch) ?? MSBUILD_PLATFORM[arch];
  const setFor = new Set<string>();
  const perPlatform: { arch: BuildArch; dbs: InstallerDb[]; inputs: InstallerDb; uses: UndefinedUse[] }[] = [];
  const includes = new Map<string, Set<string>>();
  const payloads = options.payloads ? new SourcePayloads(options.payloads) : undefined;
  for (const arch of choice.platforms) {
    t = performance.now();
    const context = options.contextFor?.(arch, platformName(arch)) ?? {
      defines: options.defines,
      unknownDefines: [],
      includePaths: options.includePaths,
    };
    let defines = context.defines;
    let env = options.env;
    for (const [ref, spelt] of platformVariables) {
      const name = ref.slice(ref.indexOf('.') + 1);
      const value = spelt.get(arch) ?? MSBUILD_PLATFORM[arch];
      if (ref.startsWith('var.') && !Object.hasOwn(defines, name) && !context.unknownDefines.includes(name)) {
        defines = { ...defines, [name]: value };
        setFor.add(ref);
      } else if (ref.startsWith('env.') && !Object.keys(env).some((k) => k.toLowerCase() === name.toLowerCase())) {
        env = { ...env, [name]: value };
        setFor.add(ref);
      }
    }
    const diagnostics: InputDiagnostic[] = [];
    const uses: UndefinedUse[] = [];
    const assumptions = new AssumptionIndex();
    // What a kept lowering depends on besides its document: the same for every document of this platform.
    const loweringKey = options.lowering
      ? loweringContextKey({
          arch,
          defines,
          unknownDefines: context.unknownDefines,
          includePaths: context.includePaths,
          env,
          currentDir: options.currentDir,
        })
      : undefined;
    const sections: Section[] = [];
    const compiled = context.sources ? new Set(context.sources) : undefined;
    for (const [i, input] of inputs.entries()) {
      const doc = { file: input.path, ...facts[i]! };
      for (const e of doc.errors) {
        diagnostics.push({ message: e.message, severity: 'error', location: { kind: 'source', file: doc.file, start: e.start, end: e.end } });
      }
      if (compiled && !compiled.has(doc.file)) continue;
      const root = doc.root;
      // An include file is checked as XML here; its content is linted where it is included.
      if (!root || root.local === 'Include') continue;
      const version = wixVersionOf(root.ns);
      if (root.local !== 'Wix' || version === undefined) {
        diagnostics.push({
          message: `<${root.name}> is not a WiX document`,
          help:
            'The root must be <Wix> with xmlns="http://wixtoolset.org/schemas/v4/wxs" (WiX v4 and later) or ' +
            'xmlns="http://schemas.microsoft.com/wix/2006/wi" (WiX v3).',
          severity: 'error',
          location: { kind: 'source', file: doc.file, start: root.start + 1, end: root.nameEnd },
        });
        continue;
      }
      if (root.ns === WIX2_NS) {
        diagnostics.push({
          message: 'This source uses the WiX v2 namespace (http://schemas.microsoft.com/wix/2003/01/wi)',
          note: 'wixlint reads it as WiX v3, whose candle refuses it (CNDL0199).',
          help: 'Change the namespace to http://schemas.microsoft.com/wix/2006/wi (wixcop converts it).',
          severity: 'info',
          location: { kind: 'source', file: doc.file, start: root.start + 1, end: root.nameEnd },
        });
      }
      const lowerNow = (own: AssumptionIndex): { lowered: LoweredDocument; selfContained: boolean } => {
        const pp = new Preprocessor(treeOf(input), {
          arch,
          version,
          defines,
          unknownDefines: context.unknownDefines,
          includePaths: context.includePaths,
          env,
          host: options.host,
          documents,
          parse,
          assumptions: own,
          ...(options.currentDir !== undefined ? { currentDir: options.currentDir } : {}),
          ...(options.outOfTime ? { outOfTime: options.outOfTime } : {}),
          ...(options.timeBudgetSeconds !== undefined ? { timeBudgetSeconds: options.timeBudgetSeconds } : {}),
        });
        const sections = lowerDocument(treeOf(input), pp, version, arch);
        addIncludes(includes, pp.includes);
        return { lowered: { sections, diagnostics: pp.diagnostics, uses: pp.undefinedUses, assumptions: own }, selfContained: pp.selfContained };
      };
      // A kept lowering has its own assumptions and sections: they are added to this platform's, as copies.
      const lowered =
        options.lowering && loweringKey !== undefined
          ? options.lowering.lower(input.path, input.text, loweringKey, () => lowerNow(new AssumptionIndex()))
          : lowerNow(assumptions).lowered;
      if (options.lowering) assumptions.addAll(lowered.assumptions);
      for (const s of lowered.sections) sections.push(options.lowering ? handOut(s) : s);
      for (const d of lowered.diagnostics) diagnostics.push(d);
      for (const u of lowered.uses) uses.push(u);
    }
    const dbs = link(sections).map((linked) => assemble(linked, arch));
    for (const db of dbs) {
      db.assumptions = assumptions;
      if (payloads) readPayloads(db, payloads, context.bindPaths ?? options.bindPaths ?? [], options);
    }
    const inputsDb = emptyDb(arch);
    inputsDb.inputDiagnostics = diagnostics;
    dbs.push(inputsDb);
    perPlatform.push({ arch, dbs, inputs: inputsDb, uses });
    timings.lowerMs += performance.now() - t;
  }

  // Each variable nobody defines is one problem for the unit, at its first use, counting its uses on every platform.
  const undefinedVariables = collectUndefined(perPlatform.map((p) => p.uses));
  for (const p of perPlatform) {
    const used = new Set(p.uses.map((u) => u.variable));
    p.inputs.undefinedVariables = undefinedVariables.filter((v) => used.has(v.variable));
  }

  for (const p of perPlatform) {
    if (options.onDatabase) for (const db of p.dbs) options.onDatabase(db);
    t = performance.now();
    for (const db of p.dbs) collector.run(db, rules, options.severities);
    timings.rulesMs += performance.now() - t;
  }

  // The texts offsets are in: line ends normalized, as the trees have them (a tree at hand gives its own).
  const texts = new Map<string, string>();
  for (const input of inputs) {
    const doc = documents.get(input.path);
    const parsed = doc !== undefined && parsedFrom.get(input.path) === input.text;
    texts.set(input.path, parsed ? doc.text : options.lowering ? options.lowering.lfText(input.path, input.text) : lfText(input.text));
  }
  for (const [file, doc] of documents) if (!texts.has(file)) texts.set(file, doc.text);
  const set = [...setFor].map((ref) => `$(${ref})`);
  const platforms =
    set.length === 0
      ? choice
      : {
          ...choice,
          reason: `${choice.reason}; ${set.join(' and ')} set for each platform, as the build passes ${set.length === 1 ? 'it' : 'them'}`,
        };
  return { problems: collector.problems(), texts, platforms, includes, payloads: payloads?.watched() ?? new Map(), timings };
}

/** The merged modules' parts and each File's payload, on the model before the rules run. */
function readPayloads(db: InstallerDb, payloads: SourcePayloads, bindPaths: readonly BindPath[], options: LintSourcesOptions): void {
  const find = (sourceFile: string, location: Location) =>
    location.kind === 'source' ? payloads.findPackage(sourceFile, location.file, bindPaths, options.currentDir) : undefined;
  readNamedPackages(db, find, options.payloads?.reportMissing ?? false);
  // With payload-isa off no payload is read: only the named packages, which the other rules check.
  if (options.severities['payload-isa'] !== 'off') payloads.attach(db, bindPaths, options.currentDir);
}

function collectUndefined(perPlatform: readonly (readonly UndefinedUse[])[]): UndefinedVariable[] {
  const byVariable = new Map<string, { first: UndefinedUse; places: Set<string> }>();
  for (const uses of perPlatform) {
    for (const u of uses) {
      const place = `${u.file}\u0000${u.start}`;
      const known = byVariable.get(u.variable);
      if (known) known.places.add(place);
      else byVariable.set(u.variable, { first: u, places: new Set([place]) });
    }
  }
  return [...byVariable.values()].map(({ first, places }) => ({
    variable: first.variable,
    written: first.written,
    uses: places.size,
    location: { kind: 'source', file: first.file, start: first.start, end: first.end },
  }));
}

/**
 * The platforms a unit's sources are built for when nobody says: a v3 Package/@Platform names the build; sources that
 * switch on $(sys.BUILDARCH) or $(var.Platform) between platforms are built for each; sources whose platform-specific
 * authoring is all 64-bit for x64; else x86, as the WiX compilers default.
 */
function choosePlatforms(hints: PlatformHints, options: LintSourcesOptions): PlatformChoice {
  const name = (file: string) => path.basename(file);
  if (hints.declared.length > 0) {
    const platforms = order(hints.declared.map((d) => d.arch));
    const first = hints.declared[0]!;
    return { platforms, source: 'sources', reason: `Package/@Platform="${first.value}" in ${name(first.file)}` };
  }
  if (hints.switched.length > 0) {
    const first = hints.switched[0]!;
    let platforms = order(hints.switched.flatMap((s) => s.arches));
    // x86 only as an <?else?>, while other authoring is 64-bit only (ProgramFiles64Folder used as is): no x86 build.
    const x86Implied = hints.switched.every((s) => s.impliesX86 || !s.arches.includes('x86'));
    const unconditional64 = hints.only64.filter((h) => !h.guard);
    if (x86Implied && unconditional64.length > 0 && hints.only32.length === 0 && platforms.length > 1) {
      platforms = platforms.filter((a) => a !== 'x86');
      const why = unconditional64[0]!;
      return {
        platforms,
        source: 'sources',
        reason: `${first.what} in ${name(first.file)} chooses by platform, and ${why.what} in ${name(why.file)} is 64-bit only`,
      };
    }
    return {
      platforms,
      source: 'sources',
      reason: `${first.what} in ${name(first.file)} ${first.what.startsWith('<?') ? 'chooses by platform' : 'follows the platform'}`,
    };
  }
  if (hints.only64.length > 0 && hints.only32.length === 0) {
    const first = hints.only64[0]!;
    return { platforms: ['x64'], source: 'sources', reason: `its platform-specific authoring is all 64-bit (${first.what} in ${name(first.file)})` };
  }
  if (options.fallbackPlatforms) return options.fallbackPlatforms;
  return { platforms: ['x86'], source: 'default', reason: "nothing names a platform, so x86, the WiX compilers' default" };
}

function order(arches: readonly BuildArch[]): BuildArch[] {
  return (['x86', 'x64', 'arm64'] as const).filter((a) => arches.includes(a));
}

/** The include files the sources name without variables (but the source's folder), found as the preprocessor would, transitively. */
function literalIncludes(
  mains: readonly SourceInput[],
  options: LintSourcesOptions,
  documents: Map<string, XmlDocument>,
  parse: (path: string, text: string) => XmlDocument,
): XmlDocument[] {
  const out: XmlDocument[] = [];
  const seen = new Set<string>(mains.map((d) => d.path));
  const includePaths = options.contextFor?.('x86', 'x86').includePaths ?? options.includePaths;
  const queue: { file: string; text: string }[] = mains.map((m) => ({ file: m.path, text: m.text }));
  for (let i = 0; i < queue.length && out.length < 256; i++) {
    const doc = queue[i]!;
    for (const m of doc.text.matchAll(/<\?include\s+("?)([^"?]+)\1\s*\?>/g)) {
      const dir = path.dirname(doc.file) + path.sep;
      const named = m[2]!
        .trim()
        .replace('$(sys.SOURCEFILEDIR)', dir)
        .replace('$(sys.CURRENTDIR)', options.currentDir !== undefined ? options.currentDir + path.sep : dir);
      if (named.includes('$(')) continue;
      const target = path.sep === '/' ? named.replace(/\\/g, '/') : named;
      const candidates = path.isAbsolute(target)
        ? [target]
        : [path.join(path.dirname(doc.file), target), ...includePaths.map((d) => path.join(d, target))];
      for (const c of candidates) {
        if (seen.has(c)) break;
        let found = documents.get(c);
        if (!found) {
          const text = options.host.readFile(c);
          if (text === undefined) continue;
          found = parse(c, text);
          documents.set(c, found);
        }
        seen.add(c);
        out.push(found);
        queue.push(found);
        break;
      }
    }
  }
  return out;
}

/** What a lint reads of a source's tree besides lowering it. */
function sourceFacts(doc: XmlDocument): SourceFacts {
  const root = doc.root;
  return {
    errors: doc.errors,
    root: root && { local: root.local, name: root.name, ns: root.ns, start: root.start, nameEnd: root.nameEnd },
    hints: documentHints(doc),
  };
}

/** Runs the rules over built packages already read into the model; problems point at table rows. */
export function lintPackages(dbs: readonly InstallerDb[], severities: Record<string, SeveritySetting>): Problem[] {
  const collector = new ProblemCollector();
  for (const db of dbs) collector.run(db, rules, severities);
  return collector.problems();
}

/**
 * The problem on an input that could not be read at all (a FIFO, a device, a file over the size limit, links in a
 * circle): a parse-error at its start saying why, unless the rule is off. The CLI and the language server both say it so.
 */
export function unreadableInputProblem(file: string, reason: string, severities: Record<string, SeveritySetting>): Problem[] {
  const configured = severities[parseError.meta.id];
  if (configured === 'off') return [];
  return [
    {
      ruleId: parseError.meta.id,
      severity: configured ?? parseError.meta.defaultSeverity,
      message: `Cannot read this file: ${reason.replace(/\.$/, '')}. Nothing in it is linted; the other inputs are.`,
      platforms: [],
      location: { kind: 'source', file, start: 0, end: 0 },
      related: [],
    },
  ];
}

/** Adds the include edges of `from` (includer to included files) to `into`. */
export function addIncludes(into: Map<string, Set<string>>, from: ReadonlyMap<string, ReadonlySet<string>>): void {
  for (const [file, included] of from) {
    let all = into.get(file);
    if (!all) into.set(file, (all = new Set()));
    for (const f of included) all.add(f);
  }
}
