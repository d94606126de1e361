import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { upsertSchedule } from './upsert-schedule.ts';
import { intelScheduleId, intelWorkflowId } from '../workflows/ids.ts';
import { AdAccountId } from '../workflows/search-attributes.ts';

export interface IntelScheduleOptions {
  accountId: string;
  taskQueue: string;
  /** UTC hour of the daily run (after the night's maintenance rollup at 03:15). */
  hourUtc: number;
  paused?: boolean;
}

/**
 * Creates or updates the account's daily intelligence Schedule (score, and patterns when a week old). Overlap
 * SKIP: a long run is never doubled. Idempotent, so it is safe at every start.
 */
export async function ensureIntelSchedule(client: Client, o: IntelScheduleOptions): Promise<void> {
  const scheduleId = intelScheduleId(o.accountId);
  const spec = { calendars: [{ hour: o.hourUtc, minute: 0 }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'accountIntelligence',
    args: [o.accountId, {}],
    taskQueue: o.taskQueue,
    workflowId: intelWorkflowId(o.accountId),
    typedSearchAttributes: [{ key: AdAccountId, value: o.accountId }],
  };
  await upsertSchedule(client, {
    scheduleId,
    spec,
    action,
    catchupWindow: '1 hour',
    paused: o.paused ?? false,
    note: `adpilot account intelligence for ${o.accountId}`,
  });
}

/** Runs the account's intelligence now through its Schedule (same overlap policy as the daily run). */
export async function triggerIntelSchedule(client: Client, accountId: string): Promise<void> {
  await client.schedule.getHandle(intelScheduleId(accountId)).trigger(ScheduleOverlapPolicy.SKIP);
}
