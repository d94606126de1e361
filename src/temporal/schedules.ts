import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { upsertSchedule } from './upsert-schedule.ts';
import { collectScheduleId, collectWorkflowId } from '../workflows/ids.ts';
import { AdAccountId } from '../workflows/search-attributes.ts';

export interface CollectionScheduleOptions {
  accountId: string;
  taskQueue: string;
  intervalMinutes: number;
  paused?: boolean;
}

/**
 * Creates the account's collection Schedule, or updates it when it exists (idempotent; safe at every start).
 * Overlap SKIP: a run still going when the next is due is not doubled. The action's workflow id is the same one
 * /sync-now uses, so a manual trigger and a scheduled run never run at once.
 */
export async function ensureCollectionSchedule(client: Client, o: CollectionScheduleOptions): Promise<void> {
  const scheduleId = collectScheduleId(o.accountId);
  const spec = { intervals: [{ every: `${o.intervalMinutes} minutes` as const }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'collectAccount',
    args: [o.accountId],
    taskQueue: o.taskQueue,
    workflowId: collectWorkflowId(o.accountId),
    typedSearchAttributes: [{ key: AdAccountId, value: o.accountId }],
  };
  await upsertSchedule(client, {
    scheduleId,
    spec,
    action,
    catchupWindow: '1 hour',
    paused: o.paused ?? false,
    note: `adpilot collection for ${o.accountId}`,
  });
}

/** Removes the account's schedule (account removed); a missing schedule is fine. */
export async function removeCollectionSchedule(client: Client, accountId: string): Promise<void> {
  try {
    await client.schedule.getHandle(collectScheduleId(accountId)).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

export const MAINTENANCE_SCHEDULE_ID = 'nightly-maintenance';

/** The daily rollup and retention run (03:15 UTC), created or updated idempotently. */
export async function ensureMaintenanceSchedule(client: Client, taskQueue: string): Promise<void> {
  const spec = { calendars: [{ hour: 3, minute: 15 }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'nightlyMaintenance',
    args: [],
    taskQueue,
    workflowId: MAINTENANCE_SCHEDULE_ID,
  };
  await upsertSchedule(client, {
    scheduleId: MAINTENANCE_SCHEDULE_ID,
    spec,
    action,
    // A night missed while the worker was down still runs when it is back the same day.
    catchupWindow: '12 hours',
    paused: false,
    note: 'adpilot nightly rollups and retention',
  });
}
