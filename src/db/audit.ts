/** The admin audit trail: one row per admin action, never updated (issue #13). */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export interface AuditEntry {
  workspaceId: string;
  accountId: string | null;
  actorUserId: string;
  /** What was done, e.g. `rule.disable`, `account.connect`. */
  action: string;
  /** What it was done to (a rule id, an account id), when that is not the account itself. */
  subject?: string | null;
  before?: unknown;
  after?: unknown;
}

const auditRow = z.object({
  id: z.number(),
  workspace_id: z.string(),
  account_id: z.string().nullable(),
  actor_user_id: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: z.number(),
});
export type AuditRow = z.infer<typeof auditRow>;

const json = (v: unknown) => (v === undefined || v === null ? null : sql.jsonb(v));

export async function recordAudit(db: DatabaseConnection, e: AuditEntry): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO admin_audit (workspace_id, account_id, actor_user_id, action, subject, before, after)
    VALUES (${e.workspaceId}, ${e.accountId}, ${e.actorUserId}, ${e.action}, ${e.subject ?? null},
            ${json(e.before)}, ${json(e.after)})`);
}

/** The newest entries of a workspace, or of one of its accounts. */
export async function listAudit(
  db: DatabaseConnection,
  workspaceId: string,
  accountId?: string,
  limit = 30,
): Promise<readonly AuditRow[]> {
  return db.any(sql.type(auditRow)`
    SELECT id::int, workspace_id, account_id, actor_user_id, action, subject, before, after, at
    FROM admin_audit
    WHERE workspace_id = ${workspaceId} ${accountId ? sql.fragment`AND account_id = ${accountId}` : sql.fragment``}
    ORDER BY at DESC, id DESC LIMIT ${limit}`);
}
