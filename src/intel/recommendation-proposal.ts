/**
 * What a recommendation from the account score becomes when a person turns it into a proposal. Actions the
 * executor can perform (pause, budget changes) go through approval like a rule's; the others (refresh a
 * creative, consolidate ad sets) are work for people, so they become suggestion-only notes that are still
 * recorded and measured.
 */
import type { Recommendation } from './analytics/index.ts';

export interface RecommendationProposal {
  actionType: string;
  executionMode: 'approval_required' | 'suggestion_only';
  params: Record<string, unknown>;
}

/** The budget step of a recommended change; the safety gate caps it at MAX_BUDGET_CHANGE_PERCENT anyway. */
export const RECOMMENDED_BUDGET_STEP = 20;

export function recommendationProposal(r: Pick<Recommendation, 'action' | 'reason'>, maxChangePercent: number) {
  const step = Math.min(RECOMMENDED_BUDGET_STEP, maxChangePercent);
  switch (r.action) {
    case 'pause':
      return { actionType: 'pause', executionMode: 'approval_required', params: {} } satisfies RecommendationProposal;
    case 'decrease_budget':
    case 'increase_budget':
      return {
        actionType: r.action,
        executionMode: 'approval_required',
        params: { change_percent: step },
      } satisfies RecommendationProposal;
    default:
      return {
        actionType: 'notify_only',
        executionMode: 'suggestion_only',
        params: { recommendation: r.action, note: r.reason },
      } satisfies RecommendationProposal;
  }
}
