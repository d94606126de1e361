import type { BudgetPlanRequest } from '../activities/budget-proposals.ts';
import { proposeActs } from './activities.ts';
import { startApproval } from './start-approval.ts';

export interface ProposeBudgetResult {
  /** Proposals whose approval this run started, with the approver's decision. */
  created: number[];
  /** This plan's proposals that already had their approval workflow (a second click). */
  existing: number;
  /** Units with an open proposal of the same kind from elsewhere (a rule). */
  blocked: string[];
}

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
