/**
 * `/adpilot connect | accounts | settings | disconnect`: the account's life from Slack. They run before any
 * account is resolved (connect has none yet), so each checks the role and the team itself.
 */
import { tokenLast4 } from '../../db/account-tokens.ts';
import { accountsOfWorkspace, getAdAccount, type AdAccount } from '../../db/accounts.ts';
import { accountModal, accountsList, disconnectConfirm, errorMessage } from '../../slack/blocks/index.ts';
import { privatelyVisible } from '../../slack/roles.ts';
import { HOW_TO_GET_ADMIN, isAdmin, isPrivatePlace, resolveAccount } from '../access.ts';
import type { ParsedCommand } from '../commands/parse.ts';
import type { CommandContext, Reply } from '../commands/types.ts';

export type AccountsCommand = Extract<ParsedCommand, { command: 'connect' | 'accounts' | 'settings' | 'disconnect' }>;
export const isAccountsCommand = (cmd: ParsedCommand): cmd is AccountsCommand =>
  cmd.command === 'connect' || cmd.command === 'accounts' || cmd.command === 'settings' || cmd.command === 'disconnect';

export type AccountsContext = Omit<CommandContext, 'account'> & { triggerId?: string };

const adminRefusal = (what: string) =>
  errorMessage(`Only adpilot admins can run \`/adpilot ${what}\`. To become one, ${HOW_TO_GET_ADMIN}.`);

async function settingsPrefill(ctx: AccountsContext, a: AdAccount) {
  return {
    accountId: a.id,
    accountName: a.name,
    channelId: a.slack_channel_id,
    approverUserIds: a.approver_user_ids,
    targetCpa: a.target_cpa,
    targetRoas: a.target_roas,
    tokenLast4: await tokenLast4(ctx.deps.pool, a.id),
  };
}

async function openModal(ctx: AccountsContext, view: ReturnType<typeof accountModal>): Promise<Reply | null> {
  if (!ctx.triggerId) return errorMessage('Slack sent no trigger to open the form with; run the command again.');
  await ctx.client.views.open({ trigger_id: ctx.triggerId, view });
  return null;
}

/** Answers one of the account commands (the listener acked already). */
export async function answerAccounts(cmd: AccountsCommand, ctx: AccountsContext): Promise<Reply | null> {
  const { pool, config } = ctx.deps;
  const admin = await isAdmin(ctx.client, config, ctx.userId);
  if (cmd.command === 'accounts') {
    const all = await accountsOfWorkspace(pool, ctx.teamId);
    // Admins see every account; others those they approve and the one of the channel they ask in.
    const visible = admin
      ? [...all]
      : [
          ...new Set([
            ...privatelyVisible(all, ctx.userId, false),
            ...(isPrivatePlace(ctx.channelId) ? [] : all.filter((a) => a.slack_channel_id === ctx.channelId)),
          ]),
        ];
    const items = await Promise.all(
      visible.map(async (account) => ({ account, tokenLast4: admin ? await tokenLast4(pool, account.id) : null })),
    );
    return accountsList(items, admin);
  }
  if (!admin) return adminRefusal(cmd.command);
  if (cmd.command === 'connect') return openModal(ctx, accountModal());
  // An admin manages any of the team's accounts from anywhere; without an id, the channel's account is meant.
  const req = { teamId: ctx.teamId, userId: ctx.userId, channelId: ctx.channelId };
  const named = cmd.account ? await getAdAccount(pool, cmd.account) : null;
  const account =
    named && named.workspace_id === ctx.teamId && named.status !== 'removed'
      ? named
      : await resolveAccount(pool, ctx.client, config, req, cmd.account);
  if (typeof account === 'string') return errorMessage(account);
  if (cmd.command === 'settings') return openModal(ctx, accountModal(await settingsPrefill(ctx, account)));
  return disconnectConfirm(account);
}
