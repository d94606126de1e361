import { evaluateExpression, expressionVariables, parseExpression, type Expr, type Variables } from './expression.ts';

/** A rule's numeric value: a number, or an expression over the account's targets such as `{target_cpa * 2}`. */
export type Threshold = number | string;

// Rules are re-evaluated every hour over thousands of entities; parse each distinct expression once. The cache
// holds only pure parse results, so it cannot make evaluation depend on history (safe in workflow code).
const parsed = new Map<string, Expr>();

function parse(source: string): Expr {
  let e = parsed.get(source);
  if (!e) {
    e = parseExpression(source);
    if (parsed.size < 10_000) parsed.set(source, e);
  }
  return e;
}

/**
 * Resolves a number or an expression against the account's targets.
 * @returns the value, or the variables that are not set when it cannot be known.
 * @throws ExpressionError when an expression is malformed (parseRule refuses those rules earlier).
 */
export function resolveThreshold(v: Threshold, vars: Variables): { value: number } | { missing: string[] } {
  if (typeof v === 'number') return { value: v };
  const e = parse(v);
  const value = evaluateExpression(e, vars);
  if (value !== undefined) return { value };
  const unset = expressionVariables(e).filter((name) => vars[name] == null);
  return { missing: unset.length ? unset.map((n) => `${n} (account setting)`) : [`a finite value for ${v}`] };
}

/** Resolves a number or an expression; `undefined` when it cannot be known (an unset target, no fallback). */
export function resolveValue(v: unknown, vars: Variables): number | undefined {
  if (typeof v !== 'number' && typeof v !== 'string') return undefined;
  try {
    const r = resolveThreshold(v, vars);
    return 'value' in r ? r.value : undefined;
  } catch {
    return undefined;
  }
}
