import { allHandlersFinished, ApplicationFailure, condition, log, patched } from '@temporalio/workflow';
import type { Decision } from '../intel/approval.ts';
import type { SafetyVerdict } from '../intel/safety.ts';
import { acts, execActs } from './activities.ts';
import {
  attempt,
  fail,
  finish,
  measure,
  notify,
  notifyEscalation,
  setStatus,
  type ApprovalRun,
} from './approval-run.ts';
import type { ApprovalResult } from './messages.ts';
import { HOUR } from '../intel/time.ts';

/**
 * An approval: re-check on fresh data (a changed situation asks again: 'reconfirm'), pass the safety gate, execute
 * exactly once and keep the undo window. A step that fails after its retries ends the proposal as `failed`.
 */
export async function actOnApproval(run: ApprovalRun, decision: Decision): Promise<ApprovalResult | 'reconfirm'> {
  const { input, view } = run;
  const check = await attempt(run, () => acts.revalidateProposal(input.proposalId));
  if (!check.ok) return fail(run, check.reason);
  if (!check.value.ok) {
    // Ask again rather than act on a situation the approver did not see.
    view.expiresAt = Date.now() + run.windowMs;
    view.decidedBy = undefined;
    view.decidedAt = undefined;
    setStatus(run, 'reconfirm');
    await acts.recordStatus(input.proposalId, 'reconfirm', 'adpilot', check.value.reason);
    await notify(run, 'proposal');
    return 'reconfirm';
  }
  const safety = await attempt(run, () =>
    acts.checkSafety(input.proposalId, decision.userId === 'adpilot' ? 'automatic' : 'approved'),
  );
  if (!safety.ok) return fail(run, safety.reason);
  return applyVerdict(run, safety.value);
}

async function applyVerdict(run: ApprovalRun, verdict: SafetyVerdict): Promise<ApprovalResult> {
  const { input } = run;
  if (verdict.kind === 'execute') return execute(run, verdict);
  if (verdict.kind === 'record_only') {
    setStatus(run, 'recorded');
    await acts.recordStatus(input.proposalId, 'recorded', 'adpilot', verdict.reasons.join(' '));
    await measure(run, 'recorded');
    return finish(run, verdict.reasons);
  }
  if (verdict.kind === 'escalate') {
    setStatus(run, 'blocked');
    await acts.recordStatus(input.proposalId, 'blocked', 'adpilot', verdict.reasons.join(' '));
    await notifyEscalation(run, verdict.reasons.join(' '));
    return finish(run, verdict.reasons);
  }
  if (verdict.kind === 'blocked' || verdict.kind === 'needs_approval') {
    setStatus(run, 'blocked');
    await acts.recordStatus(input.proposalId, 'blocked', 'adpilot', verdict.reasons.join(' '));
    return finish(run, verdict.reasons);
  }
  log.error('unknown safety verdict', { verdict });
  throw ApplicationFailure.nonRetryable('unknown safety verdict');
}

async function execute(
  run: ApprovalRun,
  verdict: Extract<SafetyVerdict, { kind: 'execute' }>,
): Promise<ApprovalResult> {
  const { input, view } = run;
  setStatus(run, 'executing');
  const executed = await attempt(run, () => execActs.executeAction(input.proposalId, verdict));
  if (!executed.ok) return fail(run, executed.reason);
  const result = executed.value;
  if (!result.ok) {
    if (run.failureIsState) return fail(run, result.detail);
    setStatus(run, 'failed');
    return finish(run, [...verdict.reasons, result.detail]);
  }
  setStatus(run, 'executed');
  view.undoUntil = Date.now() + (input.undoWindowHours ?? 24) * HOUR;
  await acts.setUndoWindow(input.proposalId, view.undoUntil);
  view.reasons = [...verdict.reasons, result.detail];
  await notify(run, 'decision');
  await measure(run, 'executed');
  await condition(() => run.undone, Math.max(0, view.undoUntil - Date.now()));
  view.undoUntil = undefined;
  // The Undo button goes away either way; before the patch an undone card kept showing "executed" with it.
  if (!run.undone || patched('approval-undone-card')) await notify(run, 'decision');
  await condition(allHandlersFinished);
  return { proposalId: input.proposalId, status: view.status, reasons: view.reasons };
}
