/** intel_model_version rows for the forecasting models: one per model instance and fitted version. */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export interface ModelVersionInput {
  modelName: string;
  version: string;
  kind: string;
  params?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
}

/**
 * Records model versions (idempotent: a version seen again keeps its row, status and trained_at; metrics are
 * refreshed). Rows are de-duplicated and sorted by key so one batch never hits a key twice or deadlocks.
 */
export async function upsertModelVersions(db: DatabaseConnection, rows: readonly ModelVersionInput[]): Promise<void> {
  if (rows.length === 0) return;
  const unique = [...new Map(rows.map((r) => [`${r.modelName}\u0000${r.version}`, r])).values()].sort((a, b) =>
    a.modelName === b.modelName ? (a.version < b.version ? -1 : 1) : a.modelName < b.modelName ? -1 : 1,
  );
  const records = unique.map((r) => ({
    model_name: r.modelName,
    version: r.version,
    kind: r.kind,
    params: r.params ?? {},
    metrics: r.metrics ?? {},
  }));
  await db.query(sql.unsafe`
    INSERT INTO intel_model_version (model_name, version, kind, params, metrics)
    SELECT * FROM jsonb_to_recordset(${sql.jsonb(records as never)})
      AS t(model_name text, version text, kind text, params jsonb, metrics jsonb)
    ON CONFLICT (model_name, version) DO UPDATE SET metrics = EXCLUDED.metrics
    WHERE intel_model_version.metrics IS DISTINCT FROM EXCLUDED.metrics`);
}

/** Flags the given model versions for retraining (drift). @returns how many rows changed. */
export async function markForRetraining(
  db: DatabaseConnection,
  versions: readonly { modelName: string; version: string }[],
): Promise<number> {
  if (versions.length === 0) return 0;
  const r = await db.query(sql.unsafe`
    UPDATE intel_model_version m SET status = 'needs_retraining'
    FROM jsonb_to_recordset(${sql.jsonb(versions.map((v) => ({ n: v.modelName, v: v.version })) as never)})
      AS t(n text, v text)
    WHERE m.model_name = t.n AND m.version = t.v AND m.status <> 'needs_retraining'`);
  return r.rowCount;
}

const statusRow = z.object({ model_name: z.string(), version: z.string(), status: z.string() });

/** Model versions whose name starts with a prefix (e.g. `forecast:act_1:`), newest first. */
export async function listModelVersions(
  db: DatabaseConnection,
  prefix: string,
): Promise<readonly z.infer<typeof statusRow>[]> {
  return db.any(sql.type(statusRow)`
    SELECT model_name, version, status FROM intel_model_version
    WHERE starts_with(model_name, ${prefix}) ORDER BY trained_at DESC, model_name, version`);
}
