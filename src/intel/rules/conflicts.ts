import { isGroup, type Condition, type ConditionNode } from './condition-schema.ts';
import type { Variables } from './expression.ts';
import { ATTRIBUTE_FIELDS, STRING_FIELDS, type ActionType } from './fields.ts';
import type { Rule } from './schema.ts';
import { resolveValue } from './threshold.ts';

const OPPOSITE: Partial<Record<ActionType, ActionType>> = {
  increase_budget: 'decrease_budget',
  decrease_budget: 'increase_budget',
  pause: 'activate',
  activate: 'pause',
};

type Bound = { v: number; open: boolean };
type Interval = { lo: Bound; hi: Bound };
/** A text field's allowed values: a set, or everything except a set. */
type TextSet = { only: Set<string> } | { except: Set<string> };

const FIXED: Partial<Record<string, string>> = { spend_today: 'today', conversions_today: 'today', spend_7d: '7d' };

/** Which quantity a condition constrains: a field in a window, now, or in the latest daily/hourly bucket. */
function key(c: Condition, window: string): string {
  if (c.operator === 'for_days') return `${c.field}@last-day`;
  if (c.operator === 'for_hours') return `${c.field}@last-hour`;
  return `${c.field}@${ATTRIBUTE_FIELDS.includes(c.field) ? 'now' : (FIXED[c.field] ?? c.window ?? window)}`;
}

function interval(c: Condition, vars: Variables): Interval | undefined {
  const op = c.inner?.operator ?? c.operator;
  if (op === 'between' && Array.isArray(c.value)) {
    const [lo, hi] = c.value.map((x) => resolveValue(x, vars));
    return lo === undefined || hi === undefined
      ? undefined
      : { lo: { v: lo, open: false }, hi: { v: hi, open: false } };
  }
  const v = resolveValue(c.inner ? c.inner.value : c.value, vars);
  if (v === undefined) return undefined;
  const inf = (s: number): Bound => ({ v: s * Infinity, open: true });
  if (op === '>' || op === '>=') return { lo: { v, open: op === '>' }, hi: inf(1) };
  if (op === '<' || op === '<=') return { lo: inf(-1), hi: { v, open: op === '<' } };
  if (op === '=' || op === 'is') return { lo: { v, open: false }, hi: { v, open: false } };
  return undefined;
}

function textSet(c: Condition): TextSet | undefined {
  const vals = Array.isArray(c.value) ? c.value.map(String) : [String(c.value)];
  if (c.operator === 'is' || c.operator === 'in' || c.operator === '=') return { only: new Set(vals) };
  if (c.operator === 'is_not' || c.operator === 'not_in' || c.operator === '!=') return { except: new Set(vals) };
  return undefined;
}

/** Conditions every match must satisfy: the members of top-level AND groups (an OR constrains nothing for sure). */
function required(nodes: readonly ConditionNode[]): Condition[] {
  return nodes.flatMap((n) =>
    !isGroup(n) ? [n] : 'all' in n ? required(n.all) : n.any.length === 1 ? required(n.any) : [],
  );
}

const below = (a: Bound, b: Bound) => a.v < b.v || (a.v === b.v && (a.open || b.open));
const disjointIntervals = (x: Interval, y: Interval) => below(x.hi, y.lo) || below(y.hi, x.lo);
function disjointText(x: TextSet, y: TextSet): boolean {
  if ('only' in x && 'only' in y) return ![...x.only].some((v) => y.only.has(v));
  if ('only' in x && 'except' in y) return [...x.only].every((v) => y.except.has(v));
  if ('except' in x && 'only' in y) return disjointText(y, x);
  return false; // two exclusions always leave common values
}

/** The first shared quantity on which two rules can never both hold, or undefined. */
function provablyDisjoint(a: Rule, b: Rule, vars: Variables): string | undefined {
  const cb = required([b.conditions]);
  for (const x of required([a.conditions])) {
    for (const y of cb) {
      if (x.field !== y.field || key(x, a.window) !== key(y, b.window)) continue;
      if (STRING_FIELDS.includes(x.field)) {
        const [sx, sy] = [textSet(x), textSet(y)];
        if (sx && sy && disjointText(sx, sy)) return key(x, a.window);
      } else {
        const [ix, iy] = [interval(x, vars), interval(y, vars)];
        if (ix && iy && disjointIntervals(ix, iy)) return key(x, a.window);
      }
    }
  }
  return undefined;
}

export interface RuleConflict {
  /** Rule ids when given, else names. */
  a: string;
  b: string;
  reason: string;
}

/**
 * Pairs of rules whose actions can undo each other (raise vs lower budget, pause vs activate) on the same kind of
 * entity. Conservative: a pair is flagged unless its conditions are provably disjoint on a shared field (numeric
 * ranges, or text values). Expressions like `{target_cpa * 2}` count only when `targets` resolves them.
 * Throws nothing.
 */
export function findRuleConflicts(rules: readonly (Rule & { id?: string })[], targets: Variables = {}): RuleConflict[] {
  const out: RuleConflict[] = [];
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i]!;
      const b = rules[j]!;
      if (a.applies_to !== b.applies_to || OPPOSITE[a.action.type] !== b.action.type) continue;
      if (provablyDisjoint(a, b, targets) !== undefined) continue;
      out.push({
        a: a.id ?? a.name,
        b: b.id ?? b.name,
        reason: `"${a.name}" would ${a.action.type.replace('_', ' ')} and "${b.name}" would ${b.action.type.replace('_', ' ')} the same ${a.applies_to}s, and their conditions can both hold.`,
      });
    }
  }
  return out;
}
