/** The modal that asks why a proposal was rejected; the reason teaches the policy and goes into the audit trail. */
import { plain, section, esc, type ModalView } from './text.ts';

export const REJECT_MODAL = {
  callbackId: 'proposal_reject_modal',
  blockId: 'reject_reason',
  actionId: 'reason',
} as const;

/**
 * `privateMetadata` carries the proposal id, and the channel and ts of the card when the caller wants the card
 * updated after the submission (a view submission has no response_url; see research notes §1.5).
 */
export function rejectReasonModal(
  proposalId: number,
  opts: { summary?: string; channelId?: string; messageTs?: string } = {},
): ModalView {
  const meta = opts.channelId
    ? JSON.stringify({ proposalId, channelId: opts.channelId, messageTs: opts.messageTs })
    : String(proposalId);
  return {
    type: 'modal',
    callback_id: REJECT_MODAL.callbackId,
    private_metadata: meta,
    title: plain('Reject proposal', 24),
    submit: plain('Reject', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(opts.summary ? `*Proposal #${proposalId}*: ${esc(opts.summary, 2800)}` : `*Proposal #${proposalId}*`),
      {
        type: 'input',
        block_id: REJECT_MODAL.blockId,
        label: plain('Why reject it?', 2000),
        hint: plain('The reason is kept with the decision and helps adpilot propose better.', 2000),
        element: {
          type: 'plain_text_input',
          action_id: REJECT_MODAL.actionId,
          multiline: true,
          max_length: 1000,
          placeholder: plain('e.g. the sale starts tomorrow, keep it running', 150),
        },
      },
    ],
  };
}

/** Reads the proposal id (and card location) back from a submitted view's private_metadata. Never throws. */
export function parseRejectMetadata(
  meta: string,
): { proposalId: number; channelId?: string; messageTs?: string } | null {
  if (/^\d+$/.test(meta)) return { proposalId: Number(meta) };
  try {
    const v = JSON.parse(meta) as { proposalId?: unknown; channelId?: unknown; messageTs?: unknown };
    if (typeof v.proposalId !== 'number') return null;
    return {
      proposalId: v.proposalId,
      ...(typeof v.channelId === 'string' ? { channelId: v.channelId } : {}),
      ...(typeof v.messageTs === 'string' ? { messageTs: v.messageTs } : {}),
    };
  } catch {
    return null;
  }
}
