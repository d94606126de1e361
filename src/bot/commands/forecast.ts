import { WorkflowFailedError } from '@temporalio/client';
import { lastFinishedForecastRun } from '../../db/forecast-runs.ts';
import { localDay } from '../../intel/hourly-delta.ts';
import { regenerateForecastsNow } from '../../temporal/forecast-sync.ts';
import { errorMessage, forecastReadings, forecastReply, noForecastMessage } from '../../slack/blocks/index.ts';
import { DASHBOARDS, loadStoredDashboards, type DashboardName } from '../forecast/dashboards.ts';
import { renderDashboard } from '../forecast/pngs.ts';
import type { Handler } from './types.ts';

const READING: Record<DashboardName, keyof ReturnType<typeof forecastReadings>> = {
  'roi-forecast': 'roiForecast',
  'roi-timeseries': 'roiTimeseries',
  'reach-ctr-timeseries': 'reachCtrTimeseries',
  'budget-allocation': 'budgetAllocation',
};

/**
 * /forecast [sync]: posts the four stored dashboards into the channel as PNGs, each with a short reading.
 * `sync` regenerates them first through the regenerateForecasts workflow (a run already going is joined).
 */
export const forecast: Handler<'forecast'> = async (cmd, { account, channelId, deps, client }) => {
  let synced = false;
  if (cmd.sync) {
    try {
      const r = await regenerateForecastsNow(deps.temporal, {
        accountId: account.id,
        taskQueue: deps.config.TASK_QUEUE,
      });
      if (r.state === 'running')
        return {
          text: `The forecasts of ${account.name} are still regenerating (${r.workflowId}); try /forecast in a minute.`,
        };
      synced = true;
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      const cause = (error.cause as { message?: string } | undefined)?.message ?? error.message;
      return errorMessage(`Regenerating the forecasts of ${account.name} failed: ${cause}`);
    }
  }
  const now = (deps.now ?? Date.now)();
  const dashboards = await loadStoredDashboards(deps.pool, account.id, localDay(now, account.timezone));
  const run = await lastFinishedForecastRun(deps.pool, account.id);
  const reason =
    run?.status === 'skipped' ? (run.summary.generate as { reason?: string } | undefined)?.reason : undefined;
  if (!dashboards)
    return noForecastMessage(
      account.name,
      reason ??
        (run?.status === 'failed' ? `The last run failed: ${run.error_message ?? 'unknown error'}.` : undefined),
    );
  const readings = forecastReadings(dashboards);
  for (const name of DASHBOARDS) {
    const png = await renderDashboard(dashboards, name, account.currency);
    await client.files.uploadV2({
      channel_id: channelId,
      file: png,
      filename: `${name}.png`,
      title: `${account.name}: ${name.replace(/-/g, ' ')}`,
      alt_text: readings[READING[name]].slice(0, 1000),
      initial_comment: readings[READING[name]],
    });
  }
  return forecastReply({
    accountName: account.name,
    generatedAt: dashboards.generatedAt,
    lastRun: run
      ? {
          status: run.status,
          durationMs: run.duration_ms,
          finishedAt: run.finished_at,
          ...(reason ? { reason } : {}),
        }
      : null,
    charts: DASHBOARDS.length,
    synced,
  });
};
