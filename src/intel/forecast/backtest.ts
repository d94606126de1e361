/** Held-out evaluation against the seasonal-naive benchmark (MASE), per series and per metric. */
import { fitForecaster, forecast, actualValues, isRatioSeries } from './forecaster.ts';
import type { ForecasterOptions } from './series-model.ts';
import { seasonalNaive, seasonalNaiveScale } from './seasonal-naive.ts';
import type { DailyValue, ForecastInput, ForecastPoint } from './types.ts';

export interface BacktestOptions extends ForecasterOptions {
  /** Days at the end held out of the fit and forecast (default 7). */
  holdoutDays?: number;
  /** Seasonal period of the benchmark, m (default 7: weekly). */
  seasonLength?: number;
}

export interface BacktestResult {
  /** modelMae / in-sample seasonal-naive MAE of the training part; below 1 beats the benchmark's typical error. */
  mase: number;
  /** MAE of the seasonal-naive forecast on the held-out days. */
  baselineMae: number;
  /** MAE of the model on the held-out days. */
  modelMae: number;
  /** The MASE scale: in-sample MAE of seasonal naive on the training days. */
  scale: number;
  /** Held-out days scored (days with a defined actual). */
  days: number;
  modelVersion: string;
  predictions: ForecastPoint[];
}

function cut(series: readonly DailyValue[], lastTrainDate: string): DailyValue[] {
  return series.filter((p) => p.date <= lastTrainDate);
}

/**
 * Fits on all but the last `holdoutDays` days, forecasts them, and scores:
 * MASE = (1/h)Σ|y_t − ŷ_t| / ((1/|P|)Σ_{t∈P}|y_t − y_{t−m}|) with P the training pairs (Hyndman & Koehler 2006).
 * For a ratio input the actual is the daily ratio and the benchmark is seasonal naive on that ratio.
 * Throws RangeError when the training part has fewer than 7 days.
 */
export function backtestMase(input: ForecastInput, options: BacktestOptions = {}): BacktestResult {
  const h = options.holdoutDays ?? 7;
  const m = options.seasonLength ?? 7;
  const actual = actualValues(input).sort((a, b) => a.date.localeCompare(b.date));
  const allDates = (isRatioSeries(input) ? input.numerator : input).map((p) => p.date).sort();
  const lastTrain = allDates[allDates.length - 1 - h];
  if (lastTrain === undefined) throw new RangeError('series shorter than the holdout');
  const train: ForecastInput = isRatioSeries(input)
    ? { numerator: cut(input.numerator, lastTrain), denominator: cut(input.denominator, lastTrain) }
    : cut(input, lastTrain);
  const model = fitForecaster(train, options);
  const predictions = forecast(model, h);
  const held = actual.filter((p) => p.date > lastTrain);
  const trainActual = actual.filter((p) => p.date <= lastTrain);
  const predBy = new Map(predictions.map((p) => [p.date, p.value]));
  const naiveBy = new Map(
    seasonalNaive(
      trainActual,
      held.map((p) => p.date),
      m,
    ).map((p) => [p.date, p.value]),
  );
  let model_ = 0;
  let base = 0;
  let n = 0;
  for (const p of held) {
    const f = predBy.get(p.date);
    const b = naiveBy.get(p.date);
    if (f === undefined || b === undefined) continue;
    model_ += Math.abs(p.value - f);
    base += Math.abs(p.value - b);
    n++;
  }
  const scale = seasonalNaiveScale(trainActual, m);
  const modelMae = n ? model_ / n : Number.NaN;
  return {
    mase: modelMae / scale,
    baselineMae: n ? base / n : Number.NaN,
    modelMae,
    scale,
    days: n,
    modelVersion: model.modelVersion,
    predictions,
  };
}

/** MASE report per metric (e.g. every metric of one channel): `{ roas: {...}, conversions: {...}, … }`. */
export function backtestMetrics<K extends string>(
  metrics: Readonly<Record<K, ForecastInput>>,
  options: BacktestOptions = {},
): Record<K, BacktestResult> {
  const out = {} as Record<K, BacktestResult>;
  for (const key of Object.keys(metrics) as K[]) out[key] = backtestMase(metrics[key], options);
  return out;
}
