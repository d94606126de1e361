import type { WebClient } from '@slack/web-api';
import type { DatabasePool } from 'slonik';
import { digest, type Notification } from '../slack/blocks/index.ts';
import { actionLabel } from '../slack/views.ts';
import { getAdAccount } from '../db/accounts.ts';
import { getAction } from '../db/actions.ts';
import { claimDigest, digestAlerts, markDigestSent, type DigestAlert } from '../db/digests.ts';
import type { DigestResult } from './ports.ts';

const SUGGESTIONS = 'Suggestions (no decision needed)';

/** One digest line: a suggestion names its action and entity; other notes carry their own topic and text. */
async function line(pool: DatabasePool, a: DigestAlert): Promise<Notification> {
  const text = typeof a.payload.text === 'string' ? a.payload.text : 'A note from adpilot.';
  const topic = typeof a.payload.topic === 'string' ? a.payload.topic : undefined;
  const action = a.action_id === null ? null : await getAction(pool, a.action_id);
  if (!action) return { kind: topic ?? 'Notes', text, at: a.created_at };
  return {
    kind: topic ?? SUGGESTIONS,
    text: `${actionLabel(action)} ${action.entity_name ?? action.entity_id}: ${text}`,
    at: a.created_at,
  };
}

/**
 * Posts the account's pending alerts as one digest message in its channel. The digest row is claimed before
 * posting and marked sent (with the message ts) after, so a retry re-posts only a digest that never got a ts.
 * @throws the Web API error of chat.postMessage (the activity retries; the claimed digest waits for it).
 */
export async function postSlackDigest(
  deps: { pool: DatabasePool; slack: WebClient },
  accountId: string,
): Promise<DigestResult> {
  const account = await getAdAccount(deps.pool, accountId);
  if (!account?.slack_channel_id) return { posted: false, notes: 0 };
  const claimed = await claimDigest(deps.pool, accountId, account.slack_channel_id);
  if (!claimed) return { posted: false, notes: 0 };
  const channel = claimed.channel_id ?? account.slack_channel_id;
  const alerts = await digestAlerts(deps.pool, claimed.alert_ids);
  const lines: Notification[] = [];
  for (const a of alerts) lines.push(await line(deps.pool, a));
  const message = digest(lines, `adpilot digest: ${account.name}`);
  const posted = await deps.slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
  await markDigestSent(deps.pool, claimed.id, posted.channel ?? channel, posted.ts);
  return { posted: true, notes: lines.length, ts: posted.ts };
}
