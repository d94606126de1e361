import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';

export interface UpsertScheduleOptions {
  scheduleId: string;
  spec: ScheduleOptions['spec'];
  action: ScheduleOptions['action'];
  /** How late a missed run may still start (e.g. after the worker was down). */
  catchupWindow: NonNullable<NonNullable<ScheduleOptions['policies']>['catchupWindow']>;
  /** Applied to an existing Schedule too: the config rules, so switching a feature off stops it at the next start. */
  paused: boolean;
  note: string;
}

/**
 * Creates the Schedule, or updates its spec, action, catch-up window and paused state when it exists (a pause set
 * by hand in the Temporal UI is undone at the next start): idempotent, safe at every start, and safe
 * when another process creates it at the same moment. Overlap SKIP always: a run still going when the next is due
 * is never doubled.
 */
export async function upsertSchedule(client: Client, o: UpsertScheduleOptions): Promise<void> {
  const handle = client.schedule.getHandle(o.scheduleId);
  try {
    await handle.update((previous) => ({
      ...previous,
      spec: o.spec,
      action: o.action,
      policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: o.catchupWindow },
      state: { ...previous.state, paused: o.paused },
    }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    try {
      await client.schedule.create({
        scheduleId: o.scheduleId,
        spec: o.spec,
        action: o.action,
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: o.catchupWindow },
        state: { paused: o.paused, note: o.note },
      });
    } catch (createError) {
      // Another process created it between our update and create: that is the state we wanted.
      if (!(createError instanceof ScheduleAlreadyRunning)) throw createError;
    }
  }
}
