/**
 * The per-series forecaster: weighted ridge regression of log1p(y) on a weekly trend and seven weekday dummies,
 * with empirical residual-quantile intervals. Counts and sums are multiplicative in the weekday (a Saturday is
 * "15% more", not "+40 conversions"), hence the log; the ridge keeps a thin history from producing wild slopes.
 */
import { quantileSorted } from 'simple-statistics';
import { dateOf, dayNumber, weekday } from './dates.ts';
import { ridge } from './ridge.ts';
import type { DailyValue } from './types.ts';

/** Bumped whenever the model's maths change, so stored predictions say which model made them. */
export const SERIES_MODEL_FAMILY = 'ridge-dow@1';

export interface ForecasterOptions {
  /** Central coverage of the prediction interval (default 0.8, as the dashboards show). */
  level?: number;
  /** Ridge penalty on the weekly slope and on each weekday effect, in units of weighted days (default 2). */
  ridgeLambda?: number;
  /** Observations lose half their weight every `halfLifeDays` back from the last day (default 56). */
  halfLifeDays?: number;
  /** Fit on log1p (default) or on the raw scale. */
  transform?: 'log1p' | 'none';
  /** Fewer days than this fit trend + level only: weekly seasonality needs three seasons (ML.md). Default 21. */
  minSeasonalDays?: number;
}

export interface SeriesModel {
  kind: 'series';
  modelVersion: string;
  lastDate: string;
  /** Days used in the fit. */
  n: number;
  seasonal: boolean;
  transform: 'log1p' | 'none';
  coef: number[];
  /** Trend origin (day number) so that the slope term is (day − origin)/7. */
  origin: number;
  /** Residual quantiles (transformed scale), already inflated for in-sample optimism. */
  residualLow: number;
  residualHigh: number;
  /** Duan's smearing factor: E[exp(e)], so the back-transformed point is a mean, not a median. */
  smearing: number;
  level: number;
  /** In-sample fitted means on the original scale (for ratio residuals and actual-vs-fitted charts). */
  fitted: DailyValue[];
}

function features(day: number, origin: number, seasonal: boolean): number[] {
  const x = [1, (day - origin) / 7];
  if (seasonal) for (let d = 0; d < 7; d++) x.push(weekday(dateOf(day)) === d ? 1 : 0);
  return x;
}

/**
 * Fits log1p(y_t) = β₀ + β₁·(t − t̄)/7 + Σ_d γ_d·[weekday(t) = d] + e_t by weighted ridge
 * (weights 2^(−age/halfLife), penalty λ on β₁ and γ), then takes the interval from the empirical quantiles of e
 * scaled by √(n/(n − p)). Days may be missing; values must be ≥ 0 under log1p.
 * Throws RangeError with fewer than 7 days, or on a negative value with the log transform.
 */
export function fitSeriesModel(series: readonly DailyValue[], options: ForecasterOptions = {}): SeriesModel {
  const level = options.level ?? 0.8;
  const lambda = options.ridgeLambda ?? 2;
  const halfLife = options.halfLifeDays ?? 56;
  const transform = options.transform ?? 'log1p';
  const points = [...series].filter((p) => Number.isFinite(p.value)).sort((a, b) => a.date.localeCompare(b.date));
  if (points.length < 7) throw new RangeError(`a forecast needs at least 7 days, got ${points.length}`);
  if (transform === 'log1p' && points.some((p) => p.value < 0)) throw new RangeError('log1p needs values ≥ 0');
  const days = points.map((p) => dayNumber(p.date));
  const last = days[days.length - 1]!;
  const origin = days.reduce((a, b) => a + b, 0) / days.length;
  const seasonal = points.length >= (options.minSeasonalDays ?? 21);
  const fwd = (v: number) => (transform === 'log1p' ? Math.log1p(v) : v);
  const rows = days.map((d) => features(d, origin, seasonal));
  const y = points.map((p) => fwd(p.value));
  const w = days.map((d) => 0.5 ** ((last - d) / halfLife));
  const coef = ridge(
    rows,
    y,
    w,
    rows[0]!.map((_, j) => (j === 0 ? 0 : lambda)),
  );
  const predict = (x: readonly number[]) => x.reduce((a, v, j) => a + v * coef[j]!, 0);
  const residuals = rows.map((x, i) => y[i]! - predict(x));
  const sorted = [...residuals].sort((a, b) => a - b);
  const p = coef.length;
  const inflate = Math.sqrt(points.length / Math.max(1, points.length - p));
  const smearing = transform === 'log1p' ? residuals.reduce((a, e) => a + Math.exp(e), 0) / residuals.length : 1;
  const model: SeriesModel = {
    kind: 'series',
    modelVersion: '',
    lastDate: dateOf(last),
    n: points.length,
    seasonal,
    transform,
    coef,
    origin,
    residualLow: quantileSorted(sorted, (1 - level) / 2) * inflate,
    residualHigh: quantileSorted(sorted, (1 + level) / 2) * inflate,
    smearing,
    level,
    fitted: [],
  };
  model.modelVersion =
    `${SERIES_MODEL_FAMILY}(${seasonal ? 'dow' : 'trend'},${transform},l=${lambda},hl=${halfLife},q=${level})` +
    `/n=${points.length}/to=${model.lastDate}`;
  model.fitted = days.map((d) => ({ date: dateOf(d), value: seriesPoint(model, d).value }));
  return model;
}

/** Point (mean) and interval of a fitted series model on a day number. */
export function seriesPoint(model: SeriesModel, day: number): { value: number; lower: number; upper: number } {
  const x = features(day, model.origin, model.seasonal);
  const eta = x.reduce((a, v, j) => a + v * model.coef[j]!, 0);
  if (model.transform === 'none')
    return { value: eta, lower: eta + model.residualLow, upper: eta + model.residualHigh };
  const back = (v: number) => Math.max(0, Math.expm1(v));
  return {
    value: Math.max(0, Math.exp(eta) * model.smearing - 1),
    lower: back(eta + model.residualLow),
    upper: back(eta + model.residualHigh),
  };
}
