/** The account's creative-fatigue law: at what frequency CTR starts to fall, how fast, and how long ads last. */
import { median } from 'simple-statistics';
import { dailyBuckets } from '../fatigue-detection.ts';
import { clamp, DAY_MS, quantile, round, weightedLine } from '../stats.ts';
import type { AdInput } from '../types.ts';
import { confidence } from './confidence.ts';
import { fitHinge } from './hinge.ts';
import type { CreativeFatiguePattern, FatigueAdEstimate } from './types.ts';

export interface CreativeFatigueOptions {
  /** Clicks an ad needs over its history to be analysed. */
  minClicks?: number;
  /** Evidence (SSE drop / φ, ≈ χ²₂ under no fatigue) needed to call an ad fatiguing; 13.8 ≈ p 0.001. */
  minEvidence?: number;
}

/**
 * Per ad: the hinge fit of log CTR on frequency (see `fitHinge`) over its daily history. An ad is fatiguing
 * when the evidence passes `minEvidence` and at least one day sits on the plateau before the onset. Lifespan:
 * days from its first day until frequency reaches F½ = F₀ + ln 2 / b (observed, or projected at the last 3
 * days' frequency pace). The pattern reports medians over fatiguing ads, with the interquartile range of onsets;
 * consistency = 1 − IQR / median. Null when no ad is fatiguing.
 */
export function creativeFatigue(
  entityId: string,
  ads: readonly AdInput[],
  now: number,
  options: CreativeFatigueOptions = {},
): CreativeFatiguePattern | null {
  const minClicks = options.minClicks ?? 300;
  const minEvidence = options.minEvidence ?? 13.8;
  const estimates: FatigueAdEstimate[] = [];
  let analysed = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const ad of ads) {
    const points = ad.daily.filter((p) => p.t < now);
    if (points.reduce((a, p) => a + p.clicks, 0) < minClicks) continue;
    analysed++;
    first = Math.min(first, points[0]!.t);
    last = Math.max(last, points.at(-1)!.t + DAY_MS);
    const buckets = dailyBuckets(points, now);
    const fit = fitHinge(buckets);
    if (!fit || !Number.isFinite(fit.onset) || fit.evidence < minEvidence) continue;
    if (!buckets.some((b) => b.frequency < fit.onset)) continue;
    estimates.push({
      adId: ad.id,
      onsetFrequency: round(fit.onset, 3),
      declineRate: round(fit.decline, 4),
      lifespanDays: lifespan(points, fit.onset + Math.LN2 / fit.decline),
    });
  }
  if (estimates.length === 0) return null;
  const onsets = estimates.map((e) => e.onsetFrequency);
  const onset = median(onsets);
  const range: [number, number] = [round(quantile(onsets, 0.25), 3), round(quantile(onsets, 0.75), 3)];
  const lifespans = estimates.flatMap((e) => (e.lifespanDays === null ? [] : [e.lifespanDays]));
  const typicalLifespanDays = lifespans.length ? round(median(lifespans), 1) : null;
  const decline = median(estimates.map((e) => e.declineRate));
  return {
    kind: 'creative-fatigue',
    entityId,
    onsetFrequency: round(onset, 3),
    onsetRange: range,
    declineRate: round(decline, 4),
    typicalLifespanDays,
    adsAnalysed: analysed,
    adsFatiguing: estimates.length,
    ads: estimates,
    summary:
      `CTR starts to fall at frequency ~${onset.toFixed(1)} (IQR ${range[0].toFixed(1)}–${range[1].toFixed(1)}), ` +
      `losing ~${(100 * (1 - Math.exp(-decline))).toFixed(0)}% per extra impression per person` +
      (typicalLifespanDays === null ? '.' : `; ads typically halve their CTR after ${typicalLifespanDays} days.`),
    confidence: confidence({
      sampleSize: estimates.length,
      halfSample: 5,
      consistency: 1 - clamp((range[1] - range[0]) / onset, 0, 1),
      spanDays: (last - first) / DAY_MS,
      fullDays: 28,
    }),
    validFrom: now,
    validUntil: now + 28 * DAY_MS,
  };
}

function lifespan(points: readonly { t: number; frequency: number }[], fHalf: number): number | null {
  const start = points[0]!.t;
  const reached = points.find((p) => p.frequency >= fHalf);
  if (reached) return round((reached.t + DAY_MS - start) / DAY_MS, 1);
  const tail = points.slice(-3);
  const line = weightedLine(
    tail.map((p) => p.t / DAY_MS),
    tail.map((p) => p.frequency),
    tail.map(() => 1),
  );
  if (!line || line.slope <= 0) return null;
  const lastPoint = points.at(-1)!;
  return round((lastPoint.t + DAY_MS - start) / DAY_MS + (fHalf - lastPoint.frequency) / line.slope, 1);
}
