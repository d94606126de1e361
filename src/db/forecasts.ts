/**
 * The four prediction tables: ROAS forecast per channel, the ROAS/conversions and reach/CTR time series (actual and
 * predicted per series and day), and the budget recommendation. Writes are upserts on natural keys (activities are
 * retried); reads give what the dashboards, the bot and the API show.
 */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export type SeriesMetric = 'roas' | 'conversions' | 'reach' | 'ctr';
const TABLE: Record<SeriesMetric, 'ml_roi_timeseries' | 'ml_reach_ctr_timeseries'> = {
  roas: 'ml_roi_timeseries',
  conversions: 'ml_roi_timeseries',
  reach: 'ml_reach_ctr_timeseries',
  ctr: 'ml_reach_ctr_timeseries',
};
export const timeseriesTable = (metric: SeriesMetric) => TABLE[metric];

export interface RoiForecastInput {
  channel: string;
  horizonStart: string;
  horizonEnd: string;
  predicted: number;
  lower: number;
  upper: number;
  modelName: string;
  modelVersion: string;
}

const byKey = <T>(rows: readonly T[], key: (r: T) => string): T[] =>
  [...new Map(rows.map((r) => [key(r), r])).values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));

export async function storeRoiForecast(
  db: DatabaseConnection,
  o: { accountId: string; grouping: string; runId: string; generatedAt: number; rows: readonly RoiForecastInput[] },
): Promise<void> {
  if (o.rows.length === 0) return;
  const records = byKey(o.rows, (r) => `${r.channel}\u0000${r.horizonStart}`).map((r) => ({
    channel: r.channel,
    hs: r.horizonStart,
    he: r.horizonEnd,
    p: r.predicted,
    lo: r.lower,
    hi: r.upper,
    mn: r.modelName,
    mv: r.modelVersion,
  }));
  await db.query(sql.unsafe`
    INSERT INTO ml_roi_forecast (account_id, grouping, channel, horizon_start, horizon_end, predicted_roas, lower_roas,
      upper_roas, model_name, model_version, generated_at, run_id)
    SELECT ${o.accountId}, ${o.grouping}, channel, hs, he, p, lo, hi, mn, mv, ${sql.timestamp(new Date(o.generatedAt))},
           ${o.runId}
    FROM jsonb_to_recordset(${sql.jsonb(records)}) AS t(channel text, hs date, he date, p float8, lo float8, hi float8,
      mn text, mv text)
    ON CONFLICT (account_id, grouping, channel, horizon_start) DO UPDATE SET horizon_end = EXCLUDED.horizon_end,
      predicted_roas = EXCLUDED.predicted_roas, lower_roas = EXCLUDED.lower_roas, upper_roas = EXCLUDED.upper_roas,
      model_name = EXCLUDED.model_name, model_version = EXCLUDED.model_version, generated_at = EXCLUDED.generated_at,
      run_id = EXCLUDED.run_id`);
}

const roiRow = z.object({
  channel: z.string(),
  grouping: z.string(),
  horizon_start: z.string(),
  horizon_end: z.string(),
  predicted_roas: z.number(),
  lower_roas: z.number(),
  upper_roas: z.number(),
  model_name: z.string(),
  model_version: z.string(),
  generated_at: z.number(),
  run_id: z.string(),
});
export type RoiForecastRow = z.infer<typeof roiRow>;

/** The channel forecasts of the account's latest run that stored any, best forecast first. */
export async function latestRoiForecast(db: DatabaseConnection, accountId: string): Promise<readonly RoiForecastRow[]> {
  return db.any(sql.type(roiRow)`
    SELECT channel, grouping, horizon_start::text, horizon_end::text, predicted_roas, lower_roas, upper_roas, model_name,
           model_version, generated_at, run_id
    FROM ml_roi_forecast
    WHERE account_id = ${accountId}
      AND run_id = (SELECT run_id FROM ml_roi_forecast WHERE account_id = ${accountId} ORDER BY generated_at DESC LIMIT 1)
    ORDER BY predicted_roas DESC, channel`);
}

export interface ActualInput {
  seriesKey: string;
  metric: SeriesMetric;
  date: string;
  actual: number;
}
export interface PredictionInput {
  seriesKey: string;
  metric: SeriesMetric;
  date: string;
  predicted: number;
  lower: number;
  upper: number;
  modelName: string;
  modelVersion: string;
}

const groups = <T extends { metric: SeriesMetric }>(rows: readonly T[]) =>
  (['ml_roi_timeseries', 'ml_reach_ctr_timeseries'] as const).map(
    (t) => [t, rows.filter((r) => TABLE[r.metric] === t)] as const,
  );

/** Upserts actual values of past days, leaving any stored prediction of those days as it is. */
export async function storeActuals(
  db: DatabaseConnection,
  o: { accountId: string; runId: string; generatedAt: number; rows: readonly ActualInput[] },
): Promise<void> {
  for (const [table, rows] of groups(o.rows)) {
    if (rows.length === 0) continue;
    const records = byKey(rows, (r) => `${r.seriesKey}\u0000${r.metric}\u0000${r.date}`).map((r) => ({
      k: r.seriesKey,
      m: r.metric,
      d: r.date,
      a: r.actual,
    }));
    await db.query(sql.unsafe`
      INSERT INTO ${sql.identifier([table])} AS s (account_id, series_key, metric, day, actual, generated_at, run_id)
      SELECT ${o.accountId}, k, m, d, a, ${sql.timestamp(new Date(o.generatedAt))}, ${o.runId}
      FROM jsonb_to_recordset(${sql.jsonb(records)}) AS t(k text, m text, d date, a float8)
      ON CONFLICT (account_id, series_key, metric, day) DO UPDATE SET actual = EXCLUDED.actual
      WHERE s.actual IS DISTINCT FROM EXCLUDED.actual`);
  }
}

/**
 * Upserts forecasts of coming days with their interval and model. A day that already has an actual keeps the
 * prediction made before it (accuracy is judged on what was predicted, not on a refit after the fact).
 */
export async function storePredictions(
  db: DatabaseConnection,
  o: { accountId: string; runId: string; generatedAt: number; rows: readonly PredictionInput[] },
): Promise<void> {
  for (const [table, rows] of groups(o.rows)) {
    if (rows.length === 0) continue;
    const records = byKey(rows, (r) => `${r.seriesKey}\u0000${r.metric}\u0000${r.date}`).map((r) => ({
      k: r.seriesKey,
      m: r.metric,
      d: r.date,
      p: r.predicted,
      lo: r.lower,
      hi: r.upper,
      mn: r.modelName,
      mv: r.modelVersion,
    }));
    await db.query(sql.unsafe`
      INSERT INTO ${sql.identifier([table])} AS s (account_id, series_key, metric, day, predicted, lower_bound,
        upper_bound, model_name, model_version, generated_at, run_id)
      SELECT ${o.accountId}, k, m, d, p, lo, hi, mn, mv, ${sql.timestamp(new Date(o.generatedAt))}, ${o.runId}
      FROM jsonb_to_recordset(${sql.jsonb(records)})
        AS t(k text, m text, d date, p float8, lo float8, hi float8, mn text, mv text)
      ON CONFLICT (account_id, series_key, metric, day) DO UPDATE SET predicted = EXCLUDED.predicted,
        lower_bound = EXCLUDED.lower_bound, upper_bound = EXCLUDED.upper_bound, model_name = EXCLUDED.model_name,
        model_version = EXCLUDED.model_version, generated_at = EXCLUDED.generated_at, run_id = EXCLUDED.run_id
      WHERE s.actual IS NULL`);
  }
}

const seriesRow = z.object({
  series_key: z.string(),
  metric: z.string(),
  date: z.string(),
  actual: z.number().nullable(),
  predicted: z.number().nullable(),
  lower_bound: z.number().nullable(),
  upper_bound: z.number().nullable(),
  model_name: z.string().nullable(),
  model_version: z.string().nullable(),
  generated_at: z.number(),
});
export type SeriesRow = z.infer<typeof seriesRow>;

/** One series' rows of a metric from `since` on, by day. */
export async function readSeries(
  db: DatabaseConnection,
  o: { accountId: string; seriesKey: string; metric: SeriesMetric; since: string },
): Promise<readonly SeriesRow[]> {
  return db.any(sql.type(seriesRow)`
    SELECT series_key, metric, day::text AS date, actual, predicted, lower_bound, upper_bound, model_name, model_version,
           generated_at
    FROM ${sql.identifier([TABLE[o.metric]])}
    WHERE account_id = ${o.accountId} AND series_key = ${o.seriesKey} AND metric = ${o.metric} AND day >= ${o.since}::date
    ORDER BY day`);
}

/** Stored predictions (of both time-series tables) for days in [from, to], for the accuracy check. */
export async function listPredictions(
  db: DatabaseConnection,
  o: { accountId: string; from: string; to: string },
): Promise<readonly SeriesRow[]> {
  return db.any(sql.type(seriesRow)`
    SELECT series_key, metric, day::text AS date, actual, predicted, lower_bound, upper_bound, model_name, model_version,
           generated_at
    FROM (SELECT * FROM ml_roi_timeseries UNION ALL SELECT * FROM ml_reach_ctr_timeseries) s
    WHERE account_id = ${o.accountId} AND predicted IS NOT NULL AND model_version IS NOT NULL
      AND day BETWEEN ${o.from}::date AND ${o.to}::date
    ORDER BY series_key, metric, day`);
}
