/**
 * The connect / settings modal and the reading of what was submitted. The token is an input only: the modal never
 * carries a token back (settings shows "•••• last4" and offers an optional replacement).
 */
import { plain, section, esc, type Block, type ModalView } from './text.ts';

export const ACCOUNT_MODAL = {
  callbackId: 'account_modal',
  blocks: {
    account: 'account_id',
    token: 'token',
    channel: 'channel',
    approvers: 'approvers',
    targetCpa: 'target_cpa',
    targetRoas: 'target_roas',
  },
  actionId: 'value',
} as const;
type Field = keyof typeof ACCOUNT_MODAL.blocks;

export interface AccountModalPrefill {
  accountId: string;
  accountName: string;
  channelId: string | null;
  approverUserIds: readonly string[];
  targetCpa: number | null;
  targetRoas: number | null;
  tokenLast4: string | null;
}

const input = (field: Field, label: string, element: Record<string, unknown>, optional = false, hint?: string) =>
  ({
    type: 'input',
    block_id: ACCOUNT_MODAL.blocks[field],
    label: plain(label, 2000),
    optional,
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: { action_id: ACCOUNT_MODAL.actionId, ...element },
  }) as Block;

const text = (initial?: string | null, placeholder?: string) => ({
  type: 'plain_text_input',
  ...(initial ? { initial_value: initial } : {}),
  ...(placeholder ? { placeholder: plain(placeholder, 150) } : {}),
});

/** `/adpilot connect` (no prefill) or `/adpilot settings act_…` (prefilled, the account id fixed). */
export function accountModal(prefill?: AccountModalPrefill): ModalView {
  const blocks: Block[] = [];
  if (prefill) blocks.push(section(`*${esc(prefill.accountName, 200)}* (${prefill.accountId})`));
  else
    blocks.push(
      input(
        'account',
        'Meta ad account id',
        text(undefined, 'act_1234567890'),
        false,
        'Business Settings → Ad accounts',
      ),
    );
  blocks.push(
    prefill
      ? input(
          'token',
          'Replace the Meta access token',
          text(),
          true,
          prefill.tokenLast4 ? `Stored: •••• ${prefill.tokenLast4}. Leave empty to keep it.` : 'No token stored.',
        )
      : input(
          'token',
          'Meta access token',
          text(),
          false,
          'A Business system-user token with ads_read (and ads_management to execute).',
        ),
    input('channel', 'Channel', {
      type: 'conversations_select',
      filter: { include: ['public', 'private'], exclude_bot_users: true },
      ...(prefill?.channelId ? { initial_conversation: prefill.channelId } : {}),
    }),
    input('approvers', 'Approvers', {
      type: 'multi_users_select',
      ...(prefill?.approverUserIds.length ? { initial_users: [...prefill.approverUserIds] } : {}),
    }),
    input('targetCpa', 'Target CPA (optional)', text(prefill?.targetCpa?.toString(), 'e.g. 25'), true),
    input('targetRoas', 'Target ROAS (optional)', text(prefill?.targetRoas?.toString(), 'e.g. 3'), true),
  );
  return {
    type: 'modal',
    callback_id: ACCOUNT_MODAL.callbackId,
    private_metadata: JSON.stringify(
      prefill ? { mode: 'settings', accountId: prefill.accountId } : { mode: 'connect' },
    ),
    title: plain(prefill ? 'Account settings' : 'Connect an ad account', 24),
    submit: plain(prefill ? 'Save' : 'Connect', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

export interface AccountForm {
  mode: 'connect' | 'settings';
  accountId: string;
  /** Empty in settings when the token is kept. */
  token: string;
  channelId: string;
  approverUserIds: string[];
  targetCpa: number | null;
  targetRoas: number | null;
}

/** Field errors keyed by block id, as `response_action: 'errors'` wants them. */
export type FormErrors = Partial<Record<(typeof ACCOUNT_MODAL.blocks)[Field], string>>;

type StateValues = Record<string, Record<string, object>>;
const ACCOUNT_ID = /^act_\d{1,20}$/;

function target(raw: unknown, label: string): { value: number | null; error?: string } {
  const s = typeof raw === 'string' ? raw.trim().replace(/[$,€£]/g, '') : '';
  if (!s) return { value: null };
  const n = Number(s);
  return Number.isFinite(n) && n > 0 && n < 1e9
    ? { value: n }
    : { value: null, error: `${label} must be a positive number.` };
}

/** Reads and checks the submitted form (shape only; Slack, Meta and the database are checked by the bot). */
export function readAccountForm(
  privateMetadata: string,
  values: StateValues,
): { form: AccountForm; errors: FormErrors } {
  const get = (field: Field) =>
    (values[ACCOUNT_MODAL.blocks[field]]?.[ACCOUNT_MODAL.actionId] ?? {}) as Record<string, unknown>;
  let meta: { mode?: string; accountId?: string } = {};
  try {
    meta = JSON.parse(privateMetadata) as typeof meta;
  } catch {
    // A modal always carries its metadata; without it the form is a connect form.
  }
  const mode = meta.mode === 'settings' ? 'settings' : 'connect';
  const accountId = (mode === 'settings' ? meta.accountId : (get('account').value as string | undefined))?.trim() ?? '';
  const token = ((get('token').value as string | null | undefined) ?? '').trim();
  const channelId = (get('channel').selected_conversation as string | null | undefined) ?? '';
  const approverUserIds = (get('approvers').selected_users as string[] | undefined) ?? [];
  const cpa = target(get('targetCpa').value, 'Target CPA');
  const roas = target(get('targetRoas').value, 'Target ROAS');
  const form: AccountForm = {
    mode,
    accountId,
    token,
    channelId,
    approverUserIds,
    targetCpa: cpa.value,
    targetRoas: roas.value,
  };
  const errors = checkAccountFormShape(form);
  if (cpa.error) errors[ACCOUNT_MODAL.blocks.targetCpa] = cpa.error;
  if (roas.error) errors[ACCOUNT_MODAL.blocks.targetRoas] = roas.error;
  return { form, errors };
}

/** The shape checks every way in (modal and CLI) shares: the id, a token on connect, a channel, an approver. */
export function checkAccountFormShape(form: AccountForm): FormErrors {
  const { mode, accountId, token, channelId, approverUserIds } = form;
  const errors: FormErrors = {};
  const b = ACCOUNT_MODAL.blocks;
  if (mode === 'connect' && !ACCOUNT_ID.test(accountId))
    errors[b.account] = 'An ad account id is act_ followed by digits, e.g. act_1234567890.';
  if (mode === 'connect' && !token) errors[b.token] = 'Paste the Meta access token.';
  if (token && /\s/.test(token)) errors[b.token] = 'A token has no spaces; paste it again.';
  if (!channelId) errors[b.channel] = 'Pick the channel adpilot posts this account’s cards in.';
  if (approverUserIds.length === 0)
    errors[b.approvers] = 'Pick at least one approver: proposals need someone to decide.';
  return errors;
}
