import { clamp, round } from '../stats.ts';
import type { ComponentScore, ScoreIssue } from './types.ts';
import type { Windows } from './windows.ts';

/**
 * Learning health = 100 · (1 − 0.5·s_L − s_LL), where s_L and s_LL are the shares of the last 7 days' spend in
 * active ad sets that are LEARNING and LEARNING_LIMITED. Learning is a normal, passing state (half weight);
 * learning-limited means the ad set will not get ~50 events a week as it is (full weight). Null without spend.
 */
export function learningHealth(w: Windows): ComponentScore {
  const active = w.adsets.filter((a) => a.adset.status === 'ACTIVE');
  const spend = active.reduce((s, a) => s + a.last.spend, 0);
  const share = (stage: string) =>
    spend > 0 ? active.filter((a) => a.adset.learningStage === stage).reduce((s, a) => s + a.last.spend, 0) / spend : 0;
  const sL = share('LEARNING');
  const sLL = share('LEARNING_LIMITED');
  const issues: ScoreIssue[] = [];
  for (const a of active) {
    const s = spend > 0 ? a.last.spend / spend : 0;
    if (a.adset.learningStage === 'LEARNING_LIMITED' && s >= 0.02)
      issues.push({
        component: 'learning',
        severity: s >= 0.1 ? 'high' : 'medium',
        entityId: a.adset.id,
        entityName: a.adset.name,
        message: `Learning limited: ${a.last.conversions.toFixed(0)} conversions in 7 days (Meta needs ~50), ${(100 * s).toFixed(0)}% of spend`,
      });
    else if (a.adset.learningStage === 'LEARNING' && s >= 0.1)
      issues.push({
        component: 'learning',
        severity: 'low',
        entityId: a.adset.id,
        entityName: a.adset.name,
        message: `In learning with ${(100 * s).toFixed(0)}% of spend: avoid significant edits until it exits`,
      });
  }
  return {
    name: 'learning',
    score: spend > 0 ? round(100 * clamp(1 - 0.5 * sL - sLL, 0, 1), 1) : null,
    weight: 0.25,
    formula: '100 · (1 − 0.5 · share of spend in LEARNING − share of spend in LEARNING_LIMITED), last 7 days',
    metrics: { learningSpendShare: round(sL), learningLimitedSpendShare: round(sLL), spend7d: round(spend, 2) },
    issues,
  };
}
