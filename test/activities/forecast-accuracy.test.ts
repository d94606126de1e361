import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'slonik';
import { z } from 'zod';
import { createForecastAccuracyActivities } from '../../src/activities/forecast-accuracy.ts';
import { createForecastActivities } from '../../src/activities/forecasts.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { upsertEntities, type EntityInput } from '../../src/db/entities.ts';
import { listNotifications } from '../../src/db/notifications.ts';
import { addDays } from '../../src/intel/forecast/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { testConfig } from '../support/meta.ts';

// Hand-made daily rows with known values: four weeks of one regime, then a week where conversions fall to 40%.
const ACCOUNT = 'act_accuracy';
const T0 = Date.UTC(2026, 2, 1, 12); // forecasts made at noon on 1 March (history: 1–28 February)
const T1 = Date.UTC(2026, 2, 8, 12); // checked a week later: 1–6 March settled, 7 March not yet (12 h old)
const ADS = [
  { id: 'ad_a1', adset: 'as_a', campaign: 'c_a', base: 120 },
  { id: 'ad_a2', adset: 'as_a', campaign: 'c_a', base: 80 },
  { id: 'ad_b1', adset: 'as_b', campaign: 'c_b', base: 60 },
  { id: 'ad_b2', adset: 'as_b', campaign: 'c_b', base: 40 },
];
const WEEKLY = [1, 0.95, 0.97, 1.02, 1.08, 1.15, 0.9];

function day(date: string, i: number, a: (typeof ADS)[number], regimeFactor: number) {
  const spend = a.base * (1 + 0.08 * Math.sin(i * 1.3)) * WEEKLY[i % 7]!;
  const impressions = Math.round(spend * 100);
  const clicks = Math.round(impressions * 0.012 * (1 + 0.05 * Math.cos(i)));
  const conversions = (spend / 20) * WEEKLY[(i + 2) % 7]! * regimeFactor;
  return {
    account_id: ACCOUNT,
    entity_type: 'ad',
    entity_id: a.id,
    day: date,
    impressions,
    reach: Math.round(impressions / 1.5),
    clicks,
    spend: Number(spend.toFixed(4)),
    conversions: Number(conversions.toFixed(4)),
    conversion_value: Number((conversions * 50).toFixed(4)),
    hours_covered: 24,
    source: 'api_daily',
  };
}

const rows = (from: string, n: number, offset: number, factor: number) =>
  Array.from({ length: n }, (_, k) => ADS.map((a) => day(addDays(from, k), offset + k, a, factor))).flat();
const history = rows('2026-02-01', 28, 0, 1);
const march = rows('2026-03-01', 7, 28, 0.4);

let db: TestDatabase;
const config = testConfig('postgres://unused/db', {});

async function insertDaily(r: readonly ReturnType<typeof day>[]) {
  await db.pool.query(sql.unsafe`
    INSERT INTO insight_daily (account_id, entity_type, entity_id, day, impressions, reach, clicks, spend, conversions,
      conversion_value, hours_covered, source)
    SELECT * FROM jsonb_to_recordset(${sql.jsonb(r as never)}) AS t(account_id text, entity_type entity_level,
      entity_id text, day date, impressions bigint, reach bigint, clicks bigint, spend numeric, conversions numeric,
      conversion_value numeric, hours_covered smallint, source text)`);
}

const entity = (e: Partial<EntityInput> & Pick<EntityInput, 'entityType' | 'entityId'>): EntityInput => ({
  accountId: ACCOUNT,
  name: e.entityId,
  parentId: null,
  campaignId: null,
  status: 'ACTIVE',
  effectiveStatus: 'ACTIVE',
  dailyBudgetMinor: null,
  lifetimeBudgetMinor: null,
  bidStrategy: null,
  bidAmountMinor: null,
  optimizationGoal: null,
  learningStage: 'SUCCESS',
  issues: [],
  creativeId: null,
  createdTime: null,
  updatedTime: null,
  ...e,
});

const accuracyRow = z.object({
  metric: z.string(),
  date: z.string(),
  predicted: z.number(),
  actual: z.number(),
  error: z.number(),
  accuracy: z.number().nullable(),
  model_name: z.string(),
  model_version: z.string(),
});

beforeAll(async () => {
  db = await createTestDatabase();
  await upsertAdAccount(db.pool, {
    id: ACCOUNT,
    workspaceId: 'T_ACC',
    name: 'Accuracy account',
    slackChannelId: 'C_ACC',
    timezone: 'UTC',
  });
  await upsertEntities(db.pool, [
    entity({
      entityType: 'campaign',
      entityId: 'c_a',
      name: 'Prospecting A',
      campaignId: 'c_a',
      objective: 'OUTCOME_SALES',
    }),
    entity({ entityType: 'campaign', entityId: 'c_b', name: 'Traffic B', campaignId: 'c_b', objective: 'LINK_CLICKS' }),
    entity({ entityType: 'adset', entityId: 'as_a', parentId: 'c_a', campaignId: 'c_a', dailyBudgetMinor: 20_000 }),
    entity({ entityType: 'adset', entityId: 'as_b', parentId: 'c_b', campaignId: 'c_b', dailyBudgetMinor: 10_000 }),
    ...ADS.map((a) => entity({ entityType: 'ad', entityId: a.id, parentId: a.adset, campaignId: a.campaign })),
  ]);
  await insertDaily(history);
  const gen = createForecastActivities({ pool: db.pool, config, now: () => T0 });
  const made = await gen.generateForecasts({ accountId: ACCOUNT, workflowId: 'wf', runId: 'run-forecast' });
  expect(made).toMatchObject({ status: 'completed', days: 28, channels: 2, units: 2, lastDay: '2026-02-28' });
  await insertDaily(march);
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const sumOn = (date: string, f: (r: ReturnType<typeof day>) => number) =>
  march.filter((r) => r.day === date).reduce((a, r) => a + f(r), 0);

describe('prediction accuracy on stored predictions', () => {
  const track = (runId: string) =>
    createForecastAccuracyActivities({ pool: db.pool, config, now: () => T1 }).trackForecastAccuracy({
      accountId: ACCOUNT,
      workflowId: 'wf',
      runId,
    });

  it('stores, for every settled day, the error and accuracy computed by hand from the rows', async () => {
    const result = await track('run-check-1');
    const stored = await db.pool.any(sql.type(accuracyRow)`
      SELECT metric, day::text AS date, predicted, actual, error, accuracy, model_name, model_version
      FROM ml_prediction_accuracy WHERE account_id = ${ACCOUNT} AND series_key = 'account' ORDER BY metric, day`);
    const predicted = await db.pool.any(sql.type(
      z.object({ metric: z.string(), date: z.string(), p: z.number(), mv: z.string() }),
    )`
      SELECT metric, day::text AS date, predicted AS p, model_version AS mv FROM (
        SELECT * FROM ml_roi_timeseries UNION ALL SELECT * FROM ml_reach_ctr_timeseries) s
      WHERE account_id = ${ACCOUNT} AND series_key = 'account' AND predicted IS NOT NULL`);
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    const truth = {
      conversions: (d: string) => sumOn(d, (r) => r.conversions),
      roas: (d: string) => sumOn(d, (r) => r.conversion_value) / sumOn(d, (r) => r.spend),
      ctr: (d: string) => sumOn(d, (r) => r.clicks) / sumOn(d, (r) => r.impressions),
      reach: (d: string) => sumOn(d, (r) => r.reach),
    };
    for (const metric of ['conversions', 'roas', 'ctr', 'reach'] as const) {
      const mine = stored.filter((s) => s.metric === metric);
      expect(mine.map((s) => s.date)).toEqual(days); // 7 March is 12 h old: not settled, not compared
      for (const s of mine) {
        const p = predicted.find((x) => x.metric === metric && x.date === s.date)!;
        const y = truth[metric](s.date);
        expect(s.predicted).toBe(p.p);
        expect(s.model_version).toBe(p.mv);
        expect(s.model_name).toBe(`forecast:${ACCOUNT}:account:${metric}`);
        expect(s.actual).toBeCloseTo(y, 6);
        expect(s.error).toBeCloseTo(p.p - y, 6);
        expect(s.accuracy!).toBeCloseTo(Math.min(1, Math.max(0, 1 - Math.abs(p.p - y) / y)), 6);
      }
    }
    // Channel ROAS predictions are tracked too.
    const channels = await db.pool.anyFirst(sql.type(z.object({ k: z.string() }))`
      SELECT DISTINCT series_key AS k FROM ml_prediction_accuracy WHERE account_id = ${ACCOUNT} ORDER BY 1`);
    expect(channels).toEqual(['account', 'channel:sales', 'channel:traffic']);
    expect(result.pending).toBeGreaterThan(0);
    expect(result.byMetric.conversions!.n).toBe(6);
  });

  it('fires drift on the regime change: an alert, and the model marked for retraining', async () => {
    const drift = await db.pool.any(sql.type(z.object({ metric: z.string(), retrain: z.boolean(), run: z.number() }))`
      SELECT metric, retrain, current_run AS run FROM ml_forecast_drift WHERE account_id = ${ACCOUNT} ORDER BY metric`);
    // Conversions fell to 40%: the error is ~150% every day. Reach and CTR did not change.
    expect(drift.find((d) => d.metric === 'conversions')).toEqual({ metric: 'conversions', retrain: true, run: 6 });
    expect(drift.find((d) => d.metric === 'reach')!.retrain).toBe(false);
    expect(drift.find((d) => d.metric === 'ctr')!.retrain).toBe(false);
    const status = await db.pool.anyFirst(sql.type(z.object({ s: z.string() }))`
      SELECT DISTINCT status AS s FROM intel_model_version
      WHERE model_name = ${`forecast:${ACCOUNT}:account:conversions`}`);
    expect(status).toEqual(['needs_retraining']);
    const reach = await db.pool.anyFirst(sql.type(z.object({ s: z.string() }))`
      SELECT DISTINCT status AS s FROM intel_model_version WHERE model_name = ${`forecast:${ACCOUNT}:account:reach`}`);
    expect(reach).toEqual(['active']);
    const alerts = (await listNotifications(db.pool, ACCOUNT, 'alert')).filter(
      (n) => n.payload.type === 'forecast_drift',
    );
    expect(alerts.map((a) => a.payload.metric)).toContain('conversions');
    expect(alerts.every((a) => a.channel_id === 'C_ACC')).toBe(true);
  });

  it('keeps cumulative fetcher stats: a second fetch adds a fetch but no already-tracked spend, and no second alert', async () => {
    const alertsBefore = (await listNotifications(db.pool, ACCOUNT, 'alert')).length;
    await track('run-check-2');
    const fetches = await db.pool.any(sql.type(
      z.object({ run_id: z.string(), ok: z.boolean(), spend: z.number(), conversions: z.number() }),
    )`
      SELECT run_id, ok, spend, conversions FROM ml_accuracy_fetch WHERE account_id = ${ACCOUNT} ORDER BY fetched_at, run_id`);
    const settled = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    const spend = settled.reduce((a, d) => a + sumOn(d, (r) => r.spend), 0);
    const conversions = settled.reduce((a, d) => a + sumOn(d, (r) => r.conversions), 0);
    expect(fetches).toHaveLength(2);
    expect(fetches.every((f) => f.ok)).toBe(true);
    const first = fetches.find((f) => f.run_id === 'run-check-1')!;
    expect(first.spend).toBeCloseTo(spend, 4);
    expect(first.conversions).toBeCloseTo(conversions, 4);
    expect(fetches.find((f) => f.run_id === 'run-check-2')!.spend).toBe(0);
    expect((await listNotifications(db.pool, ACCOUNT, 'alert')).length).toBe(alertsBefore);
  });
});
