/** Disconnecting an account: status `removed`, its Schedules deleted, its history kept, the change audited. */
import type { Client } from '@temporalio/client';
import type { DatabasePool } from 'slonik';
import { tokenLast4 } from '../../db/account-tokens.ts';
import { getAdAccount, markAccountStatus } from '../../db/accounts.ts';
import { recordAudit } from '../../db/audit.ts';
import { setupOf } from './save.ts';
import { unscheduleAccount } from './schedules.ts';

/**
 * Open proposals stay open in the database: their approval workflows have no way yet to be told (no withdraw
 * signal on main), and decisions on them are refused because the account is removed (approverRefusal).
 * @returns a sentence for the admin.
 */
export async function disconnectAccount(
  pool: DatabasePool,
  temporal: Client,
  who: { teamId: string; userId: string },
  accountId: string,
): Promise<string> {
  const before = await getAdAccount(pool, accountId);
  if (!before || before.workspace_id !== who.teamId || before.status === 'removed')
    return `${accountId} is not connected to adpilot in this workspace.`;
  await pool.transaction(async (tx) => {
    const last4 = await tokenLast4(tx, accountId);
    await markAccountStatus(tx, accountId, 'removed', `disconnected by ${who.userId}`);
    await recordAudit(tx, {
      workspaceId: who.teamId,
      accountId,
      actorUserId: who.userId,
      action: 'account.disconnect',
      before: setupOf(before, last4),
      after: setupOf({ ...before, status: 'removed' }, last4),
    });
  });
  await unscheduleAccount(temporal, accountId);
  return `Disconnected ${before.name} (${accountId}): no more collection or proposals; its history is kept. Reconnect with \`/adpilot connect\`.`;
}
