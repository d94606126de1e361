import type { DatabasePool } from 'slonik';
import type { Config } from '../config.ts';
import { getAdAccount } from '../db/accounts.ts';
import { insertProposal, listOpenProposals, setWorkflowId, type ActionRow } from '../db/actions.ts';
import { getEntityRow } from '../db/entities.ts';
import { buildEntityMetrics } from '../db/entity-metrics.ts';
import { getRule, installDefaultRules, listRules } from '../db/rules.ts';
import { getTrackingState } from '../db/tracking-state.ts';
import { evaluateEntity, evaluateRules, type RuleMatch } from '../intel/rules/index.ts';
import { usesConversions } from '../intel/tracking-breaker.ts';
import { approvalWorkflowId } from '../workflows/ids.ts';
import type { ApprovalInput } from '../workflows/messages.ts';
import { evaluateTrackingBreaker, recordBreakerAlert } from './tracking.ts';
import { HOUR } from '../intel/time.ts';

export interface ProposalDeps {
  pool: DatabasePool;
  config: Config;
  now?: () => number;
}

/**
 * How sure a rule match is, from the data behind it: 0.5 with little data, towards 0.95 with plenty of
 * impressions and purchases in the rule's window. Recorded with the proposal (and as its propensity, since a
 * rule chooses deterministically once matched).
 */
export function matchConfidence(m: RuleMatch, impressions: number, conversions: number): number {
  const volume = Math.min(1, impressions / 50_000) * 0.3 + Math.min(1, conversions / 30) * 0.15;
  return Math.round((0.5 + volume) * 100) / 100;
}

export function createProposalActivities(deps: ProposalDeps) {
  const now = deps.now ?? Date.now;
  const { pool, config } = deps;
  return {
    /**
     * Evaluates the account's enabled rules on fresh stored metrics and records a proposal per match: one action
     * per entity at a time (an entity with an open proposal gets none, and of several matches on one entity the most
     * protective wins), so outcomes never overlap and a card never contradicts another; suggestion-only rules once a
     * day. @returns the approval workflows to start.
     */
    async proposeActions(accountId: string): Promise<ApprovalInput[]> {
      if (!config.ENABLE_INTELLIGENCE || !config.ENABLE_RULES_ENGINE) return [];
      const account = await getAdAccount(pool, accountId);
      if (!account) return [];
      await installDefaultRules(pool, accountId);
      const t = now();
      // Tracking breaker: while the pixel is not counting, rules that read conversions would act on a false collapse.
      const tracking = await evaluateTrackingBreaker(pool, accountId, t);
      const enabled = (await listRules(pool, accountId)).filter((r) => r.enabled);
      const broken = tracking?.state.status === 'broken';
      const stored = enabled.filter((r) => !(broken && usesConversions(r.rule)));
      if (tracking?.opened)
        await recordBreakerAlert(
          pool,
          tracking.state,
          enabled.filter((r) => !stored.includes(r)).map((r) => r.rule.name),
          account.slack_channel_id,
        );
      if (stored.length === 0) return [];
      const entities = await buildEntityMetrics(pool, accountId, t);
      const ctx = {
        target_cpa: account.target_cpa,
        target_roas: account.target_roas,
        currency: account.currency,
        now: t,
      };
      const out: ApprovalInput[] = [];
      const open = await listOpenProposals(pool, accountId);
      const { busy, byKey, byEntity } = openProposalsOf(open, String(Math.floor(t / HOUR)));
      for (const { s, m } of onePerEntity(stored, (r) => evaluateRules([r], entities, ctx), busy)) {
        const e = entities.find((x) => x.entityId === m.entityId)!;
        const w = e.windows[s.rule.window] ?? {};
        const bucket =
          s.rule.execution_mode === 'suggestion_only'
            ? new Date(t).toISOString().slice(0, 10)
            : String(Math.floor(t / HOUR));
        const idempotencyKey = `rule:${s.id}:${m.entityId}:${m.action.type}:${bucket}`;
        // Recorded by an earlier attempt of this activity that was lost before it returned: return the row again, so
        // its workflow gets started (starting is idempotent by workflow id), instead of skipping it as a duplicate.
        const earlier = byKey.get(idempotencyKey);
        if (earlier) {
          await setWorkflowId(pool, earlier.id, approvalWorkflowId(earlier.id));
          out.push(approvalInput(earlier, account.approver_user_ids));
          continue;
        }
        if (byEntity.has(m.entityId)) continue; // this run's open proposal on the entity is for another match
        const entity = await getEntityRow(pool, accountId, m.entityId);
        const confidence = matchConfidence(m, Number(w.impressions ?? 0), Number(w.conversions ?? 0));
        const row = await insertProposal(pool, {
          idempotencyKey,
          accountId,
          ruleId: s.id,
          entityType: e.entityType,
          entityId: m.entityId,
          entityName: m.entityName,
          actionType: m.action.type,
          params: {
            ...(m.action.params.percent === undefined ? {} : { change_percent: m.action.params.percent }),
            observed_state: entity
              ? {
                  status: entity.status,
                  dailyBudgetMinor: entity.daily_budget_minor,
                  bidAmountMinor: entity.bid_amount_minor,
                }
              : null,
          },
          executionMode: s.rule.execution_mode,
          evidence: m.evidence,
          explanation: m.explanation,
          expectedImpact: expectedImpact(m, w, s.rule.window),
          confidence,
          propensity: 1,
          featureValues: { window: s.rule.window, ...w },
          expiryPolicy: s.rule.expiry.policy,
          expiresAt: t + s.rule.expiry.hours * HOUR,
          slackChannelId: account.slack_channel_id,
        });
        if (!row) continue;
        await setWorkflowId(pool, row.id, approvalWorkflowId(row.id));
        out.push(approvalInput(row, account.approver_user_ids));
      }
      return out;
    },

    /** Re-checks a proposal's rule on the freshest stored metrics of its entity (before executing). */
    async reevaluateProposal(action: ActionRow): Promise<{ holds: boolean; reason: string }> {
      if (!action.rule_id) return { holds: true, reason: 'not from a rule' };
      const stored = await getRule(pool, action.rule_id);
      const account = await getAdAccount(pool, action.account_id);
      if (!stored || !account) return { holds: false, reason: 'the rule or the account is gone' };
      const tracking = await getTrackingState(pool, action.account_id);
      if (tracking?.status === 'broken' && usesConversions(stored.rule))
        return { holds: false, reason: `conversion tracking is broken (${tracking.reason})` };
      const [entity] = await buildEntityMetrics(pool, action.account_id, now(), action.entity_id);
      if (!entity) return { holds: false, reason: 'the entity is no longer known' };
      const r = evaluateEntity(stored.rule, entity, {
        target_cpa: account.target_cpa,
        target_roas: account.target_roas,
        currency: account.currency,
        now: now(),
      });
      return r.status === 'matched'
        ? { holds: true, reason: r.explanation }
        : { holds: false, reason: r.status === 'insufficient_data' ? r.explanation : 'its conditions no longer hold' };
    },
  };
}

/**
 * Splits an account's open proposals for one evaluation: `busy` entities get no new proposal; `byKey` and
 * `byEntity` hold the rule proposals this hour's evaluation may itself have recorded, still awaiting their first
 * decision (an attempt lost after its inserts leaves them so). Their entities are not busy, so the same matches
 * are found again and the rows returned.
 */
export function openProposalsOf(
  open: readonly ActionRow[],
  hourBucket: string,
): { busy: Set<string>; byKey: Map<string, ActionRow>; byEntity: Map<string, ActionRow> } {
  const busy = new Set<string>();
  const byKey = new Map<string, ActionRow>();
  const byEntity = new Map<string, ActionRow>();
  for (const p of open) {
    if (p.status === 'proposed' && p.idempotency_key.startsWith('rule:')) {
      const key = p.idempotency_key;
      const suggestion = p.execution_mode === 'suggestion_only';
      if (suggestion || key.endsWith(`:${hourBucket}`)) {
        byKey.set(key, p);
        if (!suggestion) byEntity.set(p.entity_id, p);
        continue;
      }
    }
    if (p.execution_mode !== 'suggestion_only') busy.add(p.entity_id);
  }
  return { busy, byKey, byEntity };
}

function expectedImpact(m: RuleMatch, w: Record<string, unknown>, window: string): Record<string, unknown> {
  const spend = Number(w.spend ?? 0);
  if (m.action.type === 'pause')
    return {
      summary: `Stops spend like the $${spend.toFixed(2)} of the last ${window}, which brought ${Number(w.conversions ?? 0)} purchases.`,
      spend_at_stake: spend,
    };
  if (m.action.type === 'increase_budget' || m.action.type === 'decrease_budget') {
    const p = m.action.params.percent ?? 0;
    return {
      summary: `${m.action.type === 'increase_budget' ? '+' : '−'}${p}% daily budget; expect a smaller change in purchases (returns diminish).`,
      change_percent: p,
    };
  }
  return { summary: 'For your attention; nothing is changed.' };
}

export function approvalInput(row: ActionRow, approvers: string[]): ApprovalInput {
  return {
    proposalId: row.id,
    accountId: row.account_id,
    entityId: row.entity_id,
    actionType: row.action_type,
    ruleId: row.rule_id,
    approverUserIds: approvers,
    executionMode: row.execution_mode,
    expiresAt: row.expires_at,
    expiryPolicy: row.expiry_policy,
  };
}

/** Most protective first: stopping a loss beats trimming it, which beats scaling. */
const PRECEDENCE = [
  'pause',
  'decrease_budget',
  'adjust_bid',
  'increase_budget',
  'activate',
  'duplicate',
  'notify_only',
];

/**
 * The matches to propose: suggestion-only matches all (they only inform), and of the rest at most one per entity,
 * none on an entity in `busy` (it has an open proposal), chosen by PRECEDENCE, then by rule order.
 */
export function onePerEntity<S extends { rule: { execution_mode: string } }, M extends RuleMatch>(
  rules: readonly S[],
  evaluate: (rule: S['rule']) => readonly M[],
  busy: ReadonlySet<string>,
): { s: S; m: M }[] {
  const all = rules.flatMap((s) => evaluate(s.rule).map((m) => ({ s, m })));
  const rank = (a: string) => {
    const i = PRECEDENCE.indexOf(a);
    return i === -1 ? PRECEDENCE.length : i; // an action not listed comes last
  };
  const chosen = new Map<string, { s: S; m: M }>();
  for (const x of all) {
    if (x.s.rule.execution_mode === 'suggestion_only' || busy.has(x.m.entityId)) continue;
    const held = chosen.get(x.m.entityId);
    if (!held || rank(x.m.action.type) < rank(held.m.action.type)) chosen.set(x.m.entityId, x);
  }
  return all.filter((x) => x.s.rule.execution_mode === 'suggestion_only' || chosen.get(x.m.entityId) === x);
}
