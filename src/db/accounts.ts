import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export const adAccountSchema = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  slack_channel_id: z.string().nullable(),
  currency: z.string(),
  timezone: z.string(),
  target_cpa: z.number().nullable(),
  target_roas: z.number().nullable(),
  approver_user_ids: z.array(z.string()),
  status: z.enum(['active', 'paused', 'needs_attention', 'removed']),
  status_reason: z.string().nullable(),
  created_at: z.number(),
});
export type AdAccount = z.infer<typeof adAccountSchema>;

export interface AdAccountInput {
  id: string;
  workspaceId: string;
  workspaceName?: string;
  name: string;
  slackChannelId?: string | null;
  currency?: string;
  timezone?: string;
  targetCpa?: number | null;
  targetRoas?: number | null;
  approverUserIds?: string[];
}

const columns = sql.fragment`id, workspace_id, name, slack_channel_id, currency, timezone, target_cpa, target_roas,
  approver_user_ids, status, status_reason, created_at`;

/** Creates or updates an ad account (and its workspace). Idempotent on the account id. */
export async function upsertAdAccount(db: DatabaseConnection, a: AdAccountInput): Promise<AdAccount> {
  await db.query(sql.unsafe`
    INSERT INTO workspace (id, name) VALUES (${a.workspaceId}, ${a.workspaceName ?? a.workspaceId})
    ON CONFLICT (id) DO NOTHING`);
  return db.one(sql.type(adAccountSchema)`
    INSERT INTO ad_account (id, workspace_id, name, slack_channel_id, currency, timezone, target_cpa, target_roas,
                            approver_user_ids)
    VALUES (${a.id}, ${a.workspaceId}, ${a.name}, ${a.slackChannelId ?? null}, ${a.currency ?? 'USD'},
            ${a.timezone ?? 'UTC'}, ${a.targetCpa ?? null}, ${a.targetRoas ?? null},
            ${sql.array(a.approverUserIds ?? [], 'text')})
    ON CONFLICT (id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, name = EXCLUDED.name,
      slack_channel_id = EXCLUDED.slack_channel_id, currency = EXCLUDED.currency, timezone = EXCLUDED.timezone,
      target_cpa = EXCLUDED.target_cpa, target_roas = EXCLUDED.target_roas,
      approver_user_ids = EXCLUDED.approver_user_ids, updated_at = now()
    RETURNING ${columns}`);
}

export async function getAdAccount(db: DatabaseConnection, id: string): Promise<AdAccount | null> {
  return db.maybeOne(sql.type(adAccountSchema)`SELECT ${columns} FROM ad_account WHERE id = ${id}`);
}

/** Accounts that collection should run for (not removed). */
export async function listActiveAdAccounts(db: DatabaseConnection): Promise<readonly AdAccount[]> {
  return db.any(sql.type(adAccountSchema)`SELECT ${columns} FROM ad_account WHERE status <> 'removed' ORDER BY id`);
}

export async function markAccountStatus(
  db: DatabaseConnection,
  id: string,
  status: AdAccount['status'],
  reason: string | null,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE ad_account SET status = ${status}, status_reason = ${reason}, updated_at = now() WHERE id = ${id}`);
}

/**
 * Marks the account needs_attention with the reason (a removed account stays removed).
 * @returns true only for the call that moved it there, so its admins are told once (compare-and-set: the row lock
 * makes a concurrent call see the new status).
 */
export async function markNeedsAttention(db: DatabaseConnection, id: string, reason: string): Promise<boolean> {
  const previous = await db.maybeOneFirst(sql.type(z.object({ previous: z.string() }))`
    WITH prev AS (SELECT status FROM ad_account WHERE id = ${id} FOR UPDATE)
    UPDATE ad_account a SET status = 'needs_attention', status_reason = ${reason}, updated_at = now()
    FROM prev WHERE a.id = ${id} AND prev.status <> 'removed'
    RETURNING prev.status AS previous`);
  return previous !== null && previous !== 'needs_attention';
}

/** A Slack workspace's accounts (not removed): the only ones any request from that team may see. */
export async function accountsOfWorkspace(db: DatabaseConnection, workspaceId: string): Promise<readonly AdAccount[]> {
  return db.any(sql.type(adAccountSchema)`
    SELECT ${columns} FROM ad_account WHERE workspace_id = ${workspaceId} AND status <> 'removed' ORDER BY id`);
}

/** The account bound to a Slack channel, if any. */
export async function accountForChannel(db: DatabaseConnection, channelId: string): Promise<AdAccount | null> {
  return db.maybeOne(sql.type(adAccountSchema)`
    SELECT ${columns} FROM ad_account WHERE slack_channel_id = ${channelId} AND status <> 'removed' ORDER BY id LIMIT 1`);
}
