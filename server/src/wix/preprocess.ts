// The WiX preprocessor for one build platform, evaluated as the tree is walked: directives, variables, includes.
// Where the build context is missing (a variable nobody defines here), it records the use and the source ranges whose
// content rests on the missing value, so that findings there can say so instead of failing the build.
import * as path from 'node:path';
import type { AssumptionIndex } from '../model/assumptions';
import type { InputDiagnostic } from '../model/installer';
import type { BuildArch } from '../model/platform';
import { evaluateCondition, ExpressionError, type Operand } from './expression';
import type { WixVersion } from './vocabulary';
import {
  attributeCount,
  attributeRange,
  attributeValue,
  findAttribute,
  parseXml,
  type XmlDocument,
  type XmlElement,
  type XmlNode,
  type XmlProcessingInstruction,
} from './xml';

export interface PreprocessHost {
  readFile(path: string): string | undefined;
  /** Why a file that exists could not be read (a device, a FIFO, too large); undefined when it could, or is absent. */
  unreadable?(path: string): string | undefined;
}

export interface PreprocessOptions {
  arch: BuildArch;
  version: WixVersion;
  defines: Record<string, string>;
  /** Variables the build defines with values only it knows (a .wixproj's TargetDir, a reference's TargetPath). */
  unknownDefines?: readonly string[];
  includePaths: string[];
  env: Record<string, string | undefined>;
  host: PreprocessHost;
  /** Parsed documents by path, shared across platforms so each include is parsed once. */
  documents: Map<string, XmlDocument>;
  /** How include files are parsed (default: parseXml). */
  parse?: (path: string, text: string) => XmlDocument;
  /** Where this platform's build records the ranges that rest on missing values (shared by its documents). */
  assumptions: AssumptionIndex;
  /** The folder the compiler runs in, $(sys.CURRENTDIR): a .wixproj's folder for MSBuild; default: the source's folder. */
  currentDir?: string;
  /**
   * Whether the time the caller gives this lint is used up (the editor's budget per unit), asked every
   * TIME_CHECK_INTERVAL elements read; then nothing more is read. Absent: no time limit (the CLI reads everything).
   */
  outOfTime?: () => boolean;
  /** The budget `outOfTime` stands for, in seconds, for the message. */
  timeBudgetSeconds?: number;
}

/** Elements read between two calls of `outOfTime`: a clock read costs far more than reading one element. */
export const TIME_CHECK_INTERVAL = 2048;

/** A use of a variable nobody defines: one per place, so that the undefined-variable rule can count them. */
export interface UndefinedUse {
  /** `var.X`, `env.X` or `sys.X`; a bare WiX v4 `$(X)` is `var.X`. */
  variable: string;
  /** As written at this use: `$(var.X)`, `$(X)`. */
  written: string;
  file: string;
  start: number;
  end: number;
}

const MAX_INCLUDE_DEPTH = 32;
/**
 * How deep elements may nest with the files included into each other, twice what one document may (xml.ts's
 * MAX_DEPTH). Every walk of the preprocessed tree recurses, and 32 includes of 256 levels each would exhaust the stack.
 */
const MAX_NESTING = 512;
/** <?foreach?> bodies expanded per document and platform, nested loops included: a bound against hostile input. */
const MAX_FOREACH_EXPANSIONS = 100_000;
/*
 * Budgets per source and platform. Directives multiply what is read without any cycle for the depth limits to catch:
 * 30 include files that each include the next one twice expand 2^30 times, and a <?foreach?> repeats its body.
 */
/**
 * Includes expanded per source and platform, however often each file is included: 100 times the few thousand of the
 * largest real projects. 200,000 expansions of small files take about a third of a second.
 */
export const MAX_INCLUDE_EXPANSIONS = 200_000;
/**
 * Nodes read per source and platform (elements, directives and text runs): the source's own, and those of every
 * include and <?foreach?> iteration each time it is expanded. The largest real projects read a few hundred thousand
 * elements (bench/lint.mjs's largest, 65,000 components, about 260,000). What is read is lowered and held in memory,
 * up to about 450 bytes and 3 µs an element when each is a component, so this bound is set by memory rather than at
 * 100 times: 4 million, 15 times the largest, is at most about 2 GB and 12 seconds.
 */
export const MAX_NODES_READ = 4_000_000;
/** The longest variable value kept. */
const MAX_VALUE_LENGTH = 1 << 20;
/**
 * The longest text a substitution makes (an attribute, a <?foreach?> list, a condition): a value of MAX_VALUE_LENGTH
 * used a few times. Without it, a 1 MB value used hundreds of times passes the longest string V8 can hold.
 */
const MAX_SUBSTITUTED_LENGTH = 4 * MAX_VALUE_LENGTH;

/** WiX's own variables whose values depend on the WiX version that builds the source. */
const UNKNOWN_SYS = new Set(['WIXMAJORVERSION', 'WIXVERSION']);
const BUILDARCH_SHORT: Record<BuildArch, string> = { x86: 'X86', x64: 'X64', arm64: 'A64' };

/** The variables in force at a place: values, the ones whose value is unknown, and what each value rests on. */
interface Scope {
  vars: Map<string, string>;
  unknown: Set<string>;
  /** For variables defined from missing values (in a branch chosen without them), the variables they rest on. */
  taints: Map<string, readonly string[]>;
}

/** The include files being read, from the source down, and the sum of their depths: no element below nests deeper. */
interface Including {
  files: readonly string[];
  nesting: number;
  /** The <?include?> of the source through which these files are read; none for the source itself. */
  entry?: { start: number; end: number; target: string };
}

/**
 * An element whose content is read later, with what it was emitted in: the variables of the <?foreach?> iteration
 * it is in (or below), the include files it is in.
 */
type BoundElement = XmlElement & { scope?: Scope; including?: Including; restsOn?: readonly string[] };

interface Frame {
  /** Whether this branch's content is processed. */
  active: boolean;
  /** Whether a branch of this if-chain has been taken. */
  taken: boolean;
  /** Whether the enclosing content is processed. */
  outerActive: boolean;
  sawElse: boolean;
  pi: XmlProcessingInstruction;
  /** Variables the chain's conditions so far could not see: the choice of every later branch rests on them too. */
  chainAssumed: readonly string[];
  /** What the active branch's content rests on. */
  assumed: readonly string[];
  /** For <?ifdef?> / <?ifndef?> of a variable nobody defines here: that variable, which the build may well define. */
  untested: readonly string[];
}

/** Values substituted into a string, and the missing or uncertain ones it rests on. */
interface Tracked {
  assumed: string[];
}

/**
 * Walks a document's content the way the WiX preprocessor would emit it for one platform, without building a copy:
 * `children()` evaluates the directives among an element's children as it meets them (in document order, so
 * defines apply to what follows), and `attr()` / `text()` substitute variables. Positions stay those of the source.
 * Elements of a <?foreach?> body are bound to their iteration's variables, at every depth.
 */
export class Preprocessor {
  readonly diagnostics: InputDiagnostic[] = [];
  readonly undefinedUses: UndefinedUse[] = [];
  /** Each file that included others, with the files it included (read or refused past a limit). */
  readonly includes = new Map<string, Set<string>>();
  private scope: Scope;
  /** The source alone; then, while an include file's content is read, that file and the ones including it. */
  private readonly top: Including;
  private including: Including;
  private foreachExpansions = 0;
  private includeExpansions = 0;
  private readonly resolved = new Map<string, Map<string, readonly string[]>>();
  private nodesRead: number;
  /** Set when an expansion would pass a budget: no later include or <?foreach?> iteration is read. */
  private spent = false;
  /** Elements whose content was asked for, for the time checks; set to -1 once out of time: no content is read after. */
  private elementsRead = 0;
  /** Inside a <?foreach?> body or a bound element: emitted elements are bound to a snapshot of the scope. */
  private binding = 0;
  private snapshot: Scope | undefined;
  private readonly assumptions: AssumptionIndex;
  /** `<?include?>` directives met, read or not. */
  private includeDirectives = 0;

  constructor(
    doc: XmlDocument,
    private readonly options: PreprocessOptions,
  ) {
    this.scope = { vars: new Map(Object.entries(options.defines)), unknown: new Set(options.unknownDefines ?? []), taints: new Map() };
    this.assumptions = options.assumptions;
    this.top = this.including = { files: [doc.file], nesting: doc.depth };
    this.nodesRead = doc.nodeCount;
    // Directives before the root element (defines, includes of defines) apply to the whole document.
    this.processNodes(doc.prolog, doc.file, [], []);
  }

  /** Whether the caller's time ran out: the walk stops taking elements (their siblings were handed out before). */
  get stopped(): boolean {
    return this.elementsRead < 0;
  }

  /**
   * Whether what was read depends on nothing but the document and the options: no `<?include?>` was met (found or not),
   * so no other file was looked for; and the time did not run out.
   */
  get selfContained(): boolean {
    return this.includeDirectives === 0 && !this.stopped;
  }

  /** The nodes of `el` that the directives keep (elements and text), directives evaluated now. */
  children(el: XmlElement): readonly XmlNode[] {
    if (this.options.outOfTime && this.stopsForTime(el)) return [];
    if (el.plain) return el.children;
    const { scope: bound, including, restsOn } = el as BoundElement;
    if (!bound && !including) return this.emitChildren(el, restsOn);
    const saved = this.scope;
    const savedIncluding = this.including;
    if (bound) {
      this.scope = { vars: new Map(bound.vars), unknown: new Set(bound.unknown), taints: new Map(bound.taints) };
      this.snapshot = undefined;
      this.binding++;
    }
    // Read after the include that emitted the element has returned: its content is still inside those files.
    if (including) this.including = including;
    try {
      return this.emitChildren(el, restsOn);
    } finally {
      if (bound) {
        this.binding--;
        this.scope = saved;
        this.snapshot = undefined;
      }
      this.including = savedIncluding;
    }
  }

  /** The value of attribute `name` with variables substituted, if present. */
  attr(el: XmlElement, name: string): string | undefined {
    const i = findAttribute(el, name);
    if (i < 0) return undefined;
    const raw = attributeValue(el, i);
    return el.plain || raw.indexOf('$') < 0 ? raw : this.substitute(raw, el.file, scopeOf(el) ?? this.scope, undefined, undefined);
  }

  /** The element's own text, variables substituted; a variable nobody defines counts as a use at the element. */
  text(el: XmlElement): string {
    let text = '';
    for (const c of el.children) if (c.type === 'text') text += c.value;
    if (el.plain || text.indexOf('$') < 0) return text;
    const tracked: Tracked = { assumed: [] };
    const value = this.substitute(text, el.file, scopeOf(el) ?? this.scope, { start: el.start + 1, end: el.nameEnd }, tracked);
    if (tracked.assumed.length > 0) this.assumptions.add({ file: el.file, start: el.start, end: el.end, variables: tracked.assumed });
    return value;
  }

  /** `restsOn`: what the element's emission rested on (a branch chosen without a value), which its content inherits. */
  private emitChildren(el: XmlElement, restsOn: readonly string[] = []): readonly XmlNode[] {
    // Without directives, the content is the element's own text, inside the range its emission recorded.
    if (!el.children.some(isDirective) && this.binding === 0 && this.including === this.top) {
      for (const c of el.children) if (c.type === 'element' && !c.plain) this.checkAttributes(c);
      return el.children;
    }
    const out: XmlNode[] = [];
    this.processNodes(el.children, el.file, out, restsOn);
    return out;
  }

  /** Records, where an element is emitted, the variables its attributes miss and the ranges that rest on them. */
  private checkAttributes(el: XmlElement): void {
    const count = attributeCount(el);
    for (let i = 0; i < count; i++) {
      const raw = attributeValue(el, i);
      if (raw.indexOf('$') < 0) continue;
      const range = attributeRange(el, i);
      const tracked: Tracked = { assumed: [] };
      this.substitute(raw, el.file, this.scope, range, tracked);
      if (tracked.assumed.length > 0) this.assumptions.add({ file: el.file, start: range.start, end: range.end, variables: tracked.assumed });
    }
  }

  private error(
    file: string,
    start: number,
    end: number,
    message: string,
    severity: 'error' | 'warning' = 'error',
    more: { note?: string; help?: string } = {},
  ) {
    this.diagnostics.push({ message, ...more, severity, location: { kind: 'source', file, start, end } });
  }

  /**
   * Evaluates the directives among `nodes` and emits what they keep into `out`. `inherited` is what the enclosing
   * content rests on (an <?include?> or <?foreach?> inside a branch chosen without a variable).
   */
  private processNodes(nodes: readonly XmlNode[], file: string, out: XmlNode[], inherited: readonly string[]): void {
    const frames: Frame[] = [];
    const active = () => frames.length === 0 || frames[frames.length - 1]!.active;
    const restsOn = (): readonly string[] => {
      let all = inherited;
      for (const f of frames) if (f.assumed.length > 0) all = union(all, f.assumed);
      return all;
    };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.type === 'element') {
        if (active()) {
          const assumed = restsOn();
          if (assumed.length > 0) this.assumptions.add({ file: node.file, start: node.start, end: node.end, variables: assumed });
          if (!node.plain) this.checkAttributes(node);
          out.push(node.plain ? node : this.bind(node, assumed));
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
          const cond = outer ? this.condition(pi.target, data, pi, file) : { value: false, assumed: [], untested: [] };
          frames.push({
            active: outer && cond.value,
            taken: outer && cond.value,
            outerActive: outer,
            sawElse: false,
            pi,
            chainAssumed: cond.assumed,
            assumed: cond.assumed,
            untested: cond.untested,
          });
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
            const cond = frame.outerActive && !frame.taken ? this.condition('if', data, pi, file) : { value: false, assumed: [], untested: [] };
            frame.chainAssumed = union(frame.chainAssumed, cond.assumed);
            frame.active = cond.value;
          }
          frame.assumed = frame.chainAssumed;
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
          if (active()) this.foreach(pi, nodes.slice(i + 1, end), file, out, restsOn());
          i = end;
          break;
        }
        case 'endforeach':
          this.error(file, pi.start, pi.end, '<?endforeach?> without a matching <?foreach?>.');
          break;
        case 'define':
          if (active()) this.define(data, pi, file, restsOn());
          break;
        case 'undef':
          if (active()) this.undef(this.substitute(data, file, this.scope, pi, undefined), pi, file);
          break;
        case 'include':
          if (active()) this.include(data, pi, file, out, restsOn());
          break;
        case 'error':
          if (active()) {
            // An <?error?> the lint reaches only for want of a variable (<?ifndef Version?><?error?>) asks for build
            // context: a warning that says which, not an error.
            const message = this.substitute(data, file, this.scope, pi, undefined);
            const missing = union(
              restsOn(),
              frames.flatMap((f) => (f.active ? f.untested : [])),
            );
            if (missing.length > 0) {
              const names = missing.map((v) => `$(${v})`).join(', ');
              this.error(
                file,
                pi.start,
                pi.end,
                `${message} [The build stops here when ${names} ${missing.length === 1 ? 'is' : 'are'} not defined, as here: define ${missing.length === 1 ? 'it' : 'them'} as the build does.]`,
                'warning',
              );
            } else {
              this.error(file, pi.start, pi.end, message);
            }
          }
          break;
        case 'warning':
          if (active()) this.error(file, pi.start, pi.end, this.substitute(data, file, this.scope, pi, undefined), 'warning');
          break;
        case 'xml':
        case 'pragma':
          break;
        default:
          // WiX ignores processing instructions it does not know; a misspelt directive is worth a warning.
          if (active()) {
            this.error(
              file,
              pi.start,
              pi.dataStart,
              `Unknown preprocessor directive <?${pi.target}?>: WiX ignores it. Directives are define, undef, if, ifdef, ifndef, elseif, else, endif, include, foreach, error, warning and pragma.`,
              'warning',
            );
          }
      }
    }
    for (const frame of frames) {
      this.error(file, frame.pi.start, frame.pi.end, `<?${frame.pi.target}?> has no matching <?endif?>.`);
    }
  }

  /**
   * The element as emitted now; inside a <?foreach?> or an include file, a copy that keeps the variables in force and
   * the files being included, for the walk that reads its content later.
   */
  private bind(el: XmlElement, restsOn: readonly string[]): BoundElement {
    const included = this.including !== this.top;
    // Content read later (an <?include?> among the children) rests on what the element's emission rested on.
    const rests = restsOn.length > 0 ? { restsOn } : {};
    if (this.binding === 0) return included ? { ...el, including: this.including, ...rests } : restsOn.length > 0 ? { ...el, ...rests } : el;
    this.snapshot ??= { vars: new Map(this.scope.vars), unknown: new Set(this.scope.unknown), taints: new Map(this.scope.taints) };
    return included ? { ...el, scope: this.snapshot, including: this.including, ...rests } : { ...el, scope: this.snapshot, ...rests };
  }

  private changed(): void {
    this.snapshot = undefined;
  }

  private condition(
    kind: string,
    data: string,
    pi: XmlProcessingInstruction,
    file: string,
  ): { value: boolean; assumed: readonly string[]; untested: readonly string[] } {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const name = data.startsWith('$(') && data.endsWith(')') ? data.slice(2, -1).trim() : data;
      if (name === '') {
        this.error(file, pi.start, pi.end, `<?${kind}?> needs a variable name.`);
        return { value: false, assumed: [], untested: [] };
      }
      const ref = name.includes('.') ? name : `var.${name}`;
      const found = this.lookup(ref, this.scope, file);
      const defined = found.value !== undefined || found.unknown === true;
      const untested = !defined && !ref.startsWith('sys.') ? [canonical(ref, this.options.version)] : [];
      return { value: defined === (kind === 'ifdef'), assumed: found.assumed ? [...found.assumed] : [], untested };
    }
    try {
      const result = evaluateCondition(
        data,
        {
          variable: (written) => this.lookup(written.slice(2, -1), this.scope, file),
          quoted: (text) => {
            const tracked: Tracked = { assumed: [] };
            const missing: string[] = [];
            const value = this.substitute(text, file, this.scope, pi, tracked, missing);
            return missing.length > 0 ? { value: undefined, assumed: missing } : { value, assumed: tracked.assumed };
          },
        },
        { version: this.options.version },
      );
      // A comparison with a variable nobody defines stops WiX's build: a use to report, once, with the others.
      for (const v of result.missing) {
        this.undefinedUses.push({ variable: canonical(v, this.options.version), written: `$(${v})`, file, start: pi.start, end: pi.end });
      }
      return { value: result.value, assumed: result.assumed, untested: [] };
    } catch (e) {
      const why = e instanceof ExpressionError ? e.message : String(e);
      this.error(file, pi.start, pi.end, `Cannot evaluate <?${pi.target} ${data}?>: ${why}.`);
      return { value: false, assumed: [], untested: [] };
    }
  }

  private define(data: string, pi: XmlProcessingInstruction, file: string, restsOn: readonly string[]): void {
    const m = /^([^=\s]+)\s*(?:=\s*([\s\S]*))?$/.exec(data);
    if (!m || !/^(var\.)?[A-Za-z_][\w.]*$/.test(m[1]!)) {
      this.error(file, pi.start, pi.end, `<?define ${data}?> is malformed: write <?define Name = "value" ?>.`);
      return;
    }
    let value = (m[2] ?? '').trim();
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))))
      value = value.slice(1, -1);
    const name = m[1]!.startsWith('var.') ? m[1]!.slice(4) : m[1]!;
    const tracked: Tracked = { assumed: [] };
    const substituted = this.substitute(value, file, this.scope, pi, tracked);
    if (substituted.length > MAX_VALUE_LENGTH) {
      // Defines that double themselves would otherwise grow past any memory.
      this.error(file, pi.start, pi.end, `The value of '${name}' grows past ${MAX_VALUE_LENGTH} characters; it is not defined.`);
      return;
    }
    this.scope.vars.set(name, substituted);
    this.scope.unknown.delete(name);
    const taint = union(restsOn, tracked.assumed);
    if (taint.length > 0) this.scope.taints.set(name, taint);
    else this.scope.taints.delete(name);
    this.changed();
  }

  private undef(data: string, pi: XmlProcessingInstruction, file: string): void {
    let name = data.trim();
    if (name.startsWith('$(') && name.endsWith(')')) name = name.slice(2, -1);
    if (name.startsWith('var.')) name = name.slice(4);
    if (name === '') {
      this.error(file, pi.start, pi.end, '<?undef?> needs a variable name.');
      return;
    }
    if (!this.scope.vars.has(name) && !this.scope.unknown.has(name)) {
      this.error(file, pi.start, pi.end, `<?undef ${name}?>: '${name}' is not defined.`);
      return;
    }
    this.scope.vars.delete(name);
    this.scope.unknown.delete(name);
    this.scope.taints.delete(name);
    this.changed();
  }

  private foreach(pi: XmlProcessingInstruction, body: XmlNode[], file: string, out: XmlNode[], restsOn: readonly string[]): void {
    const data = pi.data.trim();
    const at = data.indexOf(' in ');
    if (at < 0) {
      this.error(file, pi.start, pi.end, '<?foreach?> is malformed: write <?foreach Name in a;b;c ?>.');
      return;
    }
    let name = data.slice(0, at).trim();
    if (name.startsWith('var.')) name = name.slice(4);
    let list = data.slice(at + 4).trim();
    if (list.length >= 2 && list.startsWith('"') && list.endsWith('"')) list = list.slice(1, -1);
    const tracked: Tracked = { assumed: [] };
    const items = this.substitute(list, file, this.scope, pi, tracked).split(';');
    const taint = union(restsOn, tracked.assumed);
    const bodyNodes = countNodes(body);
    this.binding++;
    try {
      for (const item of items) {
        if (++this.foreachExpansions > MAX_FOREACH_EXPANSIONS) {
          if (this.foreachExpansions === MAX_FOREACH_EXPANSIONS + 1) {
            this.error(file, pi.start, pi.end, `<?foreach?> loops expand more than ${MAX_FOREACH_EXPANSIONS} times; the rest is not read.`);
          }
          break;
        }
        if (
          !this.admit(
            bodyNodes,
            file,
            pi,
            `${this.located(file, '<?foreach?>')} stops before its value '${item}'`,
            'Does the loop repeat a large body?',
          )
        )
          break;
        // As in WiX: the variable is (re)defined for each iteration and stays defined after the loop.
        this.scope.vars.set(name, item);
        this.scope.unknown.delete(name);
        if (taint.length > 0) this.scope.taints.set(name, taint);
        else this.scope.taints.delete(name);
        this.changed();
        this.processNodes(body, file, out, taint);
      }
    } finally {
      this.binding--;
    }
  }

  private include(data: string, pi: XmlProcessingInstruction, file: string, out: XmlNode[], restsOn: readonly string[]): void {
    this.includeDirectives++;
    if (this.spent) return;
    if (++this.includeExpansions > MAX_INCLUDE_EXPANSIONS) {
      this.spent = true;
      this.budgetError(
        file,
        pi,
        `${this.source()} expands its includes more than ${MAX_INCLUDE_EXPANSIONS} times, wixlint's limit: ` +
          `${this.located(file, `<?include ${data.trim()}?>`)} and every include and <?foreach?> iteration after it are not read. ` +
          'Is a file included repeatedly, by files that are themselves included repeatedly?',
      );
      return;
    }
    const missing: string[] = [];
    let target = this.substitute(data, file, this.scope, pi, undefined, missing).trim();
    if (target.length >= 2 && target.startsWith('"') && target.endsWith('"')) target = target.slice(1, -1);
    if (target === '') {
      this.error(file, pi.start, pi.end, '<?include?> needs a file name.');
      return;
    }
    // A name built from a variable without a value here is that variable's problem (reported once), not a missing file.
    if (missing.length > 0 || target.includes('$(')) return;
    // Sources written on Windows name includes with backslashes.
    if (path.sep === '/') target = target.replace(/\\/g, '/');
    const candidates = this.candidates(file, target);
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
    const refused = found ? undefined : candidates.map((c) => this.options.host.unreadable?.(c)).find((r) => r !== undefined);
    if (refused !== undefined) {
      this.error(file, pi.start, pi.end, `The include file '${target}' cannot be read: ${refused}.`);
      return;
    }
    if (!found || !doc) {
      const where = [...new Set(candidates.map((c) => path.dirname(c)))].join(', ');
      this.error(file, pi.start, pi.end, `Cannot find the include file '${target}'`, 'error', {
        note: `Looked in ${where}.`,
        help:
          'If the build generates it or finds it through an include path, add that folder with -I DIR, "includePaths" in ' +
          'wixlint.config.json, or IncludeSearchPaths in the .wixproj.',
      });
      return;
    }
    const including = this.including;
    if (including.files.includes(found)) {
      this.error(file, pi.start, pi.end, `The include file '${target}' includes itself, directly or through others.`);
      return;
    }
    if (including.files.length >= MAX_INCLUDE_DEPTH) {
      this.error(file, pi.start, pi.end, `Includes are nested more than ${MAX_INCLUDE_DEPTH} deep.`);
      return;
    }
    let included = this.includes.get(file);
    if (!included) this.includes.set(file, (included = new Set()));
    included.add(found);
    for (const e of doc.errors) this.error(found, e.start, e.end, e.message);
    if (!doc.root) return;
    if (doc.root.local !== 'Include') {
      this.error(found, doc.root.start, doc.root.nameEnd, `An include file must have <Include> as its root element, not <${doc.root.local}>.`);
      return;
    }
    if (including.nesting + doc.depth > MAX_NESTING) {
      this.error(
        file,
        pi.start,
        pi.end,
        `The include file '${target}' is not read: its elements, ${doc.depth} levels deep, would be nested more than ${MAX_NESTING} ` +
          'levels deep with the files that include it; wixlint does not read sources this deep.',
      );
      return;
    }
    if (
      !this.admit(doc.nodeCount, file, pi, `${this.located(file, `<?include ${data.trim()}?>`)} is not read`, 'Is a large file included many times?')
    )
      return;
    this.including = {
      files: [...including.files, found],
      nesting: including.nesting + doc.depth,
      entry: including.entry ?? { start: pi.start, end: pi.end, target: data.trim() },
    };
    try {
      this.processNodes(doc.prolog, found, out, restsOn);
      this.processNodes(doc.root.children, found, out, restsOn);
    } finally {
      this.including = including;
    }
  }

  /** Where an include of `target` from `file` may be, in search order; remembered, as a file may include another often. */
  private candidates(file: string, target: string): readonly string[] {
    let fromFile = this.resolved.get(file);
    if (!fromFile) this.resolved.set(file, (fromFile = new Map()));
    let found = fromFile.get(target);
    if (!found) {
      found = path.isAbsolute(target)
        ? [target]
        : [path.join(path.dirname(file), target), ...this.options.includePaths.map((d) => path.join(d, target))];
      fromFile.set(target, found);
    }
    return found;
  }

  /**
   * A directive as a budget's message names it: `this <?include a.wxi?>` in the source; in an include file, where it
   * is and the source's directive that led there, since the problem is reported at the latter.
   */
  private located(file: string, directive: string): string {
    const entry = this.including.entry;
    if (file === this.top.files[0] || !entry) return `this ${directive}`;
    return `${directive} in ${path.basename(file)} (reached through this <?include ${entry.target}?>)`;
  }

  /**
   * A budget is the source's: passed inside include files, it is reported at the source's <?include?> that led there,
   * so that linting the source alone shows it (and the files it includes are not blamed for how often they are read).
   */
  private budgetError(file: string, pi: XmlProcessingInstruction, message: string): void {
    this.errorInSource(file, pi.start, pi.end, this.including.entry, message, 'error');
  }

  /** At [start, end) of `file` when it is the source; in an include file, at the source's <?include?> `entry`. */
  private errorInSource(file: string, start: number, end: number, entry: Including['entry'], message: string, severity: 'error' | 'warning'): void {
    if (file === this.top.files[0] || !entry) this.error(file, start, end, message, severity);
    else this.error(this.top.files[0]!, entry.start, entry.end, message, severity);
  }

  /** Whether the caller's time is up: said once, at the element where reading stops (or the directive that led to it). */
  private stopsForTime(el: XmlElement): boolean {
    if (this.elementsRead < 0) return true;
    if (++this.elementsRead % TIME_CHECK_INTERVAL !== 0 || !this.options.outOfTime!()) return false;
    this.elementsRead = -1;
    this.spent = true;
    const seconds = this.options.timeBudgetSeconds;
    const message =
      `Linting ${this.source()} stopped here${seconds !== undefined ? ` after ${seconds} s, the editor's time budget for one unit` : ', out of time'}: ` +
      'what follows is not read, so its problems are not shown. Run wixlint on the command line to lint all of it.';
    this.errorInSource(el.file, el.start, el.nameEnd, (el as BoundElement).including?.entry ?? this.including.entry, message, 'warning');
    return true;
  }

  /** The main source being read, as its file name: the budgets are per source. */
  private source(): string {
    return path.basename(this.top.files[0]!);
  }

  /**
   * Charges reading `nodes` more to the budget. Past it, `stops` says what is not read, in one error at the directive,
   * and no later include or <?foreach?> iteration is read either.
   */
  private admit(nodes: number, file: string, pi: XmlProcessingInstruction, stops: string, hint: string): boolean {
    if (this.spent) return false;
    if (this.nodesRead + nodes <= MAX_NODES_READ) {
      this.nodesRead += nodes;
      return true;
    }
    this.spent = true;
    this.budgetError(
      file,
      pi,
      `${this.source()} reads more than ${MAX_NODES_READ} elements, directives and text runs with its includes and loops, ` +
        `wixlint's limit: ${stops}, and no include or <?foreach?> iteration after it is. ${hint}`,
    );
    return false;
  }

  /** A variable by its reference without `$(` `)`: `var.X`, `env.X`, `sys.X`, a bare WiX v4 `X`, `fun.F(…)`. */
  private lookup(ref: string, scope: Scope, file: string): Operand {
    const dot = ref.indexOf('.');
    const prefix = dot >= 0 ? ref.slice(0, dot) : '';
    const name = dot >= 0 ? ref.slice(dot + 1) : ref;
    const fromVars = (n: string): Operand => {
      if (scope.unknown.has(n)) return { value: undefined, unknown: true };
      const value = scope.vars.get(n);
      const taint = scope.taints.get(n);
      return taint ? { value, assumed: taint } : { value };
    };
    switch (prefix) {
      case 'var':
        return fromVars(name);
      case 'env':
        return { value: envValue(this.options.env, name) };
      case 'sys':
        return this.sys(name, file);
      case '':
        return this.options.version === 4 ? fromVars(name) : { value: undefined };
      case 'fun':
        // Preprocessor extension functions ($(fun.AutoVersion(1.0))) run in the build.
        return { value: undefined, unknown: true };
      default: {
        // WiX v4: an unknown prefix may be no prefix at all ($(MyProject.TargetPath) for var.MyProject.TargetPath).
        if (this.options.version === 4) {
          const whole = fromVars(ref);
          if (whole.value !== undefined || whole.unknown) return whole;
        }
        return { value: undefined, unknown: true };
      }
    }
  }

  /** WiX's own variables; the names are case-sensitive, and WiX v3 knows only the first six. */
  private sys(name: string, file: string): Operand {
    const arch = this.options.arch;
    const v4 = this.options.version === 4;
    switch (name) {
      case 'BUILDARCH':
      case 'PLATFORM':
        return { value: arch };
      case 'BUILDARCHSHORT':
        return v4 ? { value: BUILDARCH_SHORT[arch] } : { value: undefined };
      case 'CURRENTDIR':
        return { value: (this.options.currentDir ?? path.dirname(this.top.files[0]!)) + path.sep };
      case 'SOURCEFILEDIR':
        return { value: path.dirname(file) + path.sep };
      case 'SOURCEFILEPATH':
        return { value: file };
      default:
        return v4 && UNKNOWN_SYS.has(name) ? { value: undefined, unknown: true } : { value: undefined };
    }
  }

  /**
   * Replaces variable references. One nobody defines, or whose value only the build knows, is left as written; a use
   * of one nobody defines is recorded at `at` when given. `tracked` collects what the result rests on; `missing` the
   * variables left as written.
   */
  private substitute(
    value: string,
    file: string,
    scope: Scope,
    at: { start: number; end: number } | undefined,
    tracked: Tracked | undefined,
    missing?: string[],
  ): string {
    let i = value.indexOf('$');
    if (i < 0) return value;
    let out = '';
    let from = 0;
    for (; i >= 0; i = value.indexOf('$', i)) {
      if (value.charCodeAt(i + 1) === DOLLAR && value.charCodeAt(i + 2) === LPAREN) {
        // `$$(` is an escaped, literal `$(`.
        out += value.slice(from, i) + '$(';
        from = i = i + 3;
        continue;
      }
      const close = value.charCodeAt(i + 1) === LPAREN ? closingParen(value, i + 2) : -1;
      if (close < 0) {
        i++;
        continue;
      }
      const ref = value.slice(i + 2, close);
      const dot = ref.indexOf('.');
      const prefix = dot >= 0 ? ref.slice(0, dot) : '';
      // A bare $(X) is WiX v4's (in v3 sources it is text here); $(loc.X) is the deprecated !(loc.X), left for the binder.
      if ((prefix === '' && this.options.version !== 4) || prefix === 'loc') {
        i = close + 1;
        continue;
      }
      const found = this.lookup(ref, scope, file);
      if (found.assumed && tracked) for (const v of found.assumed) if (!tracked.assumed.includes(v)) tracked.assumed.push(v);
      if (found.value === undefined) {
        const variable = found.unknown ? ref : canonical(ref, this.options.version);
        if (tracked && !tracked.assumed.includes(variable)) tracked.assumed.push(variable);
        missing?.push(variable);
        if (!found.unknown && at) this.undefinedUses.push({ variable, written: `$(${ref})`, file, start: at.start, end: at.end });
      } else {
        if (out.length + (i - from) + found.value.length > MAX_SUBSTITUTED_LENGTH) {
          if (at) {
            this.error(
              file,
              at.start,
              at.end,
              `With its variables substituted, this value grows past ${MAX_SUBSTITUTED_LENGTH} characters; wixlint reads it as written, ` +
                'without substituting them. Is a long value used many times?',
            );
          }
          return value;
        }
        out += value.slice(from, i) + found.value;
        from = close + 1;
      }
      i = close + 1;
    }
    return from === 0 ? value : out + value.slice(from);
  }
}

const DOLLAR = 36;
const LPAREN = 40;

function scopeOf(el: XmlElement): Scope | undefined {
  return (el as Partial<BoundElement>).scope;
}

/** The index of the `)` closing a `$(` whose content starts at `from`; parentheses nest, as in $(fun.F(x)). */
function closingParen(value: string, from: number): number {
  let depth = 1;
  for (let j = from; j < value.length; j++) {
    const c = value.charCodeAt(j);
    if (c === LPAREN) depth++;
    else if (c === 41 && --depth === 0) return j;
  }
  return -1;
}

/** The name a variable is counted under: a bare WiX v4 `X` is `var.X`; environment names ignore case, as on Windows. */
function canonical(ref: string, version: WixVersion): string {
  if (ref.indexOf('.') < 0) return version === 4 ? `var.${ref}` : ref;
  return ref.startsWith('env.') ? `env.${ref.slice(4).toUpperCase()}` : ref;
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  if (Object.hasOwn(env, name)) return env[name];
  // Windows environment variable names are case-insensitive.
  const lower = name.toLowerCase();
  for (const k of Object.keys(env)) if (k.toLowerCase() === lower) return env[k];
  return undefined;
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** The nodes at and below `nodes`: what reading them once costs. */
function countNodes(nodes: readonly XmlNode[]): number {
  let count = nodes.length;
  for (const n of nodes) if (n.type === 'element' && n.children.length > 0) count += countNodes(n.children);
  return count;
}

function isDirective(node: XmlNode): boolean {
  return node.type === 'pi';
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
