import { listActiveAdAccounts } from '../../db/accounts.ts';
import { applyRetention, rollupAccount } from '../../db/rollups.ts';
import type { CollectionContext } from './context.ts';

export function createRollupActivities(deps: CollectionContext) {
  const { pool, now } = deps;
  return {
    /** Rolls the recent hours up to days and weeks (exact sums). */
    async rollupRecent(accountId: string): Promise<{ dailyRows: number; weeklyRows: number }> {
      return rollupAccount(pool, accountId, now(), 2);
    },

    /** Nightly: a full week of rollups for every account, then retention (hourly 7 d, daily 90 d, weekly 1 y). */
    async nightlyMaintenance(): Promise<{ rolledUp: number; deleted: Awaited<ReturnType<typeof applyRetention>> }> {
      let rolledUp = 0;
      for (const a of await listActiveAdAccounts(pool))
        rolledUp += (await rollupAccount(pool, a.id, now(), 7)).dailyRows;
      return { rolledUp, deleted: await applyRetention(pool, now()) };
    },
  };
}
