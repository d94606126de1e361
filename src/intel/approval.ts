/**
 * Who may decide a proposal, and when: the single source of truth behind the approval workflow's Update
 * validators (so Slack retries and double clicks are refused with a reason instead of deciding twice).
 */

export type ProposalStatus =
  | 'proposed'
  | 'reconfirm'
  | 'escalated'
  | 'approved'
  | 'executing'
  | 'executed'
  | 'recorded'
  | 'blocked'
  | 'rejected'
  | 'expired'
  | 'failed'
  | 'undone'
  | 'shadow';

export const AWAITING_DECISION: readonly ProposalStatus[] = ['proposed', 'reconfirm', 'escalated'];

export interface Decision {
  kind: 'approve' | 'reject' | 'modify';
  userId: string;
  reason?: string;
  /** For modify: the new change in percent (budget/bid actions). */
  changePercent?: number;
}

export interface DecisionState {
  status: ProposalStatus;
  decidedBy?: string;
  decidedAt?: number;
  expiresAt: number;
  approverUserIds: readonly string[];
  actionType: string;
}

/** Raised by validators; the message is shown to the person who clicked. */
export class DecisionRefused extends Error {
  override name = 'DecisionRefused';
}

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/**
 * @throws DecisionRefused when the decision may not be taken: not an approver, already decided, expired, or a
 * modify without a valid change.
 */
export function validateDecision(state: DecisionState, decision: Decision, now: number): void {
  if (!state.approverUserIds.includes(decision.userId)) {
    const who =
      state.approverUserIds.map((u) => `<@${u}>`).join(', ') ||
      'nobody yet (a workspace admin sets them with `/adpilot settings`)';
    throw new DecisionRefused(`Only this account's approvers can decide proposals: ${who}.`);
  }
  validateDecisionState(state, decision, now);
}

/**
 * The part of validateDecision that needs no approver list: state, expiry and the modify's change. The Update
 * validator uses it alone when the approver list is read by the handler (it cannot do I/O itself).
 * @throws DecisionRefused when already decided, expired, or a modify without a valid change.
 */
export function validateDecisionState(
  state: Omit<DecisionState, 'approverUserIds'>,
  decision: Decision,
  now: number,
): void {
  if (!AWAITING_DECISION.includes(state.status)) {
    const by = state.decidedBy ? ` by <@${state.decidedBy}>` : '';
    const at = state.decidedAt ? ` at ${when(state.decidedAt)}` : '';
    throw new DecisionRefused(`This proposal was already decided${by}${at} (status: ${state.status}).`);
  }
  if (now >= state.expiresAt) throw new DecisionRefused(`This proposal expired at ${when(state.expiresAt)}.`);
  if (decision.kind === 'modify') {
    const budgetOrBid = ['increase_budget', 'decrease_budget', 'adjust_bid'].includes(state.actionType);
    if (!budgetOrBid)
      throw new DecisionRefused('Only budget and bid proposals can be modified; approve or reject this one.');
    const p = decision.changePercent;
    if (p === undefined || !Number.isFinite(p) || p === 0 || Math.abs(p) > 100) {
      throw new DecisionRefused('A modified proposal needs a change between -100% and 100%, not 0.');
    }
  }
}

export interface UndoState {
  status: ProposalStatus;
  undoUntil?: number;
  approverUserIds: readonly string[];
}

/** @throws DecisionRefused when the action cannot be undone (not executed, window closed, not an approver). */
export function validateUndo(state: UndoState, userId: string, now: number): void {
  if (!state.approverUserIds.includes(userId))
    throw new DecisionRefused("Only this account's approvers can undo actions.");
  validateUndoState(state, now);
}

/** validateUndo without the approver list (see validateDecisionState). @throws DecisionRefused */
export function validateUndoState(state: Omit<UndoState, 'approverUserIds'>, now: number): void {
  if (state.status !== 'executed')
    throw new DecisionRefused(`Only an executed action can be undone (status: ${state.status}).`);
  if (state.undoUntil === undefined || now >= state.undoUntil)
    throw new DecisionRefused('The undo window for this action has closed.');
}
