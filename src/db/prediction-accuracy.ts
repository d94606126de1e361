/** Accuracy of settled predictions, the fetcher's log (cumulative stats) and the drift state per metric. */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export interface AccuracyInput {
  seriesKey: string;
  metric: string;
  date: string;
  modelName: string;
  modelVersion: string;
  predicted: number;
  actual: number;
  error: number;
  absError: number;
  relativeError: number | null;
  accuracy: number | null;
  inInterval: boolean | null;
}

/**
 * Upserts comparisons (recomputed while late conversions arrive). A row remembers the run that first settled it,
 * so a retried fetch counts the same days again instead of none.
 */
export async function storeAccuracy(
  db: DatabaseConnection,
  o: { accountId: string; runId: string; comparedAt: number; rows: readonly AccuracyInput[] },
): Promise<void> {
  if (o.rows.length === 0) return;
  const records = [...new Map(o.rows.map((r) => [`${r.seriesKey}\u0000${r.metric}\u0000${r.date}`, r])).values()]
    .sort((a, b) =>
      `${a.seriesKey}\u0000${a.metric}\u0000${a.date}` < `${b.seriesKey}\u0000${b.metric}\u0000${b.date}` ? -1 : 1,
    )
    .map((r) => ({
      k: r.seriesKey,
      m: r.metric,
      d: r.date,
      mn: r.modelName,
      mv: r.modelVersion,
      p: r.predicted,
      a: r.actual,
      e: r.error,
      ae: r.absError,
      re: r.relativeError,
      acc: r.accuracy,
      ii: r.inInterval,
    }));
  const at = sql.timestamp(new Date(o.comparedAt));
  await db.query(sql.unsafe`
    INSERT INTO ml_prediction_accuracy AS x (account_id, series_key, metric, day, model_name, model_version, predicted,
      actual, error, abs_error, relative_error, accuracy, in_interval, first_compared_at, first_run_id, compared_at,
      run_id)
    SELECT ${o.accountId}, k, m, d, mn, mv, p, a, e, ae, re, acc, ii, ${at}, ${o.runId}, ${at}, ${o.runId}
    FROM jsonb_to_recordset(${sql.jsonb(records as never)}) AS t(k text, m text, d date, mn text, mv text, p float8,
      a float8, e float8, ae float8, re float8, acc float8, ii boolean)
    ON CONFLICT (account_id, series_key, metric, day) DO UPDATE SET model_name = EXCLUDED.model_name,
      model_version = EXCLUDED.model_version, predicted = EXCLUDED.predicted, actual = EXCLUDED.actual,
      error = EXCLUDED.error, abs_error = EXCLUDED.abs_error, relative_error = EXCLUDED.relative_error,
      accuracy = EXCLUDED.accuracy, in_interval = EXCLUDED.in_interval, compared_at = EXCLUDED.compared_at,
      run_id = EXCLUDED.run_id`);
}

/** Days (account series) first settled by a run: what that fetch adds to the tracked totals. */
export async function daysFirstSettledBy(
  db: DatabaseConnection,
  accountId: string,
  runId: string,
): Promise<readonly string[]> {
  return db.anyFirst(sql.type(z.object({ d: z.string() }))`
    SELECT DISTINCT day::text AS d FROM ml_prediction_accuracy
    WHERE account_id = ${accountId} AND first_run_id = ${runId} AND series_key = 'account' ORDER BY 1`);
}

const accuracyRow = z.object({
  series_key: z.string(),
  metric: z.string(),
  date: z.string(),
  model_name: z.string(),
  model_version: z.string(),
  predicted: z.number(),
  actual: z.number(),
  error: z.number(),
  abs_error: z.number(),
  relative_error: z.number().nullable(),
  accuracy: z.number().nullable(),
  in_interval: z.boolean().nullable(),
});
export type AccuracyRow = z.infer<typeof accuracyRow>;

/** Stored comparisons of a series from `since` on, by metric and day. */
export async function listAccuracy(
  db: DatabaseConnection,
  o: { accountId: string; since: string; seriesKey?: string },
): Promise<readonly AccuracyRow[]> {
  return db.any(sql.type(accuracyRow)`
    SELECT series_key, metric, day::text AS date, model_name, model_version, predicted, actual, error, abs_error,
           relative_error, accuracy, in_interval
    FROM ml_prediction_accuracy
    WHERE account_id = ${o.accountId} AND day >= ${o.since}::date
      ${o.seriesKey ? sql.fragment`AND series_key = ${o.seriesKey}` : sql.fragment``}
    ORDER BY metric, day, series_key`);
}

export interface FetchInput {
  ok: boolean;
  fetchedAt: number;
  spend?: number;
  conversions?: number;
  revenue?: number;
  predictionsCompared?: number;
  errorMessage?: string | null;
}

/** One fetch of the accuracy step, once per run (a retry overwrites its own row). */
export async function recordAccuracyFetch(
  db: DatabaseConnection,
  accountId: string,
  runId: string,
  f: FetchInput,
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO ml_accuracy_fetch (account_id, run_id, fetched_at, ok, spend, conversions, revenue, predictions_compared,
      error_message)
    VALUES (${accountId}, ${runId}, ${sql.timestamp(new Date(f.fetchedAt))}, ${f.ok}, ${f.spend ?? 0},
      ${f.conversions ?? 0}, ${f.revenue ?? 0}, ${f.predictionsCompared ?? 0}, ${f.errorMessage ?? null})
    ON CONFLICT (account_id, run_id) DO UPDATE SET fetched_at = EXCLUDED.fetched_at, ok = EXCLUDED.ok,
      spend = EXCLUDED.spend, conversions = EXCLUDED.conversions, revenue = EXCLUDED.revenue,
      predictions_compared = EXCLUDED.predictions_compared, error_message = EXCLUDED.error_message`);
}

const fetchRow = z.object({
  at: z.number(),
  ok: z.boolean(),
  spend: z.number(),
  conversions: z.number(),
  revenue: z.number(),
  predictions_compared: z.number(),
});

/** The account's fetch log, oldest first (folded into the cumulative stats by the caller). */
export async function listAccuracyFetches(
  db: DatabaseConnection,
  accountId: string,
): Promise<readonly z.infer<typeof fetchRow>[]> {
  return db.any(sql.type(fetchRow)`
    SELECT fetched_at AS at, ok, spend, conversions, revenue, predictions_compared
    FROM ml_accuracy_fetch WHERE account_id = ${accountId} ORDER BY fetched_at`);
}

export interface DriftInput {
  metric: string;
  drifted: boolean;
  currentRun: number;
  alertDate: string | null;
  runStart: string | null;
  threshold: number;
  days: number;
  retrain: boolean;
}

export async function storeDrift(
  db: DatabaseConnection,
  accountId: string,
  evaluatedAt: number,
  rows: readonly DriftInput[],
): Promise<void> {
  for (const d of rows)
    await db.query(sql.unsafe`
      INSERT INTO ml_forecast_drift (account_id, metric, drifted, current_run, alert_date, run_start, threshold, days,
        retrain, evaluated_at)
      VALUES (${accountId}, ${d.metric}, ${d.drifted}, ${d.currentRun}, ${d.alertDate}::date, ${d.runStart}::date,
        ${d.threshold}, ${d.days}, ${d.retrain}, ${sql.timestamp(new Date(evaluatedAt))})
      ON CONFLICT (account_id, metric) DO UPDATE SET drifted = EXCLUDED.drifted, current_run = EXCLUDED.current_run,
        alert_date = EXCLUDED.alert_date, run_start = EXCLUDED.run_start, threshold = EXCLUDED.threshold,
        days = EXCLUDED.days, retrain = EXCLUDED.retrain, evaluated_at = EXCLUDED.evaluated_at`);
}

const driftRow = z.object({
  metric: z.string(),
  drifted: z.boolean(),
  current_run: z.number(),
  alert_date: z.string().nullable(),
  run_start: z.string().nullable(),
  threshold: z.number(),
  days: z.number(),
  retrain: z.boolean(),
  evaluated_at: z.number(),
});
export type DriftRow = z.infer<typeof driftRow>;

export async function readDrift(db: DatabaseConnection, accountId: string): Promise<readonly DriftRow[]> {
  return db.any(sql.type(driftRow)`
    SELECT metric, drifted, current_run, alert_date::text, run_start::text, threshold, days, retrain, evaluated_at
    FROM ml_forecast_drift WHERE account_id = ${accountId} ORDER BY metric`);
}
