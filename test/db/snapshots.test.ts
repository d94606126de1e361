import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { listSnapshots, upsertSnapshots, type SnapshotInput } from '../../src/db/snapshots.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await upsertAdAccount(db.pool, { id: 'act_1', workspaceId: 'T1', name: 'Test account' });
});
afterAll(async () => db.drop());

const hour = Date.UTC(2026, 10, 24, 10);
const row = (over: Partial<SnapshotInput> = {}): SnapshotInput => ({
  accountId: 'act_1',
  entityType: 'ad',
  entityId: 'ad_1',
  snapshotHour: hour,
  impressions: 1000,
  clicks: 10,
  spend: 12.5,
  ...over,
});

describe('upsertSnapshots', () => {
  it('keeps one row per entity and hour, with the latest values, when the same hour is written twice', async () => {
    expect(await upsertSnapshots(db.pool, [row()])).toBe(1);
    expect(await upsertSnapshots(db.pool, [row({ impressions: 1500, spend: 20.25 })])).toBe(1);
    const rows = await listSnapshots(db.pool, 'act_1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity_id: 'ad_1', snapshot_hour: hour, impressions: 1500, spend: 20.25 });
  });

  it('does not rewrite a row whose values did not change', async () => {
    expect(await upsertSnapshots(db.pool, [row({ entityId: 'ad_2' })])).toBe(1);
    expect(await upsertSnapshots(db.pool, [row({ entityId: 'ad_2' })])).toBe(0);
  });

  it('accepts a batch that repeats a key and keeps the last occurrence', async () => {
    const written = await upsertSnapshots(db.pool, [
      row({ entityId: 'ad_3', clicks: 1 }),
      row({ entityId: 'ad_3', clicks: 7 }),
    ]);
    expect(written).toBe(1);
    const stored = (await listSnapshots(db.pool, 'act_1')).find((r) => r.entity_id === 'ad_3');
    expect(stored?.clicks).toBe(7);
  });
});
