/**
 * Plain types for forecasts, allocation and accuracy. Dates are account-local calendar days as `YYYY-MM-DD`
 * strings, money is in major currency units, and nothing here reads a clock: callers pass `now`.
 */

/** One day of one metric. */
export interface DailyValue {
  date: string;
  value: number;
}

/** A ratio metric (ROAS = revenue/spend, CTR = clicks/impressions) given by its two daily sums. */
export interface RatioSeries {
  numerator: readonly DailyValue[];
  denominator: readonly DailyValue[];
}

/** What a forecaster is fitted on: a plain daily series, or a ratio forecast as the ratio of two forecasts. */
export type ForecastInput = readonly DailyValue[] | RatioSeries;

/** A forecast day: point (mean), prediction interval, and the model that made it (stored with the prediction). */
export interface ForecastPoint {
  date: string;
  value: number;
  lower: number;
  upper: number;
  modelVersion: string;
}

/** Metrics the dashboards forecast and track. Ratios are derived from sums, never averaged. */
export type MetricName = 'spend' | 'conversions' | 'revenue' | 'reach' | 'roas' | 'ctr' | 'impressions' | 'clicks';
