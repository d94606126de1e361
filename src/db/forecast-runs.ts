/** The forecast run log: status shows the last regeneration, when it ran and how long it took. */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

const runSchema = z.object({
  workflow_id: z.string(),
  run_id: z.string(),
  account_id: z.string(),
  trigger: z.string(),
  started_at: z.number(),
  finished_at: z.number().nullable(),
  duration_ms: z.number().nullable(),
  status: z.enum(['running', 'completed', 'skipped', 'failed']),
  summary: z.record(z.string(), z.unknown()),
  error_message: z.string().nullable(),
});
export type ForecastRunRow = z.infer<typeof runSchema>;

const columns = sql.fragment`workflow_id, run_id, account_id, trigger, started_at, finished_at, duration_ms, status,
  summary, error_message`;

/** Records the start of a run (a retried activity keeps the first start time). */
export async function startForecastRun(
  db: DatabaseConnection,
  r: { workflowId: string; runId: string; accountId: string; trigger: string; startedAt: number },
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO ml_forecast_run (workflow_id, run_id, account_id, trigger, started_at)
    VALUES (${r.workflowId}, ${r.runId}, ${r.accountId}, ${r.trigger}, ${sql.timestamp(new Date(r.startedAt))})
    ON CONFLICT (workflow_id, run_id) DO NOTHING`);
}

/** Closes a run with its outcome; the duration is measured from the stored start. */
export async function finishForecastRun(
  db: DatabaseConnection,
  r: {
    workflowId: string;
    runId: string;
    status: 'completed' | 'skipped' | 'failed';
    finishedAt: number;
    summary?: Record<string, unknown>;
    errorMessage?: string | null;
  },
): Promise<void> {
  const at = sql.timestamp(new Date(r.finishedAt));
  await db.query(sql.unsafe`
    UPDATE ml_forecast_run SET status = ${r.status}, finished_at = ${at},
      duration_ms = greatest(0, round(extract(epoch FROM ${at} - started_at) * 1000))::int,
      summary = ${sql.jsonb((r.summary ?? {}) as never)}, error_message = ${r.errorMessage ?? null}
    WHERE workflow_id = ${r.workflowId} AND run_id = ${r.runId}`);
}

/** The account's most recent runs, newest first. */
export async function recentForecastRuns(
  db: DatabaseConnection,
  accountId: string,
  limit = 5,
): Promise<readonly ForecastRunRow[]> {
  return db.any(sql.type(runSchema)`
    SELECT ${columns} FROM ml_forecast_run WHERE account_id = ${accountId} ORDER BY started_at DESC LIMIT ${limit}`);
}

/** The last run that finished (completed, skipped or failed), or null. */
export async function lastFinishedForecastRun(
  db: DatabaseConnection,
  accountId: string,
): Promise<ForecastRunRow | null> {
  return db.maybeOne(sql.type(runSchema)`
    SELECT ${columns} FROM ml_forecast_run WHERE account_id = ${accountId} AND status <> 'running'
    ORDER BY finished_at DESC LIMIT 1`);
}
