import type { FatigueSignal } from '../fatigue-detection.ts';
import { clamp, round } from '../stats.ts';
import type { ComponentScore, ScoreIssue } from './types.ts';
import type { AdWindow, Windows } from './windows.ts';

export interface CreativeAssessment {
  entry: AdWindow;
  frequencyRisk: number;
  ctrDecline: number;
  /** 1 fatiguing, 0.7 at risk, 0 not flagged (model: `detectFatigue`; rules: F > 3.5 and CTR −20%). */
  flag: number;
  signal: FatigueSignal | null;
  ctrChange: number | null;
}

/**
 * Per active ad with impressions in the last 7 days:
 *   frequency risk r_F = clamp((F − F_w) / 2, 0, 1), F_w = the account's learned onset − 0.5, else 2.5;
 *   CTR decline r_C = clamp(−(CTR₇ / CTR_first7 − 1) / 0.5, 0, 1), only with ≥ 100 clicks in both windows;
 *   u = clamp(0.3·r_F + 0.4·r_C + 0.3·flag, 0, 1).
 * Creative health = 100 · (1 − Σ impressions₇·u / Σ impressions₇).
 */
export function assessCreatives(
  w: Windows,
  signals: ReadonlyMap<string, FatigueSignal> | null,
  onsetFrequency: number | null,
): CreativeAssessment[] {
  const fWarn = onsetFrequency !== null ? onsetFrequency - 0.5 : 2.5;
  return w.ads
    .filter((e) => e.ad.status === 'ACTIVE' && e.last.impressions > 0)
    .map((entry) => {
      const { last, first } = entry;
      const enough = last.clicks >= 100 && first.clicks >= 100;
      const ctrChange = enough ? last.clicks / last.impressions / (first.clicks / first.impressions) - 1 : null;
      const signal = signals?.get(entry.ad.id) ?? null;
      const ruleFlag = entry.frequency > 3.5 && ctrChange !== null && ctrChange <= -0.2;
      const flag = signals ? (signal ? (signal.status === 'fatiguing' ? 1 : 0.7) : 0) : ruleFlag ? 1 : 0;
      return {
        entry,
        frequencyRisk: clamp((entry.frequency - fWarn) / 2, 0, 1),
        ctrDecline: ctrChange === null ? 0 : clamp(-ctrChange / 0.5, 0, 1),
        flag,
        signal,
        ctrChange,
      };
    });
}

export function creativeHealth(assessed: readonly CreativeAssessment[]): ComponentScore {
  let impressions = 0;
  let unhealthy = 0;
  const issues: ScoreIssue[] = [];
  for (const a of assessed) {
    const u = clamp(0.3 * a.frequencyRisk + 0.4 * a.ctrDecline + 0.3 * a.flag, 0, 1);
    impressions += a.entry.last.impressions;
    unhealthy += a.entry.last.impressions * u;
    if (a.flag > 0)
      issues.push({
        component: 'creative',
        severity: a.flag >= 1 ? 'high' : 'medium',
        entityId: a.entry.ad.id,
        entityName: a.entry.ad.name,
        message:
          a.signal?.reason ??
          `Frequency ${a.entry.frequency.toFixed(1)} and CTR ${(100 * (a.ctrChange ?? 0)).toFixed(0)}% vs its first week`,
      });
  }
  const mean = (f: (a: CreativeAssessment) => number) =>
    impressions > 0 ? assessed.reduce((s, a) => s + a.entry.last.impressions * f(a), 0) / impressions : null;
  const meanFrequency = mean((a) => a.entry.frequency);
  return {
    name: 'creative',
    score: impressions > 0 ? round(100 * (1 - unhealthy / impressions), 1) : null,
    weight: 0.25,
    formula:
      '100 · (1 − impression-weighted mean of clamp(0.3·frequency risk + 0.4·CTR decline + 0.3·fatigue flag, 0, 1))',
    metrics: {
      meanFrequency: meanFrequency === null ? null : round(meanFrequency, 3),
      adsAssessed: assessed.length,
      adsFlagged: assessed.filter((a) => a.flag > 0).length,
    },
    issues,
  };
}
