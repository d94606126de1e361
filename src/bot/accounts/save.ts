/**
 * Saving a checked connect or settings form: the account, its sealed token, the audit row and (on connect) the
 * default rules in one transaction, so a failure leaves nothing half-written.
 */
import type { DatabasePool } from 'slonik';
import { storeAccountToken, tokenLast4 } from '../../db/account-tokens.ts';
import { getAdAccount, markAccountStatus, upsertAdAccount, type AdAccount } from '../../db/accounts.ts';
import { recordAudit } from '../../db/audit.ts';
import { installDefaultRules } from '../../db/rules.ts';
import type { Vault } from '../../db/vault.ts';
import type { AccountForm } from '../../slack/blocks/index.ts';
import type { CheckedForm } from './checks.ts';

/** What the audit keeps of an account's set-up: never the token, only its last four characters. */
export const setupOf = (a: AdAccount, last4: string | null) => ({
  channel: a.slack_channel_id,
  approvers: a.approver_user_ids,
  targetCpa: a.target_cpa,
  targetRoas: a.target_roas,
  status: a.status,
  token: last4 ? `•••• ${last4}` : null,
});

export interface Saved {
  account: AdAccount;
  /** The account (re)starts being watched: its Schedules start and a first collection runs. */
  activated: boolean;
}

/** @throws when the database refuses; nothing is then written. */
export async function saveAccount(
  pool: DatabasePool,
  vault: Vault,
  who: { teamId: string; teamName?: string; userId: string },
  form: AccountForm,
  checked: CheckedForm,
): Promise<Saved> {
  const { existing, facts } = checked;
  return pool.transaction(async (tx) => {
    const before = existing ? setupOf(existing, await tokenLast4(tx, existing.id)) : null;
    await upsertAdAccount(tx, {
      id: form.accountId,
      workspaceId: who.teamId,
      ...(who.teamName ? { workspaceName: who.teamName } : {}),
      name: facts?.name ?? existing?.name ?? form.accountId,
      currency: facts?.currency ?? existing?.currency ?? 'USD',
      timezone: facts?.timezone ?? existing?.timezone ?? 'UTC',
      slackChannelId: form.channelId,
      approverUserIds: form.approverUserIds,
      targetCpa: form.targetCpa,
      targetRoas: form.targetRoas,
    });
    if (form.token) await storeAccountToken(tx, vault, form.accountId, form.token);
    // A token that passed the checks is what a needs_attention account was waiting for; a removed one comes back.
    const activated = form.mode === 'connect' || (Boolean(form.token) && existing?.status !== 'active');
    if (activated) await markAccountStatus(tx, form.accountId, 'active', null);
    if (form.mode === 'connect') await installDefaultRules(tx, form.accountId);
    const after = await getAdAccount(tx, form.accountId);
    await recordAudit(tx, {
      workspaceId: who.teamId,
      accountId: form.accountId,
      actorUserId: who.userId,
      action: form.mode === 'connect' ? 'account.connect' : 'account.settings',
      before,
      after: setupOf(after!, await tokenLast4(tx, form.accountId)),
    });
    return { account: after!, activated };
  });
}
