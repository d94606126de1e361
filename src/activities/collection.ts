import type { DatabasePool } from 'slonik';
import { upsertSnapshots } from '../db/snapshots.ts';

export interface CollectionDeps {
  pool: DatabasePool;
  now?: () => number;
}

const HOUR = 3_600_000;

/**
 * Writes one account-level snapshot row for the current hour. A stand-in until the Graph API collector lands
 * (issue #4); it already goes through the same idempotent upsert, so a retried activity writes one row.
 */
export function createCollectionActivities(deps: CollectionDeps) {
  const now = deps.now ?? Date.now;
  return {
    async collectSampleSnapshot(accountId: string): Promise<number> {
      const hour = Math.floor(now() / HOUR) * HOUR;
      await upsertSnapshots(deps.pool, [
        {
          accountId,
          entityType: 'account',
          entityId: accountId,
          entityName: 'sample',
          snapshotHour: hour,
          impressions: 1000,
          clicks: 20,
          spend: 15,
        },
      ]);
      return 1;
    },
  };
}
