/**
 * Who may see and do what, checked on the server for every request (issue #13). Three roles:
 * - admin: a Slack workspace admin or owner (read with users.info at request time), or a user listed in
 *   ADPILOT_ADMIN_USER_IDS; connects accounts, changes settings and rules;
 * - approver: listed on the account; decides proposals, proposes from /score, approves /budget plans, undoes;
 * - member: anyone in the channel the account is bound to; read commands for that account.
 * Reads are scoped: an account answers only in its own channel (or, in a DM or App Home, to its admins and
 * approvers), and only within the request's Slack team.
 */
import type { WebClient } from '@slack/web-api';
import type { DatabaseConnection } from 'slonik';
import type { Config } from '../config.ts';
import { accountsOfWorkspace, getAdAccount, type AdAccount } from '../db/accounts.ts';
import { isAdmin as isSlackAdmin, isApprover, privatelyVisible } from '../slack/roles.ts';

export { isApprover } from '../slack/roles.ts';

/** The person and place a request comes from; channelId is undefined for App Home. */
export interface Requester {
  teamId: string;
  userId: string;
  channelId: string | undefined;
}

/** Slack direct-message ids start with D; App Home has no channel. Both are private to the person. */
export const isPrivatePlace = (channelId: string | undefined): boolean => !channelId || channelId.startsWith('D');

/** Whether the user is a workspace admin or owner, or a configured adpilot admin (src/slack/roles.ts). */
export const isAdmin = (client: WebClient, config: Pick<Config, 'ADPILOT_ADMIN_USER_IDS'>, userId: string) =>
  isSlackAdmin(client, config.ADPILOT_ADMIN_USER_IDS, userId);

/** How a person gets a role; names only commands that exist. */
export const HOW_TO_GET_APPROVER = (accountId: string): string =>
  `ask a workspace admin to add you as an approver with \`/adpilot settings ${accountId}\``;
export const HOW_TO_GET_ADMIN =
  'ask a Slack workspace admin or owner, or the operator who runs adpilot (ADPILOT_ADMIN_USER_IDS)';

/** The accounts a person may see from where they are: the channel's own, or in private places the ones they manage. */
export async function visibleAccounts(
  db: DatabaseConnection,
  client: WebClient,
  config: Pick<Config, 'ADPILOT_ADMIN_USER_IDS'>,
  req: Requester,
): Promise<AdAccount[]> {
  const accounts = await accountsOfWorkspace(db, req.teamId);
  if (!isPrivatePlace(req.channelId)) return accounts.filter((a) => a.slack_channel_id === req.channelId);
  return privatelyVisible(accounts, req.userId, await isAdmin(client, config, req.userId));
}

/**
 * The account a command is about: the one given, else the one bound to the channel (in a DM: the only one the
 * person manages). A string says why there is none, or why this person may not see it from here.
 */
export async function resolveAccount(
  db: DatabaseConnection,
  client: WebClient,
  config: Pick<Config, 'ADPILOT_ADMIN_USER_IDS'>,
  req: Requester,
  explicit?: string,
): Promise<AdAccount | string> {
  if (explicit) {
    const account = await getAdAccount(db, explicit);
    // Another workspace's account is answered exactly like an unknown one: its existence is not ours to tell.
    if (!account || account.status === 'removed' || account.workspace_id !== req.teamId)
      return `${explicit} is not connected to adpilot in this workspace; \`/adpilot accounts\` lists the ones that are.`;
    if (account.slack_channel_id === req.channelId) return account;
    if (
      isPrivatePlace(req.channelId) &&
      (isApprover(account, req.userId) || (await isAdmin(client, config, req.userId)))
    )
      return account;
    return account.slack_channel_id
      ? `${explicit} answers in <#${account.slack_channel_id}>, its channel; run the command there (or in a DM with adpilot if you are its admin or approver).`
      : `${explicit} has no channel yet; ask an admin to bind one with \`/adpilot settings ${explicit}\`.`;
  }
  const visible = await visibleAccounts(db, client, config, req);
  if (visible.length === 1) return visible[0]!;
  if (visible.length > 1) return `Several accounts answer here (${visible.map((a) => a.id).join(', ')}); give one.`;
  return isPrivatePlace(req.channelId)
    ? 'You manage no ad account here; give one (e.g. `act_1234567890`) in its channel, or ask an admin to connect one with `/adpilot connect`.'
    : 'No ad account is bound to this channel; run the command in an account’s channel, or ask an admin to connect one here with `/adpilot connect`.';
}

/**
 * For a click on a proposal or plan: the account, if this person may decide for it from this team; else why not.
 * The approver list is read now, not when the proposal was made, so removing an approver revokes open proposals.
 */
export function approverRefusal(account: AdAccount | null, req: Pick<Requester, 'teamId' | 'userId'>): string | null {
  if (!account || account.workspace_id !== req.teamId || account.status === 'removed')
    return 'This account is not connected to adpilot in this workspace.';
  if (isApprover(account, req.userId)) return null;
  const who = account.approver_user_ids.map((u) => `<@${u}>`).join(', ') || 'nobody yet';
  return `Only this account's approvers can do this for ${account.id} (now: ${who}). To become one, ${HOW_TO_GET_APPROVER(account.id)}.`;
}
