/** What a rule would do before it is saved: matches now, a backtest on stored history, and fights with other rules. */
import type { DatabaseConnection } from 'slonik';
import type { AdAccount } from '../db/accounts.ts';
import { buildEntityMetrics } from '../db/entity-metrics.ts';
import { ruleHistory } from '../db/rule-history.ts';
import { listRules } from '../db/rules.ts';
import { backtestRule, evaluateRule, findRuleConflicts, type EntityMetrics, type Rule } from '../intel/rules/index.ts';
import type { RulePreview } from '../slack/blocks/index.ts';

const contextOf = (a: AdAccount) => ({ target_cpa: a.target_cpa, target_roas: a.target_roas, currency: a.currency });

/**
 * The entities on which `rule` and each enabled rule it can fight with (opposite actions, overlapping conditions)
 * would both fire now. Rules with `excludeId` (the rule being edited) are left out.
 */
export async function conflictsNow(
  db: DatabaseConnection,
  account: AdAccount,
  rule: Rule,
  entities: readonly EntityMetrics[],
  now: number,
  excludeId?: string,
): Promise<RulePreview['conflicts']> {
  const others = (await listRules(db, account.id)).filter((r) => r.enabled && r.id !== excludeId);
  const ctx = { ...contextOf(account), now };
  const targets = { target_cpa: account.target_cpa, target_roas: account.target_roas };
  const pairs = findRuleConflicts([{ ...rule, id: '' }, ...others.map((o) => ({ ...o.rule, id: o.id }))], targets);
  const mine = new Set(
    evaluateRule(rule, entities, ctx)
      .filter((r) => r.status === 'matched')
      .map((r) => r.entityId),
  );
  const out: RulePreview['conflicts'] = [];
  for (const p of pairs.filter((c) => c.a === '' || c.b === '')) {
    const other = others.find((o) => o.id === (p.a === '' ? p.b : p.a))!;
    const both = evaluateRule(other.rule, entities, ctx).filter((r) => r.status === 'matched' && mine.has(r.entityId));
    if (both.length) out.push({ otherRule: other.rule.name, entities: both.map((r) => r.entityName) });
  }
  return out;
}

/** The preview the builder shows; the same functions the collection and `/rules backtest` use, on the same data. */
export async function previewRule(
  db: DatabaseConnection,
  account: AdAccount,
  rule: Rule,
  days: number,
  now: number,
  excludeId?: string,
): Promise<RulePreview> {
  const entities = await buildEntityMetrics(db, account.id, now);
  const results = evaluateRule(rule, entities, { ...contextOf(account), now });
  const bt = backtestRule(rule, await ruleHistory(db, account.id, now, days), contextOf(account));
  return {
    ruleName: rule.name,
    currency: account.currency,
    matchingNow: results.filter((r) => r.status === 'matched').map((r) => ({ name: r.entityName })),
    evaluatedNow: results.length,
    backtest: {
      days,
      totalMatches: bt.totalMatches,
      entitiesAffected: bt.entitiesAffected,
      spendInvolved: bt.spendInvolved,
    },
    conflicts: await conflictsNow(db, account, rule, entities, now, excludeId),
  };
}
