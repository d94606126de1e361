/**
 * Every check a connect or settings submission must pass before anything is saved: the form's shape, the role,
 * the account's owner, the channel, and the token against the Graph API. Slack wants the answer within 3 seconds,
 * so the slow ones (Slack and Meta) run at once and Meta gets a short deadline.
 */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../../config.ts';
import { getAdAccount, type AdAccount } from '../../db/accounts.ts';
import { checkAccountAccess, isAccessProblem, type AccountFacts } from '../../meta/check-access.ts';
import { ACCOUNT_MODAL, type AccountForm, type FormErrors } from '../../slack/blocks/index.ts';
import { HOW_TO_GET_ADMIN, isAdmin } from '../access.ts';

/** Meta's share of Slack's 3 s: the rest is users.info, the database and the ack itself. */
export const META_CHECK_TIMEOUT_MS = 2_000;

export interface CheckDeps {
  /** The bot's Web API client; the operator CLI without SLACK_BOT_TOKEN has none, and skips the channel check. */
  client?: WebClient;
  config: Config;
  db: Parameters<typeof getAdAccount>[0];
  metaBaseUrl: string;
}

export interface CheckedForm {
  errors: FormErrors;
  /** What Meta says about the account, when a token was given and passed. */
  facts?: AccountFacts;
  /** The row as it is now (settings, or reconnecting a removed account). */
  existing: AdAccount | null;
}

async function channelProblem(client: WebClient, channelId: string): Promise<string | undefined> {
  try {
    const { channel } = await client.conversations.info({ channel: channelId });
    if (channel?.is_im) return 'Pick a channel, not a direct message.';
    return channel?.is_member
      ? undefined
      : 'adpilot is not in this channel yet: invite it with `/invite @adpilot`, then submit again.';
  } catch {
    return 'adpilot cannot see this channel: invite it with `/invite @adpilot`, then submit again.';
  }
}

/** The field errors of a submission (empty when everything passed), and what the checks learned. */
export async function checkAccountForm(
  deps: CheckDeps,
  /** `operator`: the CLI, whose user has the deployment itself and needs no Slack role. */
  who: { teamId: string; userId: string; operator?: boolean },
  form: AccountForm,
  shapeErrors: FormErrors,
): Promise<CheckedForm> {
  const b = ACCOUNT_MODAL.blocks;
  const firstField = form.mode === 'connect' ? b.account : b.channel;
  if (!who.operator && !(deps.client && (await isAdmin(deps.client, deps.config, who.userId))))
    return {
      errors: { [firstField]: `Only adpilot admins can do this. To become one, ${HOW_TO_GET_ADMIN}.` },
      existing: null,
    };
  if (Object.keys(shapeErrors).length) return { errors: shapeErrors, existing: null };
  const existing = await getAdAccount(deps.db, form.accountId);
  const errors: FormErrors = {};
  if (existing && existing.status !== 'removed' && existing.workspace_id !== who.teamId)
    errors[firstField] =
      `${form.accountId} is already connected to another Slack workspace; disconnect it there first.`;
  else if (form.mode === 'connect' && existing && existing.status !== 'removed')
    errors[b.account] =
      `${form.accountId} is already connected here; change it with \`/adpilot settings ${form.accountId}\`.`;
  else if (
    form.mode === 'settings' &&
    (!existing || existing.status === 'removed' || existing.workspace_id !== who.teamId)
  )
    errors[b.channel] = `${form.accountId} is not connected in this workspace; connect it with \`/adpilot connect\`.`;
  if (Object.keys(errors).length) return { errors, existing };
  const [channel, access] = await Promise.all([
    deps.client ? channelProblem(deps.client, form.channelId) : undefined,
    form.token
      ? checkAccountAccess({
          baseUrl: deps.metaBaseUrl,
          token: form.token,
          accountId: form.accountId,
          needManagement: deps.config.ENABLE_ACTION_EXECUTOR,
          timeoutMs: META_CHECK_TIMEOUT_MS,
        })
      : undefined,
  ]);
  if (channel) errors[b.channel] = channel;
  if (access && isAccessProblem(access)) errors[access.field === 'account' ? firstField : b.token] = access.message;
  return { errors, existing, ...(access && !isAccessProblem(access) ? { facts: access } : {}) };
}
