/**
 * Digests of non-actionable notifications (intel_notification kind 'alert'). A digest is itself a notification
 * row (kind 'digest') that owns the alerts it lists: claiming moves the pending alerts to 'digested' and records
 * their ids in the digest in one transaction, and the digest is marked 'sent' with its message ts by
 * compare-and-set. A retried activity therefore finds the same unsent digest and posts it, never a second one.
 */
import { sql, type DatabasePool, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

const digestSchema = z.object({
  id: z.number(),
  channel_id: z.string().nullable(),
  alert_ids: z.array(z.number()),
});
export type DigestRow = z.infer<typeof digestSchema>;

const alertSchema = z.object({
  id: z.number(),
  action_id: z.number().nullable(),
  payload: z.record(z.string(), z.unknown()),
  created_at: z.number(),
});
export type DigestAlert = z.infer<typeof alertSchema>;

/**
 * The account's digest to post: one a failed attempt left unsent, else a new one claiming every pending alert.
 * @returns null when no alert waits.
 */
export async function claimDigest(pool: DatabasePool, accountId: string, channelId: string): Promise<DigestRow | null> {
  return pool.transaction(async (tx) => {
    const unsent = await tx.maybeOne(sql.type(digestSchema)`
      SELECT id, channel_id, ARRAY(SELECT jsonb_array_elements_text(payload->'alert_ids'))::bigint[] AS alert_ids
      FROM intel_notification
      WHERE account_id = ${accountId} AND kind = 'digest' AND status = 'pending'
      ORDER BY id LIMIT 1`);
    if (unsent) return unsent;
    // Row locks make a concurrent claim wait and then skip what this one took.
    const ids = await tx.anyFirst(sql.type(z.object({ id: z.number() }))`
      UPDATE intel_notification SET status = 'digested'
      WHERE account_id = ${accountId} AND kind = 'alert' AND status = 'pending'
      RETURNING id`);
    if (ids.length === 0) return null;
    const sorted = [...ids].sort((a, b) => a - b);
    // Each alert is claimed once, so the first id names the digest for good.
    return tx.one(sql.type(digestSchema)`
      INSERT INTO intel_notification (dedupe_key, account_id, kind, channel_id, payload, status)
      VALUES (${`digest:${accountId}:${sorted[0]}`}, ${accountId}, 'digest', ${channelId},
              ${sql.jsonb({ alert_ids: sorted })}, 'pending')
      RETURNING id, channel_id, ARRAY(SELECT jsonb_array_elements_text(payload->'alert_ids'))::bigint[] AS alert_ids`);
  });
}

export async function digestAlerts(db: DatabaseConnection, ids: readonly number[]): Promise<readonly DigestAlert[]> {
  return db.any(sql.type(alertSchema)`
    SELECT id, action_id, payload, created_at FROM intel_notification
    WHERE id = ANY(${sql.array(ids, 'int8')}) ORDER BY id`);
}

/** Compare-and-set: @returns false when the digest was already marked sent (nothing to do). */
export async function markDigestSent(
  db: DatabaseConnection,
  id: number,
  channelId: string,
  ts: string,
): Promise<boolean> {
  const row = await db.maybeOne(sql.type(z.object({ id: z.number() }))`
    UPDATE intel_notification SET status = 'sent', channel_id = ${channelId}, message_ts = ${ts}, sent_at = now()
    WHERE id = ${id} AND kind = 'digest' AND status = 'pending'
    RETURNING id`);
  return row !== null;
}
