/**
 * The reward of a decision, measured 24/48/72 h later (seed design §10.3): what teaches the policy.
 *
 * Metrics are compared as rates per hour of data, so a 72 h baseline and a 24 h horizon are comparable.
 *
 * Executed actions:
 *   cpaTerm   = clip(cpaBefore / cpaAfter − 1, −1, 1)           (cheaper purchases after → positive)
 *   roasTerm  = clip((roasAfter − roasBefore) / max(roasBefore, 0.1), −1, 1)
 *   pausedWinnerPenalty = −0.6 when a paused entity was at or above target (ROAS ≥ target_roas, or CPA ≤ target_cpa)
 *   earlyLoserBonus     = +0.4 · min(1, 2 · target_cpa / spendBefore) when a paused entity had spent with no purchase
 *                         (the earlier it was caught, the larger the bonus); target_cpa defaults to 50
 *   reward = clip(0.5 · cpaTerm + 0.3 · roasTerm + penalty + bonus, −1, 1)
 *   For a pause, the entity's own metrics after are empty by design, so cpaTerm and roasTerm are 0 and the reward
 *   is carried by the penalty and the bonus.
 *
 * Not executed (rejected, expired, suggestion only, recorded with the executor off) — a counterfactual:
 *   reward = −(benefit the action would have had), judged from what the entity did afterwards:
 *   pause:            benefit = min(1, wasted spend after / target_cpa) when it kept spending with no purchase,
 *                     −0.6 when it performed at or above target afterwards (pausing would have hurt)
 *   increase_budget:  benefit = +0.3 when ROAS after ≥ target, −0.3 below;   decrease_budget: the opposite
 *   otherwise 0.
 */

export interface WindowMetrics {
  spend: number;
  impressions: number;
  clicks: number;
  conversions: number;
  revenue: number;
  /** Hours of data in the window. */
  hours: number;
}

export interface RewardInput {
  actionType: string;
  decision: 'executed' | 'rejected' | 'expired' | 'shadow' | 'recorded';
  horizonHours: number;
  before: WindowMetrics;
  after: WindowMetrics;
  targetCpa: number | null;
  targetRoas: number | null;
}

export interface RewardResult {
  reward: number;
  components: Record<string, number>;
  explanation: string;
}

const clip = (v: number, lo = -1, hi = 1) => Math.min(hi, Math.max(lo, v));
const round = (v: number) => Math.round(v * 1000) / 1000;
const perHour = (m: WindowMetrics) => {
  const h = Math.max(1, m.hours);
  return { spend: m.spend / h, conversions: m.conversions / h, revenue: m.revenue / h };
};
const cpa = (m: WindowMetrics) => (m.conversions > 0 ? m.spend / m.conversions : null);
const roas = (m: WindowMetrics) => (m.spend > 0 ? m.revenue / m.spend : null);

function atOrAboveTarget(m: WindowMetrics, targetCpa: number | null, targetRoas: number | null): boolean {
  const r = roas(m);
  const c = cpa(m);
  if (targetRoas !== null && r !== null && r >= targetRoas) return true;
  if (targetCpa !== null && c !== null && c <= targetCpa) return true;
  return false;
}

/** Computes the reward and its parts; deterministic and pure. */
export function computeReward(input: RewardInput): RewardResult {
  const { before, after, targetRoas } = input;
  const targetCpa = input.targetCpa ?? 50;
  const components: Record<string, number> = {};
  const pause = input.actionType === 'pause';

  if (input.decision === 'executed') {
    const b = perHour(before);
    const a = perHour(after);
    const cpaB = b.conversions > 0 ? b.spend / b.conversions : null;
    const cpaA = a.conversions > 0 ? a.spend / a.conversions : null;
    components.cpaTerm = !pause && cpaB !== null && cpaA !== null && cpaA > 0 ? clip(cpaB / cpaA - 1) : 0;
    const roasB = b.spend > 0 ? b.revenue / b.spend : null;
    const roasA = a.spend > 0 ? a.revenue / a.spend : null;
    components.roasTerm = !pause && roasB !== null && roasA !== null ? clip((roasA - roasB) / Math.max(roasB, 0.1)) : 0;
    components.pausedWinnerPenalty = pause && atOrAboveTarget(before, input.targetCpa, targetRoas) ? -0.6 : 0;
    components.earlyLoserBonus =
      pause && before.conversions === 0 && before.spend > 0 ? 0.4 * Math.min(1, (2 * targetCpa) / before.spend) : 0;
    const reward = clip(
      0.5 * components.cpaTerm +
        0.3 * components.roasTerm +
        components.pausedWinnerPenalty +
        components.earlyLoserBonus,
    );
    const parts = Object.entries(components)
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => `${k} ${round(v)}`);
    return {
      reward: round(reward),
      components,
      explanation: `Executed ${input.actionType}; ${parts.join(', ') || 'no measurable change'} after ${input.horizonHours} h.`,
    };
  }

  let benefit = 0;
  if (pause) {
    if (after.conversions === 0 && after.spend > 0) benefit = Math.min(1, after.spend / targetCpa);
    else if (atOrAboveTarget(after, input.targetCpa, targetRoas)) benefit = -0.6;
  } else if (input.actionType === 'increase_budget' || input.actionType === 'decrease_budget') {
    const r = roas(after);
    const good = r !== null && r >= (targetRoas ?? 1);
    benefit = (good ? 0.3 : -0.3) * (input.actionType === 'increase_budget' ? 1 : -1);
  }
  components.counterfactualBenefit = benefit;
  const reward = clip(-benefit);
  return {
    reward: round(reward),
    components,
    explanation: `Not executed (${input.decision}); the ${input.actionType} would have had benefit ${round(benefit)} judged from the next ${input.horizonHours} h.`,
  };
}
