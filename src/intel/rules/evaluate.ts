import { compileCondition, FALSE, type Check, type Tri } from './condition.ts';
import { isGroup, type ConditionGroup } from './condition-schema.ts';
import { EDIT_ACTIONS, type Window } from './fields.ts';
import { explain } from './format.ts';
import type { Rule } from './schema.ts';
import type { AccountContext, EntityMetrics, EvaluationResult, RuleMatch } from './types.ts';

export type { AccountContext, EntityMetrics, EvaluationResult, Evidence, MetricValues, RuleMatch } from './types.ts';

/**
 * AND/OR with missing data (Kleene logic): a false member decides an AND and a true member decides an OR whatever
 * else is unknown; otherwise an unknown member makes the group unknown, so missing data never matches silently.
 */
function compileGroup(g: ConditionGroup, window: Window, ctx: AccountContext): Check {
  const isAll = 'all' in g;
  const parts = (isAll ? g.all : g.any).map((n) =>
    isGroup(n) ? compileGroup(n, window, ctx) : compileCondition(n, window, ctx),
  );
  return (e) => {
    const results: Tri[] = [];
    let unknown = false;
    for (const p of parts) {
      const r = p(e);
      if (r.result === (isAll ? false : true)) return isAll ? FALSE : r;
      if (r.result === 'missing') unknown = true;
      results.push(r);
    }
    if (unknown) return { result: 'missing', evidence: [], missing: results.flatMap((r) => r.missing) };
    return isAll ? { result: true, evidence: results.flatMap((r) => r.evidence), missing: [] } : FALSE;
  };
}

/** The minimum-data guards in the rule's window, as a check listing the shortfalls (as shown in `missing`). */
function compileGuards(rule: Rule): ((e: EntityMetrics) => string[]) | undefined {
  const active = (
    [
      ['spend', rule.min_data.min_spend],
      ['impressions', rule.min_data.min_impressions],
      ['conversions', rule.min_data.min_conversions],
    ] as const
  ).filter(([, min]) => min > 0);
  if (active.length === 0) return undefined;
  return (e) => {
    const w = e.windows[rule.window];
    const out: string[] = [];
    for (const [field, min] of active) {
      const v = w?.[field];
      if (!(typeof v === 'number' && v >= min))
        out.push(`${field} (${rule.window}) ${typeof v === 'number' ? v : 'unknown'} < minimum ${min}`);
    }
    return out;
  };
}

/** A rule prepared for one evaluation pass: thresholds resolved, conditions turned into checks. */
export function compileRule(rule: Rule, ctx: AccountContext): (e: EntityMetrics) => EvaluationResult {
  const check = compileGroup(rule.conditions, rule.window, ctx);
  const guards = compileGuards(rule);
  return (e) => {
    const base = { entityId: e.entityId, entityName: e.name };
    const short = guards ? guards(e) : [];
    if (short.length)
      return {
        ...base,
        status: 'insufficient_data',
        evidence: [],
        missing: short,
        explanation: `Not enough data to judge "${rule.name}": ${short.join('; ')}.`,
      };
    const r = check(e);
    if (r.result === 'missing') {
      const missing = [...new Set(r.missing)];
      return {
        ...base,
        status: 'insufficient_data',
        evidence: [],
        missing,
        explanation: `Not enough data to judge "${rule.name}": missing ${missing.join(', ')}.`,
      };
    }
    if (!r.result) return { ...base, status: 'not_matched', evidence: [], missing: [], explanation: '' };
    return {
      ...base,
      status: 'matched',
      evidence: r.evidence,
      missing: [],
      explanation: explain(e.entityType, e.name, r.evidence),
    };
  };
}

/**
 * Evaluates one rule on one entity (of any type). Minimum-data guards apply first; missing fields give
 * `insufficient_data` with the fields listed. Throws nothing for a rule that went through parseRule.
 */
export function evaluateEntity(rule: Rule, e: EntityMetrics, ctx: AccountContext): EvaluationResult {
  return compileRule(rule, ctx)(e);
}

/** One rule over every entity of the type it applies to, in input order. */
export function evaluateRule(rule: Rule, entities: readonly EntityMetrics[], ctx: AccountContext): EvaluationResult[] {
  const run = compileRule(rule, ctx);
  const out: EvaluationResult[] = [];
  for (const e of entities) if (e.entityType === rule.applies_to) out.push(run(e));
  return out;
}

export interface BlockedMatch {
  match: RuleMatch;
  /** The rule (with block_edits) that held it back, e.g. "Protect learning phase". */
  blockedBy: string;
}

/**
 * Every enabled rule over every entity: matches highest priority first (ties keep rule then entity order), and
 * the budget/bid changes held back because a block_edits rule (the learning-phase guard) matched the same entity.
 */
export function evaluateRulesDetailed(
  rules: readonly Rule[],
  entities: readonly EntityMetrics[],
  ctx: AccountContext,
): { matches: RuleMatch[]; blocked: BlockedMatch[] } {
  const all: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const run = compileRule(rule, ctx);
    for (const e of entities) {
      if (e.entityType !== rule.applies_to) continue;
      const r = run(e);
      // r is fresh from run(e), so it is extended in place rather than copied (10,000s of matches per pass).
      if (r.status === 'matched')
        all.push(
          Object.assign(r, {
            status: 'matched' as const,
            ruleName: rule.name,
            priority: rule.priority,
            action: rule.action,
            executionMode: rule.execution_mode,
            entityType: e.entityType,
          }),
        );
    }
  }
  const guards = new Map<string, string>();
  for (const m of all) if (m.action.params.block_edits) guards.set(`${m.entityType}:${m.entityId}`, m.ruleName);
  const matches: RuleMatch[] = [];
  const blocked: BlockedMatch[] = [];
  for (const m of all) {
    const by = EDIT_ACTIONS.includes(m.action.type) ? guards.get(`${m.entityType}:${m.entityId}`) : undefined;
    if (by === undefined) matches.push(m);
    else blocked.push({ match: m, blockedBy: by });
  }
  // Array.prototype.sort is stable, so equal priorities keep rule order.
  matches.sort((a, b) => b.priority - a.priority);
  return { matches, blocked };
}

/** Every enabled rule over every entity: the matches highest priority first, edits on guarded entities held back. */
export function evaluateRules(
  rules: readonly Rule[],
  entities: readonly EntityMetrics[],
  ctx: AccountContext,
): RuleMatch[] {
  return evaluateRulesDetailed(rules, entities, ctx).matches;
}
