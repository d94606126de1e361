/** What an author may combine, derived from the engine's own lists, so the text form and the modal never drift. */
import { ACTIONS, ATTRIBUTE_FIELDS, COMPARISONS, EDIT_ACTIONS, STRING_FIELDS, WINDOWS } from './fields.ts';
import type { Field, Operator, Window } from './fields.ts';
import type { ActionType, EntityType } from './fields.ts';

/** Fields whose window is part of their name: the engine ignores a window given with them. */
const FIXED_WINDOW: readonly Field[] = ['spend_today', 'conversions_today', 'spend_7d'];

/** The windows a field can be measured over; empty when it is an attribute or carries its own window. */
export function windowsFor(field: Field): readonly Window[] {
  return ATTRIBUTE_FIELDS.includes(field) || FIXED_WINDOW.includes(field) ? [] : WINDOWS;
}

/** Why `window` cannot be used with `field`, or undefined when it can. */
export function windowProblem(field: Field, window: Window): string | undefined {
  if (windowsFor(field).includes(window)) return undefined;
  return FIXED_WINDOW.includes(field)
    ? `${field} has its window in its name; drop ${window}`
    : `${field} is a current attribute and takes no window; drop ${window}`;
}

/** The simple operators the builder offers per field kind (the engine accepts these for it). */
export function simpleOperatorsFor(field: Field): readonly string[] {
  return STRING_FIELDS.includes(field) ? ['is', 'is_not'] : ['>', '<', '>=', '<=', '=', '!='];
}

/** Why `action` cannot apply to `level`, or undefined (mirrors the rule schema's own check). */
export function actionProblem(action: ActionType, level: EntityType): string | undefined {
  if (EDIT_ACTIONS.includes(action) && action !== 'adjust_bid' && level === 'ad')
    return `ads have no budget of their own; apply ${action} to adsets or campaigns`;
  return undefined;
}

/** Actions the builder offers: all but duplicate, which needs a target the builder cannot ask for. */
export const BUILDER_ACTIONS: readonly ActionType[] = ACTIONS.filter((a) => a !== 'duplicate');

/** Operators that take one value (for_hours / for_days need a count and an inner comparison: the text form has them). */
export const BUILDER_OPERATORS: readonly Operator[] = [
  ...COMPARISONS,
  'between',
  'is',
  'is_not',
  'in',
  'not_in',
  'increasing',
  'decreasing',
  'stable',
];

/** A typed word as a threshold: a number ($, %, thousands commas dropped), an expression, or text for text fields. */
export function literal(text: string, field: Field): number | string {
  const t = text.trim();
  if (t.startsWith('{') || STRING_FIELDS.includes(field)) return t;
  const n = Number(t.replace(/[$€£,%]/g, ''));
  return Number.isFinite(n) && t !== '' ? n : t;
}

/** A typed value for `operator`: `low,high` for between, `a,b` for in / not_in, an optional percent for trends. */
export function valueFor(operator: Operator, text: string, field: Field): unknown {
  const t = text.trim();
  if (operator === 'between' || operator === 'in' || operator === 'not_in')
    return t.split(',').map((v) => literal(v, field));
  if (operator === 'increasing' || operator === 'decreasing' || operator === 'stable')
    return t === '' ? undefined : literal(t, field);
  return literal(t, field);
}

/** The closest of `options` to `word` when it is close enough to be a typo. Throws nothing. */
export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
