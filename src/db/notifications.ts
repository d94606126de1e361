import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export interface NewNotification {
  dedupeKey: string;
  accountId: string;
  kind: 'proposal' | 'decision' | 'outcome' | 'digest' | 'alert' | 'escalation';
  actionId?: number | null;
  channelId?: string | null;
  payload?: Record<string, unknown>;
  status?: 'pending' | 'sent' | 'digested';
  messageTs?: string | null;
  threadTs?: string | null;
}

const notificationSchema = z.object({
  id: z.number(),
  dedupe_key: z.string(),
  account_id: z.string(),
  kind: z.string(),
  action_id: z.number().nullable(),
  channel_id: z.string().nullable(),
  message_ts: z.string().nullable(),
  thread_ts: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  status: z.string(),
  created_at: z.number(),
});
export type NotificationRow = z.infer<typeof notificationSchema>;

/** Records a notification once per dedupe key (a retried activity does not post twice). @returns the row. */
export async function recordNotification(db: DatabaseConnection, n: NewNotification): Promise<NotificationRow> {
  return db.one(sql.type(notificationSchema)`
    WITH ins AS (
      INSERT INTO intel_notification (dedupe_key, account_id, kind, action_id, channel_id, payload, status, message_ts, thread_ts, sent_at)
      VALUES (${n.dedupeKey}, ${n.accountId}, ${n.kind}, ${n.actionId ?? null}, ${n.channelId ?? null},
              ${sql.jsonb((n.payload ?? {}) as never)}, ${n.status ?? 'pending'}, ${n.messageTs ?? null}, ${n.threadTs ?? null},
              CASE WHEN ${n.status ?? 'pending'} = 'sent' THEN now() END)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id, dedupe_key, account_id, kind, action_id, channel_id, message_ts, thread_ts, payload, status, created_at
    )
    SELECT * FROM ins
    UNION ALL
    SELECT id, dedupe_key, account_id, kind, action_id, channel_id, message_ts, thread_ts, payload, status, created_at
    FROM intel_notification WHERE dedupe_key = ${n.dedupeKey} AND NOT EXISTS (SELECT 1 FROM ins)`);
}

export async function markNotificationSent(
  db: DatabaseConnection,
  id: number,
  channelId: string,
  ts: string,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE intel_notification SET status = 'sent', channel_id = ${channelId}, message_ts = ${ts}, sent_at = now() WHERE id = ${id}`);
}

export async function listNotifications(
  db: DatabaseConnection,
  accountId: string,
  kind?: string,
): Promise<readonly NotificationRow[]> {
  return db.any(sql.type(notificationSchema)`
    SELECT id, dedupe_key, account_id, kind, action_id, channel_id, message_ts, thread_ts, payload, status, created_at
    FROM intel_notification WHERE account_id = ${accountId} ${kind ? sql.fragment`AND kind = ${kind}` : sql.fragment``}
    ORDER BY id`);
}

/** Pending non-actionable notifications, taken for a digest (marked digested in the same statement). */
export async function takePendingForDigest(
  db: DatabaseConnection,
  accountId: string,
): Promise<readonly NotificationRow[]> {
  return db.any(sql.type(notificationSchema)`
    UPDATE intel_notification SET status = 'digested'
    WHERE account_id = ${accountId} AND status = 'pending' AND kind = 'alert'
    RETURNING id, dedupe_key, account_id, kind, action_id, channel_id, message_ts, thread_ts, payload, status, created_at`);
}
