// MSBuild's static evaluation, as far as a WiX project needs it: properties in document order (with imports and
// conditions), then items, with `$(Property)` expansion. Property functions and targets are not run: a value that
// needs them stays as written, and callers treat it as unknown.
import * as path from 'node:path';
import { globToRegExp, hasWildcard, slashes } from './glob';
import { attributeCount, attributeName, attributeValue, attributeValueOf, parseXml, type XmlElement } from '../wix/xml';

/** What the evaluation reads: project and import files, and folders for wildcard items. */
export interface MsBuildHost {
  readFile(file: string): string | undefined;
  /** Why a file that exists could not be read (a device, a FIFO, too large); undefined when it could, or is absent. */
  unreadable?(file: string): string | undefined;
  /** A folder's entries, or undefined when it cannot be listed. */
  readDirectory(dir: string): readonly DirectoryEntry[] | undefined;
}

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

export interface MsBuildItem {
  /** The evaluated Include, one item per path; wildcards expanded to absolute paths, other paths as written. */
  include: string;
  /** Metadata by lower-case name. */
  metadata: Map<string, string>;
}

export interface EvaluatedProject {
  file: string;
  /** Property values by lower-case name. */
  properties: Map<string, string>;
  /** Items by lower-case item type, in evaluation order. */
  items: Map<string, MsBuildItem[]>;
  /** Whether the root element names an SDK (`<Project Sdk="WixToolset.Sdk/4.0.0">`), and which. */
  sdk: string | undefined;
  /** Things the evaluation could not do (an import not found, an unreadable file), for a log line each. */
  warnings: string[];
}

export interface EvaluateOptions {
  /** Properties set from outside (Configuration, Platform): the project cannot change them. */
  globals: Record<string, string>;
  env: Record<string, string | undefined>;
  host: MsBuildHost;
  /** Item types to collect (lower case); others are skipped. */
  itemTypes: readonly string[];
  /** Properties an SDK's props would set first, applied before the project's own (lower-case names). */
  sdkDefaults?: (properties: Map<string, string>) => void;
  /** Items an SDK adds before the project's own (such as default Compile items), given the final properties. */
  sdkItems?: (project: EvaluatedProject) => void;
  /** Imported before and after the project's body, as an SDK imports Directory.Build.props and .targets. */
  importBefore?: string;
  importAfter?: string;
}

/** Attributes of an item element that are not its metadata. */
const ITEM_ATTRIBUTES = new Set([
  'Include',
  'Exclude',
  'Remove',
  'Update',
  'Condition',
  'KeepMetadata',
  'RemoveMetadata',
  'KeepDuplicates',
  'MatchOnMetadata',
  'MatchOnMetadataOptions',
]);

/** Imports nested deeper than this are not followed (a cycle, or hostile input). */
const MAX_IMPORT_DEPTH = 16;
/** Files a wildcard item may expand to: a pattern over a whole disk should not stall the lint. */
const MAX_WILDCARD_FILES = 20_000;
/** Folders an SDK project's default items never come from, nor wildcards descend into. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.vs']);

export function evaluateProject(file: string, text: string, options: EvaluateOptions): EvaluatedProject {
  return new Evaluator(file, options).run(text);
}

interface PendingItem {
  element: XmlElement;
  condition: string | undefined;
}

class Evaluator {
  private readonly properties = new Map<string, string>();
  private readonly globals = new Set<string>();
  private readonly pending: PendingItem[] = [];
  private readonly project: EvaluatedProject;
  private readonly projectDir: string;
  private readonly importing: string[] = [];

  constructor(
    private readonly file: string,
    private readonly options: EvaluateOptions,
  ) {
    this.projectDir = path.dirname(file);
    this.project = { file, properties: this.properties, items: new Map(), sdk: undefined, warnings: [] };
    const name = path.basename(file);
    const ext = path.extname(file);
    const reserved: Record<string, string> = {
      MSBuildProjectDirectory: this.projectDir,
      MSBuildProjectFile: name,
      MSBuildProjectExtension: ext,
      MSBuildProjectFullPath: file,
      MSBuildProjectName: name.slice(0, name.length - ext.length),
    };
    for (const [k, v] of Object.entries(reserved)) this.properties.set(k.toLowerCase(), v);
    for (const [k, v] of Object.entries(options.globals)) {
      this.properties.set(k.toLowerCase(), v);
      this.globals.add(k.toLowerCase());
    }
  }

  run(text: string): EvaluatedProject {
    const root = parseXml(this.file, text).root;
    if (root?.local !== 'Project') {
      this.project.warnings.push(`${this.file}: not an MSBuild project (no <Project> root)`);
      return this.project;
    }
    this.project.sdk = attributeValueOf(root, 'Sdk')?.trim() || undefined;
    if (this.project.sdk !== undefined) this.options.sdkDefaults?.(this.properties);
    if (this.options.importBefore !== undefined) this.import(this.options.importBefore, this.file);
    this.importing.push(this.file);
    this.visitProject(root, this.file);
    this.importing.pop();
    if (this.options.importAfter !== undefined) this.import(this.options.importAfter, this.file);
    this.options.sdkItems?.(this.project);
    for (const item of this.pending) this.item(item);
    return this.project;
  }

  private visitProject(root: XmlElement, file: string): void {
    for (const child of root.children) {
      if (child.type !== 'element') continue;
      switch (child.local) {
        case 'PropertyGroup':
          if (this.holds(attributeValueOf(child, 'Condition'), file)) this.propertyGroup(child, file);
          break;
        case 'ItemGroup':
          if (this.holds(attributeValueOf(child, 'Condition'), file)) {
            for (const item of child.children) {
              if (item.type === 'element') this.pending.push({ element: item, condition: attributeValueOf(item, 'Condition') });
            }
          }
          break;
        case 'Import':
          if (this.holds(attributeValueOf(child, 'Condition'), file)) this.import(attributeValueOf(child, 'Project'), file);
          break;
        case 'ImportGroup':
          if (this.holds(attributeValueOf(child, 'Condition'), file)) {
            for (const imp of child.children) {
              if (imp.type === 'element' && imp.local === 'Import' && this.holds(attributeValueOf(imp, 'Condition'), file)) {
                this.import(attributeValueOf(imp, 'Project'), file);
              }
            }
          }
          break;
        case 'Choose':
          this.choose(child, file);
          break;
        default:
          break;
      }
    }
  }

  /** `<Choose><When Condition>…</When><Otherwise>…</Otherwise></Choose>`: the first When that holds, else Otherwise. */
  private choose(el: XmlElement, file: string): void {
    for (const branch of el.children) {
      if (branch.type !== 'element') continue;
      if (branch.local === 'When' && !this.holds(attributeValueOf(branch, 'Condition') ?? 'false', file)) continue;
      if (branch.local !== 'When' && branch.local !== 'Otherwise') continue;
      this.visitProject(branch, file);
      return;
    }
  }

  private propertyGroup(group: XmlElement, file: string): void {
    for (const p of group.children) {
      if (p.type !== 'element') continue;
      const name = p.local.toLowerCase();
      if (this.globals.has(name)) continue;
      if (!this.holds(attributeValueOf(p, 'Condition'), file)) continue;
      let raw = '';
      for (const c of p.children) if (c.type === 'text') raw += c.value;
      this.properties.set(name, this.expand(raw, file));
    }
  }

  private import(project: string | undefined, from: string): void {
    if (project === undefined) return;
    const expanded = this.expand(project, from).trim();
    if (expanded === '' || expanded.includes('$(') || hasWildcard(expanded)) return;
    const target = this.resolve(expanded, path.dirname(from));
    if (this.importing.length >= MAX_IMPORT_DEPTH || this.importing.includes(target)) return;
    const text = this.options.host.readFile(target);
    if (text === undefined) return;
    const root = parseXml(target, text).root;
    if (root?.local !== 'Project') {
      this.project.warnings.push(`${target}: imported by ${from}, but not an MSBuild project`);
      return;
    }
    this.importing.push(target);
    this.visitProject(root, target);
    this.importing.pop();
  }

  private item(pending: PendingItem): void {
    const el = pending.element;
    const type = el.local.toLowerCase();
    if (!this.options.itemTypes.includes(type)) return;
    if (!this.holds(pending.condition, this.file)) return;
    const list = this.project.items.get(type) ?? [];
    this.project.items.set(type, list);
    const remove = attributeValueOf(el, 'Remove');
    if (remove !== undefined) {
      const drop = this.paths(remove);
      const dropped = (i: MsBuildItem) =>
        drop.some(
          (d) =>
            samePath(this.resolve(i.include, this.projectDir), d.absolute) ||
            (d.pattern?.test(slashes(this.resolve(i.include, this.projectDir))) ?? false),
        );
      const kept = list.filter((i) => !dropped(i));
      list.length = 0;
      list.push(...kept);
      return;
    }
    const include = attributeValueOf(el, 'Include');
    if (include === undefined) return;
    const exclude = this.paths(attributeValueOf(el, 'Exclude') ?? '');
    const metadata = new Map<string, string>();
    // Metadata as attributes (MSBuild 15) or as child elements.
    for (let i = 0; i < attributeCount(el); i++) {
      const name = attributeName(el, i);
      if (!ITEM_ATTRIBUTES.has(name)) metadata.set(name.toLowerCase(), this.expand(attributeValue(el, i), this.file));
    }
    for (const m of el.children) {
      if (m.type !== 'element') continue;
      let raw = '';
      for (const c of m.children) if (c.type === 'text') raw += c.value;
      metadata.set(m.local.toLowerCase(), this.expand(raw, this.file));
    }
    for (const part of this.paths(include)) {
      const matches = part.pattern ? this.expandWildcard(part.absolute) : [part.written];
      for (const m of matches) {
        const absolute = this.resolve(m, this.projectDir);
        if (exclude.some((x) => samePath(absolute, x.absolute) || (x.pattern?.test(slashes(absolute)) ?? false))) continue;
        list.push({ include: m, metadata: new Map(metadata) });
      }
    }
  }

  /** An Include/Exclude/Remove list: `;`-separated, expanded; item transforms (`@(...)`) are skipped. */
  private paths(value: string): { written: string; absolute: string; pattern: RegExp | undefined }[] {
    const out: { written: string; absolute: string; pattern: RegExp | undefined }[] = [];
    for (const part of this.expand(value, this.file).split(';')) {
      const written = part.trim();
      if (written === '' || written.includes('@(') || written.includes('$(')) continue;
      const absolute = this.resolve(written, this.projectDir);
      out.push({ written, absolute, pattern: hasWildcard(written) ? globToRegExp(slashes(absolute), true) : undefined });
    }
    return out;
  }

  /** The files a wildcard path matches, absolute, sorted; bounded, and never below node_modules or .git. */
  private expandWildcard(absolutePattern: string): string[] {
    const pattern = globToRegExp(slashes(absolutePattern), true);
    const at = absolutePattern.search(/[*?]/);
    const base = absolutePattern.slice(0, Math.max(absolutePattern.lastIndexOf(path.sep, at), 0)) || path.sep;
    const recursive = absolutePattern.includes('**') || absolutePattern.slice(at).includes(path.sep);
    const out: string[] = [];
    const walk = (dir: string): void => {
      const entries = this.options.host.readDirectory(dir);
      if (!entries) return;
      for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (out.length >= MAX_WILDCARD_FILES) return;
        const full = path.join(dir, e.name);
        if (e.isDirectory) {
          if (recursive && !SKIPPED_FOLDERS.has(e.name.toLowerCase())) walk(full);
        } else if (e.isFile && pattern.test(slashes(full))) {
          out.push(full);
        }
      }
    };
    walk(base);
    return out;
  }

  /** A path as MSBuild writes it (backslashes), absolute against `base`. */
  private resolve(p: string, base: string): string {
    return path.resolve(base, p.replace(/[\\/]+/g, path.sep));
  }

  /** Replaces `$(Name)` by the property (else the environment variable, else empty); property functions stay as written. */
  expand(value: string, file: string): string {
    if (value.indexOf('$(') < 0) return value;
    return value.replace(/\$\(([A-Za-z_][\w.-]*)\)/g, (m, name: string) => {
      const key = name.toLowerCase();
      if (key === 'msbuildthisfiledirectory') return path.dirname(file) + path.sep;
      if (key === 'msbuildthisfile') return path.basename(file);
      if (key === 'msbuildthisfilefullpath') return file;
      if (key === 'msbuildthisfilename') return path.basename(file, path.extname(file));
      if (name.includes('.')) return m;
      const own = this.properties.get(key);
      if (own !== undefined) return own;
      const env = envValue(this.options.env, name);
      return env ?? '';
    });
  }

  private holds(condition: string | undefined, file: string): boolean {
    if (condition === undefined || condition.trim() === '') return true;
    return evaluateMsBuildCondition(
      condition,
      (s) => this.expand(s, file),
      (p) =>
        this.options.host.readFile(this.resolve(p, path.dirname(file))) !== undefined ||
        this.options.host.readDirectory(this.resolve(p, path.dirname(file))) !== undefined,
    );
  }
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  if (Object.hasOwn(env, name)) return env[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(env)) if (k.toLowerCase() === lower) return env[k];
  return undefined;
}

function samePath(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

type CondToken = { kind: 'str'; value: string } | { kind: 'op'; value: string } | { kind: 'word'; value: string } | { kind: 'punct'; value: string };

/**
 * An MSBuild condition: `==` `!=` `<` `>` `<=` `>=` (strings compare ignoring case, numbers as numbers), `and`, `or`,
 * `!`, parentheses, `Exists('…')` and `HasTrailingSlash('…')`. Anything it cannot read is false.
 */
export function evaluateMsBuildCondition(condition: string, expand: (s: string) => string, exists: (p: string) => boolean): boolean {
  let tokens: CondToken[];
  try {
    tokens = tokenizeCondition(condition);
  } catch {
    return false;
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (): never => {
    throw new Error('condition');
  };
  const operand = (): string | boolean => {
    const t = tokens[pos++] ?? fail();
    if (t.kind === 'str') return expand(t.value);
    if (t.kind === 'punct' && t.value === '(') {
      const v = or();
      if (tokens[pos++]?.value !== ')') fail();
      return v;
    }
    if (t.kind === 'word') {
      if (peek()?.value === '(') {
        pos++;
        const args: string[] = [];
        while (peek() && peek()!.value !== ')') {
          const a = tokens[pos++]!;
          if (a.kind === 'str' || a.kind === 'word') args.push(expand(a.value));
          else if (a.value !== ',') fail();
        }
        pos++;
        const fn = t.value.toLowerCase();
        if (fn === 'exists') return args[0] !== undefined && args[0].trim() !== '' && exists(args[0].trim());
        if (fn === 'hastrailingslash') return /[\\/]$/.test(args[0] ?? '');
        return fail();
      }
      return expand(t.value);
    }
    return fail();
  };
  const truth = (v: string | boolean): boolean => {
    if (typeof v === 'boolean') return v;
    const l = v.trim().toLowerCase();
    if (l === 'true' || l === 'on' || l === 'yes') return true;
    if (l === 'false' || l === 'off' || l === 'no' || l === '') return false;
    return fail();
  };
  const comparison = (): boolean => {
    if (peek()?.value === '!') {
      pos++;
      return !comparison();
    }
    const left = operand();
    const op = peek();
    if (op?.kind !== 'op') return truth(left);
    pos++;
    const right = operand();
    const l = typeof left === 'boolean' ? String(left) : left;
    const r = typeof right === 'boolean' ? String(right) : right;
    const ln = Number(l);
    const rn = Number(r);
    const numeric = l.trim() !== '' && r.trim() !== '' && Number.isFinite(ln) && Number.isFinite(rn);
    switch (op.value) {
      case '==':
        return numeric ? ln === rn : l.toLowerCase() === r.toLowerCase();
      case '!=':
        return numeric ? ln !== rn : l.toLowerCase() !== r.toLowerCase();
      default: {
        if (!numeric) return fail();
        if (op.value === '<') return ln < rn;
        if (op.value === '>') return ln > rn;
        if (op.value === '<=') return ln <= rn;
        return ln >= rn;
      }
    }
  };
  const and = (): boolean => {
    let v = comparison();
    while (peek()?.kind === 'word' && peek()!.value.toLowerCase() === 'and') {
      pos++;
      const r = comparison();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (peek()?.kind === 'word' && peek()!.value.toLowerCase() === 'or') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  try {
    const v = or();
    return pos === tokens.length ? v : false;
  } catch {
    return false;
  }
}

function tokenizeCondition(text: string): CondToken[] {
  const tokens: CondToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new Error('unclosed quote');
      tokens.push({ kind: 'str', value: text.slice(i + 1, close) });
      i = close + 1;
    } else if (text.startsWith('==', i) || text.startsWith('!=', i) || text.startsWith('<=', i) || text.startsWith('>=', i)) {
      tokens.push({ kind: 'op', value: text.slice(i, i + 2) });
      i += 2;
    } else if (c === '<' || c === '>') {
      tokens.push({ kind: 'op', value: c });
      i++;
    } else if (c === '!' || c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if (c === '$' && text[i + 1] === '(') {
      // An unquoted property: `$(Flag) == true`.
      const close = text.indexOf(')', i);
      if (close < 0) throw new Error('unclosed property');
      tokens.push({ kind: 'word', value: text.slice(i, close + 1) });
      i = close + 1;
    } else {
      let j = i;
      while (j < text.length && /[\w.-]/.test(text[j]!)) j++;
      if (j === i) throw new Error(`unexpected ${c}`);
      tokens.push({ kind: 'word', value: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}
