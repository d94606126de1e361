import { condition, patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { Decision } from '../intel/approval.ts';
import { ActionType, AdAccountId, EntityId, ProposalStatus, RuleId } from './search-attributes.ts';
import { acts } from './activities.ts';
import { actOnApproval } from './approval-execute.ts';
import { installHandlers } from './approval-handlers.ts';
import {
  finish,
  measure,
  notify,
  notifyEscalation,
  setStatus,
  attempt,
  fail,
  type ApprovalRun,
} from './approval-run.ts';
import type { ApprovalInput, ApprovalResult } from './messages.ts';
import { HOUR } from '../intel/time.ts';

/**
 * One proposal's life: post the card, wait for a person (or the expiry), re-check, pass the safety gate, execute
 * exactly once, keep an undo window, and hand over to the outcome workflow that measures what happened.
 */
export async function approvalWorkflow(input: ApprovalInput): Promise<ApprovalResult> {
  const run: ApprovalRun = {
    input,
    view: { proposalId: input.proposalId, status: 'proposed', expiresAt: input.expiresAt, reasons: [] },
    indexed: input.searchAttributes !== false,
    windowMs: Math.max(HOUR, input.expiresAt - Date.now()),
    pending: undefined,
    undone: false,
    failureIsState: patched('approval-failure-state'),
    liveApprovers: patched('approval-live-approvers'),
    undoing: false,
  };
  if (run.indexed)
    upsertSearchAttributes([
      { key: AdAccountId, value: input.accountId },
      { key: EntityId, value: input.entityId },
      { key: ActionType, value: input.actionType },
      { key: ProposalStatus, value: 'proposed' },
      ...(input.ruleId ? [{ key: RuleId, value: input.ruleId }] : []),
    ]);
  installHandlers(run);
  await notify(run, 'proposal');

  if (input.executionMode === 'suggestion_only') {
    setStatus(run, 'shadow');
    await acts.recordStatus(
      input.proposalId,
      'shadow',
      'adpilot',
      'Suggestion only: recorded what the rule would have done.',
    );
    await measure(run, 'shadow');
    return finish(run, ['Suggestion only: nothing is executed; the outcome is still measured.']);
  }
  if (input.executionMode === 'automatic') {
    const verdict = await attempt(run, () => acts.checkSafety(input.proposalId, 'automatic'));
    if (!verdict.ok) return fail(run, verdict.reason);
    if (verdict.value.kind === 'execute') run.pending = { kind: 'approve', userId: 'adpilot' };
    else run.view.reasons = verdict.value.reasons;
  }
  return decisionLoop(run);
}

/** Waits for a decision or the expiry (escalating once when the rule says so), and acts on it. */
async function decisionLoop(run: ApprovalRun): Promise<ApprovalResult> {
  const { input, view } = run;
  let escalated = false;
  for (;;) {
    const decided = await condition(() => run.pending !== undefined, Math.max(0, view.expiresAt - Date.now()));
    if (!decided) {
      if (input.expiryPolicy === 'escalate' && !escalated) {
        escalated = true;
        view.expiresAt = Date.now() + run.windowMs;
        setStatus(run, 'escalated');
        await acts.recordStatus(
          input.proposalId,
          'escalated',
          'adpilot',
          'No decision before expiry; escalated to the approvers.',
        );
        await notifyEscalation(run, 'No decision before the proposal expired.');
        continue;
      }
      setStatus(run, 'expired');
      await acts.recordStatus(input.proposalId, 'expired', 'adpilot', 'No decision before expiry.');
      await measure(run, 'expired');
      return finish(run, ['Expired without a decision.']);
    }
    const decision: Decision = run.pending!;
    run.pending = undefined;
    await acts.recordDecision(input.proposalId, decision);
    if (decision.kind === 'reject') {
      await measure(run, 'rejected');
      return finish(run, [decision.reason ? `Rejected: ${decision.reason}` : 'Rejected.']);
    }
    const acted = await actOnApproval(run, decision);
    if (acted !== 'reconfirm') return acted;
  }
}
