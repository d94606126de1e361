import { clamp, round } from '../stats.ts';
import type { AccountTargets } from '../types.ts';
import type { ComponentScore, ScoreIssue } from './types.ts';
import type { Windows } from './windows.ts';

/**
 * Performance = 0.75·level + 0.25·trend (0–100 each), last 7 days.
 *   ratios ρ: ROAS₇ / target ROAS and target CPA / CPA₇ (without targets: the same against the 21 days before
 *   the previous week, i.e. the account's own history); level = 100 · min(1, mean ρ / 1.25), so on target = 80.
 *   trend τ = mean of ROAS₇/ROASₚ − 1 and CPAₚ/CPA₇ − 1 against the previous 7 days;
 *   trend score = 50 + 50 · clamp(τ / 0.3, −1, 1). With thin history (`useTrend` false) trend is left out.
 * Null without spend.
 */
export function performance(w: Windows, targets: AccountTargets, useTrend: boolean): ComponentScore {
  const { last, previous, history } = w.account;
  const roasTarget = targets.roas ?? history.roas;
  const cpaTarget = targets.cpa ?? (targets.roas ? null : history.cpa);
  const ratios: number[] = [];
  if (roasTarget && last.roas !== null) ratios.push(last.roas / roasTarget);
  if (cpaTarget) ratios.push(last.cpa !== null ? cpaTarget / last.cpa : 0);
  const trends: number[] = [];
  if (last.roas !== null && previous.roas) trends.push(last.roas / previous.roas - 1);
  if (last.cpa !== null && previous.cpa !== null) trends.push(previous.cpa / last.cpa - 1);
  const rho = ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
  const tau = trends.length ? trends.reduce((a, b) => a + b, 0) / trends.length : null;
  const level = rho === null ? null : 100 * Math.min(1, rho / 1.25);
  const trend = tau === null ? null : 50 + 50 * clamp(tau / 0.3, -1, 1);
  let score: number | null = null;
  if (last.spend > 0 && level !== null) score = useTrend && trend !== null ? 0.75 * level + 0.25 * trend : level;
  const issues: ScoreIssue[] = [];
  const account = { entityId: 'account', entityName: 'Account' };
  if (rho !== null && rho < 0.9)
    issues.push({
      component: 'performance',
      severity: rho < 0.7 ? 'high' : 'medium',
      ...account,
      message: `Results at ${(100 * rho).toFixed(0)}% of ${targets.roas || targets.cpa ? 'target' : 'the account’s own recent history'}`,
    });
  if (useTrend && tau !== null && tau < -0.15)
    issues.push({
      component: 'performance',
      severity: tau < -0.3 ? 'high' : 'medium',
      ...account,
      message: `Efficiency fell ${(-100 * tau).toFixed(0)}% week on week`,
    });
  return {
    name: 'performance',
    score: score === null ? null : round(score, 1),
    weight: 0.25,
    formula:
      '0.75 · 100·min(1, mean(ROAS/target, targetCPA/CPA)/1.25) + 0.25 · (50 + 50·clamp(week-on-week change/0.3, −1, 1))',
    metrics: {
      roas7d: last.roas === null ? null : round(last.roas),
      cpa7d: last.cpa === null ? null : round(last.cpa, 2),
      roasPrevious7d: previous.roas === null ? null : round(previous.roas),
      cpaPrevious7d: previous.cpa === null ? null : round(previous.cpa, 2),
      targetRatio: rho === null ? null : round(rho),
      trend: tau === null ? null : round(tau),
    },
    issues,
  };
}
