import type { Field, Window } from './fields.ts';
import type { Looked } from './lookup.ts';
import type { EntityMetrics, Evidence } from './types.ts';

/** Three-valued: a condition holds, does not, or cannot be judged for lack of data. */
export type Tri = { result: true | false | 'missing'; evidence: Evidence[]; missing: string[] };
export type Check = (e: EntityMetrics) => Tri;

export const FALSE: Tri = Object.freeze({ result: false, evidence: [], missing: [] });
export const missing = (...what: string[]): Tri => ({ result: 'missing', evidence: [], missing: what });
/** How a missing value is listed: `reach (7d)`, `learning_phase`. */
export const label = (field: Field, w: Window | null) => (w ? `${field} (${w})` : field);

// Ratios computed from sums differ in the last bits; `=` should not depend on that.
export const eq = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export function compare(op: string, l: Looked & { value: number }, t: number): boolean {
  if (l.noEvents) return op === '>' ? l.value > t : op === '>=' ? l.value >= t : op === '!=';
  const a = l.value;
  if (op === '>') return a > t;
  if (op === '<') return a < t;
  if (op === '>=') return a >= t;
  if (op === '<=') return a <= t;
  return op === '=' ? eq(a, t) : !eq(a, t);
}
