import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'slonik';
import { z } from 'zod';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { applyRetention, rollupAccount } from '../../src/db/rollups.ts';
import { upsertSnapshots, type SnapshotInput } from '../../src/db/snapshots.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { HOUR } from '../../src/intel/time.ts';

let db: TestDatabase;
// 2026-11-20 00:00 in America/New_York (UTC-5) is 05:00 UTC.
const localMidnight = Date.UTC(2026, 10, 20, 5);
const now = localMidnight + 2 * 24 * HOUR + 3 * HOUR; // three hours into the third local day

beforeAll(async () => {
  db = await createTestDatabase();
  await upsertAdAccount(db.pool, { id: 'act_r', workspaceId: 'T1', name: 'Rollups', timezone: 'America/New_York' });
  const rows: SnapshotInput[] = [];
  for (let h = 0; h < 51; h++) {
    for (const entityId of ['ad_1', 'ad_2']) {
      rows.push({
        accountId: 'act_r',
        entityType: 'ad',
        entityId,
        snapshotHour: localMidnight + h * HOUR,
        impressions: 100 + h,
        clicks: (h % 7) + (entityId === 'ad_2' ? 1 : 0),
        spend: 1.25 + h / 100,
        conversions: h % 5 === 0 ? 1 : 0,
        conversionValue: h % 5 === 0 ? 40.5 : 0,
      });
    }
  }
  await upsertSnapshots(db.pool, rows);
});
afterAll(async () => db.drop());

const dailySchema = z.object({
  entity_id: z.string(),
  day: z.string(),
  impressions: z.number(),
  clicks: z.number(),
  spend: z.number(),
  conversions: z.number(),
  hours_covered: z.number(),
});

describe('rollupAccount', () => {
  it('makes daily rows equal to the sums of their local-day hours', async () => {
    await rollupAccount(db.pool, 'act_r', now);
    const daily = await db.pool.any(sql.type(dailySchema)`
      SELECT entity_id, day::text AS day, impressions::int, clicks::int, spend::float8, conversions::float8, hours_covered
      FROM insight_daily WHERE account_id = 'act_r' ORDER BY entity_id, day`);
    expect(daily.map((d) => [d.entity_id, d.day, d.hours_covered])).toEqual([
      ['ad_1', '2026-11-20', 24],
      ['ad_1', '2026-11-21', 24],
      ['ad_1', '2026-11-22', 3],
      ['ad_2', '2026-11-20', 24],
      ['ad_2', '2026-11-21', 24],
      ['ad_2', '2026-11-22', 3],
    ]);
    const expected = (from: number, to: number, f: (h: number) => number) =>
      Array.from({ length: to - from }, (_, i) => f(from + i)).reduce((a, b) => a + b, 0);
    const day2 = daily.find((d) => d.entity_id === 'ad_2' && d.day === '2026-11-21')!;
    expect(day2.impressions).toBe(expected(24, 48, (h) => 100 + h));
    expect(day2.clicks).toBe(expected(24, 48, (h) => (h % 7) + 1));
    expect(day2.spend).toBeCloseTo(
      expected(24, 48, (h) => 1.25 + h / 100),
      6,
    );
    expect(day2.conversions).toBe(expected(24, 48, (h) => (h % 5 === 0 ? 1 : 0)));
  });

  it('makes weekly rows equal to the sums of their days', async () => {
    const weekly = await db.pool.one(sql.type(z.object({ impressions: z.number(), days_covered: z.number() }))`
      SELECT impressions::int, days_covered FROM insight_weekly WHERE account_id = 'act_r' AND entity_id = 'ad_1'`);
    const daily = await db.pool.oneFirst(sql.type(z.object({ s: z.number() }))`
      SELECT sum(impressions)::int AS s FROM insight_daily WHERE account_id = 'act_r' AND entity_id = 'ad_1'`);
    expect(weekly).toEqual({ impressions: daily, days_covered: 3 });
  });

  it('changes nothing when run again on the same data', async () => {
    expect(await rollupAccount(db.pool, 'act_r', now)).toEqual({ dailyRows: 0, weeklyRows: 0 });
  });
});

describe('applyRetention', () => {
  it('deletes hourly rows older than 8 days and keeps their daily rollups', async () => {
    const deleted = await applyRetention(db.pool, now + 10 * 24 * HOUR);
    expect(deleted.deletedHourly).toBe(102);
    const left = await db.pool.oneFirst(
      sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM insight_daily WHERE account_id = 'act_r'`,
    );
    expect(left).toBe(6);
  });

  it('does not let a later rollup overwrite a complete day with the hours that remain', async () => {
    await upsertSnapshots(db.pool, [
      {
        accountId: 'act_r',
        entityType: 'ad',
        entityId: 'ad_1',
        snapshotHour: localMidnight + 30 * HOUR,
        impressions: 1,
        clicks: 0,
        spend: 0,
      },
    ]);
    await rollupAccount(db.pool, 'act_r', now, 5);
    const day = await db.pool.one(sql.type(z.object({ hours_covered: z.number() }))`
      SELECT hours_covered FROM insight_daily WHERE account_id = 'act_r' AND entity_id = 'ad_1' AND day = '2026-11-21'`);
    expect(day.hours_covered).toBe(24);
  });
});
