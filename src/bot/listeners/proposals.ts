import type { App } from '@slack/bolt';
import { getAdAccount } from '../../db/accounts.ts';
import { getAction } from '../../db/actions.ts';
import { errorMessage, parseRejectMetadata, rejectReasonModal } from '../../slack/blocks/index.ts';
import type { BotDeps } from '../commands/index.ts';
import { decideProposal, undoProposal } from '../decisions.ts';
import { approvalWorkflowId } from '../../workflows/ids.ts';
import { replySafely, replyTo, slackIds } from './reply.ts';
import { approverRefusal } from '../access.ts';

/** The Slack team a click came from (Bolt's body carries it as team.id, or user.team_id on some surfaces). */
export const teamOf = (body: { team?: { id?: string } | null; user: { team_id?: string } }): string =>
  body.team?.id ?? body.user.team_id ?? '';

/** Why this person may not decide this proposal, or null: checked on the server before the workflow is asked. */
async function refusal(
  deps: BotDeps,
  proposalId: number,
  body: Parameters<typeof teamOf>[0] & { user: { id: string } },
) {
  const row = Number.isSafeInteger(proposalId) ? await getAction(deps.pool, proposalId) : null;
  if (!row) return { row: null, reason: 'This proposal no longer exists.' };
  const account = await getAdAccount(deps.pool, row.account_id);
  return { row, reason: approverRefusal(account, { teamId: teamOf(body), userId: body.user.id }) };
}

/** The ids a failed click on a proposal's button is logged with. */
const clickIds = (action: string, proposalId: number, body: unknown) => ({
  action,
  proposalId,
  workflowId: approvalWorkflowId(proposalId),
  ...slackIds(body),
});

/**
 * Approve, Undo and Reject (through the reason modal). Every decision goes to the proposal's approval workflow,
 * whose validator alone says who may decide and when: a double click or a Slack retry is refused there.
 */
export function registerProposalActions(app: App, deps: BotDeps): void {
  app.action('proposal_approve', async ({ ack, body, action, respond, client }) => {
    await ack();
    const id = Number((action as { value?: string }).value);
    await replySafely(
      replyTo(respond, client, body.user.id),
      deps.log,
      clickIds('proposal_approve', id, body),
      async () => {
        const { reason } = await refusal(deps, id, body);
        if (reason) return errorMessage(reason);
        const r = await decideProposal(deps.temporal, id, { kind: 'approve', userId: body.user.id });
        return r.ok ? { text: 'Approved; adpilot is checking and applying it.' } : errorMessage(r.reason);
      },
    );
  });

  app.action('proposal_undo', async ({ ack, body, action, respond, client }) => {
    await ack();
    const id = Number((action as { value?: string }).value);
    await replySafely(
      replyTo(respond, client, body.user.id),
      deps.log,
      clickIds('proposal_undo', id, body),
      async () => {
        const { reason } = await refusal(deps, id, body);
        if (reason) return errorMessage(reason);
        const r = await undoProposal(deps.temporal, id, body.user.id);
        return r.ok ? { text: 'Undone: the previous state is restored.' } : errorMessage(r.reason);
      },
    );
  });

  app.action('proposal_reject', async ({ ack, body, action, client, respond }) => {
    await ack();
    const id = Number((action as { value?: string }).value);
    const logContext = clickIds('proposal_reject', id, body);
    await replySafely(replyTo(respond, client, body.user.id), deps.log, logContext, async () => {
      const { row, reason } = await refusal(deps, id, body);
      if (row) Object.assign(logContext, { accountId: row.account_id });
      if (!row || reason) return errorMessage(reason ?? 'This proposal no longer exists.');
      const container = (body as { container?: { channel_id?: string; message_ts?: string } }).container;
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: rejectReasonModal(id, {
          summary: row.explanation,
          ...(container?.channel_id ? { channelId: container.channel_id } : {}),
          ...(container?.message_ts ? { messageTs: container.message_ts } : {}),
        }),
      });
      return null;
    });
  });

  app.view('proposal_reject_modal', async ({ ack, view, body, client }) => {
    const meta = parseRejectMetadata(view.private_metadata);
    const values = Object.values(view.state.values).flatMap((b) => Object.values(b));
    const reason = (values[0] as { value?: string | null } | undefined)?.value?.trim() ?? '';
    // Who may reject is a quick database check, answered in the form; the decision Update itself comes after the ack,
    // since it can outlast Slack's 3 s (a late ack shows the person an error while the rejection may still apply).
    const refused = meta ? (await refusal(deps, meta.proposalId, body)).reason : 'This form lost its proposal.';
    if (refused || !meta) {
      const blockId = Object.keys(view.state.values)[0] ?? 'reason';
      await ack({ response_action: 'errors', errors: { [blockId]: (refused ?? '').slice(0, 150) } });
      return;
    }
    await ack();
    const r = await decideProposal(deps.temporal, meta.proposalId, {
      kind: 'reject',
      userId: body.user.id,
      ...(reason ? { reason } : {}),
    });
    const text = r.ok ? 'Rejected; thank you for the reason.' : `Not rejected: ${r.reason}`;
    if (meta.channelId) await client.chat.postEphemeral({ channel: meta.channelId, user: body.user.id, text });
    // Rejected from App Home: no channel to answer in, so the DM with the app says it.
    else await client.chat.postMessage({ channel: body.user.id, text });
  });
}
