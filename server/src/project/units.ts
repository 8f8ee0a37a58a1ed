// Project units, as the WiX linker sees them: a .wixproj's Compile items, a project of wixlint.config.json, or loose
// sources grouped by entry section (each Product, Package, Module, Bundle or Patch with the fragment files it
// references). Units never see each other's symbols. The CLI and the language server both find them here.
import * as path from 'node:path';
import type { ConfigProject, WixlintConfig } from './config';
import { globToRegExp, slashes } from './glob';
import type { DirectoryEntry, MsBuildHost } from './msbuild';
import type { ProjectCache } from './projectCache';
import { readWixProject, type WixProject } from './wixproj';
import { nearestByFolder } from '../wix/link';
import { scanSections, type SourceSections } from '../wix/sections';
import type { XmlDocument } from '../wix/xml';

export type UnitKind = 'wixproj' | 'config' | 'sources';

export interface LintUnit {
  kind: UnitKind;
  /** The file that names the unit: the .wixproj, the config file, or the entry source (the first source, for fragments alone). */
  anchor: string;
  /** The config project's name, for a config unit. */
  name: string | undefined;
  /** Absolute paths of the sources to link, in a stable order. */
  sources: string[];
  project: WixProject | undefined;
  configProject: ConfigProject | undefined;
  /** The config that applies to the unit (the nearest to its anchor, or the one given). */
  config: WixlintConfig | undefined;
}

export interface DiscoverRequest {
  fs: MsBuildHost;
  parse: (file: string, text: string) => XmlDocument;
  env: Record<string, string | undefined>;
  /** The MSBuild configuration asked for (--configuration, a setting); else the config's, else the project's default. */
  configuration: string | undefined;
  /** Absolute paths of the WiX sources to lint. */
  sources: readonly string[];
  /** .wixproj files to lint whole, found in folders or given. */
  projectFiles: readonly string[];
  /**
   * Sources given one by one. Every source's unit is the nearest .wixproj up the tree that compiles it; one given alone
   * that no project compiles is linked with the sources of its folder.
   */
  lookUp: readonly string[];
  /** The config that applies to a file. */
  configFor(file: string): WixlintConfig | undefined;
  /** Whether a config excludes the file. */
  ignores(file: string): boolean;
  /** Keeps projects as read across discoveries (the editor); absent: each discovery reads them. */
  projects?: ProjectCache;
  /** A source's sections, kept by its text across discoveries (the editor); absent: each discovery parses the sources. */
  scan?: (file: string, text: string) => SourceSections;
}

export interface Discovery {
  units: LintUnit[];
  /** One log line each: a project that could not be read, a Compile item that does not exist. */
  warnings: string[];
}

/** How far up the tree a file's .wixproj is looked for. */
const MAX_LOOKUP_DEPTH = 32;

export function discoverUnits(request: DiscoverRequest): Discovery {
  return new Discoverer(request).run();
}

class Discoverer {
  private readonly projects = new Map<string, WixProject | null>();
  private readonly warnings: string[] = [];
  private readonly units: LintUnit[] = [];
  private readonly projectUnits = new Map<string, LintUnit>();
  /** Every source some project unit compiles. */
  private readonly compiled = new Set<string>();
  private readonly configUnits = new Map<string, LintUnit>();
  private readonly listings = new Map<string, readonly DirectoryEntry[]>();

  constructor(private readonly request: DiscoverRequest) {}

  run(): Discovery {
    for (const file of this.request.projectFiles) this.projectUnit(file);
    const loose: string[] = [];
    const seen = new Set<string>();
    const add = (file: string, withFolder: boolean): void => {
      if (seen.has(file)) return;
      seen.add(file);
      if (this.ignored(file) || this.inConfigProject(file) || this.inKnownProject(file) || this.inProjectUpTree(file)) return;
      loose.push(file);
      // A file given alone is linked with the sources of its folder, as its build most likely links it.
      if (withFolder) for (const sibling of this.folderSources(path.dirname(file))) add(sibling, false);
    };
    for (const file of this.request.sources) add(file, this.request.lookUp.includes(file));
    // A project found through a later source may compile an earlier one: loose is only what no project compiles.
    const stillLoose = loose.filter((f) => !this.inKnownProject(f));
    for (const unit of this.looseUnits(stillLoose)) this.units.push(unit);
    return { units: this.units, warnings: this.warnings };
  }

  private ignored(file: string): boolean {
    return this.request.ignores(file);
  }

  private project(file: string): WixProject | undefined {
    let project = this.projects.get(file);
    if (project === undefined) {
      const text = this.request.fs.readFile(file);
      if (text === undefined) {
        this.warnings.push(`cannot read the project '${file}'`);
        project = null;
      } else {
        const config = this.request.configFor(file);
        const options = { configuration: this.request.configuration ?? config?.configuration, env: this.request.env, host: this.request.fs };
        project = this.request.projects ? this.request.projects.read(file, text, options) : readWixProject(file, text, options);
        for (const w of project.warnings) this.warnings.push(w);
      }
      this.projects.set(file, project);
    }
    return project ?? undefined;
  }

  private projectUnit(file: string): LintUnit | undefined {
    const known = this.projectUnits.get(file);
    if (known) return known;
    const project = this.project(file);
    if (!project) return undefined;
    const sources = new Set<string>();
    for (const b of project.builds) for (const s of b.sources) if (!this.ignored(s)) sources.add(s);
    for (const s of [...sources]) {
      if (this.request.fs.readFile(s) !== undefined) continue;
      sources.delete(s);
      this.warnings.push(`${file}: Compile item '${s}' does not exist`);
    }
    const unit: LintUnit = {
      kind: 'wixproj',
      anchor: file,
      name: undefined,
      sources: [...sources],
      project,
      configProject: undefined,
      config: this.request.configFor(file),
    };
    this.projectUnits.set(file, unit);
    for (const s of unit.sources) this.compiled.add(s);
    this.units.push(unit);
    return unit;
  }

  private inKnownProject(file: string): boolean {
    return this.compiled.has(file);
  }

  /** The nearest .wixproj up the tree whose Compile items include the file. */
  private inProjectUpTree(file: string): boolean {
    let dir = path.dirname(file);
    for (let depth = 0; depth < MAX_LOOKUP_DEPTH; depth++) {
      const entries = this.list(dir);
      const names = entries
        .filter((e) => e.isFile && e.name.toLowerCase().endsWith('.wixproj'))
        .map((e) => e.name)
        .sort();
      for (const name of names) {
        const projectFile = path.join(dir, name);
        const project = this.project(projectFile);
        if (project?.builds.some((b) => b.sources.includes(file))) {
          this.projectUnit(projectFile);
          return true;
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return false;
  }

  /** Sources a config `projects` entry names form that project; the first entry that names a file owns it. */
  private inConfigProject(file: string): boolean {
    const config = this.request.configFor(file);
    if (!config) return false;
    for (const [i, p] of config.projects.entries()) {
      if (!p.sources.some((s) => globToRegExp(s, false).test(slashes(file)))) continue;
      const key = `${config.file}#${i}`;
      let unit = this.configUnits.get(key);
      if (!unit) {
        // A file an earlier project of the config names is that project's.
        const earlier = config.projects.slice(0, i);
        const sources = this.configSources(p).filter((f) => !earlier.some((e) => e.sources.some((g) => globToRegExp(g, false).test(slashes(f)))));
        unit = { kind: 'config', anchor: config.file, name: p.name, sources, project: undefined, configProject: p, config };
        this.configUnits.set(key, unit);
        this.units.push(unit);
      }
      if (!unit.sources.includes(file)) unit.sources.push(file);
      return true;
    }
    return false;
  }

  /** A config project's sources, found on disk (a glob's folder walked); the files given are added as they come. */
  private configSources(p: ConfigProject): string[] {
    const out: string[] = [];
    for (const pattern of p.sources) {
      const re = globToRegExp(pattern, false);
      const at = pattern.search(/[*?]/);
      if (at < 0) {
        const file = path.resolve(pattern);
        if (this.request.fs.readFile(file) !== undefined && !out.includes(file)) out.push(file);
        continue;
      }
      const base = pattern.slice(0, pattern.lastIndexOf('/', at) + 1) || '/';
      const deep = pattern.slice(at).includes('/');
      const visit = (dir: string, depth: number): void => {
        const entries = this.request.fs.readDirectory(dir);
        if (!entries || depth > MAX_LOOKUP_DEPTH) return;
        for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
          const full = path.join(dir, e.name);
          if (e.isDirectory && deep && !e.name.startsWith('.') && e.name !== 'node_modules') visit(full, depth + 1);
          else if (e.isFile && re.test(slashes(full)) && !out.includes(full) && !this.ignored(full)) out.push(full);
        }
      };
      visit(path.resolve(base), 0);
    }
    return out;
  }

  private list(dir: string): readonly DirectoryEntry[] {
    let entries = this.listings.get(dir);
    if (!entries) this.listings.set(dir, (entries = this.request.fs.readDirectory(dir) ?? []));
    return entries;
  }

  private folderSources(dir: string): string[] {
    const entries = this.list(dir);
    return entries
      .filter((e) => e.isFile && e.name.toLowerCase().endsWith('.wxs'))
      .map((e) => path.join(dir, e.name))
      .sort();
  }

  /**
   * Loose sources by entry section: each file holding an entry, with the fragment files it references (transitively;
   * the nearest definer by folder, never another entry's file). A file no entry reaches is a unit with what it references.
   */
  private looseUnits(files: readonly string[]): LintUnit[] {
    // One file is its own unit, whatever it holds: nothing to read to find out.
    if (files.length === 1) return [this.sourcesUnit([files[0]!])];
    const scans: SourceSections[] = [];
    for (const file of [...files].sort()) {
      const text = this.request.fs.readFile(file);
      scans.push(
        text === undefined
          ? { file, hasEntry: false, defines: new Set(), references: new Set(), external: new Set() }
          : (this.request.scan?.(file, text) ?? scanSections(this.request.parse(file, text))),
      );
    }
    // The definers of what files reference in others; a reference a file defines itself links nothing (a harvested
    // fragment's thousands of ComponentRefs to its own components).
    const wanted = new Set<string>();
    for (const s of scans) for (const ref of s.external) wanted.add(ref);
    const definers = new Map<string, SourceSections[]>();
    for (const s of scans) {
      const [fewer, more] = wanted.size <= s.defines.size ? [wanted, s.defines] : [s.defines, wanted];
      for (const d of fewer) {
        if (!more.has(d)) continue;
        const list = definers.get(d);
        if (list) list.push(s);
        else definers.set(d, [s]);
      }
    }
    // Each entry with what it references; then each file no entry reaches, with what it references (its own platforms:
    // a 64-bit fragment beside a 32-bit one is linted for what it says, not for its neighbour).
    const closure = (home: SourceSections): SourceSections[] => {
      const group = new Set<SourceSections>([home]);
      const queue = [home];
      for (let i = 0; i < queue.length; i++) {
        for (const ref of queue[i]!.external) {
          const candidates = definers.get(ref);
          if (!candidates || candidates.some((c) => group.has(c))) continue;
          const chosen = nearestByFolder(
            candidates.filter((c) => !c.hasEntry),
            home.file,
          );
          if (!chosen) continue;
          group.add(chosen);
          queue.push(chosen);
        }
      }
      return queue;
    };
    const units: LintUnit[] = [];
    const reached = new Set<SourceSections>();
    for (const entry of scans) {
      if (!entry.hasEntry) continue;
      const group = closure(entry);
      for (const s of group) reached.add(s);
      units.push(this.sourcesUnit(group.map((s) => s.file)));
    }
    for (const s of scans) if (!reached.has(s)) units.push(this.sourcesUnit(closure(s).map((x) => x.file)));
    return units;
  }

  private sourcesUnit(sources: string[]): LintUnit {
    const anchor = sources[0]!;
    return {
      kind: 'sources',
      anchor,
      name: undefined,
      sources,
      project: undefined,
      configProject: undefined,
      config: this.request.configFor(anchor),
    };
  }
}
