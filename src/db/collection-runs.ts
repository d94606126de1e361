import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

/** What a collection run did: stored with the run and shown by /sync-now, /status and the Temporal UI. */
export const runSummarySchema = z.object({
  accountId: z.string(),
  entities: z.object({ campaigns: z.number(), adsets: z.number(), ads: z.number() }),
  rowsWritten: z.number(),
  rowsChanged: z.number(),
  apiCalls: z.number(),
  throttleWaitMs: z.number(),
  failures: z.record(z.string(), z.number()),
  durationMs: z.number(),
  totals: z.object({ spend: z.number(), conversions: z.number(), revenue: z.number() }),
  pixels: z.number(),
  sufficiency: z.enum(['sufficient', 'thin', 'none']).optional(),
  backfilledDays: z.number().optional(),
  proposalsCreated: z.number().optional(),
  /** Insights requests Meta refused as too large, and the smaller parts they were split into. */
  split: z.object({ refused: z.number(), parts: z.number(), depth: z.number() }).optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

const runSchema = z.object({
  workflow_id: z.string(),
  run_id: z.string(),
  account_id: z.string(),
  trigger: z.string(),
  started_at: z.number(),
  finished_at: z.number().nullable(),
  status: z.enum(['running', 'completed', 'failed']),
  summary: z.record(z.string(), z.unknown()),
  error_kind: z.string().nullable(),
  error_message: z.string().nullable(),
});
export type CollectionRunRow = z.infer<typeof runSchema>;

export async function startCollectionRun(
  db: DatabaseConnection,
  workflowId: string,
  runId: string,
  accountId: string,
  trigger: string,
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO collection_run (workflow_id, run_id, account_id, trigger) VALUES (${workflowId}, ${runId}, ${accountId}, ${trigger})
    ON CONFLICT (workflow_id, run_id) DO NOTHING`);
}

export async function finishCollectionRun(
  db: DatabaseConnection,
  workflowId: string,
  runId: string,
  outcome:
    | { status: 'completed'; summary: RunSummary }
    | { status: 'failed'; errorKind: string; errorMessage: string; summary?: Partial<RunSummary> },
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE collection_run SET finished_at = now(), status = ${outcome.status},
      summary = ${sql.jsonb((outcome.summary ?? {}) as never)},
      error_kind = ${outcome.status === 'failed' ? outcome.errorKind : null},
      error_message = ${outcome.status === 'failed' ? outcome.errorMessage : null}
    WHERE workflow_id = ${workflowId} AND run_id = ${runId}`);
}

export async function recentCollectionRuns(
  db: DatabaseConnection,
  accountId: string,
  limit = 5,
): Promise<readonly CollectionRunRow[]> {
  return db.any(sql.type(runSchema)`
    SELECT workflow_id, run_id, account_id, trigger, started_at, finished_at, status, summary, error_kind, error_message
    FROM collection_run WHERE account_id = ${accountId} ORDER BY started_at DESC LIMIT ${limit}`);
}
