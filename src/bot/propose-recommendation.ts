import { getAccountScore } from '../db/account-scores.ts';
import { getAdAccount } from '../db/accounts.ts';
import { proposeRecommendationWorkflowId } from '../workflows/ids.ts';
import type { proposeRecommendation as proposeWorkflow } from '../workflows/propose-recommendation.ts';
import type { BotDeps } from './commands/index.ts';
import { startOrJoin } from '../temporal/start-or-join.ts';
import { approverRefusal } from './access.ts';
import { PROPOSE_WAIT_MS } from './proposals-pending.ts';

export type ProposeResult =
  { ok: true; proposalId: number; created: boolean } | { ok: true; pending: true } | { ok: false; reason: string };

/**
 * Turns recommendation `index` of stored score `scoreId` into a proposal through the proposeRecommendation workflow,
 * which records it and starts its approval workflow. The bot only checks what it can read; the run's id is the
 * click's natural key, so a second click (or a Slack retry) joins or repeats it and reports the first proposal.
 * @throws what is not a refusal (database or Temporal unreachable).
 */
export async function proposeRecommendation(
  deps: BotDeps,
  scoreId: number,
  index: number,
  userId: string,
  teamId: string,
): Promise<ProposeResult> {
  const score = await getAccountScore(deps.pool, scoreId);
  const rec = score?.recommendations[index];
  if (!score || !rec) return { ok: false, reason: 'This recommendation is no longer available; run /score again.' };
  const account = await getAdAccount(deps.pool, score.account_id);
  const refused = approverRefusal(account, { teamId, userId });
  if (refused) return { ok: false, reason: refused };
  const r = await startOrJoin<typeof proposeWorkflow>(deps.temporal, 'proposeRecommendation', {
    workflowId: proposeRecommendationWorkflowId(scoreId, index),
    taskQueue: deps.config.TASK_QUEUE,
    args: [{ scoreId, index, userId }],
    waitMs: PROPOSE_WAIT_MS,
  });
  return r.state === 'running' ? { ok: true, pending: true } : r.result;
}
