import { evaluateRule, type AccountContext, type EntityMetrics } from './evaluate.ts';
import type { Rule } from './schema.ts';

export interface BacktestDay {
  day: string;
  matched: { entityId: string; name: string; spend: number; explanation: string }[];
  insufficient: number;
}

export interface BacktestResult {
  rule: string;
  days: BacktestDay[];
  totalMatches: number;
  entitiesAffected: number;
  spendInvolved: number;
}

/**
 * "What would this rule have done in the last N days": the rule evaluated on each day's state of every entity,
 * as stored history rebuilt it. Entities matched on several days are counted once in `entitiesAffected`.
 */
export function backtestRule(
  rule: Rule,
  history: readonly { day: string; entities: EntityMetrics[] }[],
  ctx: Omit<AccountContext, 'now'>,
): BacktestResult {
  const days: BacktestDay[] = [];
  const affected = new Set<string>();
  let spendInvolved = 0;
  for (const { day, entities } of history) {
    const results = evaluateRule(rule, entities, { ...ctx, now: Date.parse(`${day}T23:59:59Z`) });
    const matched = results
      .filter((r) => r.status === 'matched')
      .map((r) => {
        const spend = Number(entities.find((e) => e.entityId === r.entityId)?.windows[rule.window]?.spend ?? 0);
        return { entityId: r.entityId, name: r.entityName, spend, explanation: r.explanation };
      });
    for (const m of matched) {
      if (!affected.has(m.entityId)) spendInvolved += m.spend;
      affected.add(m.entityId);
    }
    days.push({ day, matched, insufficient: results.filter((r) => r.status === 'insufficient_data').length });
  }
  return {
    rule: rule.name,
    days,
    totalMatches: days.reduce((a, d) => a + d.matched.length, 0),
    entitiesAffected: affected.size,
    spendInvolved: Math.round(spendInvolved * 100) / 100,
  };
}
