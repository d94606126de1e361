import { accountScoreAsOf, accountScoreHistory, latestAccountScore } from '../../db/account-scores.ts';
import { lastSufficiency } from '../../db/sufficiency.ts';
import { getTrackingState } from '../../db/tracking-state.ts';
import { renderChartPng, scoreHistoryChart } from '../../charts/index.ts';
import { noScoreCard, scoreCard } from '../../slack/blocks/index.ts';
import { runIntelligenceNow } from '../intelligence.ts';
import { scoreCardInput } from '../../slack/score-view.ts';
import type { CommandContext, Handler } from './types.ts';
import { DAY } from '../../intel/time.ts';

/**
 * /score: the latest stored account score (computed now through the workflow when there is none or it is a day
 * old), its change against the score a week ago, and the score history as a chart uploaded into the channel.
 */
export const score: Handler<'score'> = async (_cmd, ctx) => {
  const { account, deps } = ctx;
  const now = (deps.now ?? Date.now)();
  let latest = await latestAccountScore(deps.pool, account.id);
  if (!latest || now - latest.computed_at > DAY) {
    // A failed recomputation still leaves yesterday's score worth showing; with none, the failure is the answer.
    const run = await runIntelligenceNow(deps.temporal, deps.config.TASK_QUEUE, account.id).catch((error: unknown) => {
      if (latest) return { state: 'failed' as const };
      throw error;
    });
    if (run.state === 'running' && !latest)
      return { text: `Computing the score of ${account.name} now; try /score again in a minute.` };
    latest = await latestAccountScore(deps.pool, account.id);
  }
  const suff = await lastSufficiency(deps.pool, account.id);
  const assessed = latest && Object.values(latest.components).some((c) => c.score !== null);
  if (!latest || !assessed) {
    const missing = [suff ? suff.detail.message : 'no collection has finished yet'];
    if (latest) missing.push('no spend in the last 7 complete days, so no component could be assessed');
    return noScoreCard({ accountName: account.name, missing });
  }
  const lastWeek = await accountScoreAsOf(deps.pool, account.id, latest.computed_at - 7 * DAY);
  const tracking = await getTrackingState(deps.pool, account.id);
  const card = scoreCard(scoreCardInput(account.name, latest, lastWeek, tracking));
  const uploaded = await uploadHistoryChart(ctx, now).catch(() => false);
  if (!uploaded)
    card.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'The score chart could not be posted.' }] });
  return card;
};

/** Renders the last 30 days of scores and uploads the PNG into the channel. @returns false when nothing was posted. */
async function uploadHistoryChart({ account, deps, client, channelId }: CommandContext, now: number) {
  const history = await accountScoreHistory(deps.pool, account.id, now - 30 * DAY);
  if (history.length === 0) return false;
  const png = await renderChartPng(
    scoreHistoryChart(
      history.map((h) => ({
        date: h.day,
        overall: h.overall,
        components: { learning: h.learning, performance: h.performance, budget: h.budget, creative: h.creative },
      })),
      `Account score: ${account.name}`,
    ),
    { width: 800, height: 400 },
  );
  await client.files.uploadV2({
    channel_id: channelId,
    file: png,
    filename: `score-${account.id}.png`,
    title: `Account score history: ${account.name}`,
    alt_text: `Account score over the last ${history.length} days, latest ${history.at(-1)!.overall}`,
  });
  return true;
}
