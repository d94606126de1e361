import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  ParentClosePolicy,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Decision } from '../intel/approval.ts';
import { outcomeWorkflowId } from './ids.ts';
import { ActionType, AdAccountId, EntityId, ProposalStatus } from './search-attributes.ts';
import { acts, notifyActs } from './activities.ts';
import { outcomeWorkflow } from './outcome.ts';
import type { ApprovalInput, ApprovalResult, OutcomeDecision, ProposalView } from './messages.ts';

/** The state one approval run keeps; the steps in approval*.ts share it. */
export interface ApprovalRun {
  input: ApprovalInput;
  view: ProposalView;
  indexed: boolean;
  /** How long a reconfirmation or escalation waits: the proposal's own first window, at least an hour. */
  windowMs: number;
  pending: Decision | undefined;
  undone: boolean;
  /**
   * patched('approval-failure-state'): failed steps end as a recorded `failed` state, and cards are updated apart
   * from the decision path. False only while replaying runs started by the code before it.
   */
  failureIsState: boolean;
  /**
   * patched('approval-live-approvers'): the decide and undo handlers read the account's approvers when the Update
   * arrives instead of trusting input.approverUserIds. False only while replaying runs started before it.
   */
  liveApprovers: boolean;
  /** An undo's handler is between its checks and its write: a second undo is refused, not written twice. */
  undoing: boolean;
}

export function setStatus(run: ApprovalRun, status: ProposalView['status']): void {
  run.view.status = status;
  if (run.indexed) upsertSearchAttributes([{ key: ProposalStatus, value: status }]);
}

/** Starts the outcome measurement as an abandoned child (it outlives this run by days). */
export async function measure(run: ApprovalRun, decision: OutcomeDecision): Promise<void> {
  const { input } = run;
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
      ...(run.indexed
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
}

type Card = 'proposal' | 'decision';

/** Posts or updates the card. Since the patch, a Slack failure after its own retries is logged and the run goes on. */
export async function notify(run: ApprovalRun, card: Card): Promise<void> {
  const id = run.input.proposalId;
  if (!run.failureIsState) {
    await (card === 'proposal' ? acts.notifyProposal(id) : acts.notifyDecision(id));
    return;
  }
  try {
    await (card === 'proposal' ? notifyActs.notifyProposal(id) : notifyActs.notifyDecision(id));
  } catch (error) {
    log.warn('card not posted or updated', { proposalId: id, card, error: String(error) });
  }
}

export async function notifyEscalation(run: ApprovalRun, reason: string): Promise<void> {
  if (!run.failureIsState) return acts.notifyEscalation(run.input.proposalId, reason);
  try {
    await notifyActs.notifyEscalation(run.input.proposalId, reason);
  } catch (error) {
    log.warn('escalation not posted', { proposalId: run.input.proposalId, error: String(error) });
  }
}

export async function finish(run: ApprovalRun, reasons: string[]): Promise<ApprovalResult> {
  run.view.reasons = reasons;
  await notify(run, 'decision');
  await condition(allHandlersFinished);
  return { proposalId: run.input.proposalId, status: run.view.status, reasons };
}

/** Ends the proposal as `failed` with its reason on the card; nothing is measured and the entity is free again. */
export async function fail(run: ApprovalRun, reason: string): Promise<ApprovalResult> {
  setStatus(run, 'failed');
  await acts.recordStatus(run.input.proposalId, 'failed', 'adpilot', reason);
  return finish(run, [reason]);
}

/** What a person reads on the card for a step that failed after its retries. */
export function failureReason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  const type = cause instanceof ApplicationFailure ? (cause.type ?? '') : '';
  return type.startsWith('Meta') ? `Meta refused: ${message}` : `Failed: ${message}`;
}

/**
 * Runs a step that may fail after its retries (a Meta re-check, the safety check, the write). Before the patch a
 * failure failed the whole run (leaving the row open); since, it comes back as the reason to record.
 */
export async function attempt<T>(
  run: ApprovalRun,
  step: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  if (!run.failureIsState) return { ok: true, value: await step() };
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn('approval step failed', { proposalId: run.input.proposalId, error: String(error.cause ?? error) });
    return { ok: false, reason: failureReason(error) };
  }
}
