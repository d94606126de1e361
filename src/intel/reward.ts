import {
  atOrAboveTarget,
  clip,
  cpaOf,
  cpaTerm,
  loserScore,
  roasOf,
  roasTerm,
  volumeTerm,
  type WindowMetrics,
} from './reward-terms.ts';

export type { WindowMetrics } from './reward-terms.ts';

export interface RewardInput {
  actionType: string;
  params?: { percent?: number } | null;
  decision: 'executed' | 'rejected' | 'expired' | 'shadow' | 'recorded';
  horizonHours: number;
  before: WindowMetrics;
  after: WindowMetrics;
  /** Forecast of the after window had nothing been changed. */
  maintain?: WindowMetrics | null;
  targetCpa: number | null;
  targetRoas: number | null;
}

export interface RewardComponents {
  cpaTerm: number;
  roasTerm: number;
  volumeTerm: number;
  pausedWinnerPenalty: number;
  earlyLoserBonus: number;
  pausedLoserBonus: number;
  missedLoserPenalty: number;
  keptWinnerBonus: number;
  /** 1 when the reward is that of not acting. */
  counterfactual: number;
}

export interface RewardResult {
  reward: number;
  components: RewardComponents;
  explanation: string;
}

const DEFAULT_TARGET_CPA = 50;
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const finite = (m: WindowMetrics): WindowMetrics => {
  const f = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  return {
    spend: f(m.spend),
    impressions: f(m.impressions),
    clicks: f(m.clicks),
    conversions: f(m.conversions),
    revenue: f(m.revenue),
    hours: f(m.hours),
  };
};

/**
 * The reward of a decision measured 24/48/72 h later (seed design §10.3): what teaches the policy. In [−1, 1].
 *
 * Reference `R` = the "maintain" forecast of the after window when given, else the baseline window `before`.
 * `A` = the after window. T = target CPA (50 when the account has none). CPA and ROAS are ratios, so windows of
 * different lengths compare directly; purchase volume is compared per hour.
 *
 *   cpaTerm   = clip(CPA_R / CPA_A − 1)          cheaper purchases → positive; no purchase in A although A spent
 *                                                  at least CPA_R → −1; otherwise 0 when either CPA is undefined
 *   roasTerm  = clip((ROAS_A − ROAS_R) / max(ROAS_R, 0.1))
 *   volumeTerm (budget changes of p%): increase clip((conv/h_A ÷ conv/h_R − 1) / p), 0 for gains bought above
 *              target; decrease clip(1 − (1 − conv/h_A ÷ conv/h_R) / p)
 *   loser(s)  = min(1, s/T) · min(1, 2T/s)          evidence that spend s with no purchase was wasted
 *
 * Executed (the action happened):
 *   pause:           pausedWinnerPenalty −0.6 when `before` was at/above target (ROAS ≥ target or CPA ≤ target)
 *                    earlyLoserBonus     +0.4 · loser(spend_before) when `before` had spend and no purchase
 *                    pausedLoserBonus    +0.3 · clip(CPA_before / target_cpa − 1, 0, 1) (a costly, not dead, one)
 *                    (a paused entity has no after metrics, so the efficiency terms are 0)
 *   notify_only:     0 — nothing changed.
 *   others:          0.5 · cpaTerm + 0.3 · roasTerm + 0.2 · volumeTerm
 *
 * Not executed (rejected, expired, shadow, recorded) — the reward of not acting, measured the same way, against
 * `before` (what the entity did left alone): 0.5 · cpaTerm + 0.3 · roasTerm, and for a proposed pause the mirror
 * of its terms on the after window: missedLoserPenalty −0.4 · loser(spend_after) when it kept spending with no
 * purchase, keptWinnerBonus +0.6 when it performed at/above target.
 *
 * reward = clip(sum of the terms, −1, 1), rounded to 3 decimals. Components are always all present (0 when not
 * applicable) so training rows share one shape. Non-finite or negative inputs count as 0. Throws nothing.
 */
export function computeReward(input: RewardInput): RewardResult {
  const before = finite(input.before);
  const after = finite(input.after);
  const executed = input.decision === 'executed';
  const ref = executed && input.maintain ? finite(input.maintain) : before;
  const { targetCpa, targetRoas, actionType } = input;
  const T = targetCpa ?? DEFAULT_TARGET_CPA;
  const pause = actionType === 'pause';
  const c: RewardComponents = {
    cpaTerm: 0,
    roasTerm: 0,
    volumeTerm: 0,
    pausedWinnerPenalty: 0,
    earlyLoserBonus: 0,
    pausedLoserBonus: 0,
    missedLoserPenalty: 0,
    keptWinnerBonus: 0,
    counterfactual: executed ? 0 : 1,
  };
  let sum = 0;
  if (executed && pause) {
    if (atOrAboveTarget(before, targetCpa, targetRoas)) c.pausedWinnerPenalty = -0.6;
    if (before.conversions === 0) c.earlyLoserBonus = 0.4 * loserScore(before.spend, T);
    const cpa = cpaOf(before);
    if (targetCpa !== null && cpa !== null) c.pausedLoserBonus = 0.3 * clip(cpa / targetCpa - 1, 0, 1);
    sum = c.pausedWinnerPenalty + c.earlyLoserBonus + c.pausedLoserBonus;
  } else if (!(executed && actionType === 'notify_only')) {
    c.cpaTerm = cpaTerm(ref, after);
    c.roasTerm = roasTerm(ref, after);
    if (executed) c.volumeTerm = volumeTerm(actionType, input.params?.percent, ref, after, targetCpa, targetRoas);
    if (!executed && pause) {
      if (after.conversions === 0) c.missedLoserPenalty = -0.4 * loserScore(after.spend, T);
      if (atOrAboveTarget(after, targetCpa, targetRoas)) c.keptWinnerBonus = 0.6;
    }
    sum = 0.5 * c.cpaTerm + 0.3 * c.roasTerm + 0.2 * c.volumeTerm + c.missedLoserPenalty + c.keptWinnerBonus;
  }
  for (const k of Object.keys(c) as (keyof RewardComponents)[]) c[k] = r3(c[k]);
  const reward = r3(clip(sum));
  return {
    reward,
    components: c,
    explanation: explain(input, ref === before ? 'the baseline' : 'the maintain forecast', ref, after, c, reward),
  };
}

function explain(
  input: RewardInput,
  refName: string,
  ref: WindowMetrics,
  after: WindowMetrics,
  c: RewardComponents,
  reward: number,
): string {
  const money = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
  const what = `${input.actionType}${input.params?.percent ? ` ${input.params.percent}%` : ''}`;
  const head = c.counterfactual
    ? `Not executed (${input.decision}): reward of not acting on ${what}`
    : `Executed ${what}`;
  const parts = (Object.entries(c) as [keyof RewardComponents, number][])
    .filter(([k, v]) => v !== 0 && k !== 'counterfactual')
    .map(([k, v]) => `${k} ${v > 0 ? '+' : ''}${v}`);
  const metrics = `CPA ${money(cpaOf(ref))} → ${money(cpaOf(after))}, ROAS ${money(roasOf(ref))} → ${money(roasOf(after))} (${refName} vs the ${input.horizonHours} h after)`;
  return `${head}: ${parts.join(', ') || 'no measurable change'}; ${metrics}; reward ${reward}.`;
}
