import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { accountIntelligence } from '../workflows/account-intelligence.ts';
import type { collectAccount } from '../workflows/collect-account.ts';
import {
  collectScheduleId,
  collectWorkflowId,
  forecastScheduleId,
  forecastWorkflowId,
  intelScheduleId,
  intelWorkflowId,
} from '../workflows/ids.ts';
import type { regenerateForecasts } from '../workflows/regenerate-forecasts.ts';
import { AdAccountId } from '../workflows/search-attributes.ts';
import { upsertSchedule, type UpsertScheduleOptions } from './upsert-schedule.ts';

/** What the per-account Schedules read from the config: their cadence, whether they fire, and the task queue. */
export type ScheduleConfig = Pick<
  Config,
  | 'TASK_QUEUE'
  | 'INSIGHTS_COLLECTION_INTERVAL'
  | 'ENABLE_INSIGHTS_COLLECTION'
  | 'INTEL_SCORE_HOUR_UTC'
  | 'ENABLE_INTELLIGENCE'
  | 'FORECAST_INTERVAL_MINUTES'
  | 'ENABLE_ML_PREDICTIONS'
>;

interface AccountScheduleDefinition {
  scheduleId: (accountId: string) => string;
  workflowType: string;
  workflowId: (accountId: string) => string;
  args: (accountId: string) => unknown[];
  spec: (config: ScheduleConfig) => UpsertScheduleOptions['spec'];
  /** A switched-off feature keeps its Schedule, paused, so switching it back on needs no new Schedule. */
  paused: (config: ScheduleConfig) => boolean;
  catchupWindow: UpsertScheduleOptions['catchupWindow'];
  /** What the Schedule runs, for its note in the Temporal UI. */
  purpose: string;
}

/** Every Schedule an ad account has. Overlap is SKIP for all (upsertSchedule): a long run is never doubled. */
export const ACCOUNT_SCHEDULES = {
  collection: {
    scheduleId: collectScheduleId,
    workflowType: 'collectAccount',
    // The workflow id /sync-now's runs get too, so a manual trigger and a scheduled run never run at once.
    workflowId: collectWorkflowId,
    args: (accountId): Parameters<typeof collectAccount> => [accountId],
    spec: (c) => ({ intervals: [{ every: `${c.INSIGHTS_COLLECTION_INTERVAL} minutes` }] }),
    paused: (c) => !c.ENABLE_INSIGHTS_COLLECTION,
    catchupWindow: '1 hour',
    purpose: 'collection',
  },
  intelligence: {
    scheduleId: intelScheduleId,
    workflowType: 'accountIntelligence',
    workflowId: intelWorkflowId,
    args: (accountId): Parameters<typeof accountIntelligence> => [accountId, {}],
    // Daily, at an hour after the night's maintenance rollup (03:15 UTC): score, and patterns when a week old.
    spec: (c) => ({ calendars: [{ hour: c.INTEL_SCORE_HOUR_UTC, minute: 0 }] }),
    paused: (c) => !c.ENABLE_INTELLIGENCE,
    catchupWindow: '1 hour',
    purpose: 'account intelligence',
  },
  forecast: {
    scheduleId: forecastScheduleId,
    workflowType: 'regenerateForecasts',
    workflowId: forecastWorkflowId,
    args: (accountId): Parameters<typeof regenerateForecasts> => [accountId, 'schedule'],
    spec: (c) => ({ intervals: [{ every: `${c.FORECAST_INTERVAL_MINUTES} minutes` }] }),
    paused: (c) => !c.ENABLE_ML_PREDICTIONS,
    catchupWindow: '30 minutes',
    purpose: 'forecasts',
  },
} as const satisfies Record<string, AccountScheduleDefinition>;

export type AccountScheduleKind = keyof typeof ACCOUNT_SCHEDULES;
const KINDS = Object.keys(ACCOUNT_SCHEDULES) as AccountScheduleKind[];

/**
 * Creates the account's `kind` Schedule, or brings an existing one in line with the config: spec, action and
 * paused state (ENABLE_INSIGHTS_COLLECTION=false on a running deployment stops the polling at the next start).
 * Idempotent; run at every start.
 * @throws what Temporal throws (unreachable, invalid spec).
 */
export async function ensureAccountSchedule(
  client: Client,
  kind: AccountScheduleKind,
  config: ScheduleConfig,
  accountId: string,
): Promise<void> {
  const d: AccountScheduleDefinition = ACCOUNT_SCHEDULES[kind];
  await upsertSchedule(client, {
    scheduleId: d.scheduleId(accountId),
    spec: d.spec(config),
    action: {
      type: 'startWorkflow',
      workflowType: d.workflowType,
      args: d.args(accountId),
      taskQueue: config.TASK_QUEUE,
      workflowId: d.workflowId(accountId),
      typedSearchAttributes: [{ key: AdAccountId, value: accountId }],
    },
    catchupWindow: d.catchupWindow,
    paused: d.paused(config),
    note: `adpilot ${d.purpose} for ${accountId}`,
  });
}

/** Every Schedule of the account (ACCOUNT_SCHEDULES), each as ensureAccountSchedule makes it. */
export async function ensureAccountSchedules(client: Client, config: ScheduleConfig, accountId: string): Promise<void> {
  for (const kind of KINDS) await ensureAccountSchedule(client, kind, config, accountId);
}

/**
 * Runs the account's `kind` Schedule now, with the same overlap policy (SKIP) as its timed runs.
 * @throws ScheduleNotFoundError when the account has no such Schedule.
 */
export async function triggerAccountSchedule(
  client: Client,
  kind: AccountScheduleKind,
  accountId: string,
): Promise<void> {
  await client.schedule.getHandle(ACCOUNT_SCHEDULES[kind].scheduleId(accountId)).trigger(ScheduleOverlapPolicy.SKIP);
}

/**
 * Deletes every Schedule of the account (it was disconnected); one already missing is fine. Runs already started
 * are left to finish.
 */
export async function deleteAccountSchedules(client: Client, accountId: string): Promise<void> {
  for (const kind of KINDS) {
    try {
      await client.schedule.getHandle(ACCOUNT_SCHEDULES[kind].scheduleId(accountId)).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }
}

export const MAINTENANCE_SCHEDULE_ID = 'nightly-maintenance';

/** The daily rollup and retention run (03:15 UTC), created or updated (spec, and unpaused) idempotently. */
export async function ensureMaintenanceSchedule(client: Client, taskQueue: string): Promise<void> {
  await upsertSchedule(client, {
    scheduleId: MAINTENANCE_SCHEDULE_ID,
    spec: { calendars: [{ hour: 3, minute: 15 }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'nightlyMaintenance',
      args: [],
      taskQueue,
      workflowId: MAINTENANCE_SCHEDULE_ID,
    },
    // A night missed while the worker was down still runs when it is back the same day.
    catchupWindow: '12 hours',
    paused: false,
    note: 'adpilot nightly rollups and retention',
  });
}
