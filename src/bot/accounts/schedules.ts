/**
 * An account's Schedules follow its connection at once, without a restart: connect and reconnect create (or
 * update) them and start a first collection; disconnect deletes them. The same table as at start-up.
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../../config.ts';
import { afterCollection } from '../../temporal/after-collection.ts';
import { deleteAccountSchedules, ensureAccountSchedules, triggerAccountSchedule } from '../../temporal/schedules.ts';

/** Creates or updates the account's Schedules and, when asked and collection is on, triggers a first collection now. */
export async function scheduleAccount(
  temporal: Client,
  config: Config,
  accountId: string,
  o: { firstCollection: boolean },
): Promise<void> {
  await ensureAccountSchedules(temporal, config, accountId);
  if (!o.firstCollection || !config.ENABLE_INSIGHTS_COLLECTION) return;
  await triggerAccountSchedule(temporal, 'collection', accountId);
  // The first score and forecasts follow the first collection, as at start-up; the bot does not wait for them.
  afterCollection(temporal, accountId, async () => {
    if (config.ENABLE_INTELLIGENCE) await triggerAccountSchedule(temporal, 'intelligence', accountId);
    if (config.ENABLE_ML_PREDICTIONS) await triggerAccountSchedule(temporal, 'forecast', accountId);
  }).catch((error: unknown) =>
    console.error(`adpilot: first score/forecast of ${accountId} not started: ${(error as Error).message}`),
  );
}

/** Deletes the account's Schedules (disconnect); missing ones are fine. */
export const unscheduleAccount = deleteAccountSchedules;
