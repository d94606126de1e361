/**
 * Slack's side of adpilot's roles, shared by the bot and the notifier (ARCHITECTURE.md "Tenancy and roles"):
 * who is an admin (asked of Slack at request time), who approves an account, and which accounts a person sees
 * in private places (a DM, App Home).
 */
import type { WebClient } from '@slack/web-api';
import type { AdAccount } from '../db/accounts.ts';

/**
 * Whether the user is a Slack workspace admin or owner (users.info), or listed in `adminUserIds`
 * (ADPILOT_ADMIN_USER_IDS). A Slack error counts as "not an admin": refusing is the safe side.
 */
export async function isAdmin(client: WebClient, adminUserIds: readonly string[], userId: string): Promise<boolean> {
  if (adminUserIds.includes(userId)) return true;
  try {
    const { user } = await client.users.info({ user: userId });
    return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
  } catch {
    return false;
  }
}

export const isApprover = (account: Pick<AdAccount, 'approver_user_ids'>, userId: string): boolean =>
  account.approver_user_ids.includes(userId);

/** Of a team's accounts, those a person sees where no channel scopes the view: all for admins, else the ones they approve. */
export const privatelyVisible = <A extends Pick<AdAccount, 'approver_user_ids'>>(
  accounts: readonly A[],
  userId: string,
  admin: boolean,
): A[] => (admin ? [...accounts] : accounts.filter((a) => isApprover(a, userId)));
