/**
 * Forecast regeneration: load the account's daily history from PostgreSQL, build the four dashboards (pure, in
 * src/intel/forecast), and store them with the model versions that made them. Each write is an upsert, so a retried
 * activity leaves the same rows.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DatabasePool } from 'slonik';
import type { Config } from '../config.ts';
import { getAdAccount } from '../db/accounts.ts';
import type { BudgetRecommendationInput } from '../db/budget-recommendations.ts';
import { storeBudgetRecommendation } from '../db/budget-recommendations.ts';
import { loadForecastHistory, type ForecastHistory, type StoredBudgetUnit } from '../db/forecast-history.ts';
import { finishForecastRun, startForecastRun } from '../db/forecast-runs.ts';
import { storeActuals, storePredictions, storeRoiForecast } from '../db/forecasts.ts';
import type { ActualInput, PredictionInput, SeriesMetric } from '../db/forecasts.ts';
import { upsertModelVersions, type ModelVersionInput } from '../db/model-versions.ts';
import {
  ACCOUNT_KEY,
  actualValues,
  buildForecastDashboards,
  channelOf,
  channelSeries,
  RESPONSE_MODEL_FAMILY,
  SERIES_MODEL_FAMILY,
} from '../intel/forecast/index.ts';
import type {
  ChannelGrouping,
  ChannelMetrics,
  ChannelOptions,
  DashboardOutput,
  ForecastDashboards,
  StoredPrediction,
} from '../intel/forecast/index.ts';
import type { GenerateResult } from '../workflows/messages.ts';
import { FailureType } from './failures.ts';

export interface ForecastDeps {
  pool: DatabasePool;
  config: Config;
  now?: () => number;
}

export interface ForecastRunRef {
  accountId: string;
  workflowId: string;
  runId: string;
}

/** Series keys in the time-series tables: the account, or `channel:<name>`. */
export const seriesKeyOf = (key: string): string => (key === ACCOUNT_KEY ? 'account' : `channel:${key}`);
/** One model instance per account, series and metric; its versions are the fits. */
export const forecastModelName = (accountId: string, seriesKey: string, metric: string): string =>
  `forecast:${accountId}:${seriesKey}:${metric}`;
export const responseModelName = (accountId: string, unitId: string): string => `response:${accountId}:${unitId}`;

export const channelOptions = (config: Config): ChannelOptions =>
  config.FORECAST_NAMING_PATTERN ? { namingPattern: new RegExp(config.FORECAST_NAMING_PATTERN) } : {};

const PICK: Record<SeriesMetric, (m: ChannelMetrics) => Parameters<typeof actualValues>[0]> = {
  roas: (m) => m.roas,
  conversions: (m) => m.conversions,
  reach: (m) => m.reach,
  ctr: (m) => m.ctr,
};

export function createForecastActivities(deps: ForecastDeps) {
  const now = deps.now ?? Date.now;
  const { pool, config } = deps;
  return {
    /** @throws a non-retryable NotFound failure when the account is not connected (retrying cannot help). */
    async startForecastRun(ref: ForecastRunRef & { trigger: string }): Promise<void> {
      if (!(await getAdAccount(pool, ref.accountId)))
        throw ApplicationFailure.nonRetryable(`ad account ${ref.accountId} is not connected`, FailureType.NotFound);
      await startForecastRun(pool, { ...ref, startedAt: now() });
    },

    async finishForecastRun(
      ref: ForecastRunRef & { status: 'completed' | 'skipped' | 'failed'; summary?: Record<string, unknown> },
    ): Promise<void> {
      await finishForecastRun(pool, {
        workflowId: ref.workflowId,
        runId: ref.runId,
        status: ref.status,
        finishedAt: now(),
        summary: ref.summary ?? {},
        errorMessage: typeof ref.summary?.error === 'string' ? ref.summary.error : null,
      });
    },

    /**
     * Regenerates the four dashboards of an account and stores them. Skips (no throw) when predictions are switched
     * off or the account has fewer than 7 complete days.
     */
    async generateForecasts(ref: ForecastRunRef): Promise<GenerateResult> {
      if (!config.ENABLE_INTELLIGENCE || !config.ENABLE_ML_PREDICTIONS)
        return { status: 'skipped', reason: 'ML predictions are switched off (ENABLE_ML_PREDICTIONS=false).' };
      const t = now();
      const history = await loadForecastHistory(pool, ref.accountId, t, config.FORECAST_HISTORY_DAYS);
      const days = new Set(history.rows.map((r) => r.date)).size;
      if (days < 7)
        return { status: 'skipped', reason: `Forecasts need 7 complete days of history; the account has ${days}.` };
      const grouping = config.FORECAST_CHANNEL_GROUPING;
      const options = channelOptions(config);
      const units = history.units.filter((u) => u.history.length >= 3);
      const out = buildDashboards(history, units, config, options);
      const forecasts = predictionRows(ref.accountId, out.newPredictions, grouping);
      const budgets = recommendationRows(ref.accountId, out, units, config, options);
      const roiRows = roiForecastRows(ref.accountId, out.dashboards.roiByChannel);
      const actuals = actualRows(history.rows, history.entities, grouping, options, config.FORECAST_HISTORY_DAYS);
      const store = { accountId: ref.accountId, runId: ref.runId, generatedAt: t };
      await pool.transaction(async (tx) => {
        await upsertModelVersions(tx, [...forecasts.models, ...budgets.models]);
        await storeActuals(tx, { ...store, rows: actuals });
        await storePredictions(tx, { ...store, rows: forecasts.rows });
        await storeRoiForecast(tx, { ...store, grouping, rows: roiRows });
        await storeBudgetRecommendation(tx, { ...store, rows: budgets.rows });
      });
      return {
        status: 'completed',
        days,
        channels: roiRows.length,
        units: budgets.rows.length,
        predictions: forecasts.rows.length,
        lastDay: history.rows[history.rows.length - 1]!.date,
      };
    },
  };
}

/** Rows to store, with the model versions that made them (upserted in the same transaction). */
interface Made<Row> {
  rows: Row[];
  models: ModelVersionInput[];
}

function buildDashboards(
  history: ForecastHistory,
  units: readonly StoredBudgetUnit[],
  config: Config,
  options: ChannelOptions,
): DashboardOutput {
  return buildForecastDashboards({
    rows: history.rows,
    entities: history.entities,
    grouping: config.FORECAST_CHANNEL_GROUPING,
    channelOptions: options,
    budgetUnits: units.map((u) => ({
      id: u.id,
      name: u.name,
      currentDailyBudget: u.currentDailyBudget,
      history: u.history,
      valuePerOutcome: u.valuePerOutcome,
      locked: u.locked,
    })),
    maxChangePercent: config.MAX_BUDGET_CHANGE_PERCENT,
    horizonDays: config.FORECAST_HORIZON_DAYS,
  });
}

function predictionRows(
  accountId: string,
  predictions: readonly StoredPrediction[],
  grouping: ChannelGrouping,
): Made<PredictionInput> {
  const models: ModelVersionInput[] = [];
  const rows = predictions.map((p): PredictionInput => {
    const seriesKey = seriesKeyOf(p.key);
    const modelName = forecastModelName(accountId, seriesKey, p.metric);
    models.push({
      modelName,
      version: p.modelVersion,
      kind: 'forecast',
      params: { family: SERIES_MODEL_FAMILY, series: seriesKey, metric: p.metric, grouping },
    });
    return {
      seriesKey,
      metric: p.metric as SeriesMetric,
      date: p.date,
      predicted: p.value,
      lower: p.lower ?? p.value,
      upper: p.upper ?? p.value,
      modelName,
      modelVersion: p.modelVersion,
    };
  });
  return { rows, models };
}

/** One row per budget unit: `out.allocation.units` and `out.curves` are in the order of `units`. */
function recommendationRows(
  accountId: string,
  out: DashboardOutput,
  units: readonly StoredBudgetUnit[],
  config: Config,
  options: ChannelOptions,
): Made<BudgetRecommendationInput> {
  const models: ModelVersionInput[] = [];
  const rows = out.allocation.units.map((a, i): BudgetRecommendationInput => {
    const unit = units[i]!;
    const curve = out.curves[i]!;
    const modelName = responseModelName(accountId, unit.id);
    models.push({
      modelName,
      version: curve.modelVersion,
      kind: 'response_curve',
      params: { family: RESPONSE_MODEL_FAMILY, unit: unit.id },
      metrics: { r2: curve.r2, dataWeight: curve.dataWeight, n: curve.n },
    });
    return {
      unit_id: unit.id,
      unit_type: unit.type,
      unit_name: unit.name,
      channel: channelOf(unit.entity, config.FORECAST_CHANNEL_GROUPING, options),
      current_budget: a.currentBudget,
      recommended_budget: a.recommendedBudget,
      lower_bound: a.lowerBound,
      upper_bound: a.upperBound,
      change_percent: a.changePercent,
      expected_conversions_current: a.expectedOutcomeCurrent,
      expected_conversions_recommended: a.expectedOutcomeRecommended,
      expected_revenue_current: a.expectedValueCurrent,
      expected_revenue_recommended: a.expectedValueRecommended,
      value_per_conversion: unit.valuePerOutcome,
      curve_vmax: curve.vmax,
      curve_k: curve.k,
      curve_alpha: curve.alpha,
      locked: unit.locked,
      max_change_percent: config.MAX_BUDGET_CHANGE_PERCENT,
      model_name: modelName,
      model_version: curve.modelVersion,
    };
  });
  return { rows, models };
}

function roiForecastRows(accountId: string, roi: ForecastDashboards['roiByChannel']) {
  return roi.labels.map((channel, i) => ({
    channel,
    horizonStart: roi.from,
    horizonEnd: roi.to,
    predicted: roi.value[i]!,
    lower: roi.lower[i]!,
    upper: roi.upper[i]!,
    modelName: forecastModelName(accountId, seriesKeyOf(channel), 'roas'),
    modelVersion: roi.modelVersions[i]!,
  }));
}

/** Actual daily values of the account's four tracked metrics and of each channel's ROAS and conversions. */
export function actualRows(
  rows: Parameters<typeof channelSeries>[0],
  entities: readonly Parameters<typeof channelOf>[0][],
  grouping: Parameters<typeof channelOf>[1],
  options: ChannelOptions,
  days: number,
): ActualInput[] {
  const out: ActualInput[] = [];
  const account = channelSeries(rows, new Map(entities.map((e) => [e.id, ACCOUNT_KEY])));
  const channels = channelSeries(rows, new Map(entities.map((e) => [e.id, channelOf(e, grouping, options)])));
  const push = (key: string, m: ChannelMetrics, metrics: SeriesMetric[]) => {
    for (const metric of metrics)
      for (const v of actualValues(PICK[metric](m)).slice(-days))
        out.push({ seriesKey: seriesKeyOf(key), metric, date: v.date, actual: v.value });
  };
  for (const [key, m] of account) push(key, m, ['roas', 'conversions', 'reach', 'ctr']);
  for (const [key, m] of channels) push(key, m, ['roas', 'conversions']);
  return out;
}
