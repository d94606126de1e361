import { ApplicationFailure } from '@temporalio/common';
import { sql, type DatabasePool } from 'slonik';
import { getAdAccount } from '../db/accounts.ts';
import { getAction, recordOutcome } from '../db/actions.ts';
import { entityWindowTotals, type WindowTotals } from '../db/metrics.ts';
import { computeReward, type RewardInput } from '../intel/reward.ts';
import { FailureType } from './failures.ts';
import { HOUR } from '../intel/time.ts';

export interface OutcomeDeps {
  pool: DatabasePool;
  now?: () => number;
}

/** The baseline is the same length as the longest horizon, right before the decision. */
const BASELINE_HOURS = 72;

export const toWindowMetrics = (t: WindowTotals) => ({
  spend: t.spend,
  impressions: t.impressions,
  clicks: t.clicks,
  conversions: t.conversions,
  revenue: t.conversion_value,
  hours: t.hours,
});

export function createOutcomeActivities(deps: OutcomeDeps) {
  const now = deps.now ?? Date.now;
  return {
    /**
     * Measures one horizon after a decision: metrics in the baseline window before it and in [decision,
     * decision + horizon), the reward of the seed design §10.3, a training row (one per action and horizon, an
     * idempotent upsert) and the action's latest outcome fields.
     */
    async measureOutcome(id: number, horizonHours: number, decision: string): Promise<{ reward: number }> {
      const action = await getAction(deps.pool, id);
      if (!action) throw ApplicationFailure.nonRetryable(`proposal ${id} does not exist`, FailureType.NotFound);
      const account = await getAdAccount(deps.pool, action.account_id);
      const t0 = action.executed_at ?? action.human_decided_at ?? action.expires_at;
      const before = await entityWindowTotals(
        deps.pool,
        action.account_id,
        action.entity_id,
        t0 - BASELINE_HOURS * HOUR,
        t0,
      );
      const after = await entityWindowTotals(
        deps.pool,
        action.account_id,
        action.entity_id,
        t0,
        t0 + horizonHours * HOUR,
      );
      const input: RewardInput = {
        actionType: action.action_type,
        decision: decision as RewardInput['decision'],
        horizonHours,
        before: toWindowMetrics(before),
        after: toWindowMetrics(after),
        targetCpa: account?.target_cpa ?? null,
        targetRoas: account?.target_roas ?? null,
      };
      const reward = computeReward(input);
      const metrics = { horizonHours, before: input.before, after: input.after };
      await deps.pool.query(sql.unsafe`
        INSERT INTO intel_ml_training_data (action_id, horizon_hours, features, action_type, decision, propensity,
          metrics_before, metrics_after, reward, reward_components)
        VALUES (${id}, ${horizonHours}, ${sql.jsonb((action.feature_values ?? {}) as never)}, ${action.action_type}, ${decision},
          ${action.propensity}, ${sql.jsonb(input.before)}, ${sql.jsonb(input.after)}, ${reward.reward},
          ${sql.jsonb(reward.components as never)})
        ON CONFLICT (action_id, horizon_hours) DO UPDATE SET metrics_after = EXCLUDED.metrics_after,
          reward = EXCLUDED.reward, reward_components = EXCLUDED.reward_components, observed_at = now()`);
      await recordOutcome(
        deps.pool,
        id,
        { ...metrics, components: reward.components, explanation: reward.explanation },
        reward.reward,
        now(),
      );
      return { reward: reward.reward };
    },
  };
}
