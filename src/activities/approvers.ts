import type { DatabasePool } from 'slonik';
import { getAdAccount } from '../db/accounts.ts';

/**
 * The account's approvers as they are now, for the approval workflow's decide and undo handlers: a proposal copies
 * nothing of the list at start, so removing an approver revokes their open proposals. A removed or unknown account
 * has none, so nobody can decide its proposals any more.
 */
export function createApproverActivities(deps: { pool: DatabasePool }) {
  return {
    async currentApprovers(accountId: string): Promise<string[]> {
      const account = await getAdAccount(deps.pool, accountId);
      if (!account || account.status === 'removed') return [];
      return account.approver_user_ids;
    },
  };
}
