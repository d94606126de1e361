import { log, setHandler } from '@temporalio/workflow';
import { DecisionRefused, validateDecision, validateUndo, type Decision } from '../intel/approval.ts';
import { acts } from './activities.ts';
import { setStatus, type ApprovalRun } from './approval-run.ts';
import { decideUpdate, proposalStatusQuery, undoUpdate } from './messages.ts';

/**
 * The run's query and Updates. A decision moves the status at once, so a second click is refused by the validator
 * even before the run reacts; a decision given at start goes through the same validator and handler.
 */
export function installHandlers(run: ApprovalRun): void {
  const { input, view } = run;
  setHandler(proposalStatusQuery, () => view);
  const decide = (decision: Decision) => {
    run.pending = decision;
    view.decidedBy = decision.userId;
    view.decidedAt = Date.now();
    setStatus(run, decision.kind === 'reject' ? 'rejected' : 'approved');
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
        run.undone = true;
        setStatus(run, 'undone');
      }
      return result;
    },
    {
      validator: ({ userId }: { userId: string }) =>
        validateUndo({ ...view, approverUserIds: input.approverUserIds }, userId, Date.now()),
    },
  );
}
