// The WiX preprocessor's expression language for <?if?> and <?elseif?>, as WiX's Preprocessor.cs evaluates it:
// comparisons (=, ==, !=, ~=, <, >, <=, >=) joined left to right by AND and OR, NOT, parentheses.

/** A resolved operand: its value (undefined when the variable is not defined) and what it rests on. */
export interface Operand {
  value: string | undefined;
  /** Defined, but with a value only the build knows (a reference's TargetDir, $(fun.AutoVersion(…))). */
  unknown?: boolean;
  /** Variables the value was made from without knowing theirs (a define made in a branch chosen without them). */
  assumed?: readonly string[];
}

/** Resolves a `$(…)` token (as written) or the inside of a quoted string (variables substituted). */
export interface OperandResolver {
  variable(reference: string): Operand;
  quoted(text: string): Operand;
}

export interface ConditionResult {
  value: boolean;
  /**
   * Variables whose value the result needed but the lint did not have: a comparison with an undefined or unknown
   * variable is taken as false, which the build (that defines it) may not do. Empty when the result is certain.
   */
  assumed: string[];
  /** The variables among `assumed` that the condition itself compares without a value (not those a value rests on). */
  missing: string[];
}

export interface ConditionOptions {
  /**
   * WiX v4 reads a lone defined `$(var.X)` as a truth test (false when empty, "0", "false" or "no"); WiX v3 as true.
   * Both stop the build on an undefined one, and only WiX v4 knows `==`.
   */
  version: 3 | 4;
}

export class ExpressionError extends Error {}

const OPERATORS = ['==', '!=', '~=', '<=', '>=', '=', '<', '>'];

type Token =
  | { kind: 'var'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'lparen' }
  | { kind: 'rparen' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'lparen' });
      i++;
    } else if (c === ')') {
      tokens.push({ kind: 'rparen' });
      i++;
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new ExpressionError(`a quoted string is not closed: ${text.slice(i)}`);
      tokens.push({ kind: 'quoted', text: text.slice(i + 1, close) });
      i = close + 1;
    } else if (c === '$' && text[i + 1] === '(') {
      // Parentheses nest: $(fun.AutoVersion(1.0)).
      let depth = 1;
      let j = i + 2;
      for (; j < len && depth > 0; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')') depth--;
      }
      if (depth > 0) throw new ExpressionError(`a variable reference is not closed: ${text.slice(i)}`);
      tokens.push({ kind: 'var', text: text.slice(i, j) });
      i = j;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', text: op });
        i += op.length;
        continue;
      }
      let j = i;
      while (j < len && !/[\s()"=<>!~]/.test(text[j]!)) j++;
      if (j === i) throw new ExpressionError(`unexpected '${c}'`);
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/**
 * Evaluates a condition. AND and OR apply left to right without precedence, as in WiX (`a or b and c` is
 * `(a or b) and c`), and a NOT takes in the rest of its group: `x and not b or c` is `x and ((not b) or c)`.
 */
export function evaluateCondition(text: string, resolve: OperandResolver, options: ConditionOptions): ConditionResult {
  const tokens = tokenize(text);
  const assumed: string[] = [];
  const missing: string[] = [];
  const assume = (names: readonly string[]): void => {
    for (const n of names) if (!assumed.includes(n)) assumed.push(n);
  };
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const keyword = (word: string): boolean => {
    const t = peek();
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  };

  const operand = (): { operand: Operand; variable: string | undefined; literal: string | undefined } => {
    const t = tokens[pos++];
    if (!t) throw new ExpressionError('the expression ends too early');
    if (t.kind === 'var') return { operand: resolve.variable(t.text), variable: t.text, literal: undefined };
    if (t.kind === 'quoted') return { operand: resolve.quoted(t.text), variable: undefined, literal: undefined };
    if (t.kind === 'word') return { operand: { value: t.text }, variable: undefined, literal: t.text };
    throw new ExpressionError(`expected a value, found ${describe(t)}`);
  };

  const atom = (): boolean => {
    const left = operand();
    const next = peek();
    if (next?.kind !== 'op') {
      if (left.variable === undefined) throw new ExpressionError(`expected a comparison after '${left.literal ?? left.operand.value ?? ''}'`);
      return lone(left.variable, left.operand);
    }
    if (next.text === '==' && options.version === 3) throw new ExpressionError("WiX v3 compares with '=': '==' is WiX v4's");
    pos++;
    const right = operand();
    return comparison(left.operand, next.text, right.operand, [left.variable, right.variable]);
  };

  const lone = (variable: string, o: Operand): boolean => {
    if (o.assumed) assume(o.assumed);
    if (o.value === undefined || o.unknown) {
      // Undefined, WiX stops the build; unknown, its truth is the build's.
      assume([bare(variable)]);
      if (!o.unknown && !missing.includes(bare(variable))) missing.push(bare(variable));
      return false;
    }
    if (options.version === 3) return true;
    const v = o.value;
    return !(v === '' || v === '0' || v === 'false' || v === 'no');
  };

  const comparison = (left: Operand, op: string, right: Operand, variables: (string | undefined)[]): boolean => {
    for (const side of [left, right]) if (side.assumed) assume(side.assumed);
    if (left.value === undefined || left.unknown || right.value === undefined || right.unknown) {
      // The build has a value here (WiX stops with an error without one): the lint takes the comparison as false.
      for (const [i, side] of [left, right].entries()) {
        const v = variables[i];
        if (v === undefined || !(side.value === undefined || side.unknown)) continue;
        assume([bare(v)]);
        if (!side.unknown && !missing.includes(bare(v))) missing.push(bare(v));
      }
      return false;
    }
    const l = left.value!.trim();
    const r = right.value!.trim();
    switch (op) {
      case '=':
      case '==':
        return l === r;
      case '!=':
        return l !== r;
      case '~=':
        return l.toLowerCase() === r.toLowerCase();
      default: {
        if (!/^[+-]?\d+$/.test(l) || !/^[+-]?\d+$/.test(r)) throw new ExpressionError(`'${op}' compares integers, not '${l}' and '${r}'`);
        const a = Number(l);
        const b = Number(r);
        if (op === '<') return a < b;
        if (op === '>') return a > b;
        if (op === '<=') return a <= b;
        return a >= b;
      }
    }
  };

  // WiX's EvaluateExpressionRecurse: one operand, combined with what came before, then the rest of the group.
  const group = (previous: 'and' | 'or' | 'not', before: boolean): boolean => {
    let value: boolean;
    if (peek()?.kind === 'lparen') {
      pos++;
      value = group('and', true);
      if (peek()?.kind !== 'rparen') throw new ExpressionError("a '(' is not closed");
      pos++;
    } else if (keyword('NOT')) {
      pos++;
      if (pos >= tokens.length) throw new ExpressionError('NOT needs an expression after it');
      value = group('not', true);
    } else {
      value = atom();
    }
    value = previous === 'not' ? !value : previous === 'and' ? before && value : before || value;
    if (keyword('AND')) {
      pos++;
      return group('and', value);
    }
    if (keyword('OR')) {
      pos++;
      return group('or', value);
    }
    return value;
  };

  if (tokens.length === 0) throw new ExpressionError('the condition is empty');
  const value = group('and', true);
  if (pos < tokens.length) throw new ExpressionError(`unexpected ${describe(tokens[pos]!)}`);
  return { value, assumed, missing };
}

/** `$(var.X)` → `var.X`. */
function bare(reference: string): string {
  return reference.startsWith('$(') && reference.endsWith(')') ? reference.slice(2, -1) : reference;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'word':
    case 'op':
      return `'${t.text}'`;
    case 'var':
      return `'${t.text}'`;
    case 'quoted':
      return `'"${t.text}"'`;
    case 'lparen':
      return "'('";
    case 'rparen':
      return "')'";
  }
}
