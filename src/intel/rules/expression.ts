/**
 * Threshold expressions over the account's targets, e.g. `{target_cpa * 2}` or `{target_roas * 1.5 ?? 3}`.
 *
 * A tiny recursive-descent parser instead of eval(): rule definitions come from Slack users, and the
 * grammar is closed (numbers, two variables, + - * /, parentheses, unary minus, and `??` for "when the target
 * is not set"), so nothing but arithmetic can run. Numbers are currency-free: `{100}`, never `{$100}`.
 *
 *   expr    := sum ('??' sum)*
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := '-' unary | number | variable | '(' expr ')'
 */

export const VARIABLES = ['target_cpa', 'target_roas'] as const;
export type Variable = (typeof VARIABLES)[number];
export type Variables = Partial<Record<Variable, number | null>>;

export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: Variable }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '??'; left: Expr; right: Expr };

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

const MAX_LENGTH = 200;
const TOKEN = /\s*(?:(\d+(?:\.\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\?\?|[-+*/()])|(\S))/y;

type Token = { kind: 'num' | 'id' | 'op'; text: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const m = TOKEN.exec(src);
    if (!m) break; // only trailing whitespace is left
    // 1-based column in the source with its opening brace, for error messages.
    const at = TOKEN.lastIndex - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').length + 1;
    if (m[4] !== undefined) {
      const hint =
        m[4] === '$' || m[4] === '€' || m[4] === '£' ? ' (numbers are currency-free: write 100, not $100)' : '';
      throw new ExpressionError(`unexpected "${m[4]}" at column ${at + 1}${hint}`);
    }
    if (m[1] !== undefined) out.push({ kind: 'num', text: m[1], at });
    else if (m[2] !== undefined) out.push({ kind: 'id', text: m[2], at });
    else out.push({ kind: 'op', text: m[3]!, at });
  }
  return out;
}

/**
 * Parses `{…}` (braces required) into a syntax tree.
 * @throws ExpressionError naming the unexpected token, unknown variable or missing brace.
 */
export function parseExpression(source: string): Expr {
  const s = source.trim();
  if (s.length > MAX_LENGTH) throw new ExpressionError(`longer than ${MAX_LENGTH} characters`);
  if (!s.startsWith('{') || !s.endsWith('}'))
    throw new ExpressionError('expected an expression in braces, like {target_cpa * 2}');
  const tokens = tokenize(s.slice(1, -1));
  let i = 0;
  const peek = () => tokens[i];
  const fail = (what: string): never => {
    const t = peek();
    throw new ExpressionError(
      t ? `expected ${what} at column ${t.at + 1}, found "${t.text}"` : `expected ${what} at the end`,
    );
  };
  const eatOp = (...ops: string[]) => {
    const t = peek();
    if (t?.kind === 'op' && ops.includes(t.text)) return (i++, t.text);
    return undefined;
  };
  const unary = (): Expr => {
    if (eatOp('-')) return { kind: 'neg', arg: unary() };
    const t = peek();
    if (t?.kind === 'num') return (i++, { kind: 'num', value: Number(t.text) });
    if (t?.kind === 'id') {
      if (!(VARIABLES as readonly string[]).includes(t.text))
        throw new ExpressionError(`unknown variable "${t.text}" (expected ${VARIABLES.join(' or ')})`);
      i++;
      return { kind: 'var', name: t.text as Variable };
    }
    if (eatOp('(')) {
      const e = expr();
      if (!eatOp(')')) fail('")"');
      return e;
    }
    return fail('a number, a variable or "("');
  };
  const chain = (next: () => Expr, ops: ('+' | '-' | '*' | '/' | '??')[]) => (): Expr => {
    let left = next();
    for (let op = eatOp(...ops); op; op = eatOp(...ops))
      left = { kind: 'bin', op: op as (typeof ops)[number], left, right: next() };
    return left;
  };
  const product = chain(unary, ['*', '/']);
  const sum = chain(product, ['+', '-']);
  const expr = chain(sum, ['??']);
  const tree = expr();
  if (i < tokens.length) fail('an operator');
  return tree;
}

/**
 * Evaluates a parsed expression. `undefined` means "not known": a target that is not set (and no `??`
 * fallback), a division by zero, or a non-finite result.
 */
export function evaluateExpression(e: Expr, vars: Variables): number | undefined {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'var':
      return vars[e.name] ?? undefined;
    case 'neg': {
      const v = evaluateExpression(e.arg, vars);
      return v === undefined ? undefined : -v;
    }
    case 'bin': {
      const l = evaluateExpression(e.left, vars);
      if (e.op === '??') return l ?? evaluateExpression(e.right, vars);
      const r = evaluateExpression(e.right, vars);
      if (l === undefined || r === undefined) return undefined;
      const v = e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : r === 0 ? NaN : l / r;
      return Number.isFinite(v) ? v : undefined;
    }
  }
}

/** The variables an expression reads, to say which account setting is missing. */
export function expressionVariables(e: Expr): Variable[] {
  if (e.kind === 'var') return [e.name];
  if (e.kind === 'neg') return expressionVariables(e.arg);
  if (e.kind === 'bin') return [...new Set([...expressionVariables(e.left), ...expressionVariables(e.right)])];
  return [];
}
