import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { collectScheduleId, collectWorkflowId } from './ids.ts';
import { AdAccountId } from './search-attributes.ts';

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
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.update((previous) => ({
      ...previous,
      spec,
      action,
      policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP },
    }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    try {
      await client.schedule.create({
        scheduleId,
        spec,
        action,
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
        state: { paused: o.paused ?? false, note: `adpilot collection for ${o.accountId}` },
      });
    } catch (createError) {
      // Another process created it between our update and create: that is the state we wanted.
      if (!(createError instanceof ScheduleAlreadyRunning)) throw createError;
    }
  }
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
  const handle = client.schedule.getHandle(MAINTENANCE_SCHEDULE_ID);
  try {
    await handle.update((previous) => ({ ...previous, spec, action }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    try {
      await client.schedule.create({
        scheduleId: MAINTENANCE_SCHEDULE_ID,
        spec,
        action,
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
      });
    } catch (createError) {
      if (!(createError instanceof ScheduleAlreadyRunning)) throw createError;
    }
  }
}
