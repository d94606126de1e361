import { proposeActs } from './activities.ts';
import type { ProposeRecommendationResult, RecommendationRequest } from './messages.ts';
import { startApproval } from './start-approval.ts';

/**
 * A score card's "Propose": records the proposal (idempotently) and starts its approval workflow. Both steps are in
 * this run's history, so a worker dying between them resumes with the start, and no proposal is left without its
 * workflow. Started by the bot under proposeRecommendationWorkflowId, so a double click runs it once.
 */
export async function proposeRecommendation(req: RecommendationRequest): Promise<ProposeRecommendationResult> {
  const recorded = await proposeActs.recordRecommendationProposal(req);
  if (!recorded.ok) return recorded;
  const created = await startApproval(recorded.input);
  return { ok: true, proposalId: recorded.input.proposalId, created };
}
