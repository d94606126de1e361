import { compileRule } from './evaluate.ts';
import type { Rule, RuleAction } from './schema.ts';
import type { AccountContext, EntityMetrics } from './types.ts';

/** One stored point in time: every entity as the engine would have seen it then. */
export interface HistoryPoint {
  /** `2026-11-20` for a day, or any label for an hour (e.g. an ISO timestamp). */
  day: string;
  /** The evaluation time; the end of `day` (UTC) when absent. */
  now?: number;
  entities: EntityMetrics[];
}

export interface BacktestMatch {
  entityId: string;
  name: string;
  action: RuleAction;
  /** Spend in the rule's window at that time: the money the action would have touched. */
  spend: number;
  /** Already matched on an earlier day of the backtest (a real run would have acted once, then waited). */
  repeat: boolean;
  explanation: string;
}

export interface BacktestDay {
  day: string;
  matched: BacktestMatch[];
  insufficient: number;
  evaluated: number;
  spend: number;
}

export interface BacktestResult {
  rule: string;
  action: RuleAction;
  days: BacktestDay[];
  totalMatches: number;
  entitiesAffected: number;
  /** Spend of each affected entity when it first matched. */
  spendInvolved: number;
}

const cents = (v: number) => Math.round(v * 100) / 100;

/**
 * "What would this rule have done in the last N days": the rule evaluated on each stored point (oldest first)
 * as history rebuilt every entity then. `lastDays` keeps only the latest N points.
 * @throws RangeError when `lastDays` is not a positive integer.
 */
export function backtestRule(
  rule: Rule,
  history: readonly HistoryPoint[],
  ctx: Omit<AccountContext, 'now'>,
  { lastDays }: { lastDays?: number } = {},
): BacktestResult {
  if (lastDays !== undefined && !(Number.isInteger(lastDays) && lastDays > 0))
    throw new RangeError(`lastDays must be a positive integer, got ${lastDays}`);
  const points = lastDays === undefined ? history : history.slice(-lastDays);
  const days: BacktestDay[] = [];
  const firstSpend = new Map<string, number>();
  for (const p of points) {
    const run = compileRule(rule, { ...ctx, now: p.now ?? Date.parse(`${p.day}T23:59:59.999Z`) });
    const day: BacktestDay = { day: p.day, matched: [], insufficient: 0, evaluated: 0, spend: 0 };
    for (const e of p.entities) {
      if (e.entityType !== rule.applies_to) continue;
      const r = run(e);
      day.evaluated++;
      if (r.status === 'insufficient_data') day.insufficient++;
      if (r.status !== 'matched') continue;
      const raw = e.windows[rule.window]?.spend;
      const spend = typeof raw === 'number' ? raw : 0;
      const repeat = firstSpend.has(e.entityId);
      if (!repeat) firstSpend.set(e.entityId, spend);
      day.matched.push({
        entityId: e.entityId,
        name: e.name,
        action: rule.action,
        spend,
        repeat,
        explanation: r.explanation,
      });
      day.spend = cents(day.spend + spend);
    }
    days.push(day);
  }
  return {
    rule: rule.name,
    action: rule.action,
    days,
    totalMatches: days.reduce((a, d) => a + d.matched.length, 0),
    entitiesAffected: firstSpend.size,
    spendInvolved: cents([...firstSpend.values()].reduce((a, b) => a + b, 0)),
  };
}
