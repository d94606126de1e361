/**
 * Drift: a model whose error stays above a threshold for N consecutive days is flagged for retraining (the issue's
 * rule, a crude CUSUM: one bad day is noise, a run of them is a changed world).
 */
import { addDays } from './dates.ts';
import type { PredictionComparison } from './accuracy.ts';
import type { MetricName } from './types.ts';

export interface DailyError {
  date: string;
  /** An error measure ≥ 0, e.g. mean |relative error| of the day's predictions. */
  error: number;
}

export interface DriftOptions {
  threshold: number;
  days: number;
}

export interface DriftResult {
  drifted: boolean;
  /** The day the run reached `days` (the alert), first such run. */
  alertDate: string | null;
  /** First day of that run. */
  runStart: string | null;
  /** Consecutive days above the threshold ending at the last day. */
  currentRun: number;
  /** Mark the model for retraining: drifted and still drifting at the last day. */
  retrain: boolean;
}

/**
 * Scans days in date order; a day counts when error > threshold, and a run breaks on a day at or below it or on a
 * missing calendar day. Drift = some run reaches `days`. Throws RangeError when `days` < 1.
 */
export function detectDrift(dailyErrors: readonly DailyError[], options: DriftOptions): DriftResult {
  if (options.days < 1) throw new RangeError('days must be at least 1');
  const sorted = [...dailyErrors].sort((a, b) => a.date.localeCompare(b.date));
  let run = 0;
  let start: string | null = null;
  let prev: string | null = null;
  let alertDate: string | null = null;
  let runStart: string | null = null;
  for (const d of sorted) {
    const contiguous = prev !== null && addDays(prev, 1) === d.date;
    if (d.error > options.threshold) {
      if (run === 0 || !contiguous) {
        run = 0;
        start = d.date;
      }
      run++;
      if (run === options.days && alertDate === null) {
        alertDate = d.date;
        runStart = start;
      }
    } else run = 0;
    prev = d.date;
  }
  return { drifted: alertDate !== null, alertDate, runStart, currentRun: run, retrain: run >= options.days };
}

/** Mean |relative error| per day of one metric's comparisons (days whose actuals are all 0 are left out). */
export function dailyErrorSeries(comparisons: readonly PredictionComparison[], metric: MetricName): DailyError[] {
  const by = new Map<string, number[]>();
  for (const c of comparisons)
    if (c.metric === metric && c.relativeError !== null) {
      const list = by.get(c.date) ?? [];
      list.push(c.relativeError);
      by.set(c.date, list);
    }
  return [...by]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([date, v]) => ({ date, error: v.reduce((a, b) => a + b, 0) / v.length }));
}
