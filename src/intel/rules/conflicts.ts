import type { ConditionGroup, Rule } from './schema.ts';

const OPPOSITE: Record<string, string> = {
  increase_budget: 'decrease_budget',
  decrease_budget: 'increase_budget',
  pause: 'activate',
  activate: 'pause',
};

type Interval = [number, number];

/** Numeric intervals a rule requires, from plain numeric conditions at the top level of an `all` group. */
function intervals(g: ConditionGroup, window: string): Map<string, Interval> {
  const out = new Map<string, Interval>();
  if (!('all' in g)) return out;
  for (const c of g.all) {
    if ('all' in c || 'any' in c) continue;
    const cond = c;
    const key = `${cond.field}@${cond.window ?? window}`;
    const v = typeof cond.value === 'number' ? cond.value : undefined;
    let iv: Interval | undefined;
    if (v !== undefined) {
      if (cond.operator === '>' || cond.operator === '>=') iv = [v, Infinity];
      if (cond.operator === '<' || cond.operator === '<=') iv = [-Infinity, v];
      if (cond.operator === '=') iv = [v, v];
    }
    if (cond.operator === 'between' && Array.isArray(cond.value) && cond.value.every((x) => typeof x === 'number'))
      iv = [cond.value[0] as number, cond.value[1] as number];
    if (!iv) continue;
    const prev = out.get(key) ?? [-Infinity, Infinity];
    out.set(key, [Math.max(prev[0], iv[0]), Math.min(prev[1], iv[1])]);
  }
  return out;
}

export interface RuleConflict {
  a: string;
  b: string;
  reason: string;
}

/**
 * Rules whose actions can undo each other (raise vs lower budget, pause vs activate) on the same kind of entity,
 * unless their conditions are provably disjoint on a shared numeric field. Conservative: when in doubt, flag.
 */
export function findRuleConflicts(rules: readonly (Rule & { id?: string })[]): RuleConflict[] {
  const out: RuleConflict[] = [];
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i]!;
      const b = rules[j]!;
      if (a.applies_to !== b.applies_to || OPPOSITE[a.action.type] !== b.action.type) continue;
      const ia = intervals(a.conditions, a.window);
      const ib = intervals(b.conditions, b.window);
      const disjoint = [...ia.entries()].some(([k, x]) => {
        const y = ib.get(k);
        return y !== undefined && (x[1] < y[0] || y[1] < x[0]);
      });
      if (!disjoint)
        out.push({
          a: a.id ?? a.name,
          b: b.id ?? b.name,
          reason: `"${a.name}" would ${a.action.type.replace('_', ' ')} and "${b.name}" would ${b.action.type.replace('_', ' ')} the same ${a.applies_to}s, and their conditions can both hold.`,
        });
    }
  }
  return out;
}
