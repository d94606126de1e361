import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  ParentClosePolicy,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { DecisionRefused, validateDecision, validateUndo, type Decision } from '../intel/approval.ts';
import type { SafetyVerdict } from '../intel/safety.ts';
import { outcomeWorkflowId } from './ids.ts';
import { ActionType, AdAccountId, EntityId, ProposalStatus, RuleId } from './search-attributes.ts';
import { acts, execActs } from './activities.ts';
import {
  decideUpdate,
  proposalStatusQuery,
  undoUpdate,
  type ApprovalInput,
  type ApprovalResult,
  type OutcomeDecision,
  type ProposalView,
} from './messages.ts';
import { outcomeWorkflow } from './outcome.ts';
import { HOUR } from '../intel/time.ts';

/**
 * One proposal's life: post the card, wait for a person (or the expiry), re-check, pass the safety gate, execute
 * exactly once, keep an undo window, and hand over to the outcome workflow that measures what happened.
 */
export async function approvalWorkflow(input: ApprovalInput): Promise<ApprovalResult> {
  const view: ProposalView = {
    proposalId: input.proposalId,
    status: 'proposed',
    expiresAt: input.expiresAt,
    reasons: [],
  };
  const windowMs = Math.max(HOUR, input.expiresAt - Date.now());
  let pending: Decision | undefined;
  let undone = false;

  const indexed = input.searchAttributes !== false;
  if (indexed)
    upsertSearchAttributes([
      { key: AdAccountId, value: input.accountId },
      { key: EntityId, value: input.entityId },
      { key: ActionType, value: input.actionType },
      { key: ProposalStatus, value: 'proposed' },
      ...(input.ruleId ? [{ key: RuleId, value: input.ruleId }] : []),
    ]);
  const setStatus = (status: ProposalView['status']) => {
    view.status = status;
    if (indexed) upsertSearchAttributes([{ key: ProposalStatus, value: status }]);
  };

  setHandler(proposalStatusQuery, () => view);
  const decide = (decision: Decision) => {
    pending = decision;
    view.decidedBy = decision.userId;
    view.decidedAt = Date.now();
    // The status moves on at once, so a second click is refused by the validator even before the run reacts.
    setStatus(decision.kind === 'reject' ? 'rejected' : 'approved');
    return { accepted: true as const, status: view.status };
  };
  const validateDecide = (decision: Decision) =>
    validateDecision(
      { ...view, approverUserIds: input.approverUserIds, actionType: input.actionType },
      decision,
      Date.now(),
    );
  setHandler(decideUpdate, decide, { validator: validateDecide });
  if (input.decision && input.executionMode === 'approval_required') {
    try {
      validateDecide(input.decision);
      decide(input.decision);
    } catch (error) {
      if (!(error instanceof DecisionRefused)) throw error;
      view.reasons = [`Not decided by <@${input.decision.userId}>: ${error.message}`];
      log.warn('decision given at start refused', { proposalId: input.proposalId, reason: error.message });
    }
  }
  setHandler(
    undoUpdate,
    async ({ userId }) => {
      const result = await acts.undoAction(input.proposalId, userId);
      if (result.undone) {
        undone = true;
        setStatus('undone');
      }
      return result;
    },
    {
      validator: ({ userId }: { userId: string }) =>
        validateUndo({ ...view, approverUserIds: input.approverUserIds }, userId, Date.now()),
    },
  );

  const measure = async (decision: OutcomeDecision) => {
    try {
      await startChild(outcomeWorkflow, {
        workflowId: outcomeWorkflowId(input.proposalId),
        args: [
          {
            proposalId: input.proposalId,
            decision,
            fromTime: Date.now(),
            horizonsHours: input.outcomeHorizonsHours ?? [24, 48, 72],
          },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...(indexed
          ? {
              typedSearchAttributes: [
                { key: AdAccountId, value: input.accountId },
                { key: EntityId, value: input.entityId },
                { key: ActionType, value: input.actionType },
              ],
            }
          : {}),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
  const finish = async (reasons: string[]): Promise<ApprovalResult> => {
    view.reasons = reasons;
    await acts.notifyDecision(input.proposalId);
    await condition(allHandlersFinished);
    return { proposalId: input.proposalId, status: view.status, reasons };
  };

  await acts.notifyProposal(input.proposalId);

  if (input.executionMode === 'suggestion_only') {
    setStatus('shadow');
    await acts.recordStatus(
      input.proposalId,
      'shadow',
      'adpilot',
      'Suggestion only: recorded what the rule would have done.',
    );
    await measure('shadow');
    return finish(['Suggestion only: nothing is executed; the outcome is still measured.']);
  }
  if (input.executionMode === 'automatic') {
    const verdict = await acts.checkSafety(input.proposalId, 'automatic');
    if (verdict.kind === 'execute') pending = { kind: 'approve', userId: 'adpilot' };
    else view.reasons = verdict.reasons;
  }

  let escalated = false;
  for (;;) {
    const decided = await condition(() => pending !== undefined, Math.max(0, view.expiresAt - Date.now()));
    if (!decided) {
      if (input.expiryPolicy === 'escalate' && !escalated) {
        escalated = true;
        view.expiresAt = Date.now() + windowMs;
        setStatus('escalated');
        await acts.recordStatus(
          input.proposalId,
          'escalated',
          'adpilot',
          'No decision before expiry; escalated to the approvers.',
        );
        await acts.notifyEscalation(input.proposalId, 'No decision before the proposal expired.');
        continue;
      }
      setStatus('expired');
      await acts.recordStatus(input.proposalId, 'expired', 'adpilot', 'No decision before expiry.');
      await measure('expired');
      return finish(['Expired without a decision.']);
    }
    const decision = pending!;
    pending = undefined;
    await acts.recordDecision(input.proposalId, decision);
    if (decision.kind === 'reject') {
      await measure('rejected');
      return finish([decision.reason ? `Rejected: ${decision.reason}` : 'Rejected.']);
    }

    const check = await acts.revalidateProposal(input.proposalId);
    if (!check.ok) {
      // Ask again rather than act on a situation the approver did not see.
      view.expiresAt = Date.now() + windowMs;
      view.decidedBy = undefined;
      view.decidedAt = undefined;
      setStatus('reconfirm');
      await acts.recordStatus(input.proposalId, 'reconfirm', 'adpilot', check.reason);
      await acts.notifyProposal(input.proposalId);
      continue;
    }

    const verdict: SafetyVerdict = await acts.checkSafety(
      input.proposalId,
      decision.userId === 'adpilot' ? 'automatic' : 'approved',
    );
    if (verdict.kind === 'execute') {
      setStatus('executing');
      const result = await execActs.executeAction(input.proposalId, verdict);
      if (!result.ok) {
        setStatus('failed');
        return finish([...verdict.reasons, result.detail]);
      }
      setStatus('executed');
      view.undoUntil = Date.now() + (input.undoWindowHours ?? 24) * HOUR;
      await acts.setUndoWindow(input.proposalId, view.undoUntil);
      view.reasons = [...verdict.reasons, result.detail];
      await acts.notifyDecision(input.proposalId);
      await measure('executed');
      await condition(() => undone, Math.max(0, view.undoUntil - Date.now()));
      view.undoUntil = undefined;
      if (!undone) await acts.notifyDecision(input.proposalId); // the Undo button goes away
      await condition(allHandlersFinished);
      return { proposalId: input.proposalId, status: view.status, reasons: view.reasons };
    }
    if (verdict.kind === 'record_only') {
      setStatus('recorded');
      await acts.recordStatus(input.proposalId, 'recorded', 'adpilot', verdict.reasons.join(' '));
      await measure('recorded');
      return finish(verdict.reasons);
    }
    if (verdict.kind === 'escalate') {
      setStatus('blocked');
      await acts.recordStatus(input.proposalId, 'blocked', 'adpilot', verdict.reasons.join(' '));
      await acts.notifyEscalation(input.proposalId, verdict.reasons.join(' '));
      return finish(verdict.reasons);
    }
    if (verdict.kind === 'blocked' || verdict.kind === 'needs_approval') {
      setStatus('blocked');
      await acts.recordStatus(input.proposalId, 'blocked', 'adpilot', verdict.reasons.join(' '));
      return finish(verdict.reasons);
    }
    log.error('unknown safety verdict', { verdict });
    throw ApplicationFailure.nonRetryable('unknown safety verdict');
  }
}
