import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { LearnedPattern } from '../intel/analytics/index.ts';

const patternSchema = z.object({
  kind: z.string(),
  entity_id: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()) as unknown as z.ZodType<LearnedPattern>,
  summary: z.string(),
  confidence: z.number(),
  confidence_level: z.enum(['low', 'medium', 'high']),
  sample_size: z.number(),
  valid_from: z.number(),
  valid_until: z.number(),
  refreshed_at: z.number(),
});
export type StoredPattern = z.infer<typeof patternSchema>;

/**
 * Replaces the account's learned patterns with a fresh set: upsert on (account, kind, entity) and delete what this
 * refresh no longer supports, in one transaction so /patterns never sees half a refresh. Account-wide patterns
 * (whose entity is the account itself) are stored with a null entity. Idempotent for a given `refreshedAt`.
 */
export async function replacePatterns(
  db: DatabaseConnection,
  accountId: string,
  patterns: readonly LearnedPattern[],
  refreshedAt: number,
): Promise<number> {
  const at = sql.timestamp(new Date(refreshedAt));
  // One row per key: several ad sets may not share an id, but account-wide kinds could repeat in theory.
  const rows = new Map<string, LearnedPattern>();
  for (const p of patterns) rows.set(`${p.kind}:${p.entityId === accountId ? '' : p.entityId}`, p);
  return db.transaction(async (tx) => {
    const list = [...rows.values()];
    if (list.length > 0)
      await tx.query(sql.unsafe`
        INSERT INTO intel_learned_pattern AS p (account_id, kind, entity_id, payload, summary, confidence, confidence_level,
          sample_size, valid_from, valid_until, refreshed_at)
        SELECT ${accountId}, x.kind, NULLIF(x.entity_id, ''), x.payload, x.summary, x.confidence, x.level, x.sample_size,
               to_timestamp(x.valid_from / 1000.0), to_timestamp(x.valid_until / 1000.0), ${at}
        FROM jsonb_to_recordset(${sql.jsonb(
          list.map((p) => ({
            kind: p.kind,
            entity_id: p.entityId === accountId ? '' : p.entityId,
            payload: p,
            summary: p.summary,
            confidence: Math.min(1, Math.max(0, p.confidence.score)),
            level: p.confidence.level,
            sample_size: Math.round(p.confidence.sampleSize),
            valid_from: p.validFrom,
            valid_until: p.validUntil,
          })) as never,
        )}) AS x(kind text, entity_id text, payload jsonb, summary text, confidence float8, level text, sample_size int,
                 valid_from float8, valid_until float8)
        ON CONFLICT (account_id, kind, (coalesce(entity_id, ''))) DO UPDATE SET payload = EXCLUDED.payload,
          summary = EXCLUDED.summary, confidence = EXCLUDED.confidence, confidence_level = EXCLUDED.confidence_level,
          sample_size = EXCLUDED.sample_size, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
          refreshed_at = EXCLUDED.refreshed_at`);
    await tx.query(sql.unsafe`
      DELETE FROM intel_learned_pattern WHERE account_id = ${accountId} AND refreshed_at < ${at}`);
    return list.length;
  });
}

/** The account's learned patterns, most confident first. */
export async function listPatterns(db: DatabaseConnection, accountId: string): Promise<readonly StoredPattern[]> {
  return db.any(sql.type(patternSchema)`
    SELECT kind, entity_id, payload, summary, confidence, confidence_level, sample_size, valid_from, valid_until,
           refreshed_at
    FROM intel_learned_pattern WHERE account_id = ${accountId} ORDER BY confidence DESC, kind, entity_id`);
}

/** When the account's patterns were last learned, or null if never. */
export async function patternsRefreshedAt(db: DatabaseConnection, accountId: string): Promise<number | null> {
  const r = await db.maybeOne(sql.type(z.object({ at: z.number().nullable() }))`
    SELECT max(refreshed_at) AS at FROM intel_learned_pattern WHERE account_id = ${accountId}`);
  return r?.at ?? null;
}
