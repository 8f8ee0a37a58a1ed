// Windows Installer conditions, far enough to tell when two components can never install together
// (VersionNT64 on one, NOT VersionNT64 on the other, and comparisons whose outcome can be decided).

type Node =
  | { kind: 'prop'; name: string }
  | { kind: 'literal'; value: string }
  | { kind: 'not'; operand: Node }
  | { kind: 'and' | 'or' | 'xor' | 'eqv' | 'imp'; left: Node; right: Node }
  | { kind: 'compare'; op: string; left: Node; right: Node };

/** Kleene logic: true, false, or undefined when the outcome depends on values the installer only knows at run time. */
type Truth = boolean | undefined;

const OPERATORS = ['>=', '<=', '<>', '><', '<<', '>>', '~=', '~<>', '~><', '~<<', '~>>', '~>=', '~<=', '~<', '~>', '=', '<', '>'];
const MAX_PROPERTIES = 8;

class ConditionSyntaxError extends Error {}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new ConditionSyntaxError('unclosed string');
      tokens.push(text.slice(i, close + 1));
      i = close + 1;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        tokens.push(op);
        i += op.length;
      } else {
        const m = /^[%$!?&]?[A-Za-z_0-9.#-]+/.exec(text.slice(i));
        if (!m) throw new ConditionSyntaxError(`unexpected '${c}'`);
        tokens.push(m[0]);
        i += m[0].length;
      }
    }
  }
  return tokens;
}

function parse(text: string): Node {
  const tokens = tokenize(text);
  let pos = 0;
  const peekWord = () => tokens[pos]?.toUpperCase();
  const binary = (kinds: Record<string, 'and' | 'or' | 'xor' | 'eqv' | 'imp'>, next: () => Node) => (): Node => {
    let left = next();
    for (let kind = kinds[peekWord() ?? '']; kind; kind = kinds[peekWord() ?? '']) {
      pos++;
      left = { kind, left, right: next() };
    }
    return left;
  };
  const value = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) throw new ConditionSyntaxError('ends too early');
    if (t === '(') {
      const inner = imp();
      if (tokens[pos++] !== ')') throw new ConditionSyntaxError("unclosed '('");
      return inner;
    }
    if (t.startsWith('"')) return { kind: 'literal', value: t.slice(1, -1) };
    if (/^-?\d+$/.test(t)) return { kind: 'literal', value: t };
    return { kind: 'prop', name: t };
  };
  const comparison = (): Node => {
    const left = value();
    const op = tokens[pos];
    if (op !== undefined && OPERATORS.includes(op)) {
      pos++;
      return { kind: 'compare', op, left, right: value() };
    }
    return left;
  };
  const not = (): Node => {
    if (peekWord() === 'NOT') {
      pos++;
      return { kind: 'not', operand: not() };
    }
    return comparison();
  };
  const and = binary({ AND: 'and' }, not);
  const or = binary({ OR: 'or' }, and);
  const xor = binary({ XOR: 'xor' }, or);
  const eqv = binary({ EQV: 'eqv' }, xor);
  const imp = binary({ IMP: 'imp' }, eqv);
  const tree = imp();
  if (pos < tokens.length) throw new ConditionSyntaxError(`unexpected '${tokens[pos]}'`);
  return tree;
}

function properties(node: Node, into: Set<string>): void {
  switch (node.kind) {
    case 'prop':
      into.add(node.name);
      return;
    case 'literal':
      return;
    case 'not':
      properties(node.operand, into);
      return;
    default:
      properties(node.left, into);
      properties(node.right, into);
  }
}

/** Evaluates with each property either unset (false) or set to a value not known here (true). */
function evaluate(node: Node, set: ReadonlySet<string>): Truth {
  switch (node.kind) {
    case 'prop':
      return set.has(node.name);
    case 'literal':
      return node.value !== '' && node.value !== '0';
    case 'not': {
      const v = evaluate(node.operand, set);
      return v === undefined ? undefined : !v;
    }
    case 'and': {
      const l = evaluate(node.left, set);
      const r = evaluate(node.right, set);
      return l === false || r === false ? false : l === true && r === true ? true : undefined;
    }
    case 'or': {
      const l = evaluate(node.left, set);
      const r = evaluate(node.right, set);
      return l === true || r === true ? true : l === false && r === false ? false : undefined;
    }
    case 'compare':
      return compare(node, set);
    default: {
      const l = evaluate(node.left, set);
      const r = evaluate(node.right, set);
      if (l === undefined || r === undefined) return undefined;
      if (node.kind === 'xor') return l !== r;
      if (node.kind === 'eqv') return l === r;
      return !l || r;
    }
  }
}

/** A comparison is decided only when its property is unset: the installer compares an empty value then. */
function compare(node: Extract<Node, { kind: 'compare' }>, set: ReadonlySet<string>): Truth {
  const side = (n: Node): string | undefined => (n.kind === 'literal' ? n.value : n.kind === 'prop' && !set.has(n.name) ? '' : undefined);
  const l = side(node.left);
  const r = side(node.right);
  if (l === undefined || r === undefined) return undefined;
  const op = node.op.startsWith('~') ? node.op.slice(1) : node.op;
  const a = node.op.startsWith('~') ? l.toLowerCase() : l;
  const b = node.op.startsWith('~') ? r.toLowerCase() : r;
  const numeric = /^-?\d+$/.test(a) && /^-?\d+$/.test(b);
  // An empty value against a number compares false whatever the operator, except <> (Windows Installer's rule).
  if (!numeric && (/^-?\d+$/.test(a) || /^-?\d+$/.test(b)) && (a === '' || b === '')) return op === '<>';
  const cmp = numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case '=':
      return cmp === 0;
    case '<>':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '>':
      return cmp > 0;
    case '<=':
      return cmp <= 0;
    case '>=':
      return cmp >= 0;
    case '><':
      return b === '' || a.includes(b);
    case '<<':
      return a.startsWith(b);
    case '>>':
      return a.endsWith(b);
    default:
      return undefined;
  }
}

/**
 * Which Windows a package is installing on, for the properties Windows Installer sets there: 64-bit Windows sets
 * VersionNT64 (x64 and Arm64 alike); 32-bit Windows sets none of VersionNT64, Msix64, Intel64 or the 64-bit folders
 * (learn.microsoft.com/windows/win32/msi/versionnt64, /msix64, /intel64, /programfiles64folder).
 */
export type WindowsScenario = '32-bit Windows' | '64-bit Windows' | 'any Windows';

const UNSET_ON_32_BIT = ['VersionNT64', 'Msix64', 'Intel64', 'ProgramFiles64Folder', 'CommonFiles64Folder', 'System64Folder'];
const SET_ON_64_BIT = ['VersionNT64'];

/**
 * True when the conditions can all hold at once on that Windows: for some way the properties they name can be set or
 * unset (those the scenario fixes kept as it fixes them), none of them is false. An absent condition always holds;
 * conditions that do not parse, or name too many properties, are assumed to hold.
 */
export function canHoldTogether(conditions: readonly (string | undefined)[], scenario: WindowsScenario): boolean {
  const trees: Node[] = [];
  for (const c of conditions) {
    if (c === undefined || c.trim() === '') continue;
    try {
      trees.push(parse(c));
    } catch {
      return true;
    }
  }
  if (trees.length === 0) return true;
  const names = new Set<string>();
  for (const t of trees) properties(t, names);
  const fixedSet = scenario === '64-bit Windows' ? SET_ON_64_BIT : [];
  const fixedUnset = scenario === '32-bit Windows' ? UNSET_ON_32_BIT : [];
  const free = [...names].filter((n) => !fixedSet.includes(n) && !fixedUnset.includes(n));
  if (free.length > MAX_PROPERTIES) return true;
  const always = fixedSet.filter((n) => names.has(n));
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const set = new Set([...always, ...free.filter((_, i) => mask & (1 << i))]);
    if (trees.every((t) => evaluate(t, set) !== false)) return true;
  }
  return false;
}

/**
 * True when the two conditions can never both hold: for every way the properties they name can be set or unset, one
 * of them is false (VersionNT64 on one, NOT VersionNT64 on the other).
 */
export function mutuallyExclusive(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a.trim() === '' || b.trim() === '') return false;
  return !canHoldTogether([a, b], 'any Windows');
}
