// The WiX preprocessor for one build platform, evaluated as the tree is walked: directives, variables, includes.
import * as path from 'node:path';
import type { BuildArch, InputDiagnostic } from '../model/installer';
import { evaluateCondition, ExpressionError } from './expression';
import { attributeCount, attributeRange, attributeValue, findAttribute, parseXml, type XmlDocument, type XmlElement, type XmlNode, type XmlProcessingInstruction } from './xml';

export interface PreprocessHost {
  readFile(path: string): string | undefined;
}

export interface PreprocessOptions {
  arch: BuildArch;
  defines: Record<string, string>;
  includePaths: string[];
  env: Record<string, string | undefined>;
  host: PreprocessHost;
  /** Parsed documents by path, shared across platforms so each include is parsed once. */
  documents: Map<string, XmlDocument>;
  /** Allow bare `$(Name)` for `$(var.Name)` (WiX v4+). */
  bareVariables: boolean;
  /** How include files are parsed (default: parseXml). */
  parse?: (path: string, text: string) => XmlDocument;
}

const MAX_INCLUDE_DEPTH = 32;
/** <?foreach?> bodies expanded per document and platform, nested loops included: a bound against hostile input. */
const MAX_FOREACH_EXPANSIONS = 100_000;
/** The longest variable value kept. */
const MAX_VALUE_LENGTH = 1 << 20;

interface Frame {
  /** Whether this branch's content is processed. */
  active: boolean;
  /** Whether a branch of this if-chain has been taken. */
  taken: boolean;
  /** Whether the enclosing content is processed. */
  outerActive: boolean;
  sawElse: boolean;
  pi: XmlProcessingInstruction;
}

/**
 * Walks a document's content the way the WiX preprocessor would emit it for one platform, without building a copy:
 * `children()` evaluates the directives among an element's children as it meets them (in document order, so
 * defines apply to what follows), and `attr()` / `text()` substitute variables. Positions stay those of the source.
 */
export class Preprocessor {
  readonly diagnostics: InputDiagnostic[] = [];
  private readonly vars = new Map<string, string>();
  private readonly includeChain: string[] = [];
  private readonly sys: Record<string, string>;
  private foreachExpansions = 0;

  constructor(
    doc: XmlDocument,
    private readonly options: PreprocessOptions,
  ) {
    for (const [k, v] of Object.entries(options.defines)) this.vars.set(k, v);
    const dir = path.dirname(doc.file);
    this.sys = {
      BUILDARCH: options.arch,
      PLATFORM: options.arch,
      CURRENTDIR: dir + path.sep,
      SOURCEFILEDIR: dir + path.sep,
      SOURCEFILEPATH: doc.file,
    };
    this.includeChain.push(doc.file);
    // Directives before the root element (defines, includes of defines) apply to the whole document.
    this.processNodes(doc.prolog, doc.file, []);
  }

  /** The nodes of `el` that the directives keep (elements and text), directives evaluated now. */
  children(el: XmlElement): readonly XmlNode[] {
    if (el.plain) return el.children;
    if (!el.children.some(isDirective)) {
      for (const c of el.children) if (c.type === 'element' && !c.plain) this.checkAttributes(c);
      return el.children;
    }
    const out: XmlNode[] = [];
    this.processNodes(el.children, el.file, out);
    return out;
  }

  /** The value of attribute `name` with variables substituted, if present. */
  attr(el: XmlElement, name: string): string | undefined {
    const i = findAttribute(el, name);
    if (i < 0) return undefined;
    const raw = attributeValue(el, i);
    return el.plain || raw.indexOf('$') < 0 ? raw : this.substitute(raw, el.file, -1, -1);
  }

  /** The element's own text, variables substituted. */
  text(el: XmlElement): string {
    let text = '';
    for (const c of el.children) if (c.type === 'text') text += c.value;
    return el.plain ? text : this.substitute(text, el.file, -1, -1);
  }

  /** Reports undefined variables in an element's attributes once, where the element is emitted. */
  private checkAttributes(el: XmlElement): void {
    const count = attributeCount(el);
    for (let i = 0; i < count; i++) {
      const raw = attributeValue(el, i);
      if (raw.indexOf('$') < 0) continue;
      const { start, end } = attributeRange(el, i);
      this.substitute(raw, el.file, start, end);
    }
  }

  private error(file: string, start: number, end: number, message: string, severity: 'error' | 'warning' = 'error') {
    this.diagnostics.push({ message, severity, location: { kind: 'source', file, start, end } });
  }

  private processNodes(nodes: readonly XmlNode[], file: string, out: XmlNode[]): void {
    const frames: Frame[] = [];
    const active = () => frames.length === 0 || frames[frames.length - 1]!.active;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.type === 'element') {
        if (active()) {
          if (!node.plain) this.checkAttributes(node);
          out.push(node);
        }
        continue;
      }
      if (node.type === 'text') {
        if (active()) out.push(node);
        continue;
      }
      const pi = node;
      const data = pi.data.trim();
      switch (pi.target) {
        case 'if':
        case 'ifdef':
        case 'ifndef': {
          const outer = active();
          const cond = outer ? this.condition(pi.target, data, pi, file) : false;
          frames.push({ active: outer && cond, taken: outer && cond, outerActive: outer, sawElse: false, pi });
          break;
        }
        case 'elseif':
        case 'else': {
          const frame = frames[frames.length - 1];
          if (!frame) {
            this.error(file, pi.start, pi.end, `<?${pi.target}?> without a matching <?if?>.`);
            break;
          }
          if (frame.sawElse) {
            this.error(file, pi.start, pi.end, `<?${pi.target}?> after <?else?> in the same <?if?>.`);
            break;
          }
          if (pi.target === 'else') {
            frame.sawElse = true;
            frame.active = frame.outerActive && !frame.taken;
          } else {
            const cond = frame.outerActive && !frame.taken ? this.condition('if', data, pi, file) : false;
            frame.active = cond;
          }
          frame.taken = frame.taken || frame.active;
          break;
        }
        case 'endif':
          if (!frames.pop()) this.error(file, pi.start, pi.end, '<?endif?> without a matching <?if?>.');
          break;
        case 'foreach': {
          const end = findEndForeach(nodes, i);
          if (end < 0) {
            this.error(file, pi.start, pi.end, '<?foreach?> has no matching <?endforeach?>.');
            return;
          }
          if (active()) this.foreach(pi, nodes.slice(i + 1, end), file, out);
          i = end;
          break;
        }
        case 'endforeach':
          this.error(file, pi.start, pi.end, '<?endforeach?> without a matching <?foreach?>.');
          break;
        case 'define':
          if (active()) this.define(data, pi, file);
          break;
        case 'undef':
          if (active()) this.vars.delete(stripVarPrefix(this.substitute(data, file, pi.start, pi.end)));
          break;
        case 'include':
          if (active()) this.include(data, pi, file, out);
          break;
        case 'error':
          if (active()) this.error(file, pi.start, pi.end, this.substitute(data, file, pi.start, pi.end));
          break;
        case 'warning':
          if (active()) this.error(file, pi.start, pi.end, this.substitute(data, file, pi.start, pi.end), 'warning');
          break;
        case 'xml':
          break;
        default:
          if (active()) {
            this.error(
              file,
              pi.start,
              pi.dataStart,
              `Unknown preprocessor directive <?${pi.target}?>: expected define, undef, if, ifdef, ifndef, elseif, else, endif, include, foreach, error or warning.`,
            );
          }
      }
    }
    for (const frame of frames) {
      this.error(file, frame.pi.start, frame.pi.end, `<?${frame.pi.target}?> has no matching <?endif?>.`);
    }
  }

  private condition(kind: string, data: string, pi: XmlProcessingInstruction, file: string): boolean {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const name = stripVarPrefix(data);
      if (name === '') {
        this.error(file, pi.start, pi.end, `<?${kind}?> needs a variable name.`);
        return false;
      }
      return this.vars.has(name) === (kind === 'ifdef');
    }
    try {
      return evaluateCondition(data, (ref) => this.lookup(ref));
    } catch (e) {
      const why = e instanceof ExpressionError ? e.message : String(e);
      this.error(file, pi.start, pi.end, `Cannot evaluate <?${pi.target} ${data}?>: ${why}.`);
      return false;
    }
  }

  private define(data: string, pi: XmlProcessingInstruction, file: string): void {
    const m = /^([A-Za-z_][\w.]*)\s*(?:=\s*([\s\S]*))?$/.exec(data);
    if (!m) {
      this.error(file, pi.start, pi.end, `<?define ${data}?> is malformed: write <?define Name = "value" ?>.`);
      return;
    }
    let value = (m[2] ?? '').trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    const name = stripVarPrefix(m[1]!);
    const substituted = this.substitute(value, file, pi.start, pi.end);
    if (substituted.length > MAX_VALUE_LENGTH) {
      // Defines that double themselves would otherwise grow past any memory.
      this.error(file, pi.start, pi.end, `The value of '${name}' grows past ${MAX_VALUE_LENGTH} characters; it is not defined.`);
      return;
    }
    this.vars.set(name, substituted);
  }

  private foreach(pi: XmlProcessingInstruction, body: XmlNode[], file: string, out: XmlNode[]): void {
    const m = /^([A-Za-z_][\w.]*)\s+in\s+([\s\S]*)$/.exec(pi.data.trim());
    if (!m) {
      this.error(file, pi.start, pi.end, '<?foreach?> is malformed: write <?foreach Name in a;b;c ?>.');
      return;
    }
    const name = stripVarPrefix(m[1]!);
    const items = this.substitute(m[2]!.trim(), file, pi.start, pi.end).split(';');
    const saved = this.vars.get(name);
    for (const item of items) {
      if (++this.foreachExpansions > MAX_FOREACH_EXPANSIONS) {
        if (this.foreachExpansions === MAX_FOREACH_EXPANSIONS + 1) {
          this.error(file, pi.start, pi.end, `<?foreach?> loops expand more than ${MAX_FOREACH_EXPANSIONS} times; the rest is not read.`);
        }
        break;
      }
      this.vars.set(name, item.trim());
      this.processNodes(body, file, out);
    }
    if (saved === undefined) this.vars.delete(name);
    else this.vars.set(name, saved);
  }

  private include(data: string, pi: XmlProcessingInstruction, file: string, out: XmlNode[]): void {
    let target = this.substitute(data, file, pi.start, pi.end).trim();
    if (target.length >= 2 && target.startsWith('"') && target.endsWith('"')) target = target.slice(1, -1);
    if (target === '') {
      this.error(file, pi.start, pi.end, '<?include?> needs a file name.');
      return;
    }
    const candidates = path.isAbsolute(target)
      ? [target]
      : [path.join(path.dirname(file), target), ...this.options.includePaths.map((d) => path.join(d, target))];
    let found: string | undefined;
    let doc: XmlDocument | undefined;
    for (const c of candidates) {
      doc = this.options.documents.get(c);
      if (doc) {
        found = c;
        break;
      }
      const content = this.options.host.readFile(c);
      if (content !== undefined) {
        found = c;
        doc = (this.options.parse ?? parseXml)(c, content);
        this.options.documents.set(c, doc);
        break;
      }
    }
    if (!found || !doc) {
      const where = candidates.map((c) => path.dirname(c)).join(', ');
      this.error(file, pi.start, pi.end, `Cannot find the include file '${target}' (looked in ${where}).`);
      return;
    }
    if (this.includeChain.includes(found)) {
      this.error(file, pi.start, pi.end, `The include file '${target}' includes itself, directly or through others.`);
      return;
    }
    if (this.includeChain.length >= MAX_INCLUDE_DEPTH) {
      this.error(file, pi.start, pi.end, `Includes are nested more than ${MAX_INCLUDE_DEPTH} deep.`);
      return;
    }
    for (const e of doc.errors) this.error(found, e.start, e.end, e.message);
    if (!doc.root) return;
    if (doc.root.local !== 'Include') {
      this.error(found, doc.root.start, doc.root.nameEnd, `An include file must have <Include> as its root element, not <${doc.root.local}>.`);
      return;
    }
    this.includeChain.push(found);
    this.processNodes(doc.prolog, found, out);
    this.processNodes(doc.root.children, found, out);
    this.includeChain.pop();
  }

  private lookup(ref: string): string | undefined {
    const dot = ref.indexOf('.');
    const prefix = dot >= 0 ? ref.slice(0, dot) : '';
    const name = dot >= 0 ? ref.slice(dot + 1) : ref;
    switch (prefix) {
      case 'var':
        return this.vars.get(name);
      case 'env': {
        const env = this.options.env;
        if (name in env) return env[name];
        const lower = name.toLowerCase();
        for (const k of Object.keys(env)) if (k.toLowerCase() === lower) return env[k];
        return undefined;
      }
      case 'sys':
        return this.sys[name.toUpperCase()];
      case '':
        return this.options.bareVariables ? this.vars.get(name) : undefined;
      default:
        return undefined;
    }
  }

  /** Replaces variable references; an undefined one is left as written and reported at [start, end) unless start < 0. */
  private substitute(value: string, file: string, start: number, end: number): string {
    let at = value.indexOf('$');
    if (at < 0) return value;
    let out = '';
    let from = 0;
    for (; at >= 0; at = value.indexOf('$', at)) {
      if (value.charCodeAt(at + 1) === DOLLAR && value.charCodeAt(at + 2) === LPAREN) {
        // `$$(` is an escaped, literal `$(`.
        out += value.slice(from, at) + '$(';
        from = at = at + 3;
        continue;
      }
      const close = value.charCodeAt(at + 1) === LPAREN ? value.indexOf(')', at + 2) : -1;
      if (close < 0) {
        at++;
        continue;
      }
      const ref = value.slice(at + 2, close);
      const dot = ref.indexOf('.');
      const prefix = dot >= 0 ? ref.slice(0, dot) : '';
      // Other prefixes (fun., and WiX's own !(loc.) / !(bind.) forms) are not the preprocessor's.
      let v: string | undefined;
      if (prefix === '' || prefix === 'var' || prefix === 'env' || prefix === 'sys') {
        v = this.lookup(ref);
        if (v === undefined && start >= 0 && (prefix !== '' || this.options.bareVariables)) {
          this.error(file, start, end, `Undefined preprocessor variable '$(${ref})'.`);
        }
      }
      if (v !== undefined) {
        out += value.slice(from, at) + v;
        from = close + 1;
      }
      at = close + 1;
    }
    return from === 0 ? value : out + value.slice(from);
  }
}

const DOLLAR = 36;
const LPAREN = 40;

function isDirective(node: XmlNode): boolean {
  return node.type === 'pi';
}

function stripVarPrefix(name: string): string {
  let n = name.trim();
  if (n.startsWith('$(') && n.endsWith(')')) n = n.slice(2, -1);
  return n.startsWith('var.') ? n.slice(4) : n;
}

function findEndForeach(nodes: readonly XmlNode[], from: number): number {
  let depth = 0;
  for (let i = from + 1; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.type !== 'pi') continue;
    if (n.target === 'foreach') depth++;
    else if (n.target === 'endforeach') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
