import { getAccountScore } from '../db/account-scores.ts';
import { getAdAccount } from '../db/accounts.ts';
import { proposeRecommendationWorkflowId } from '../workflows/ids.ts';
import type { proposeRecommendation as proposeWorkflow } from '../workflows/propose-recommendation.ts';
import type { BotDeps } from './commands/index.ts';
import { approverRefusal } from './access.ts';
import { startAndWait } from './start-and-wait.ts';

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
  const r = await startAndWait<typeof proposeWorkflow>(
    deps,
    'proposeRecommendation',
    proposeRecommendationWorkflowId(scoreId, index),
    [{ scoreId, index, userId }],
  );
  return r === 'pending' ? { ok: true, pending: true } : r;
}
