import { listAudit } from '../../db/audit.ts';
import { auditList } from '../../slack/blocks/index.ts';
import type { Handler } from './types.ts';

/** `/adpilot audit [account]`: the account's latest admin actions (admins only; checked before this runs). */
export const audit: Handler<'audit'> = async (_cmd, { account, teamId, deps }) => {
  const rows = await listAudit(deps.pool, teamId, account.id);
  return auditList(
    account.name,
    rows.map((r) => ({
      at: r.at,
      actorUserId: r.actor_user_id,
      action: r.action,
      accountId: r.account_id,
      subject: r.subject,
      before: r.before,
      after: r.after,
    })),
  );
};
