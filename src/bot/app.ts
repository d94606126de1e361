import { App, type RespondFn } from '@slack/bolt';
import type { Client } from '@temporalio/client';
import type { DatabasePool } from 'slonik';
import type { Config } from '../config.ts';
import { accountForChannel, getAdAccount, type AdAccount } from '../db/accounts.ts';
import { getAction, listOpenProposals } from '../db/actions.ts';
import { recentCollectionRuns } from '../db/collection-runs.ts';
import { lastSufficiency } from '../db/sufficiency.ts';
import { addRule, listRules, setRuleEnabled } from '../db/rules.ts';
import { TEMPLATE_INPUTS } from '../intel/rules/index.ts';
import { triggerSyncNow } from '../temporal/sync-now.ts';
import {
  errorMessage,
  helpMessage,
  noScoreCard,
  parseRejectMetadata,
  pendingList,
  rejectReasonModal,
  rulesList,
  statusCard,
  type Message,
} from './blocks/index.ts';
import { parseCommand, USAGE, type ParsedCommand } from './commands/parse.ts';
import { decideProposal, undoProposal } from './decisions.ts';
import { pendingItem } from './views.ts';

export interface BotDeps {
  signingSecret: string;
  token: string;
  /** The Slack Web API base (the local emulator's /api/ when no real Slack is configured). */
  slackApiUrl?: string;
  pool: DatabasePool;
  temporal: Client;
  config: Config;
}

const COMMANDS = [
  '/sync-now',
  '/score',
  '/pending',
  '/rules',
  '/status',
  '/patterns',
  '/forecast',
  '/budget',
  '/accuracy',
  '/adpilot',
];

/** The account a command is about: the one given, else the one bound to the channel. */
async function resolveAccount(pool: DatabasePool, channelId: string, explicit?: string): Promise<AdAccount | string> {
  if (explicit) return (await getAdAccount(pool, explicit)) ?? `${explicit} is not connected to adpilot.`;
  return (
    (await accountForChannel(pool, channelId)) ??
    'No ad account is bound to this channel; give one, e.g. `act_1234567890`.'
  );
}

type Reply = { text: string; blocks?: Message['blocks'] };

/** What a command answers with (the listener acks first; this runs after). */
async function answer(cmd: ParsedCommand, channelId: string, userId: string, deps: BotDeps): Promise<Reply> {
  if (cmd.command === 'help') return helpMessage(cmd.topic);
  if (cmd.command === 'rules' && cmd.sub === 'templates') {
    return {
      text: 'Rule templates',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: Object.entries(TEMPLATE_INPUTS)
              .map(([id, t]) => `• \`${id}\`: ${t.description ?? t.name}`)
              .join('\n'),
          },
        },
      ],
    };
  }
  const account = await resolveAccount(deps.pool, channelId, 'account' in cmd ? cmd.account : undefined);
  if (typeof account === 'string') return errorMessage(account);
  switch (cmd.command) {
    case 'sync-now': {
      const r = await triggerSyncNow(deps.temporal, account.id);
      if (r.state === 'no_schedule')
        return errorMessage(`${account.name} has no collection schedule yet; it is created when adpilot starts.`);
      if (r.state === 'not_started')
        return errorMessage('The collection did not start in time; check /status in a minute.');
      return {
        text:
          r.state === 'already_running'
            ? `A collection of ${account.name} is already running (${r.workflowId}).`
            : `Collecting ${account.name} now (${r.workflowId}). /status shows the summary when it is done.`,
      };
    }
    case 'pending':
      return pendingList({
        accountName: account.name,
        items: (await listOpenProposals(deps.pool, account.id))
          .filter((p) => p.status !== 'approved' && p.status !== 'executing')
          .map(pendingItem),
      });
    case 'status': {
      const runs = await recentCollectionRuns(deps.pool, account.id, 5);
      const suff = await lastSufficiency(deps.pool, account.id);
      return statusCard({
        accountName: account.name,
        runs: runs.map((r) => ({
          startedAt: r.started_at,
          status: r.status,
          ...(typeof r.summary.rowsWritten === 'number' ? { rowsWritten: r.summary.rowsWritten } : {}),
          ...(typeof r.summary.durationMs === 'number' ? { durationMs: r.summary.durationMs } : {}),
          ...(r.error_message ? { error: r.error_message } : {}),
        })),
        schedule: {
          every: `${deps.config.INSIGHTS_COLLECTION_INTERVAL} min`,
          paused: !deps.config.ENABLE_INSIGHTS_COLLECTION,
        },
        switches: [
          { name: 'Intelligence', on: deps.config.ENABLE_INTELLIGENCE },
          { name: 'Rules engine', on: deps.config.ENABLE_RULES_ENGINE },
          { name: 'Executor (writes to Meta)', on: deps.config.ENABLE_ACTION_EXECUTOR },
          { name: 'ML shadow mode', on: deps.config.ML_SHADOW_MODE },
        ],
        ...(suff ? { dataSufficiency: suff.detail.message } : {}),
      });
    }
    case 'rules': {
      if (cmd.sub === 'list') {
        const rules = await listRules(deps.pool, account.id);
        return rulesList({
          accountName: account.name,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.rule.name,
            enabled: r.enabled,
            description: r.rule.description ?? '',
          })),
        });
      }
      if (cmd.sub === 'enable' || cmd.sub === 'disable') {
        const rules = await listRules(deps.pool, account.id);
        const rule = /^\d+$/.test(cmd.ruleRef)
          ? rules[Number(cmd.ruleRef) - 1]
          : rules.find((r) => r.id === cmd.ruleRef);
        if (!rule)
          return errorMessage(`No rule "${cmd.ruleRef}" on ${account.name}; /rules lists them with their numbers.`);
        await setRuleEnabled(deps.pool, rule.id, cmd.sub === 'enable');
        return { text: `${cmd.sub === 'enable' ? 'Enabled' : 'Disabled'} "${rule.rule.name}".` };
      }
      if (cmd.sub === 'add') {
        const template = TEMPLATE_INPUTS[cmd.templateId];
        if (!template) return errorMessage(`No template "${cmd.templateId}"; /rules templates lists them.`);
        const { stored, conflicts } = await addRule(deps.pool, account.id, template, userId, null);
        return {
          text: `Added "${stored.rule.name}".${conflicts.length ? ` Warning: ${conflicts.map((c) => c.reason).join(' ')}` : ''}`,
        };
      }
      return errorMessage('Backtests from Slack are not available yet.', USAGE.rules);
    }
    case 'score':
      return noScoreCard({ accountName: account.name, missing: ['the account score is not computed yet (issue #7)'] });
    default:
      return errorMessage(`/${cmd.command} is not available yet.`);
  }
}

/**
 * The Bolt app: slash commands, proposal buttons and the reject modal. Every listener acks first (Slack's 3 s),
 * decisions go to the approval workflow (its validator decides who may decide and when), and failures reach the
 * person as a message.
 */
export function createBotApp(deps: BotDeps): App {
  const app = new App({
    signingSecret: deps.signingSecret,
    token: deps.token,
    botId: 'B_ADPILOT',
    botUserId: 'U_ADPILOT',
    clientOptions: { ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}), retryConfig: { retries: 2 } },
  });

  const safely = async (respond: RespondFn, fn: () => Promise<Reply>) => {
    try {
      const m = await fn();
      await respond({ response_type: 'ephemeral', text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
    } catch (error) {
      await respond({ response_type: 'ephemeral', text: `Something went wrong: ${(error as Error).message}` });
    }
  };

  for (const name of COMMANDS) {
    app.command(name, async ({ command, ack, respond }) => {
      const parsed = parseCommand(command.command, command.text);
      if (!parsed.ok) {
        await ack({ response_type: 'ephemeral', text: `${parsed.error}\n${parsed.usage}` });
        return;
      }
      await ack();
      await safely(respond, () => answer(parsed.value, command.channel_id, command.user_id, deps));
    });
  }

  app.action('proposal_approve', async ({ ack, body, action, respond }) => {
    await ack();
    const id = Number((action as { value?: string }).value);
    await safely(respond, async () => {
      const r = await decideProposal(deps.temporal, id, { kind: 'approve', userId: body.user.id });
      return r.ok ? { text: 'Approved; adpilot is checking and applying it.' } : errorMessage(r.reason);
    });
  });

  app.action('proposal_undo', async ({ ack, body, action, respond }) => {
    await ack();
    const id = Number((action as { value?: string }).value);
    await safely(respond, async () => {
      const r = await undoProposal(deps.temporal, id, body.user.id);
      return r.ok ? { text: 'Undone: the previous state is restored.' } : errorMessage(r.reason);
    });
  });

  app.action('proposal_reject', async ({ ack, body, action, client, respond }) => {
    await ack();
    const id = Number((action as { value?: string }).value);
    const row = await getAction(deps.pool, id);
    const account = row ? await getAdAccount(deps.pool, row.account_id) : null;
    if (!row || !account?.approver_user_ids.includes(body.user.id)) {
      await respond({ response_type: 'ephemeral', text: "Only this account's approvers can decide proposals." });
      return;
    }
    const container = (body as { container?: { channel_id?: string; message_ts?: string } }).container;
    await client.views.open({
      trigger_id: (body as { trigger_id: string }).trigger_id,
      view: rejectReasonModal(id, {
        summary: row.explanation,
        ...(container?.channel_id ? { channelId: container.channel_id } : {}),
        ...(container?.message_ts ? { messageTs: container.message_ts } : {}),
      }),
    });
  });

  app.view('proposal_reject_modal', async ({ ack, view, body, client }) => {
    const meta = parseRejectMetadata(view.private_metadata);
    const values = Object.values(view.state.values).flatMap((b) => Object.values(b));
    const reason = (values[0] as { value?: string | null } | undefined)?.value?.trim() ?? '';
    const r = meta
      ? await decideProposal(deps.temporal, meta.proposalId, {
          kind: 'reject',
          userId: body.user.id,
          ...(reason ? { reason } : {}),
        })
      : { ok: false as const, reason: 'This form lost its proposal.' };
    if (!r.ok) {
      const blockId = Object.keys(view.state.values)[0] ?? 'reason';
      await ack({ response_action: 'errors', errors: { [blockId]: r.reason.slice(0, 150) } });
      return;
    }
    await ack();
    if (meta?.channelId)
      await client.chat.postEphemeral({
        channel: meta.channelId,
        user: body.user.id,
        text: 'Rejected; thank you for the reason.',
      });
  });

  return app;
}
