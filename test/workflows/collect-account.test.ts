import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import { listNotifications } from '../../src/db/notifications.ts';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { getAdAccount } from '../../src/db/accounts.ts';
import { latestPixelHealth } from '../../src/db/pixels.ts';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import { listOpenProposals } from '../../src/db/actions.ts';
import { generatedScenario, scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';
import { DAY } from '../../src/intel/time.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const main = generatedScenario({
  accountId: 'act_collect',
  token: 'collect-token',
  campaigns: 2,
  adsetsPerCampaign: 3,
  adsPerAdset: 4,
  seed: 21,
  historyDays: 35,
});
const other = generatedScenario({
  accountId: 'act_other',
  token: 'other-token',
  campaigns: 1,
  adsetsPerCampaign: 2,
  adsPerAdset: 2,
  seed: 22,
  historyDays: 35,
});
const fresh = generatedScenario({
  accountId: 'act_fresh',
  token: 'fresh-token',
  campaigns: 1,
  adsetsPerCampaign: 2,
  adsPerAdset: 4,
  seed: 23,
  historyDays: 35,
});

let db: TestDatabase;
let temporal: TemporalHarness;
let meta: MetaHarness;
beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  meta = await startMeta([main, other, fresh], { tokenOverrides: { act_other: 'revoked-token' } });
  for (const s of [main, other, fresh]) await connectAccount(db.pool, s);
});
afterAll(async () => {
  await meta.close();
  await temporal.close();
  await db.drop();
});

const worker = async (): Promise<Worker> =>
  createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    deps: { pool: db.pool, config: testConfig(db.url), meta: meta.access, now: meta.now },
    workflowBundle: await productWorkflowBundle(),
    options: { shutdownGraceTime: '100ms' },
  });

const start = (accountId: string, id = `collect-${accountId}-${Date.now()}`) =>
  temporal.client.workflow.start('collectAccount', {
    taskQueue: temporal.taskQueue,
    workflowId: id,
    args: [accountId, 'test'],
  });

const sumsSchema = z.object({
  entity_id: z.string(),
  impressions: z.number(),
  clicks: z.number(),
  spend: z.number(),
  conversions: z.number(),
  n: z.number(),
  hours: z.number(),
});
async function storedAdSums(accountId: string) {
  return db.pool.any(sql.type(sumsSchema)`
    SELECT entity_id, sum(impressions)::float8 AS impressions, sum(clicks)::float8 AS clicks, sum(spend)::float8 AS spend,
           sum(conversions)::float8 AS conversions, count(*)::int AS n, count(DISTINCT snapshot_hour)::int AS hours
    FROM intel_performance_snapshot WHERE account_id = ${accountId} AND entity_type = 'ad'
      AND snapshot_hour >= ${sql.timestamp(new Date(meta.sims.get(accountId)!.localDayStart(meta.now())))} GROUP BY entity_id`);
}

describe('collectAccount', () => {
  it("stores today's snapshots equal to the emulator's own totals, with a run summary", async () => {
    const w = await worker();
    const summary = (await w.runUntil(start('act_collect').then((h) => h.result()))) as RunSummary;
    const sim = meta.sims.get('act_collect')!;
    expect(summary).toMatchObject({ accountId: 'act_collect', entities: { campaigns: 2, adsets: 6, ads: 24 } });
    expect(summary.apiCalls).toBeGreaterThan(0);
    expect(summary.apiCalls).toBeLessThan(30);
    const stored = await storedAdSums('act_collect');
    expect(stored).toHaveLength(24);
    const midnight = sim.localDayStart(sim.now);
    for (const row of stored) {
      const truth = sim.adTotals(sim.byId.get(row.entity_id) as never, midnight, sim.now);
      expect(row).toMatchObject({
        impressions: truth.impressions,
        clicks: truth.clicks,
        conversions: truth.conversions,
      });
      expect(row.spend).toBeCloseTo(truth.spend, 2);
    }
    const purchaseType = await db.pool.oneFirst(sql.type(z.object({ t: z.string().nullable() }))`
      SELECT max(purchase_action_type) AS t FROM intel_performance_snapshot WHERE account_id = 'act_collect'`);
    expect(purchaseType).toBe('omni_purchase');
    const run = await db.pool.one(sql.type(
      z.object({ status: z.string(), summary: z.record(z.string(), z.unknown()) }),
    )`
      SELECT status, summary FROM collection_run WHERE account_id = 'act_collect'`);
    expect(run.status).toBe('completed');
    expect(run.summary.rowsWritten).toBe(summary.rowsWritten);
    const [pixel] = await latestPixelHealth(db.pool, 'act_collect');
    expect(pixel).toBeDefined();
    expect(pixel!.events_30d).toBeGreaterThan(pixel!.events_7d);
    expect(pixel!.events_7d).toBeGreaterThan(0);
    expect(pixel!.funnel.viewToCart).toBeGreaterThan(0.05);
    expect(pixel!.funnel.viewToCart).toBeLessThan(0.2);
  });

  it('splits an insights request Meta refuses as too large by campaign, stores the same totals and logs the split', async () => {
    meta.emulator.setMaxSyncInsightRows(12); // 24 ads in 2 campaigns: each campaign's 12 fit
    try {
      const w = await worker();
      const summary = (await w.runUntil(start('act_collect').then((h) => h.result()))) as RunSummary;
      // Today's ad rows and the 7-day ad reach: each refused once, each split in two.
      expect(summary.split).toEqual({ refused: 2, parts: 4, depth: 1 });
      const sim = meta.sims.get('act_collect')!;
      const stored = await storedAdSums('act_collect');
      expect(stored).toHaveLength(24);
      for (const row of stored)
        expect(row.impressions).toBe(
          sim.adTotals(sim.byId.get(row.entity_id) as never, sim.localDayStart(sim.now), sim.now).impressions,
        );
      const logged = await db.pool.oneFirst(sql.type(z.object({ split: z.unknown() }))`
        SELECT summary->'split' AS split FROM collection_run WHERE account_id = 'act_collect' AND status = 'completed'
        ORDER BY started_at DESC LIMIT 1`);
      expect(logged).toEqual({ refused: 2, parts: 4, depth: 1 });
    } finally {
      meta.emulator.setMaxSyncInsightRows(Infinity);
    }
  });

  it('resumes after the worker is killed mid-run and leaves no duplicate rows', async () => {
    meta.emulator.faults.inject({ kind: 'slow', ms: 3_000 }, { match: '/insights' });
    const first = await worker();
    const running = first.run();
    const handle = await start('act_collect');
    for (let i = 0; i < 100 && !meta.emulator.requests.some((r) => r.path.endsWith('/insights')); i++)
      await new Promise((r) => setTimeout(r, 50));
    first.shutdown();
    await running;
    const second = await worker();
    await second.runUntil(handle.result());
    const stored = await storedAdSums('act_collect');
    expect(stored).toHaveLength(24);
    expect(stored.every((r) => r.n === r.hours)).toBe(true); // one row per ad and hour
    const sim = meta.sims.get('act_collect')!;
    const ad = stored[0]!;
    expect(ad.impressions).toBe(
      sim.adTotals(sim.byId.get(ad.entity_id) as never, sim.localDayStart(sim.now), sim.now).impressions,
    );
  });

  it("waits out Meta's throttle and completes", async () => {
    meta.emulator.faults.inject({ kind: 'throttle', code: 80004, regainMinutes: 0.02 }, { match: '/ads', times: 1 });
    const w = await worker();
    const handle = await start('act_collect');
    await w.runUntil(handle.result());
    const history = await handle.fetchHistory();
    const attempts = history.events?.map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0) ?? [];
    expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);
  });

  it('a throttle on the ad level resumes there: the campaign and ad set levels are pulled once', async () => {
    meta.emulator.faults.inject(
      { kind: 'throttle', code: 80004, regainMinutes: 0.001 },
      { match: '/act_collect/insights', params: { level: 'ad' }, times: 1 },
    );
    const before = meta.emulator.requests.length;
    const w = await worker();
    await w.runUntil(start('act_collect').then((h) => h.result()));
    const dayPulls = (level: string) =>
      meta.emulator.requests
        .slice(before)
        .filter(
          (r) => r.path === '/act_collect/insights' && r.params.get('level') === level && r.params.has('time_range'),
        ).length;
    expect(dayPulls('ad')).toBe(2); // the throttled one and its retry
    expect(dayPulls('campaign')).toBe(1);
    expect(dayPulls('adset')).toBe(1);
  });

  it('fails only the account whose token is revoked, with the reason stored', async () => {
    const w = await worker();
    const [bad, good] = await Promise.all([start('act_other'), start('act_collect')]);
    const outcome = await w.runUntil(Promise.allSettled([bad.result(), good.result()]));
    expect(outcome[0].status).toBe('rejected');
    expect((outcome[0] as PromiseRejectedResult).reason).toBeInstanceOf(WorkflowFailedError);
    expect(outcome[1].status).toBe('fulfilled');
    const account = await getAdAccount(db.pool, 'act_other');
    expect(account).toMatchObject({ status: 'needs_attention' });
    expect(account?.status_reason).toMatch(/access token is invalid or expired/);
    expect(account?.status_reason).not.toContain('revoked-token');
    const run = await db.pool.one(sql.type(z.object({ status: z.string(), error_kind: z.string().nullable() }))`
      SELECT status, error_kind FROM collection_run WHERE account_id = 'act_other'`);
    expect(run).toEqual({ status: 'failed', error_kind: 'MetaAuth' });
  });

  it('finishes the run as failed with the reason when retries on a throttle run out, and alerts the channel once', async () => {
    // Meta's advertised wait (60 ms) is each retry's delay, so the 20 attempts run out in seconds.
    meta.emulator.faults.inject(
      { kind: 'throttle', code: 80004, regainMinutes: 0.001 },
      { match: '/campaigns', times: 40 },
    );
    const w = await worker();
    const outcome = await w.runUntil(
      Promise.allSettled(
        ['a', 'b'].map((n) => start('act_collect', `collect-exhausted-${n}-${Date.now()}`).then((h) => h.result())),
      ),
    );
    meta.emulator.faults.clear();
    expect(outcome.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    const runs = await db.pool.any(sql.type(
      z.object({ status: z.string(), error_kind: z.string().nullable(), error_message: z.string().nullable() }),
    )`SELECT status, error_kind, error_message FROM collection_run WHERE account_id = 'act_collect'
        AND started_at > now() - interval '10 minutes' AND status <> 'completed'`);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.status).toBe('failed');
      expect(run.error_kind).toBe('MetaThrottle');
      // Meta's throttle, or the business-wide wait it set (accounts of one business pace together after a throttle).
      expect(run.error_message).toMatch(/too many calls to this ad-account|is throttled for another/);
    }
    expect(await getAdAccount(db.pool, 'act_collect')).toMatchObject({ status: 'needs_attention' });
    const alerts = (await listNotifications(db.pool, 'act_collect')).filter((n) => n.kind === 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.payload.reason).toMatch(/too many calls|is throttled for another/);
    // The next good run makes the account active again.
    await (await worker()).runUntil(start('act_collect').then((h) => h.result()));
    expect(await getAdAccount(db.pool, 'act_collect')).toMatchObject({ status: 'active', status_reason: null });
  });

  it('finishes a cancelled run as failed (cancelled) without flagging the account', async () => {
    meta.emulator.faults.inject({ kind: 'slow', ms: 2_000 }, { match: '/insights' });
    const w = await worker();
    const before = meta.emulator.requests.length;
    const handle = await start('act_collect');
    await w.runUntil(async () => {
      const insightsAsked = () => meta.emulator.requests.slice(before).some((r) => r.path.endsWith('/insights'));
      for (let i = 0; i < 200 && !insightsAsked(); i++) await new Promise((r) => setTimeout(r, 25));
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    });
    const run = await db.pool.one(sql.type(
      z.object({ status: z.string(), error_kind: z.string().nullable(), finished: z.boolean() }),
    )`SELECT status, error_kind, finished_at IS NOT NULL AS finished FROM collection_run
        WHERE workflow_id = ${handle.workflowId}`);
    expect(run).toEqual({ status: 'failed', error_kind: 'CollectionCancelled', finished: true });
    expect(await getAdAccount(db.pool, 'act_collect')).toMatchObject({ status: 'active' });
  });

  it('backfills a new account with thin history until the sufficiency check passes', async () => {
    const w = await worker();
    const summary = (await w.runUntil(start('act_fresh').then((h) => h.result()))) as RunSummary;
    expect(summary).toMatchObject({ sufficiency: 'sufficient', backfilledDays: 30 });
    const days = await db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(DISTINCT day)::int AS n FROM insight_daily WHERE account_id = 'act_fresh' AND source = 'api_daily'`);
    expect(days).toBeGreaterThanOrEqual(29);
    const checks = await db.pool.any(sql.type(z.object({ level: z.string(), backfilled: z.boolean() }))`
      SELECT level, backfilled FROM intel_data_sufficiency WHERE account_id = 'act_fresh' ORDER BY id`);
    expect(checks.at(-1)).toEqual({ level: 'sufficient', backfilled: true });
    // Ad sets and campaigns get their own backfilled days, and each day's spend is the sum of their ads'.
    const mismatches = await db.pool.any(sql.type(z.object({ entity_id: z.string(), day: z.string() }))`
      WITH ad AS (
        SELECT e.parent_id AS adset_id, d.day, sum(d.spend) AS spend
        FROM insight_daily d JOIN intel_entity e ON e.entity_id = d.entity_id AND e.account_id = d.account_id
        WHERE d.account_id = 'act_fresh' AND d.entity_type = 'ad' AND d.source = 'api_daily'
        GROUP BY 1, 2)
      SELECT ad.adset_id AS entity_id, ad.day::text AS day FROM ad
      LEFT JOIN insight_daily s ON s.account_id = 'act_fresh' AND s.entity_type = 'adset' AND s.entity_id = ad.adset_id
        AND s.day = ad.day
      WHERE s.spend IS NULL OR abs(s.spend - ad.spend) > 0.011`);
    expect(mismatches).toEqual([]);
    const levels = await db.pool.anyFirst(sql.type(z.object({ entity_type: z.string() }))`
      SELECT DISTINCT entity_type FROM insight_daily WHERE account_id = 'act_fresh' AND source = 'api_daily' ORDER BY 1`);
    expect(levels).toEqual(['campaign', 'adset', 'ad']);
    void DAY;
  });
});

describe('collectAccount on the demo account', () => {
  it('proposes to pause the ad set that spends without purchases and starts its approval workflow', async () => {
    const demoMeta = await startMeta([scenarios.demo()]);
    const demoDb = await createTestDatabase();
    try {
      await connectAccount(demoDb.pool, scenarios.demo());
      const w = await createWorker({
        connection: temporal.nativeConnection,
        namespace: 'default',
        taskQueue: `${temporal.taskQueue}-demo`,
        deps: { pool: demoDb.pool, config: testConfig(demoDb.url), meta: demoMeta.access, now: demoMeta.now },
        workflowBundle: await productWorkflowBundle(),
      });
      const summary = (await w.runUntil(
        temporal.client.workflow.execute('collectAccount', {
          taskQueue: `${temporal.taskQueue}-demo`,
          workflowId: `collect-demo-${Date.now()}`,
          args: ['act_demo', 'test'],
        }),
      )) as RunSummary;
      expect(summary.proposalsCreated).toBeGreaterThan(0);
      const proposals = await listOpenProposals(demoDb.pool, 'act_demo');
      const stopLoss = proposals.find((p) => p.entity_id === 'as_demo_interest' && p.action_type === 'pause');
      expect(stopLoss?.explanation).toMatch(
        /Ad set 'Interests - outdoor' spent \$\d+\.\d\d in the last 48 h with 0 purchases \(threshold: \$50\.00\)/,
      );
      const run = await temporal.client.workflow.getHandle(approvalWorkflowId(stopLoss!.id)).describe();
      expect(run.status.name).toBe('RUNNING');
      await temporal.client.workflow.getHandle(approvalWorkflowId(stopLoss!.id)).terminate('test done');
    } finally {
      await demoMeta.close();
      await demoDb.drop();
    }
  });
});
