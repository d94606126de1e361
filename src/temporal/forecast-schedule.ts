import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { upsertSchedule } from './upsert-schedule.ts';
import { forecastScheduleId, forecastWorkflowId } from '../workflows/ids.ts';
import { AdAccountId } from '../workflows/search-attributes.ts';

export interface ForecastScheduleOptions {
  accountId: string;
  taskQueue: string;
  intervalMinutes: number;
  /** ENABLE_ML_PREDICTIONS=false: the schedule exists but does not fire. */
  paused: boolean;
}

/**
 * Creates or updates the account's forecast Schedule (idempotent; run at every start). Overlap SKIP: a slow
 * regeneration is never doubled by the next tick. The pause state follows the config on every start.
 */
export async function ensureForecastSchedule(client: Client, o: ForecastScheduleOptions): Promise<void> {
  const scheduleId = forecastScheduleId(o.accountId);
  const spec = { intervals: [{ every: `${o.intervalMinutes} minutes` as const }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'regenerateForecasts',
    args: [o.accountId, 'schedule'],
    taskQueue: o.taskQueue,
    workflowId: forecastWorkflowId(o.accountId),
    typedSearchAttributes: [{ key: AdAccountId, value: o.accountId }],
  };
  await upsertSchedule(client, {
    scheduleId,
    spec,
    action,
    catchupWindow: '30 minutes',
    paused: o.paused,
    syncPaused: true,
    note: `adpilot forecasts for ${o.accountId}`,
  });
}

/** Regenerates the account's forecasts now through its Schedule (same overlap policy as the periodic run). */
export async function triggerForecastSchedule(client: Client, accountId: string): Promise<void> {
  await client.schedule.getHandle(forecastScheduleId(accountId)).trigger(ScheduleOverlapPolicy.SKIP);
}
