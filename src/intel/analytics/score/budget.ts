import { clamp, poissonCdf, round } from '../stats.ts';
import type { AccountTargets } from '../types.ts';
import type { ComponentScore, ScoreIssue } from './types.ts';
import type { AdSetWindow, Windows } from './windows.ts';

export interface BelowTarget {
  entry: AdSetWindow;
  /** Ad set result / yardstick (ROAS ratio, or target CPA / CPA); 0 with spend and no conversions. */
  ratio: number;
  spendShare: number;
}

/**
 * Active ad sets spending below target over the last 7 days. Yardstick: target ROAS, else target CPA, else the
 * account's own 7-day ROAS. Below = ratio < 0.8 (0.6 against the account itself) with spend ≥ 2 CPAs, so that
 * one missing conversion does not condemn an ad set. In model mode the shortfall must also be unlikely by
 * chance: P(X ≤ conversions | X ~ Poisson(spend / CPA_ref)) < 0.1.
 */
export function belowTarget(w: Windows, targets: AccountTargets, model: boolean): BelowTarget[] {
  const acc = w.account.last;
  const cpaRef =
    targets.cpa ??
    (targets.roas && acc.value > 0 && acc.conversions > 0 ? acc.value / acc.conversions / targets.roas : acc.cpa);
  const threshold = targets.roas || targets.cpa ? 0.8 : 0.6;
  const out: BelowTarget[] = [];
  for (const e of w.adsets) {
    if (e.adset.status !== 'ACTIVE' || e.last.spend <= 0 || !cpaRef) continue;
    const s = e.last;
    const ratio = targets.roas
      ? (s.roas ?? 0) / targets.roas
      : targets.cpa
        ? s.cpa === null
          ? 0
          : targets.cpa / s.cpa
        : acc.roas
          ? (s.roas ?? 0) / acc.roas
          : 1;
    if (ratio >= threshold || s.spend < 2 * cpaRef) continue;
    if (model && poissonCdf(s.conversions, s.spend / cpaRef) >= 0.1) continue;
    out.push({ entry: e, ratio, spendShare: acc.spend > 0 ? s.spend / acc.spend : 0 });
  }
  return out;
}

/**
 * Budget efficiency = 100 · (1 − w) · (1 − 0.5·d), last 7 days.
 *   w = share of spend on ad sets below target (see `belowTarget`);
 *   d = spend-weighted mean over ad sets with a budget of max(0, |1 − spend / (7·budget)| − 0.1), capped at 1,
 *       averaged with the account's own pacing against `targets.dailyBudget` when set (10% tolerance: Meta
 *       over- and under-delivers a little day to day).
 */
export function budgetEfficiency(w: Windows, targets: AccountTargets, below: BelowTarget[]): ComponentScore {
  const spend = w.account.last.spend;
  const wasted = below.reduce((a, b) => a + b.spendShare, 0);
  let pacedSpend = 0;
  let deviation = 0;
  const issues: ScoreIssue[] = [];
  for (const e of w.adsets) {
    if (e.adset.status !== 'ACTIVE' || !e.adset.dailyBudget || e.last.spend <= 0) continue;
    const pace = e.last.spend / (7 * e.adset.dailyBudget);
    const d = clamp(Math.abs(1 - pace) - 0.1, 0, 1);
    pacedSpend += e.last.spend;
    deviation += e.last.spend * d;
    if (d >= 0.2 && spend > 0 && e.last.spend / spend >= 0.02)
      issues.push({
        component: 'budget',
        severity: 'low',
        entityId: e.adset.id,
        entityName: e.adset.name,
        message: `Spending ${(100 * pace).toFixed(0)}% of its budget`,
      });
  }
  const terms: number[] = [];
  if (pacedSpend > 0) terms.push(deviation / pacedSpend);
  const accountPace = targets.dailyBudget ? spend / 7 / targets.dailyBudget : null;
  if (accountPace !== null) terms.push(clamp(Math.abs(1 - accountPace) - 0.1, 0, 1));
  const d = terms.length ? terms.reduce((a, b) => a + b, 0) / terms.length : 0;
  for (const b of below)
    issues.push({
      component: 'budget',
      severity: b.spendShare >= 0.1 || b.ratio < 0.5 ? 'high' : 'medium',
      entityId: b.entry.adset.id,
      entityName: b.entry.adset.name,
      message: `${(100 * b.spendShare).toFixed(0)}% of spend at ${(100 * b.ratio).toFixed(0)}% of target efficiency`,
    });
  return {
    name: 'budget',
    score: spend > 0 ? round(100 * clamp(1 - wasted, 0, 1) * (1 - 0.5 * d), 1) : null,
    weight: 0.25,
    formula: '100 · (1 − share of spend below target) · (1 − 0.5 · mean pacing deviation beyond ±10%)',
    metrics: {
      spendShareBelowTarget: round(wasted),
      pacingDeviation: round(d),
      accountPacing: accountPace === null ? null : round(accountPace),
    },
    issues,
  };
}
