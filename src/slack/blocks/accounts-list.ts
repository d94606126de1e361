/** `/adpilot accounts` and the disconnect confirmation. A token shows as "•••• last4", never more. */
import type { AdAccount } from '../../db/accounts.ts';
import { button, context, esc, fallback, section, type Message } from './text.ts';

export interface AccountListItem {
  account: Pick<AdAccount, 'id' | 'name' | 'status' | 'status_reason' | 'slack_channel_id' | 'approver_user_ids'>;
  /** Shown to admins only; null: no own token (the deployment's fallback token applies). */
  tokenLast4?: string | null;
}

const STATUS: Record<AdAccount['status'], string> = {
  active: ':large_green_circle: active',
  paused: ':double_vertical_bar: paused',
  needs_attention: ':warning: needs attention',
  removed: ':white_circle: removed',
};

export function accountsList(items: readonly AccountListItem[], showTokens: boolean): Message {
  if (items.length === 0)
    return {
      text: 'No ad account is connected here yet.',
      blocks: [section('No ad account is connected here yet. An admin connects one with `/adpilot connect`.')],
    };
  const lines = items.slice(0, 45).map(({ account: a, tokenLast4 }) => {
    const channel = a.slack_channel_id ? `<#${a.slack_channel_id}>` : 'no channel';
    const approvers = a.approver_user_ids.map((u) => `<@${u}>`).join(', ') || 'no approvers';
    const token = showTokens ? ` · token ${tokenLast4 ? `•••• ${tokenLast4}` : 'deployment default'}` : '';
    const reason = a.status_reason ? ` (${esc(a.status_reason, 200)})` : '';
    return section(
      `*${esc(a.name, 200)}* \`${a.id}\` · ${STATUS[a.status]}${reason}\n${channel} · approvers ${approvers}${token}`,
    );
  });
  return {
    text: fallback(`${items.length} ad account(s) connected`),
    blocks: [
      ...lines,
      context('Admins: `/adpilot settings act_…` edits one, `/adpilot disconnect act_…` removes one.'),
    ],
  };
}

export const DISCONNECT_ACTION = 'account_disconnect';

/** The confirm step of `/adpilot disconnect`: a danger button behind Slack's own confirm dialog. */
export function disconnectConfirm(a: Pick<AdAccount, 'id' | 'name'>): Message {
  const disconnect = {
    ...button(`Disconnect ${a.id}`, DISCONNECT_ACTION, a.id, 'danger'),
    confirm: {
      title: { type: 'plain_text' as const, text: 'Disconnect this account?' },
      text: {
        type: 'mrkdwn' as const,
        text: `adpilot stops collecting and proposing for *${esc(a.name, 200)}*; its history is kept. Reconnect with \`/adpilot connect\`.`,
      },
      confirm: { type: 'plain_text' as const, text: 'Disconnect' },
      deny: { type: 'plain_text' as const, text: 'Keep it' },
      style: 'danger' as const,
    },
  };
  return {
    text: fallback(`Disconnect ${a.id}?`),
    blocks: [
      section(`Disconnect *${esc(a.name, 200)}* (\`${a.id}\`)? Its Schedules stop; its history stays.`),
      { type: 'actions', elements: [disconnect] },
    ],
  };
}
