import type { App } from '@slack/bolt';
import { errorMessage, RECOMMENDATION_PROPOSE } from '../../slack/blocks/index.ts';
import type { BotDeps } from '../commands/index.ts';
import { proposeRecommendation } from '../propose-recommendation.ts';
import { PROPOSALS_PENDING } from '../proposals-pending.ts';
import { parseProposeValue } from '../../slack/score-view.ts';
import { replySafely, slackIds } from './reply.ts';
import { teamOf } from './proposals.ts';

/** "Propose" on a score card's recommendation: one click makes a proposal that goes through the approval workflow. */
export function registerRecommendationActions(app: App, deps: BotDeps): void {
  app.action(RECOMMENDATION_PROPOSE, async ({ ack, body, action, respond }) => {
    await ack();
    const logContext = { action: RECOMMENDATION_PROPOSE, ...slackIds(body) };
    await replySafely(respond, deps.log, logContext, async () => {
      const v = parseProposeValue((action as { value?: string }).value);
      if (!v) return errorMessage('This button lost its recommendation; run /score again.');
      Object.assign(logContext, { scoreId: v.scoreId });
      const r = await proposeRecommendation(deps, v.scoreId, v.index, body.user.id, teamOf(body));
      if (!r.ok) return errorMessage(r.reason);
      if ('pending' in r) return { text: PROPOSALS_PENDING };
      return {
        text: r.created
          ? `Proposed (#${r.proposalId}): the proposal card is posted for approval.`
          : `Already proposed (#${r.proposalId}); its card is waiting for a decision.`,
      };
    });
  });
}
