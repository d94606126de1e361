import { recentCollectionRuns } from '../../db/collection-runs.ts';
import { lastSufficiency } from '../../db/sufficiency.ts';
import { latestAccountScore } from '../../db/account-scores.ts';
import { recentForecastRuns } from '../../db/forecast-runs.ts';
import { getTrackingState } from '../../db/tracking-state.ts';
import { esc, formatDuration, slackDate, statusCard } from '../../slack/blocks/index.ts';
import type { Handler } from './types.ts';

/** /status: the last collection runs, the schedule, feature switches, the score and forecast runs, data sufficiency. */
export const status: Handler<'status'> = async (_cmd, { account, deps }) => {
  const runs = await recentCollectionRuns(deps.pool, account.id, 5);
  const suff = await lastSufficiency(deps.pool, account.id);
  const score = await latestAccountScore(deps.pool, account.id);
  const forecast = (await recentForecastRuns(deps.pool, account.id, 1))[0];
  const tracking = await getTrackingState(deps.pool, account.id);
  const intelligence = [
    score
      ? `Score ${Math.round(score.overall)}/100, computed ${slackDate(score.computed_at)} (daily at ${deps.config.INTEL_SCORE_HOUR_UTC}:00 UTC)`
      : 'Score: not computed yet (`/score` computes one)',
    forecast
      ? `Forecasts: ${forecast.status}${forecast.duration_ms === null ? '' : ` in ${formatDuration(forecast.duration_ms)}`}, ${slackDate(forecast.started_at)} (every ${deps.config.FORECAST_INTERVAL_MINUTES} min)`
      : 'Forecasts: not generated yet (`/forecast sync` generates them)',
    ...(tracking?.status === 'broken'
      ? [`:warning: Tracking breaker open since ${slackDate(tracking.since)}: ${esc(tracking.reason, 300)}`]
      : []),
  ];
  return statusCard({
    accountName: account.name,
    runs: runs.map((r) => ({
      startedAt: r.started_at,
      status: r.status,
      ...(typeof r.summary.rowsWritten === 'number' ? { rowsWritten: r.summary.rowsWritten } : {}),
      ...(typeof r.summary.durationMs === 'number' ? { durationMs: r.summary.durationMs } : {}),
      ...(r.error_message ? { error: r.error_message } : {}),
    })),
    schedule: {
      every: `${deps.config.INSIGHTS_COLLECTION_INTERVAL} min`,
      paused: !deps.config.ENABLE_INSIGHTS_COLLECTION,
    },
    switches: [
      { name: 'Intelligence', on: deps.config.ENABLE_INTELLIGENCE },
      { name: 'Rules engine', on: deps.config.ENABLE_RULES_ENGINE },
      { name: 'Executor (writes to Meta)', on: deps.config.ENABLE_ACTION_EXECUTOR },
      { name: 'ML shadow mode', on: deps.config.ML_SHADOW_MODE },
    ],
    intelligence,
    ...(suff ? { dataSufficiency: suff.detail.message } : {}),
  });
};
