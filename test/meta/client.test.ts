import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { MetaClient } from '../../src/meta/client.ts';
import { startGraphEmulator, type GraphEmulator } from '../../src/emulators/meta/server.ts';
import type { MetaApiError } from '../../src/meta/errors.ts';
import { MetaAuthError, MetaInvalidParameterError, MetaThrottleError } from '../../src/meta/errors.ts';
import { canonicalPurchaseType, entitySchema, purchasesOf } from '../../src/meta/parse.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { testAccount } from '../support/scenarios.ts';
import { Simulator } from '../../src/emulators/simulator/simulator.ts';

const start = Date.UTC(2026, 10, 24, 15);
let demo: Simulator;
let many: Simulator;
let emu: GraphEmulator;
const client = (token = 'demo-token', pageSize = 500) =>
  new MetaClient({ baseUrl: emu.baseUrl, accessToken: token, reportPollMs: 5, pageSize, sleep: async () => undefined });

beforeAll(async () => {
  demo = new Simulator(scenarios.demo(), { seed: 7, startTime: start });
  many = new Simulator(testAccount('many', [4, 5, 12], { seed: 3, historyDays: 2 }), { seed: 3, startTime: start });
  emu = await startGraphEmulator({ simulators: [demo, many] });
});
afterAll(async () => emu.close());
beforeEach(() => emu.faults.clear());

describe('MetaClient reads', () => {
  it('follows paging cursors across many pages', async () => {
    const c = client('many-token', 7);
    const ads = await c.listAds('act_many');
    expect(ads).toHaveLength(240);
    expect(new Set(ads.map((a) => a.id)).size).toBe(240);
    expect(c.stats.calls).toBe(Math.ceil(240 / 7));
  });

  it('parses entities: budgets as minor-unit numbers, learning stage, creative id', async () => {
    const adsets = await client().listAdSets('act_demo');
    const broad = adsets.find((a) => a.id === 'as_demo_broad')!;
    expect(broad).toMatchObject({ dailyBudgetMinor: 8000, status: 'ACTIVE', campaignId: 'c_demo_prospecting' });
    expect(['LEARNING', 'SUCCESS', 'FAIL']).toContain(broad.learningStage);
    const cbo = adsets.find((a) => a.id === 'as_demo_cart')!;
    expect(cbo.dailyBudgetMinor).toBeNull();
    const ads = await client().listAds('act_demo');
    expect(ads.find((a) => a.id === 'ad_demo_ugc')?.creativeId).toBe('cr_ad_demo_ugc');
  });

  it("keeps learning_stage_info's conversions and last significant edit, not only its status", async () => {
    const adsets = await client().listAdSets('act_demo');
    const broad = adsets.find((a) => a.id === 'as_demo_broad')!;
    const sim = demo.byId.get('as_demo_broad') as unknown as {
      learningEvents: number[];
      lastSignificantEditAt: number;
    };
    expect(broad.learningConversions).toBe(sim.learningEvents.reduce((a, b) => a + b, 0));
    // Meta sends whole seconds.
    expect(broad.lastSignificantEditAt).toBe(
      new Date(Math.floor(sim.lastSignificantEditAt / 1000) * 1000).toISOString(),
    );
    const campaigns = await client().listCampaigns('act_demo');
    expect(campaigns[0]).toMatchObject({ learningConversions: null, lastSignificantEditAt: null });
  });

  it('parses string numbers and action arrays, and never adds duplicate purchase types', async () => {
    const rows = await client().getInsights('act_demo', { level: 'ad', datePreset: 'last_7d' });
    expect(rows.length).toBeGreaterThan(0);
    const type = canonicalPurchaseType(rows);
    expect(type).toBe('omni_purchase');
    const ugc = rows.find((r) => r.adId === 'ad_demo_ugc')!;
    expect(typeof ugc.impressions).toBe('number');
    expect(typeof ugc.spend).toBe('number');
    const truth = demo.adTotals(
      demo.byId.get('ad_demo_ugc') as never,
      demo.localDayStart(demo.now) - 7 * 86_400_000,
      demo.localDayStart(demo.now),
    );
    expect(ugc.impressions).toBe(truth.impressions);
    expect(ugc.spend).toBeCloseTo(truth.spend, 2);
    // Three action types carry the same purchases; the canonical one is read alone.
    expect(ugc.actions.filter((a) => a.action_type.includes('purchase'))).toHaveLength(3);
    expect(purchasesOf(ugc, type).conversions).toBe(truth.conversions);
  });

  it('reports absent metrics as null instead of zero', async () => {
    const rows = await client().getInsights('act_demo', { level: 'adset', datePreset: 'last_7d' });
    const sink = rows.find((r) => r.adsetId === 'as_demo_interest')!;
    expect(sink.actions.some((a) => a.action_type === 'omni_purchase')).toBe(false);
    expect(purchasesOf(sink, 'omni_purchase')).toEqual({ conversions: 0, value: 0 });
    expect(sink.purchaseRoas).toEqual([]);
  });

  it('returns one row per day with time_increment=1 and per hour with the hourly breakdown (without purchases)', async () => {
    const daily = await client().getInsights('act_demo', {
      level: 'campaign',
      datePreset: 'last_7d',
      timeIncrement: 1,
    });
    expect(new Set(daily.map((r) => r.dateStart)).size).toBe(7);
    const hourly = await client().getInsights('act_demo', { level: 'account', datePreset: 'today', hourly: true });
    expect(hourly.length).toBeGreaterThan(0);
    expect(hourly.every((r) => r.hour !== null && r.actions.every((a) => !a.action_type.includes('purchase')))).toBe(
      true,
    );
  });

  it('runs async reports: POST, poll until completed, then read the results', async () => {
    const c = client('many-token', 100);
    const rows = await c.getInsights('act_many', { level: 'ad', datePreset: 'today', async: true });
    const direct = await client('many-token').getInsights('act_many', { level: 'ad', datePreset: 'today' });
    expect(rows).toEqual(direct);
    expect(emu.requests.some((r) => r.method === 'POST' && r.path === '/act_many/insights')).toBe(true);
  });

  it('batches up to 50 reads in one call, with per-item errors', async () => {
    const c = client();
    const results = await c.batchGet(
      [
        'as_demo_broad?fields=id,name,daily_budget',
        'c_demo_retargeting?fields=id,name,daily_budget',
        'missing_123?fields=id',
      ],
      entitySchema,
    );
    expect(c.stats.calls).toBe(1);
    expect(results[0]).toMatchObject({ id: 'as_demo_broad', dailyBudgetMinor: 8000 });
    expect(results[1]).toMatchObject({ id: 'c_demo_retargeting', dailyBudgetMinor: 5000 });
    expect(results[2]).toBeInstanceOf(MetaInvalidParameterError);
    await expect(
      c.batchGet(
        Array.from({ length: 51 }, () => 'x'),
        z.unknown(),
      ),
    ).rejects.toThrow(/at most 50/);
  });

  it('reads pixel stats by event', async () => {
    const [pixel] = await client().listPixels('act_demo');
    const stats = await client().getPixelStats(pixel!.id, demo.now - 6 * 3_600_000, demo.now);
    expect(stats).toHaveLength(6);
    expect(stats[0]!.data.map((d) => d.value)).toContain('PageView');
  });
});

describe('MetaClient errors', () => {
  it('turns throttling into a transient error carrying the advertised wait', async () => {
    emu.faults.inject({ kind: 'throttle', code: 80004, regainMinutes: 3 }, { match: '/insights' });
    const error = await client()
      .getInsights('act_demo', { level: 'ad' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetaThrottleError);
    expect(error).toMatchObject({ transient: true, retryAfterMs: 180_000, code: 80004 });
  });

  it('slows down before the limit when usage headers run high', async () => {
    const waits: number[] = [];
    const c = new MetaClient({
      baseUrl: emu.baseUrl,
      accessToken: 'demo-token',
      sleep: async (ms) => void waits.push(ms),
    });
    emu.faults.usagePercent = 90;
    await c.getAdAccount('act_demo');
    await c.getAdAccount('act_demo');
    expect(waits[0]).toBeGreaterThan(0);
    expect(c.stats.throttledWaitMs).toBe(waits[0]);
  });

  it('makes token errors permanent and keeps the token out of the message', async () => {
    const error = (await client('wrong-secret-token')
      .getAdAccount('act_demo')
      .catch((e: unknown) => e)) as MetaApiError;
    expect(error).toBeInstanceOf(MetaAuthError);
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(/Invalid OAuth access token/);
    expect(`${error.message} ${error.stack ?? ''}`).not.toContain('wrong-secret-token');
  });

  it('reports an expired token as permanent', async () => {
    emu.faults.inject({ kind: 'expired_token' });
    await expect(client().listCampaigns('act_demo')).rejects.toMatchObject({ name: 'MetaAuthError', transient: false });
  });

  it('classifies 5xx as transient, and "reduce the amount of data" as a request to split (not a retry)', async () => {
    emu.faults.inject({ kind: 'server_error', status: 503 });
    await expect(client().listCampaigns('act_demo')).rejects.toMatchObject({ transient: true, httpStatus: 503 });
    emu.faults.inject({ kind: 'too_much_data' });
    await expect(client().getInsights('act_demo', { level: 'ad' })).rejects.toMatchObject({
      name: 'MetaTooMuchDataError',
      transient: false,
      code: 1,
    });
  });

  it('fails a call that gets no answer within the request timeout as a transient error', async () => {
    emu.faults.inject({ kind: 'slow', ms: 3_000 }, { match: '/act_demo/campaigns' });
    const c = new MetaClient({ baseUrl: emu.baseUrl, accessToken: 'demo-token', requestTimeoutMs: 100 });
    const error = (await c.listCampaigns('act_demo').catch((e: unknown) => e)) as MetaApiError;
    expect(error).toMatchObject({ name: 'MetaApiError', transient: true, httpStatus: 0 });
    expect(error.message).toMatch(/no answer within 100 ms/);
    // The next call, answered in time, succeeds on the same client.
    expect((await c.listCampaigns('act_demo')).length).toBeGreaterThan(0);
  });

  it("honours a batch item's is_transient for a code that is not transient by itself", async () => {
    emu.faults.inject(
      { kind: 'transient', code: 1200, message: 'Temporary error, try again' },
      { match: 'as_demo_broad' },
    );
    const results = await client().batchGet(['as_demo_broad?fields=id', 'missing_123?fields=id'], entitySchema);
    expect(results[0]).toMatchObject({ code: 1200, transient: true });
    expect(results[1]).toMatchObject({ name: 'MetaInvalidParameterError', transient: false });
  });

  it('reads a report run whose async_percent_completion is a string', async () => {
    const local = new Simulator(scenarios.demo(), { seed: 1, startTime: start });
    const e2 = await startGraphEmulator({ simulators: [local], reportPercentAsText: true });
    try {
      const c = new MetaClient({ baseUrl: e2.baseUrl, accessToken: 'demo-token', reportPollMs: 5 });
      const rows = await c.getInsights('act_demo', { level: 'ad', datePreset: 'today', async: true });
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await e2.close();
    }
  });

  it('reports an ad set deleted between read and write as an invalid-parameter error', async () => {
    const local = new Simulator(scenarios.demo(), { seed: 1, startTime: start });
    const e2 = await startGraphEmulator({ simulators: [local] });
    try {
      const c = new MetaClient({ baseUrl: e2.baseUrl, accessToken: 'demo-token' });
      await c.getEntity('as_demo_lookalike');
      e2.faults.inject({ kind: 'deleted', id: 'as_demo_lookalike' });
      await expect(c.updateDailyBudget('as_demo_lookalike', 7000)).rejects.toBeInstanceOf(MetaInvalidParameterError);
    } finally {
      await e2.close();
    }
  });
});

describe('MetaClient writes', () => {
  it('changes the simulator through the emulator, and validate_only changes nothing', async () => {
    const c = client();
    await c.updateDailyBudget('as_demo_lookalike', 6500, { validateOnly: true });
    expect((await c.getEntity('as_demo_lookalike')).dailyBudgetMinor).toBe(6000);
    await c.updateDailyBudget('as_demo_lookalike', 6500);
    expect((await c.getEntity('as_demo_lookalike')).dailyBudgetMinor).toBe(6500);
    await c.updateStatus('ad_demo_static', 'PAUSED');
    expect((await c.getEntity('ad_demo_static', 'id,status,effective_status')).status).toBe('PAUSED');
  });

  it("refuses a budget on a CBO campaign's ad set with Meta's error", async () => {
    await expect(client().updateDailyBudget('as_demo_cart', 3000)).rejects.toBeInstanceOf(MetaInvalidParameterError);
  });

  it('duplicates an ad set through the copies edge', async () => {
    expect(await client().duplicate('as_demo_broad')).toMatch(/^as_demo_broad_copy_/);
  });
});
