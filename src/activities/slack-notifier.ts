import { WebClient } from '@slack/web-api';
import type { DatabasePool } from 'slonik';
import { accountsOfWorkspace, getAdAccount } from '../db/accounts.ts';
import { getAction, setSlackMessage } from '../db/actions.ts';
import { getEntityRow } from '../db/entities.ts';
import { loadHomeRows } from '../db/home.ts';
import { isAdmin, privatelyVisible } from '../slack/roles.ts';
import { getRule } from '../db/rules.ts';
import { recordNotification } from '../db/notifications.ts';
import { decidedProposalCard, proposalCard } from '../slack/blocks/index.ts';
import { proposalCardInput, proposalDecision } from '../slack/views.ts';
import { HOME_RECENT_ACTIONS, homeView } from '../slack/home.ts';
import { bestEffort } from './best-effort.ts';
import { postCardChart } from './card-chart.ts';
import { postSlackDigest } from './slack-digest.ts';
import type { Notifier } from './ports.ts';
import { singleWorkspace, type SlackClientFor } from './slack-clients.ts';

/**
 * Posts proposal cards to the account's channel and keeps them current: the card is updated in place after a
 * decision; outcomes and escalations go to the card's thread. Suggestion-only proposals are recorded for the
 * digest instead of posting a card each. Every post is also recorded (intel_notification).
 */
export function createSlackNotifier(deps: {
  pool: DatabasePool;
  /** One workspace's client, or the client of each account's workspace (OAuth installations). */
  slack: WebClient | SlackClientFor;
  now?: () => number;
  /** ADPILOT_ADMIN_USER_IDS: admins see every account of their team on Home. */
  adminUserIds?: readonly string[];
}): Notifier {
  const now = deps.now ?? Date.now;
  const slackFor = deps.slack instanceof WebClient ? singleWorkspace(deps.slack) : deps.slack;
  const load = async (id: number) => {
    const row = await getAction(deps.pool, id);
    const account = row ? await getAdAccount(deps.pool, row.account_id) : null;
    if (!row || !account) return null;
    // Resolved when the activity runs, so a workspace's re-install (new token) applies to open proposals too.
    const slack = await slackFor(account.workspace_id);
    return { row, account, slack, channel: row.slack_channel_id ?? account.slack_channel_id };
  };
  const card = async (row: NonNullable<Awaited<ReturnType<typeof load>>>['row'], accountName: string) => {
    const rule = row.rule_id ? await getRule(deps.pool, row.rule_id) : null;
    const entity = await getEntityRow(deps.pool, row.account_id, row.entity_id);
    const input = proposalCardInput(row, accountName, {
      ...(rule ? { ruleName: rule.rule.name } : {}),
      learningStage: entity?.learning_stage ?? null,
    });
    const decision = proposalDecision(row, now());
    return decision ? decidedProposalCard(input, decision, now()) : proposalCard(input, now());
  };
  return {
    async proposal(id) {
      const x = await load(id);
      if (!x || !x.channel) return;
      if (x.row.execution_mode === 'suggestion_only') {
        await recordNotification(deps.pool, {
          dedupeKey: `alert:${id}`,
          accountId: x.row.account_id,
          kind: 'alert',
          actionId: id,
          payload: { text: x.row.explanation },
        });
        return;
      }
      const message = await card(x.row, x.account.name);
      if (x.row.slack_message_ts) {
        await x.slack.chat.update({
          channel: x.channel,
          ts: x.row.slack_message_ts,
          text: message.text,
          blocks: message.blocks,
        });
        return;
      }
      const posted = await x.slack.chat.postMessage({
        channel: x.channel,
        text: message.text,
        blocks: message.blocks,
      });
      if (posted.ts) await setSlackMessage(deps.pool, id, posted.channel ?? x.channel, posted.ts);
      const ts = posted.ts;
      // Only right after the first post: a retry finds slack_message_ts set and updates the card instead.
      if (ts)
        await bestEffort(
          `trend chart for proposal ${id}`,
          () =>
            postCardChart({ pool: deps.pool, slack: x.slack }, x.row, {
              channel: posted.channel ?? x.channel!,
              ts,
              currency: x.account.currency,
              now: now(),
            }),
          { accountId: x.row.account_id, proposalId: id },
        );
      await recordNotification(deps.pool, {
        dedupeKey: `proposal:${id}:posted`,
        accountId: x.row.account_id,
        kind: 'proposal',
        actionId: id,
        channelId: x.channel,
        messageTs: posted.ts ?? null,
        status: 'sent',
      });
    },
    async decision(id) {
      const x = await load(id);
      if (!x || !x.channel) return;
      if (x.row.slack_message_ts) {
        const message = await card(x.row, x.account.name);
        await x.slack.chat.update({
          channel: x.channel,
          ts: x.row.slack_message_ts,
          text: message.text,
          blocks: message.blocks,
        });
      }
      // The approvers' Home tabs list this proposal as waiting: refresh them now that it is decided.
      const ids = { accountId: x.row.account_id, proposalId: id };
      await bestEffort(
        'App Home refresh',
        async () => {
          const team = await accountsOfWorkspace(deps.pool, x.account.workspace_id);
          for (const user of x.account.approver_user_ids)
            await bestEffort(
              `App Home refresh for ${user}`,
              async () => {
                const admin = await isAdmin(x.slack, deps.adminUserIds ?? [], user);
                const rows = await loadHomeRows(deps.pool, privatelyVisible(team, user, admin), HOME_RECENT_ACTIONS);
                await x.slack.views.publish({ user_id: user, view: homeView(rows, user, now()) });
              },
              { ...ids, userId: user },
            );
        },
        ids,
      );
    },
    async outcome(id, horizonHours) {
      const x = await load(id);
      if (!x || !x.channel || !x.row.slack_message_ts) return;
      const score = x.row.outcome_score;
      const text = `Outcome after ${horizonHours} h: reward ${score === null ? 'not measured' : score.toFixed(2)}.`;
      await x.slack.chat.postMessage({ channel: x.channel, thread_ts: x.row.slack_message_ts, text });
    },
    async digest(accountId) {
      const account = await getAdAccount(deps.pool, accountId);
      if (!account) return { posted: false, notes: 0 };
      return postSlackDigest({ pool: deps.pool, slack: await slackFor(account.workspace_id) }, accountId);
    },
    async accountNeedsAttention(accountId, reason) {
      const account = await getAdAccount(deps.pool, accountId);
      if (!account?.slack_channel_id) return;
      const who = account.approver_user_ids.map((u) => `<@${u}>`).join(' ');
      const slack = await slackFor(account.workspace_id);
      await slack.chat.postMessage({
        channel: account.slack_channel_id,
        text:
          `:warning: ${who} adpilot could not collect *${account.name}* (${accountId}) from Meta: ${reason}\n` +
          'Proposals wait until a collection succeeds again. If the token stopped working, an admin reconnects it ' +
          `with \`/adpilot settings ${accountId}\`.`,
      });
    },
    async escalation(id, reason) {
      const x = await load(id);
      if (!x || !x.channel) return;
      const who = x.account.approver_user_ids.map((u) => `<@${u}>`).join(' ');
      await x.slack.chat.postMessage({
        channel: x.channel,
        ...(x.row.slack_message_ts ? { thread_ts: x.row.slack_message_ts } : {}),
        text: `${who} this proposal needs a decision: ${reason}`,
      });
    },
  };
}
