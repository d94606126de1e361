import { describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { getAdAccount } from '../../src/db/accounts.ts';
import { latestPixelHealth } from '../../src/db/pixels.ts';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import { listOpenProposals } from '../../src/db/actions.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { testAccount } from '../support/scenarios.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { createTestDatabase } from '../support/db.ts';
import { connectAccount, startMeta } from '../support/meta.ts';
import { productWorker, useWorld } from '../support/world.ts';
import { DAY } from '../../src/intel/time.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const main = testAccount('collect', [2, 3, 4], { seed: 21, historyDays: 35 });
const other = testAccount('other', [1, 2, 2], { seed: 22, historyDays: 35 });
const fresh = testAccount('fresh', [1, 2, 4], { seed: 23, historyDays: 35 });

const world = useWorld([main, other, fresh], { tokenOverrides: { act_other: 'revoked-token' } });
const worker = () => productWorker(world);

const start = (accountId: string, id = `collect-${accountId}-${Date.now()}`) =>
  world.temporal.client.workflow.start('collectAccount', {
    taskQueue: world.temporal.taskQueue,
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
  return world.db.pool.any(sql.type(sumsSchema)`
    SELECT entity_id, sum(impressions)::float8 AS impressions, sum(clicks)::float8 AS clicks, sum(spend)::float8 AS spend,
           sum(conversions)::float8 AS conversions, count(*)::int AS n, count(DISTINCT snapshot_hour)::int AS hours
    FROM intel_performance_snapshot WHERE account_id = ${accountId} AND entity_type = 'ad'
      AND snapshot_hour >= ${sql.timestamp(new Date(world.meta.sims.get(accountId)!.localDayStart(world.meta.now())))} GROUP BY entity_id`);
}

describe('collectAccount', () => {
  it("stores today's snapshots equal to the emulator's own totals, with a run summary", async () => {
    const w = await worker();
    const summary = (await w.runUntil(start('act_collect').then((h) => h.result()))) as RunSummary;
    const sim = world.meta.sims.get('act_collect')!;
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
    const purchaseType = await world.db.pool.oneFirst(sql.type(z.object({ t: z.string().nullable() }))`
      SELECT max(purchase_action_type) AS t FROM intel_performance_snapshot WHERE account_id = 'act_collect'`);
    expect(purchaseType).toBe('omni_purchase');
    const run = await world.db.pool.one(sql.type(
      z.object({ status: z.string(), summary: z.record(z.string(), z.unknown()) }),
    )`
      SELECT status, summary FROM collection_run WHERE account_id = 'act_collect'`);
    expect(run.status).toBe('completed');
    expect(run.summary.rowsWritten).toBe(summary.rowsWritten);
    const [pixel] = await latestPixelHealth(world.db.pool, 'act_collect');
    expect(pixel).toBeDefined();
    expect(pixel!.events_30d).toBeGreaterThan(pixel!.events_7d);
    expect(pixel!.events_7d).toBeGreaterThan(0);
    expect(pixel!.funnel.viewToCart).toBeGreaterThan(0.05);
    expect(pixel!.funnel.viewToCart).toBeLessThan(0.2);
  });

  it('resumes after the worker is killed mid-run and leaves no duplicate rows', async () => {
    world.meta.emulator.faults.inject({ kind: 'slow', ms: 3_000 }, { match: '/insights' });
    const first = await worker();
    const running = first.run();
    const handle = await start('act_collect');
    for (let i = 0; i < 100 && !world.meta.emulator.requests.some((r) => r.path.endsWith('/insights')); i++)
      await new Promise((r) => setTimeout(r, 50));
    first.shutdown();
    await running;
    const second = await worker();
    await second.runUntil(handle.result());
    const stored = await storedAdSums('act_collect');
    expect(stored).toHaveLength(24);
    expect(stored.every((r) => r.n === r.hours)).toBe(true); // one row per ad and hour
    const sim = world.meta.sims.get('act_collect')!;
    const ad = stored[0]!;
    expect(ad.impressions).toBe(
      sim.adTotals(sim.byId.get(ad.entity_id) as never, sim.localDayStart(sim.now), sim.now).impressions,
    );
  });

  it("waits out Meta's throttle and completes", async () => {
    world.meta.emulator.faults.inject(
      { kind: 'throttle', code: 80004, regainMinutes: 0.02 },
      { match: '/ads', times: 1 },
    );
    const w = await worker();
    const handle = await start('act_collect');
    await w.runUntil(handle.result());
    const history = await handle.fetchHistory();
    const attempts = history.events?.map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0) ?? [];
    expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);
  });

  it('fails only the account whose token is revoked, with the reason stored', async () => {
    const w = await worker();
    const [bad, good] = await Promise.all([start('act_other'), start('act_collect')]);
    const outcome = await w.runUntil(Promise.allSettled([bad.result(), good.result()]));
    expect(outcome[0].status).toBe('rejected');
    expect((outcome[0] as PromiseRejectedResult).reason).toBeInstanceOf(WorkflowFailedError);
    expect(outcome[1].status).toBe('fulfilled');
    const account = await getAdAccount(world.db.pool, 'act_other');
    expect(account).toMatchObject({ status: 'needs_attention' });
    expect(account?.status_reason).toMatch(/access token is invalid or expired/);
    expect(account?.status_reason).not.toContain('revoked-token');
    const run = await world.db.pool.one(sql.type(z.object({ status: z.string(), error_kind: z.string().nullable() }))`
      SELECT status, error_kind FROM collection_run WHERE account_id = 'act_other'`);
    expect(run).toEqual({ status: 'failed', error_kind: 'MetaAuth' });
  });

  it('backfills a new account with thin history until the sufficiency check passes', async () => {
    const w = await worker();
    const summary = (await w.runUntil(start('act_fresh').then((h) => h.result()))) as RunSummary;
    expect(summary).toMatchObject({ sufficiency: 'sufficient', backfilledDays: 30 });
    const days = await world.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(DISTINCT day)::int AS n FROM insight_daily WHERE account_id = 'act_fresh' AND source = 'api_daily'`);
    expect(days).toBeGreaterThanOrEqual(29);
    const checks = await world.db.pool.any(sql.type(z.object({ level: z.string(), backfilled: z.boolean() }))`
      SELECT level, backfilled FROM intel_data_sufficiency WHERE account_id = 'act_fresh' ORDER BY id`);
    expect(checks.at(-1)).toEqual({ level: 'sufficient', backfilled: true });
    // Ad sets and campaigns get their own backfilled days, and each day's spend is the sum of their ads'.
    const mismatches = await world.db.pool.any(sql.type(z.object({ entity_id: z.string(), day: z.string() }))`
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
    const levels = await world.db.pool.anyFirst(sql.type(z.object({ entity_type: z.string() }))`
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
      const demoWorld = { db: demoDb, meta: demoMeta, temporal: world.temporal };
      const w = await productWorker(demoWorld, { taskQueue: `${world.temporal.taskQueue}-demo` });
      const summary = (await w.runUntil(
        world.temporal.client.workflow.execute('collectAccount', {
          taskQueue: `${world.temporal.taskQueue}-demo`,
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
      const run = await world.temporal.client.workflow.getHandle(approvalWorkflowId(stopLoss!.id)).describe();
      expect(run.status.name).toBe('RUNNING');
      await world.temporal.client.workflow.getHandle(approvalWorkflowId(stopLoss!.id)).terminate('test done');
    } finally {
      await demoMeta.close();
      await demoDb.drop();
    }
  });
});
