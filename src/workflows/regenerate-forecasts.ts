import { ApplicationFailure, log, workflowInfo } from '@temporalio/workflow';
import { FailureType } from '../intel/failures.ts';
import { acts, forecastActs } from './activities.ts';
import type { ForecastRunResult } from './messages.ts';

/**
 * Regenerates an account's four forecast dashboards, then checks every settled prediction against the actuals
 * (errors, drift). Started by the account's forecast Schedule (every FORECAST_INTERVAL_MINUTES) or by
 * /forecast sync. The run log records start, end, duration and outcome, so status can show the last run.
 */
export async function regenerateForecasts(accountId: string, trigger = 'schedule'): Promise<ForecastRunResult> {
  const { workflowId, runId } = workflowInfo();
  const ref = { accountId, workflowId, runId };
  await acts.startForecastRun({ ...ref, trigger });
  try {
    const generate = await forecastActs.generateForecasts(ref);
    // Accuracy is checked even when this run could not forecast: earlier predictions may have settled since.
    const accuracy = await forecastActs.trackForecastAccuracy(ref);
    const status = generate.status === 'completed' ? 'completed' : 'skipped';
    await acts.finishForecastRun({ ...ref, status, summary: { generate, accuracy } });
    if (generate.status === 'skipped') log.info('forecasts skipped', { accountId, reason: generate.reason });
    return { accountId, generate, accuracy };
  } catch (error) {
    const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    await acts.finishForecastRun({ ...ref, status: 'failed', summary: { error: message || String(error) } });
    throw ApplicationFailure.nonRetryable(`forecast regeneration failed: ${message}`, FailureType.ForecastFailed);
  }
}
