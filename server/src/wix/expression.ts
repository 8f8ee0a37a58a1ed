// The WiX preprocessor's expression language for <?if?> and <?elseif?>: comparisons joined by AND, OR, NOT.

/** Looks up a `$(prefix.name)` reference; undefined when the variable is not defined. */
export type VariableLookup = (reference: string) => string | undefined;

export class ExpressionError extends Error {}

type Token =
  | { kind: 'var'; ref: string }
  | { kind: 'literal'; value: string }
  | { kind: 'op'; op: string }
  | { kind: 'lparen' }
  | { kind: 'rparen' }
  | { kind: 'and' }
  | { kind: 'or' }
  | { kind: 'not' };

const COMPARISONS = ['!=', '<>', '<=', '>=', '~=', '=', '<', '>'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      tokens.push({ kind: 'lparen' });
      i++;
      continue;
    }
    if (c === ')') {
      tokens.push({ kind: 'rparen' });
      i++;
      continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new ExpressionError(`a quoted string is not closed: ${text.slice(i)}`);
      tokens.push({ kind: 'literal', value: text.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      const close = text.indexOf(')', i + 2);
      if (close < 0) throw new ExpressionError(`a variable reference is not closed: ${text.slice(i)}`);
      tokens.push({ kind: 'var', ref: text.slice(i + 2, close) });
      i = close + 1;
      continue;
    }
    const op = COMPARISONS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    let j = i;
    while (j < len && !/[\s()"=<>!~]/.test(text[j]!)) j++;
    if (j === i) throw new ExpressionError(`unexpected '${c}'`);
    const word = text.slice(i, j);
    const upper = word.toUpperCase();
    if (upper === 'AND') tokens.push({ kind: 'and' });
    else if (upper === 'OR') tokens.push({ kind: 'or' });
    else if (upper === 'NOT') tokens.push({ kind: 'not' });
    else tokens.push({ kind: 'literal', value: word });
    i = j;
  }
  return tokens;
}

/**
 * Evaluates a preprocessor condition. A lone variable is true when it is defined; a comparison with an undefined
 * variable is an error, as in WiX.
 */
export function evaluateCondition(text: string, lookup: VariableLookup): boolean {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];

  const operand = (): { value: string | undefined; ref?: string } => {
    const t = tokens[pos++];
    if (!t) throw new ExpressionError('the expression ends too early');
    if (t.kind === 'literal') return { value: t.value };
    if (t.kind === 'var') return { value: lookup(t.ref), ref: t.ref };
    throw new ExpressionError(`expected a value, found ${describe(t)}`);
  };

  const primary = (): boolean => {
    const t = peek();
    if (t?.kind === 'lparen') {
      pos++;
      const v = or();
      if (peek()?.kind !== 'rparen') throw new ExpressionError("a '(' is not closed");
      pos++;
      return v;
    }
    const left = operand();
    const next = peek();
    if (next?.kind !== 'op') {
      if (left.ref !== undefined) return left.value !== undefined;
      throw new ExpressionError(`expected a comparison after '${left.value}'`);
    }
    pos++;
    const right = operand();
    for (const side of [left, right]) {
      if (side.value === undefined) throw new ExpressionError(`undefined preprocessor variable '$(${side.ref})'`);
    }
    return compare(left.value!, next.op, right.value!);
  };

  const unary = (): boolean => {
    if (peek()?.kind === 'not') {
      pos++;
      return !unary();
    }
    return primary();
  };

  const and = (): boolean => {
    let v = unary();
    while (peek()?.kind === 'and') {
      pos++;
      const r = unary();
      v = v && r;
    }
    return v;
  };

  const or = (): boolean => {
    let v = and();
    while (peek()?.kind === 'or') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };

  if (tokens.length === 0) throw new ExpressionError('the condition is empty');
  const result = or();
  if (pos < tokens.length) throw new ExpressionError(`unexpected ${describe(tokens[pos]!)}`);
  return result;
}

function compare(left: string, op: string, right: string): boolean {
  switch (op) {
    case '=':
      return left === right;
    case '!=':
    case '<>':
      return left !== right;
    case '~=':
      return left.toLowerCase() === right.toLowerCase();
    default: {
      const l = Number(left);
      const r = Number(right);
      const numeric = left.trim() !== '' && right.trim() !== '' && Number.isFinite(l) && Number.isFinite(r);
      const cmp = numeric ? l - r : left < right ? -1 : left > right ? 1 : 0;
      if (op === '<') return cmp < 0;
      if (op === '>') return cmp > 0;
      if (op === '<=') return cmp <= 0;
      return cmp >= 0;
    }
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'literal':
      return `'${t.value}'`;
    case 'var':
      return `'$(${t.ref})'`;
    case 'op':
      return `'${t.op}'`;
    case 'lparen':
      return "'('";
    case 'rparen':
      return "')'";
    default:
      return `'${t.kind.toUpperCase()}'`;
  }
}
