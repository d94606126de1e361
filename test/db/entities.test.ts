import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { getEntityRow, upsertEntities, type EntityInput } from '../../src/db/entities.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const ACCOUNT = 'act_learning';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await upsertAdAccount(db.pool, { id: ACCOUNT, workspaceId: 'T1', name: 'Learning' });
});
afterAll(async () => db.drop());

const adset = (o: Partial<EntityInput> = {}): EntityInput => ({
  accountId: ACCOUNT,
  entityType: 'adset',
  entityId: 'as_1',
  name: 'Set',
  parentId: 'c_1',
  campaignId: 'c_1',
  status: 'ACTIVE',
  effectiveStatus: 'ACTIVE',
  dailyBudgetMinor: 8000,
  lifetimeBudgetMinor: null,
  bidStrategy: null,
  bidAmountMinor: null,
  optimizationGoal: 'OFFSITE_CONVERSIONS',
  learningStage: 'LEARNING',
  issues: [],
  creativeId: null,
  createdTime: null,
  updatedTime: null,
  ...o,
});

describe('intel_entity learning stage info', () => {
  it('stores the learning conversions and the last significant edit, and updates them on the next pull', async () => {
    const edit = Date.UTC(2026, 10, 20, 9, 30);
    await upsertEntities(db.pool, [
      adset({ learningConversions: 12, lastSignificantEditAt: new Date(edit).toISOString() }),
    ]);
    expect(await getEntityRow(db.pool, ACCOUNT, 'as_1')).toMatchObject({
      learning_stage: 'LEARNING',
      learning_conversions: 12,
      last_significant_edit_at: edit,
    });
    await upsertEntities(db.pool, [
      adset({ learningStage: 'SUCCESS', learningConversions: 55, lastSignificantEditAt: new Date(edit).toISOString() }),
    ]);
    expect(await getEntityRow(db.pool, ACCOUNT, 'as_1')).toMatchObject({ learning_conversions: 55 });
  });

  it('leaves both empty for entities Meta reports no learning stage for', async () => {
    await upsertEntities(db.pool, [adset({ entityType: 'ad', entityId: 'ad_1', learningStage: null })]);
    expect(await getEntityRow(db.pool, ACCOUNT, 'ad_1')).toMatchObject({
      learning_conversions: null,
      last_significant_edit_at: null,
    });
  });
});
