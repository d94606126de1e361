/** From a stored score row to the /score card's input: component notes, recommendation lines and their buttons. */
import type { StoredScore } from '../db/account-scores.ts';
import type { TrackingState } from '../db/tracking-state.ts';
import type { ScoreCardInput } from './blocks/index.ts';

const ACTION_LABEL: Record<string, string> = {
  pause: 'Pause',
  decrease_budget: 'Lower the budget of',
  increase_budget: 'Raise the budget of',
  refresh_creative: 'Refresh the creative of',
  consolidate_or_raise_budget: 'Consolidate or raise the budget of',
};

/** The button value of a recommendation: the score row and the index, far below Slack's 2000 characters. */
export const proposeValue = (scoreId: number, index: number) => `${scoreId}:${index}`;
export function parseProposeValue(v: string | undefined): { scoreId: number; index: number } | null {
  const m = /^(\d{1,15}):(\d{1,4})$/.exec(v ?? '');
  return m ? { scoreId: Number(m[1]), index: Number(m[2]) } : null;
}

export function scoreCardInput(
  accountName: string,
  s: StoredScore,
  lastWeek: StoredScore | null,
  tracking: TrackingState | null,
  maxRecommendations = 5,
): ScoreCardInput {
  const components = (['learning', 'performance', 'budget', 'creative'] as const).map((name) => {
    const c = s.components[name];
    const issues = c?.issues ?? [];
    const note =
      issues.length > 0
        ? `${issues.length} issue${issues.length === 1 ? '' : 's'}: ${issues[0]!.message}`
        : (c?.formula ?? '');
    return { name, score: s[name], note };
  });
  const suff = s.breakdown.dataSufficiency;
  return {
    accountName,
    overall: s.overall,
    ...(lastWeek ? { lastWeek: lastWeek.overall } : {}),
    components,
    recommendations: s.recommendations.map((r, i) => ({
      priority: r.priority,
      text: `${ACTION_LABEL[r.action] ?? r.action} ${r.entityName}: ${r.reason}`,
      impact: r.expectedImpact.description,
      ...(i < maxRecommendations ? { propose: proposeValue(s.id, i) } : {}),
    })),
    computedAt: s.computed_at,
    dataSufficiency: `${suff.mode === 'model' ? 'Data: sufficient' : 'Data: thin'} – ${suff.reason}`,
    ...(tracking?.status === 'broken' ? { trackingAlert: tracking.reason } : {}),
  };
}
