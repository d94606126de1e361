/**
 * The public forecaster: one entry point for plain series and for ratios (ROAS, CTR). Ratios are forecast as the
 * ratio of two forecasts (ratio series are noisy and undefined at zero spend), with an interval taken from how the
 * actual ratio strayed from the fitted ratio in-sample.
 */
import { quantileSorted } from 'simple-statistics';
import { addDays, dayNumber } from './dates.ts';
import { fitSeriesModel, seriesPoint } from './series-model.ts';
import type { ForecasterOptions, SeriesModel } from './series-model.ts';
import type { DailyValue, ForecastInput, ForecastPoint, RatioSeries } from './types.ts';

export interface RatioModel {
  kind: 'ratio';
  modelVersion: string;
  lastDate: string;
  numerator: SeriesModel;
  denominator: SeriesModel;
  /** Quantiles of the relative in-sample error actual/fitted − 1 of the ratio. */
  relativeLow: number;
  relativeHigh: number;
  fitted: DailyValue[];
}

export type ForecastModel = SeriesModel | RatioModel;

export const isRatioSeries = (input: ForecastInput): input is RatioSeries => !Array.isArray(input);

/** The daily ratio numerator/denominator on days where the denominator is positive. */
export function ratioValues(input: RatioSeries): DailyValue[] {
  const den = new Map(input.denominator.map((p) => [p.date, p.value]));
  return input.numerator
    .filter((p) => (den.get(p.date) ?? 0) > 0)
    .map((p) => ({ date: p.date, value: p.value / den.get(p.date)! }));
}

/** The values a forecast of `input` is judged against: the series itself, or the daily ratio. */
export const actualValues = (input: ForecastInput): DailyValue[] =>
  isRatioSeries(input) ? ratioValues(input) : [...input];

/**
 * Fits a forecaster (see `fitSeriesModel` for the per-series model: ridge regression of log1p(y) on a weekly
 * trend and weekday dummies). For a ratio r = N/D: r̂_t = N̂_t / D̂_t, interval r̂·(1 + q_lo … 1 + q_hi) where q are
 * quantiles of the in-sample relative errors r_t/r̂_t − 1 (inflated like the series residuals).
 * Throws RangeError when a series has fewer than 7 days.
 */
export function fitForecaster(input: ForecastInput, options: ForecasterOptions = {}): ForecastModel {
  if (!isRatioSeries(input)) return fitSeriesModel(input, options);
  const numerator = fitSeriesModel(input.numerator, options);
  const denominator = fitSeriesModel(input.denominator, options);
  const level = options.level ?? 0.8;
  const fittedDen = new Map(denominator.fitted.map((p) => [p.date, p.value]));
  const fitted: DailyValue[] = numerator.fitted
    .filter((p) => (fittedDen.get(p.date) ?? 0) > 0)
    .map((p) => ({ date: p.date, value: p.value / fittedDen.get(p.date)! }));
  const fittedBy = new Map(fitted.map((p) => [p.date, p.value]));
  const rel = ratioValues(input)
    .filter((p) => (fittedBy.get(p.date) ?? 0) > 0)
    .map((p) => p.value / fittedBy.get(p.date)! - 1)
    .sort((a, b) => a - b);
  const inflate = Math.sqrt(rel.length / Math.max(1, rel.length - numerator.coef.length));
  const lastDate = numerator.lastDate > denominator.lastDate ? numerator.lastDate : denominator.lastDate;
  return {
    kind: 'ratio',
    modelVersion: `ratio[${numerator.modelVersion}|${denominator.modelVersion}]`,
    lastDate,
    numerator,
    denominator,
    relativeLow: rel.length ? quantileSorted(rel, (1 - level) / 2) * inflate : 0,
    relativeHigh: rel.length ? quantileSorted(rel, (1 + level) / 2) * inflate : 0,
    fitted,
  };
}

/**
 * Forecasts the `horizonDays` days after the model's last day. Every point carries the model version, so a
 * stored prediction always says which model made it. Lower bounds are clipped at 0 (no metric here is negative).
 */
export function forecast(model: ForecastModel, horizonDays: number): ForecastPoint[] {
  const out: ForecastPoint[] = [];
  for (let h = 1; h <= horizonDays; h++) {
    const date = addDays(model.lastDate, h);
    const day = dayNumber(date);
    if (model.kind === 'series') {
      out.push({ date, ...seriesPoint(model, day), modelVersion: model.modelVersion });
      continue;
    }
    const n = seriesPoint(model.numerator, day).value;
    const d = seriesPoint(model.denominator, day).value;
    const value = d > 0 ? n / d : 0;
    out.push({
      date,
      value,
      lower: Math.max(0, value * (1 + model.relativeLow)),
      upper: Math.max(0, value * (1 + model.relativeHigh)),
      modelVersion: model.modelVersion,
    });
  }
  return out;
}
