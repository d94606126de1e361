import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { upsertEntities, type EntityInput } from '../../src/db/entities.ts';
import { loadForecastHistory } from '../../src/db/forecast-history.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const NOW = Date.UTC(2026, 5, 10, 6);
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const adset = (accountId: string, dailyBudgetMinor: number): EntityInput => ({
  accountId,
  entityType: 'adset',
  entityId: `${accountId}_set`,
  name: 'Set',
  parentId: null,
  campaignId: null,
  status: 'ACTIVE',
  effectiveStatus: 'ACTIVE',
  dailyBudgetMinor,
  lifetimeBudgetMinor: null,
  bidStrategy: null,
  bidAmountMinor: null,
  optimizationGoal: null,
  learningStage: null,
  issues: [],
  creativeId: null,
  createdTime: null,
  updatedTime: null,
});

describe('loadForecastHistory budget units', () => {
  it.each([
    ['JPY', 600, 600],
    ['USD', 600, 6],
    ['HUF', 25_000, 25_000],
  ])('reads a %s daily budget of %d minor units as %d major units', async (currency, minor, major) => {
    const id = `act_${currency.toLowerCase()}`;
    await upsertAdAccount(db.pool, { id, workspaceId: 'T1', name: currency, currency, timezone: 'Asia/Tokyo' });
    await upsertEntities(db.pool, [adset(id, minor)]);
    const history = await loadForecastHistory(db.pool, id, NOW, 28);
    expect(history.units.map((u) => [u.id, u.currentDailyBudget])).toEqual([[`${id}_set`, major]]);
  });
});
