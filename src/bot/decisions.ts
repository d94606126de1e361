import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Decision } from '../intel/approval.ts';
import { approvalWorkflowId } from '../workflows/ids.ts';
import { decideUpdate, proposalStatusQuery, undoUpdate, type ProposalView } from '../workflows/messages.ts';

export type DecideResult = { ok: true; status: string } | { ok: false; reason: string };

/** The reason a workflow gave for refusing an Update (the validator's message), or a generic one. */
function refusal(error: unknown): string | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause as { message?: string } | undefined;
    return cause?.message ?? error.message;
  }
  if (error instanceof WorkflowNotFoundError) return 'This proposal is no longer open (its workflow has finished).';
  return undefined;
}

/**
 * Sends a person's decision to the proposal's approval workflow. The workflow's validator is the single source
 * of truth: a second click, a non-approver or an expired proposal come back as `{ ok: false, reason }`.
 * @throws what is not a refusal (Temporal unreachable), so the caller can tell the user something went wrong.
 */
export async function decideProposal(client: Client, proposalId: number, decision: Decision): Promise<DecideResult> {
  try {
    const result = await client.workflow
      .getHandle(approvalWorkflowId(proposalId))
      .executeUpdate(decideUpdate, { args: [decision] });
    return { ok: true, status: result.status };
  } catch (error) {
    const reason = refusal(error);
    if (reason !== undefined) return { ok: false, reason };
    throw error;
  }
}

export async function undoProposal(client: Client, proposalId: number, userId: string): Promise<DecideResult> {
  try {
    const result = await client.workflow
      .getHandle(approvalWorkflowId(proposalId))
      .executeUpdate(undoUpdate, { args: [{ userId }] });
    return result.undone ? { ok: true, status: 'undone' } : { ok: false, reason: result.detail };
  } catch (error) {
    const reason = refusal(error);
    if (reason !== undefined) return { ok: false, reason };
    throw error;
  }
}

export async function proposalStatus(client: Client, proposalId: number): Promise<ProposalView | null> {
  try {
    return await client.workflow.getHandle(approvalWorkflowId(proposalId)).query(proposalStatusQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
