import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { approvalWorkflowId } from './ids.ts';
import { approvalWorkflow } from './approval.ts';
import type { ApprovalInput } from './messages.ts';

/**
 * Starts a proposal's approval workflow as an abandoned child, once per proposal ever.
 * @returns true when this call started it, false when it was already running or has finished.
 */
export async function startApproval(input: ApprovalInput): Promise<boolean> {
  try {
    await startChild(approvalWorkflow, {
      workflowId: approvalWorkflowId(input.proposalId),
      args: [input],
      // Abandoned on purpose: a proposal waits for people for hours or days, long after the starter ends.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A finished approval must never run again for the same proposal (a second click finds it closed).
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return true;
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return false;
  }
}
