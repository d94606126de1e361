import { proposeActs } from './activities.ts';
import type { BudgetPlanRequest, ProposeBudgetResult } from './messages.ts';
import { startApproval } from './start-approval.ts';

/**
 * An approved /budget plan: records one budget proposal per unit that moves (idempotently), then starts each one's
 * approval workflow carrying the approver's decision, which the approval workflow checks with its own decide
 * validator. A worker dying after the inserts resumes with the starts, so every proposal gets its workflow.
 */
export async function proposeBudgetPlan(req: BudgetPlanRequest): Promise<ProposeBudgetResult> {
  const recorded = await proposeActs.recordBudgetProposals(req);
  const out: ProposeBudgetResult = { created: [], existing: 0, blocked: recorded.blocked };
  for (const input of recorded.inputs) {
    if (await startApproval({ ...input, decision: { kind: 'approve', userId: req.userId } }))
      out.created.push(input.proposalId);
    else out.existing++;
  }
  return out;
}
