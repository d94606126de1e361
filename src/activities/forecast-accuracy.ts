/**
 * The actuals fetcher: every stored prediction whose day has settled (24 h … 30 days old) is compared with the
 * actuals now in PostgreSQL; errors are stored, the fetch is logged for the cumulative stats, and a run of bad days
 * raises a drift alert and flags the model for retraining.
 */
import type { Config } from '../config.ts';
import { getAdAccount } from '../db/accounts.ts';
import { loadForecastHistory } from '../db/forecast-history.ts';
import { listPredictions } from '../db/forecasts.ts';
import { markForRetraining } from '../db/model-versions.ts';
import { recordNotification } from '../db/notifications.ts';
import {
  daysFirstSettledBy,
  listAccuracy,
  recordAccuracyFetch,
  storeAccuracy,
  storeDrift,
  type DriftInput,
} from '../db/prediction-accuracy.ts';
import {
  addDays,
  channelOf,
  channelSeries,
  comparePredictions,
  detectDrift,
  type ActualDay,
  type MetricName,
  type StoredPrediction,
} from '../intel/forecast/index.ts';
import type { AccuracyResult } from '../workflows/messages.ts';
import { channelOptions, seriesKeyOf } from './forecasts.ts';
import type { ForecastDeps, ForecastRunRef } from './forecasts.ts';

export const DRIFT_METRICS = ['roas', 'conversions', 'reach', 'ctr'] as const;

/** Settled sums per series key and day (the account, and each channel), from the stored daily rows. */
function actualsBySeries(h: Awaited<ReturnType<typeof loadForecastHistory>>, config: Config): ActualDay[] {
  const grouping = config.FORECAST_CHANNEL_GROUPING;
  const options = channelOptions(config);
  const out: ActualDay[] = [];
  const add = (map: ReturnType<typeof channelSeries>) => {
    for (const [key, m] of map)
      m.spend.forEach((s, i) =>
        out.push({
          key: seriesKeyOf(key),
          date: s.date,
          spend: s.value,
          impressions: m.impressions[i]!.value,
          clicks: m.clicks[i]!.value,
          conversions: m.conversions[i]!.value,
          revenue: m.revenue[i]!.value,
          reach: m.reach[i]!.value,
        }),
      );
  };
  add(channelSeries(h.rows, new Map(h.entities.map((e) => [e.id, 'account']))));
  add(channelSeries(h.rows, new Map(h.entities.map((e) => [e.id, channelOf(e, grouping, options)]))));
  return out;
}

export function createForecastAccuracyActivities(deps: ForecastDeps) {
  const now = deps.now ?? Date.now;
  const { pool, config } = deps;
  return {
    /**
     * Compares settled predictions with actuals, stores the errors and the drift state, and alerts on drift.
     * A failed read is logged as a failed fetch (the success rate counts it) and rethrown for Temporal to retry.
     */
    async trackForecastAccuracy(ref: ForecastRunRef): Promise<AccuracyResult> {
      const t = now();
      try {
        return await track(ref, t);
      } catch (error) {
        await recordAccuracyFetch(pool, ref.accountId, ref.runId, {
          ok: false,
          fetchedAt: t,
          errorMessage: (error as Error).message,
        }).catch(() => undefined);
        throw error;
      }
    },
  };

  async function track(ref: ForecastRunRef, t: number): Promise<AccuracyResult> {
    const history = await loadForecastHistory(pool, ref.accountId, t, 31, { units: false });
    const from = addDays(history.today, -31);
    const stored = await listPredictions(pool, { accountId: ref.accountId, from, to: history.today });
    const modelOf = new Map<string, string>();
    const predictions: StoredPrediction[] = stored.map((p) => {
      const id = `${p.series_key}/${p.metric}/${p.date}`;
      modelOf.set(id, p.model_name!);
      return {
        id,
        key: p.series_key,
        metric: p.metric as MetricName,
        date: p.date,
        value: p.predicted!,
        ...(p.lower_bound === null ? {} : { lower: p.lower_bound }),
        ...(p.upper_bound === null ? {} : { upper: p.upper_bound }),
        modelVersion: p.model_version!,
      };
    });
    const actuals = actualsBySeries(history, config);
    const result = comparePredictions(predictions, actuals, t);
    await storeAccuracy(pool, {
      accountId: ref.accountId,
      runId: ref.runId,
      comparedAt: t,
      rows: result.comparisons.map((c) => ({
        seriesKey: c.key,
        metric: c.metric,
        date: c.date,
        modelName: modelOf.get(c.predictionId)!,
        modelVersion: c.modelVersion,
        predicted: c.predicted,
        actual: c.actual,
        error: c.error,
        absError: c.absError,
        relativeError: c.relativeError,
        accuracy: c.accuracy,
        inInterval: c.inInterval,
      })),
    });
    // What this fetch "tracked": the account's settled totals of the days it settled first.
    const fresh = new Set(await daysFirstSettledBy(pool, ref.accountId, ref.runId));
    const tracked = actuals.filter((a) => a.key === 'account' && fresh.has(a.date));
    await recordAccuracyFetch(pool, ref.accountId, ref.runId, {
      ok: true,
      fetchedAt: t,
      spend: tracked.reduce((s, a) => s + a.spend, 0),
      conversions: tracked.reduce((s, a) => s + a.conversions, 0),
      revenue: tracked.reduce((s, a) => s + a.revenue, 0),
      predictionsCompared: result.comparisons.length,
    });
    const { drift, alerts } = await evaluateDrift(ref.accountId, history.today, t);
    return {
      compared: result.comparisons.length,
      pending: result.pending.length,
      missing: result.missing.length,
      byMetric: Object.fromEntries(
        Object.entries(result.byMetric).map(([m, s]) => [m, { n: s.n, mae: s.mae, meanAccuracy: s.meanAccuracy }]),
      ),
      drifted: drift.filter((d) => d.retrain).map((d) => d.metric),
      alerts,
    };
  }

  /** Drift per account metric over the last 30 days of stored errors (the account series, not each channel). */
  async function evaluateDrift(accountId: string, today: string, t: number) {
    const rows = await listAccuracy(pool, { accountId, since: addDays(today, -30), seriesKey: 'account' });
    const options = { threshold: config.FORECAST_DRIFT_THRESHOLD, days: config.FORECAST_DRIFT_DAYS };
    const drift: DriftInput[] = [];
    let alerts = 0;
    const account = await getAdAccount(pool, accountId);
    for (const metric of DRIFT_METRICS) {
      const mine = rows.filter((r) => r.metric === metric);
      const daily = mine.flatMap((r) =>
        r.relative_error === null ? [] : [{ date: r.date, error: Math.abs(r.relative_error) }],
      );
      const d = detectDrift(daily, options);
      drift.push({ metric, ...d, ...options });
      if (!d.retrain || d.runStart === null) continue;
      const runRows = mine.filter((r) => r.date >= d.runStart!);
      await markForRetraining(
        pool,
        runRows.map((r) => ({ modelName: r.model_name, version: r.model_version })),
      );
      const worst = Math.max(...runRows.map((r) => Math.abs(r.relative_error ?? 0)));
      await recordNotification(pool, {
        dedupeKey: `forecast-drift:${accountId}:${metric}:${d.runStart}`,
        accountId,
        kind: 'alert',
        channelId: account?.slack_channel_id ?? null,
        payload: {
          type: 'forecast_drift',
          metric,
          runStart: d.runStart,
          alertDate: d.alertDate,
          days: d.currentRun,
          threshold: options.threshold,
          text:
            `Forecast drift on ${metric}: the error stayed above ${(options.threshold * 100).toFixed(0)}% for ` +
            `${d.currentRun} days since ${d.runStart} (worst ${(worst * 100).toFixed(0)}%). The model is marked for retraining.`,
        },
      });
      alerts++;
    }
    await storeDrift(pool, accountId, t, drift);
    return { drift, alerts };
  }
}
