import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import {
  DecisionRefused,
  validateDecision,
  validateDecisionState,
  validateUndo,
  validateUndoState,
  type Decision,
} from '../intel/approval.ts';
import { FailureType } from '../intel/failures.ts';
import { acts, proposeActs } from './activities.ts';
import { setStatus, type ApprovalRun } from './approval-run.ts';
import { decideUpdate, proposalStatusQuery, undoUpdate } from './messages.ts';

/**
 * The run's query and Updates. A decision moves the status at once, so a second click is refused by the validator
 * even before the run reacts; a decision given at start goes through the same validator and handler.
 */
export function installHandlers(run: ApprovalRun): void {
  const { input, view } = run;
  setHandler(proposalStatusQuery, () => view);
  const apply = (decision: Decision) => {
    run.pending = decision;
    view.decidedBy = decision.userId;
    view.decidedAt = Date.now();
    setStatus(run, decision.kind === 'reject' ? 'rejected' : 'approved');
    return { accepted: true as const, status: view.status };
  };
  const state = () => ({ ...view, actionType: input.actionType });
  const validateDecide = (decision: Decision) =>
    validateDecision({ ...state(), approverUserIds: input.approverUserIds }, decision, Date.now());
  if (run.liveApprovers) {
    setHandler(
      decideUpdate,
      async (decision) => {
        const approverUserIds = await currentApprovers(run);
        // Checked again after the await: another decision may have been applied meanwhile.
        refuseAsFailure(() => validateDecision({ ...state(), approverUserIds }, decision, Date.now()));
        return apply(decision);
      },
      { validator: (decision: Decision) => validateDecisionState(state(), decision, Date.now()) },
    );
  } else setHandler(decideUpdate, apply, { validator: validateDecide });
  // Given at start, the decision was just taken by an approver on the list the proposal was made with.
  if (input.decision && input.executionMode === 'approval_required') {
    try {
      validateDecide(input.decision);
      apply(input.decision);
    } catch (error) {
      if (!(error instanceof DecisionRefused)) throw error;
      view.reasons = [`Not decided by <@${input.decision.userId}>: ${error.message}`];
      log.warn('decision given at start refused', { proposalId: input.proposalId, reason: error.message });
    }
  }
  installUndo(run);
}

function installUndo(run: ApprovalRun): void {
  const { input, view } = run;
  setHandler(
    undoUpdate,
    async ({ userId }) => {
      if (run.liveApprovers) {
        const approverUserIds = await currentApprovers(run);
        refuseAsFailure(() => {
          validateUndo({ ...view, approverUserIds }, userId, Date.now());
          if (run.undoing) throw new DecisionRefused('An undo of this action is already under way.');
        });
        run.undoing = true;
      }
      try {
        const result = await acts.undoAction(input.proposalId, userId);
        if (result.undone) {
          run.undone = true;
          setStatus(run, 'undone');
        }
        return result;
      } finally {
        run.undoing = false;
      }
    },
    {
      validator: ({ userId }: { userId: string }) =>
        run.liveApprovers
          ? validateUndoState(view, Date.now())
          : validateUndo({ ...view, approverUserIds: input.approverUserIds }, userId, Date.now()),
    },
  );
}

/** The account's approvers now (a person waits for this answer, hence the short proposeActs retries). */
const currentApprovers = (run: ApprovalRun) => proposeActs.currentApprovers(run.input.accountId);

/**
 * A handler (unlike a validator) must refuse with an ApplicationFailure: any other error fails the workflow task
 * and retries it forever. The message is what the person who clicked reads.
 */
function refuseAsFailure(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof DecisionRefused)
      throw ApplicationFailure.nonRetryable(error.message, FailureType.DecisionRefused);
    throw error;
  }
}
