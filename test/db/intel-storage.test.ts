import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { accountScoreAsOf, accountScoreHistory, insertAccountScore } from '../../src/db/account-scores.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { listPatterns, patternsRefreshedAt, replacePatterns } from '../../src/db/learned-patterns.ts';
import { computeAccountScore, type LearnedPattern } from '../../src/intel/analytics/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { DAY } from '../../src/intel/time.ts';

const NOW = Date.UTC(2026, 5, 10, 6);
const ACCOUNT = 'act_store';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await upsertAdAccount(db.pool, { id: ACCOUNT, workspaceId: 'T1', name: 'Store' });
});
afterAll(async () => db.drop());

const lag = (entityId: string, share: number): LearnedPattern => ({
  kind: 'conversion-lag',
  entityId,
  summary: `${share} reported at once`,
  confidence: { score: share, level: 'medium', sampleSize: 120, consistency: 0.9, spanDays: 14 },
  validFrom: NOW,
  validUntil: NOW + 7 * DAY,
  cdf: [{ ageHours: 0, share }],
  settledHours90: 24,
  settledHours95: 48,
});
const spot = (entityId: string): LearnedPattern => ({ ...lag(entityId, 0.5), kind: 'budget-sweet-spot' }) as never;

describe('intel_account_score', () => {
  const empty = computeAccountScore({
    accountId: ACCOUNT,
    now: NOW,
    targets: {},
    sufficiency: { sufficient: false, reason: 'none yet' },
    adsets: [],
    ads: [],
  });

  it('stores one row per run key, however often a retried activity writes it', async () => {
    const a = await insertAccountScore(db.pool, 'run-1', NOW, empty, null);
    const b = await insertAccountScore(db.pool, 'run-1', NOW + 1, { ...empty, overall: 99 }, null);
    expect(b).toEqual(a);
    expect(a).toMatchObject({ overall: 0, learning: null, sufficiency_mode: 'rules' });
  });

  it("finds last week's score and one history point per day (the day's latest)", async () => {
    await insertAccountScore(db.pool, 'run-old', NOW - 8 * DAY, { ...empty, overall: 40 }, null);
    await insertAccountScore(db.pool, 'run-later', NOW + 3_600_000, { ...empty, overall: 55 }, null);
    expect((await accountScoreAsOf(db.pool, ACCOUNT, NOW - 7 * DAY))?.overall).toBe(40);
    const history = await accountScoreHistory(db.pool, ACCOUNT, NOW - 30 * DAY);
    expect(history.map((h) => [h.day, h.overall])).toEqual([
      [new Date(NOW - 8 * DAY).toISOString().slice(0, 10), 40],
      [new Date(NOW).toISOString().slice(0, 10), 55],
    ]);
  });
});

describe('intel_learned_pattern', () => {
  it('keeps one row per account, kind and entity, with account-wide patterns under a null entity', async () => {
    await replacePatterns(db.pool, ACCOUNT, [lag(ACCOUNT, 0.4), spot('as_1'), spot('as_2')], NOW);
    await replacePatterns(db.pool, ACCOUNT, [lag(ACCOUNT, 0.6), spot('as_1'), spot('as_2')], NOW);
    const stored = await listPatterns(db.pool, ACCOUNT);
    expect(stored.map((p) => [p.kind, p.entity_id])).toEqual(
      expect.arrayContaining([
        ['conversion-lag', null],
        ['budget-sweet-spot', 'as_1'],
        ['budget-sweet-spot', 'as_2'],
      ]),
    );
    expect(stored).toHaveLength(3);
    expect(stored.find((p) => p.kind === 'conversion-lag')).toMatchObject({ confidence: 0.6, sample_size: 120 });
  });

  it('drops what a later refresh no longer supports', async () => {
    await replacePatterns(db.pool, ACCOUNT, [spot('as_2')], NOW + DAY);
    expect((await listPatterns(db.pool, ACCOUNT)).map((p) => p.entity_id)).toEqual(['as_2']);
    expect(await patternsRefreshedAt(db.pool, ACCOUNT)).toBe(NOW + DAY);
  });
});
