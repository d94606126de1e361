import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'slonik';
import { z } from 'zod';
import { createForecastActivities } from '../../src/activities/forecasts.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { testConfig } from '../support/meta.ts';

const ACCOUNT = 'act_thin';
const NOW = Date.UTC(2026, 2, 5, 12);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await upsertAdAccount(db.pool, { id: ACCOUNT, workspaceId: 'T_THIN', name: 'Thin', timezone: 'UTC' });
  await db.pool.query(sql.unsafe`
    INSERT INTO intel_entity (account_id, entity_type, entity_id, name, campaign_id) VALUES
      (${ACCOUNT}, 'campaign', 'c_1', 'Campaign', 'c_1'), (${ACCOUNT}, 'ad', 'ad_1', 'Ad', 'c_1')`);
  await db.pool.query(sql.unsafe`
    INSERT INTO insight_daily (account_id, entity_type, entity_id, day, impressions, reach, clicks, spend, conversions,
                               conversion_value, hours_covered, source)
    SELECT ${ACCOUNT}, 'ad', 'ad_1', DATE '2026-03-05' - i, 1000, 800, 12, 50, 2, 100, 24, 'api_daily'
    FROM generate_series(0, 3) i`);
});
afterAll(async () => {
  await db?.drop();
});

const ref = { accountId: ACCOUNT, workflowId: 'wf', runId: 'run' };
const stored = () =>
  db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT (SELECT count(*) FROM ml_roi_timeseries) + (SELECT count(*) FROM ml_roi_forecast)
         + (SELECT count(*) FROM ml_budget_recommendation) + (SELECT count(*) FROM intel_model_version) AS n`);

describe('generateForecasts', () => {
  it('skips, storing nothing, when the account has fewer than 7 complete days (today does not count)', async () => {
    const gen = createForecastActivities({ pool: db.pool, config: testConfig(db.url), now: () => NOW });
    await expect(gen.generateForecasts(ref)).resolves.toEqual({
      status: 'skipped',
      reason: 'Forecasts need 7 complete days of history; the account has 3.',
    });
    expect(await stored()).toBe(0);
  });

  it('skips when ML predictions are switched off', async () => {
    const config = testConfig(db.url, { ENABLE_ML_PREDICTIONS: 'false' });
    const gen = createForecastActivities({ pool: db.pool, config, now: () => NOW });
    await expect(gen.generateForecasts(ref)).resolves.toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('ENABLE_ML_PREDICTIONS=false') as unknown as string,
    });
  });
});
