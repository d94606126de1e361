/**
 * Prediction accuracy: stored predictions against actuals once the actuals settle. A day settles 24 h after it
 * ends (late conversions keep arriving; Meta's are mostly in by then) and stops being compared after 30 days
 * (Meta's insights for old days may no longer match what the model saw).
 */
import { dayEndMs } from './dates.ts';
import type { MetricName } from './types.ts';
import { HOUR as HOUR_MS } from '../time.ts';

export interface StoredPrediction {
  id: string;
  /** What was predicted for: a channel, an ad set, the account. */
  key: string;
  metric: MetricName;
  date: string;
  value: number;
  lower?: number;
  upper?: number;
  modelVersion: string;
}

/** Settled sums for one key and day; ratios are derived from them (CTR = clicks/impressions, ROAS = revenue/spend). */
export interface ActualDay {
  key: string;
  date: string;
  spend: number;
  impressions: number;
  clicks: number;
  conversions: number;
  revenue: number;
  reach: number;
}

export interface PredictionComparison {
  predictionId: string;
  key: string;
  metric: MetricName;
  date: string;
  modelVersion: string;
  predicted: number;
  actual: number;
  /** predicted − actual. */
  error: number;
  absError: number;
  /** |error| / actual; null when the actual is 0. */
  relativeError: number | null;
  /** 1 − |error|/actual clipped to [0, 1]; null when the actual is 0. */
  accuracy: number | null;
  /** Whether the actual fell inside the stored interval; null without one. */
  inInterval: boolean | null;
}

export interface AccuracySummary {
  n: number;
  mae: number;
  /** Mean signed error (positive: the model over-predicts). */
  bias: number;
  /** Mean accuracy over comparisons with a non-zero actual. */
  meanAccuracy: number | null;
  /** Share of comparisons with an interval whose actual fell inside it. */
  coverage: number | null;
}

export interface ComparisonResult {
  comparisons: PredictionComparison[];
  /** Ids whose day has not settled yet (younger than `minAgeHours` after the day's end). */
  pending: string[];
  /** Ids older than `maxAgeDays`: no longer compared. */
  expired: string[];
  /** Settled ids without an actual (no delivery row, or a ratio with a zero denominator). */
  missing: string[];
  byMetric: Partial<Record<MetricName, AccuracySummary>>;
}

export interface ComparisonOptions {
  minAgeHours?: number;
  maxAgeDays?: number;
}

/** The actual value of a metric on a settled day; null when a ratio's denominator is 0. */
export function actualMetric(a: ActualDay, metric: MetricName): number | null {
  if (metric === 'ctr') return a.impressions > 0 ? a.clicks / a.impressions : null;
  if (metric === 'roas') return a.spend > 0 ? a.revenue / a.spend : null;
  return a[metric];
}

/**
 * Compares each prediction whose day ended between `minAgeHours` (default 24) and `maxAgeDays` (default 30) before
 * `now` with its actual: error e = ŷ − y, accuracy = clip(1 − |e|/y, 0, 1), and per metric MAE = mean|e|,
 * bias = mean e, coverage = share with y ∈ [lower, upper]. Never throws.
 */
export function comparePredictions(
  predictions: readonly StoredPrediction[],
  actuals: readonly ActualDay[],
  now: number,
  options: ComparisonOptions = {},
): ComparisonResult {
  const minAge = (options.minAgeHours ?? 24) * HOUR_MS;
  const maxAge = (options.maxAgeDays ?? 30) * 24 * HOUR_MS;
  const actualBy = new Map(actuals.map((a) => [`${a.key}\u0000${a.date}`, a]));
  const out: ComparisonResult = { comparisons: [], pending: [], expired: [], missing: [], byMetric: {} };
  for (const p of predictions) {
    const age = now - dayEndMs(p.date);
    if (age < minAge) out.pending.push(p.id);
    else if (age > maxAge) out.expired.push(p.id);
    else {
      const a = actualBy.get(`${p.key}\u0000${p.date}`);
      const y = a ? actualMetric(a, p.metric) : null;
      if (y === null) {
        out.missing.push(p.id);
        continue;
      }
      const error = p.value - y;
      const rel = y !== 0 ? Math.abs(error) / Math.abs(y) : null;
      out.comparisons.push({
        predictionId: p.id,
        key: p.key,
        metric: p.metric,
        date: p.date,
        modelVersion: p.modelVersion,
        predicted: p.value,
        actual: y,
        error,
        absError: Math.abs(error),
        relativeError: rel,
        accuracy: rel === null ? null : Math.min(1, Math.max(0, 1 - rel)),
        inInterval: p.lower === undefined || p.upper === undefined ? null : y >= p.lower && y <= p.upper,
      });
    }
  }
  for (const metric of new Set(out.comparisons.map((c) => c.metric)))
    out.byMetric[metric] = summarise(out.comparisons.filter((c) => c.metric === metric));
  return out;
}

/** MAE, bias, mean accuracy and interval coverage of a set of comparisons. */
export function summarise(cs: readonly PredictionComparison[]): AccuracySummary {
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
  const acc = cs.flatMap((c) => (c.accuracy === null ? [] : [c.accuracy]));
  const cov = cs.flatMap((c) => (c.inInterval === null ? [] : [c.inInterval ? 1 : 0]));
  return {
    n: cs.length,
    mae: mean(cs.map((c) => c.absError)) ?? 0,
    bias: mean(cs.map((c) => c.error)) ?? 0,
    meanAccuracy: mean(acc),
    coverage: mean(cov),
  };
}
