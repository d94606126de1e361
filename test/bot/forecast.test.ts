import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'slonik';
import { z } from 'zod';
import { createBotApp } from '../../src/bot/app.ts';
import { formatDuration, formatNumber } from '../../src/slack/blocks/index.ts';
import { testAccount } from '../support/scenarios.ts';
import { inkStats, pngSize } from '../charts/png.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';
import { testConfig } from '../support/meta.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// A simulator account (six ad sets whose budgets add up to $1,500 a day), collected, then asked through the real
// Bolt app and the Slack emulator for forecasts, a budget plan and accuracy; and read through the dashboard API.
const API_TOKEN = 'dashboard-api-token-for-tests';
const spec = testAccount('forecast_bot', [2, 3, 2], { seed: 41, historyDays: 35 });
const BUDGETS = [35_000, 30_000, 25_000, 25_000, 20_000, 15_000];
spec.campaigns.flatMap((c) => c.adsets).forEach((a, i) => (a.dailyBudgetMinor = BUDGETS[i]!));

let h: BotHarness;
let db: BotHarness['db'];
let temporal: BotHarness['temporal'];
let meta: BotHarness['meta'];
let emu: BotHarness['emu'];
let config: BotHarness['config'];
let apiBase: string;

beforeAll(async () => {
  h = await startBotHarness({
    scenarios: [spec],
    channels: { [spec.accountId]: 'C_ADS' },
    targets: { cpa: null, roas: null },
    config: { DASHBOARD_API_TOKEN: API_TOKEN },
    workerOptions: { shutdownGraceTime: '100ms' },
  });
  ({ db, temporal, meta, emu, config } = h);
  apiBase = `http://127.0.0.1:${h.port}/api/v1/accounts`;
  await h.collect(spec.accountId);
}, 180_000);

afterAll(() => h?.close());

const until = <T>(check: () => Promise<T | undefined> | T | undefined) => eventually(check, 60_000);

const visibleTo = (user: string) =>
  emu.state
    .visibleMessages('C_ADS', user)
    .map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`)
    .join('\n');
const waitFor = (user: string, text: string | RegExp) =>
  until(() => {
    const all = visibleTo(user);
    return (typeof text === 'string' ? all.includes(text) : text.test(all)) ? true : undefined;
  });
// Charts posted in the channel itself (proposal cards' trend charts go into the cards' threads).
const fileMessages = () =>
  emu.state.visibleMessages('C_ADS').filter((m) => (m.files ?? []).length > 0 && m.thread_ts === undefined);
const command = (c: string, text = '', userId = 'U_APPROVER') =>
  emu.sendSlashCommand({ command: c, text, userId, channelId: 'C_ADS' });

const roiRows = () =>
  db.pool.any(sql.type(z.object({ channel: z.string(), p: z.number(), lo: z.number(), hi: z.number() }))`
    SELECT channel, predicted_roas AS p, lower_roas AS lo, upper_roas AS hi FROM ml_roi_forecast
    WHERE account_id = ${spec.accountId} ORDER BY predicted_roas DESC, channel`);

describe('/forecast', () => {
  it('says what is missing when nothing has been forecast yet', async () => {
    await command('/forecast');
    await waitFor('U_APPROVER', 'No forecasts for');
    expect(fileMessages()).toHaveLength(0);
  });

  it('`sync` regenerates once through the workflow (two at once share a run) and posts four PNGs', async () => {
    await Promise.all([command('/forecast', 'sync'), command('/forecast', 'sync')]);
    await until(() =>
      emu.state.visibleMessages('C_ADS', 'U_APPROVER').filter((m) => m.text.startsWith('Regenerated and posted 4'))
        .length === 2
        ? true
        : undefined,
    );
    const runs = await db.pool.any(sql.type(z.object({ trigger: z.string(), status: z.string() }))`
      SELECT trigger, status FROM ml_forecast_run WHERE account_id = ${spec.accountId}`);
    expect(runs).toEqual([{ trigger: 'sync', status: 'completed' }]);
    expect(visibleTo('U_APPROVER')).toMatch(/Forecasts generated .* took \d+\.\d s/);
    expect(fileMessages()).toHaveLength(8);
  });

  it('uploads PNGs that decode, with readings that match the stored rows', async () => {
    // Two /forecast sync answers interleave their uploads: take the first of each chart.
    const nameOf = (m: { files?: string[] }) => emu.state.files.get(m.files![0]!)!.name;
    const names = ['roi-forecast.png', 'roi-timeseries.png', 'reach-ctr-timeseries.png', 'budget-allocation.png'];
    const posted = names.map((n) => fileMessages().find((m) => nameOf(m) === n)!);
    expect(posted.every(Boolean)).toBe(true);
    expect(fileMessages().map(nameOf).sort()).toEqual([...names, ...names].sort());
    for (const m of posted) {
      const f = emu.state.files.get(m.files![0]!)!;
      expect(f.mimetype).toBe('image/png');
      const size = pngSize(f.bytes!);
      expect(size.width).toBe(1800);
      const ink = await inkStats(f.bytes!);
      expect(ink.ink / ink.total).toBeGreaterThan(0.01);
    }
    const roi = await roiRows();
    expect(roi.length).toBe(2);
    for (const r of roi)
      expect(posted[0]!.text).toContain(
        `Channel ${r.channel}: forecast ROAS ${formatNumber(r.p, 2)} (${formatNumber(r.lo, 2)}–${formatNumber(r.hi, 2)})`,
      );
    const conv = await db.pool.one(sql.type(z.object({ actual: z.number(), date: z.string() }))`
      SELECT actual, day::text AS date FROM ml_roi_timeseries WHERE account_id = ${spec.accountId}
        AND series_key = 'account' AND metric = 'conversions' AND actual IS NOT NULL ORDER BY day DESC LIMIT 1`);
    expect(posted[1]!.text).toContain(`Conversions: last ${formatNumber(conv.actual, 0)} on ${conv.date}`);
    const budget = await db.pool.one(sql.type(z.object({ spend: z.number(), rec: z.number() }))`
      SELECT sum(current_budget) AS spend, sum(expected_conversions_recommended) AS rec FROM ml_budget_recommendation
      WHERE account_id = ${spec.accountId}`);
    expect(budget.spend).toBeCloseTo(1500, 6);
    expect(posted[3]!.text).toContain(`re-splitting ${formatNumber(budget.spend, 2)}/day across 6 units`);
    expect(posted[3]!.text).toContain(`bring ${formatNumber(budget.rec, 2)} conversions`);
  });
});

describe('/status after a forecast run', () => {
  it('shows the last forecast run with its duration and the schedule', async () => {
    const run = await db.pool.one(
      sql.type(z.object({ duration_ms: z.number() }))`
        SELECT duration_ms FROM ml_forecast_run WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1`,
    );
    await command('/status');
    await waitFor('U_APPROVER', `Forecasts: completed in ${formatDuration(run.duration_ms)}`);
    expect(visibleTo('U_APPROVER')).toContain('(every 30 min)');
  });
});

describe('/budget', () => {
  let planTs: string;
  const budgetProposals = () =>
    db.pool.any(sql.type(
      z.object({ entity_id: z.string(), action_type: z.string(), pct: z.number(), status: z.string() }),
    )`
      SELECT entity_id, action_type, (params->>'change_percent')::float8 AS pct, status FROM intel_automation_action
      WHERE account_id = ${spec.accountId} AND source = 'budget' ORDER BY entity_id`);

  it('shows the allocation of 1500 with expected results, a chart, and an Approve button', async () => {
    await command('/budget', '1500');
    await waitFor('U_APPROVER', 'Budget plan: 1,500 USD a day');
    const reply = emu.state
      .visibleMessages('C_ADS', 'U_APPROVER')
      .find((m) => JSON.stringify(m.blocks ?? []).includes('budget_approve'))!;
    planTs = reply.ts;
    const body = JSON.stringify(reply.blocks);
    expect(body).toContain('Expected with the recommended split');
    expect(body).toContain('With the current split');
    for (const name of ['Ad set 0.0', 'Ad set 1.2']) expect(body).toContain(name);
    const chart = await until(() =>
      fileMessages().find((m) => emu.state.files.get(m.files![0]!)!.name === 'budget-plan.png'),
    );
    expect(pngSize(emu.state.files.get(chart.files![0]!)!.bytes!).width).toBe(1800);
  });

  it('refuses Approve from a non-approver', async () => {
    await emu.clickButton({ userId: 'U_VIEWER', actionId: 'budget_approve', channelId: 'C_ADS', messageTs: planTs });
    await waitFor('U_VIEWER', "Only this account's approvers can do this");
    expect(await budgetProposals()).toHaveLength(0);
  });

  it('turns an approved plan into proposals once, even on a double click, each within MAX_BUDGET_CHANGE_PERCENT', async () => {
    const click = () =>
      emu.clickButton({ userId: 'U_APPROVER', actionId: 'budget_approve', channelId: 'C_ADS', messageTs: planTs });
    await Promise.all([click(), click()]);
    await waitFor('U_APPROVER', /Approved \d+ budget change/);
    await waitFor('U_APPROVER', /already approved|Approved \d+ budget change[\s\S]*Approved \d+ budget change/);
    const proposals = await budgetProposals();
    expect(proposals.length).toBeGreaterThan(0);
    expect(new Set(proposals.map((p) => p.entity_id)).size).toBe(proposals.length);
    const stored = await db.pool.any(sql.type(z.object({ unit_id: z.string(), current_budget: z.number() }))`
      SELECT unit_id, current_budget FROM ml_budget_recommendation WHERE account_id = ${spec.accountId}`);
    for (const p of proposals) {
      expect(p.pct).toBeGreaterThanOrEqual(1);
      expect(p.pct).toBeLessThanOrEqual(config.MAX_BUDGET_CHANGE_PERCENT);
      expect(stored.map((s) => s.unit_id)).toContain(p.entity_id);
    }
    // The approval workflows took the approver's decision; with the executor off they record it and write nothing.
    await until(async () => ((await budgetProposals()).every((p) => p.status === 'recorded') ? true : undefined));
    const again = await budgetProposals();
    expect(again).toHaveLength(proposals.length);
  });

  it('shows the new plan instead of applying one the forecast regeneration replaced', async () => {
    const before = await budgetProposals();
    // The 30-minute regeneration stored new curves after the plan was shown.
    await db.pool.query(sql.unsafe`
      UPDATE ml_budget_recommendation SET generated_at = generated_at + interval '1 minute'
      WHERE account_id = ${spec.accountId}`);
    try {
      await emu.clickButton({
        userId: 'U_APPROVER',
        actionId: 'budget_approve',
        channelId: 'C_ADS',
        messageTs: planTs,
      });
      await waitFor('U_APPROVER', 'The forecast was updated after this plan was shown, so it was not applied.');
      const generatedAt = await db.pool.oneFirst(sql.type(z.object({ g: z.number() }))`
        SELECT max(generated_at) AS g FROM ml_budget_recommendation WHERE account_id = ${spec.accountId}`);
      const shown = emu.state
        .visibleMessages('C_ADS', 'U_APPROVER')
        .filter((m) => JSON.stringify(m.blocks ?? []).includes('so it was not applied'))
        .at(-1)!;
      expect(JSON.stringify(shown.blocks)).toContain('Budget plan: 1,500 USD a day');
      expect(JSON.stringify(shown.blocks)).toContain(
        JSON.stringify(JSON.stringify({ a: spec.accountId, t: 1500, g: generatedAt })).slice(1, -1),
      );
      expect(await budgetProposals()).toEqual(before);
    } finally {
      await db.pool.query(sql.unsafe`
        UPDATE ml_budget_recommendation SET generated_at = generated_at - interval '1 minute'
        WHERE account_id = ${spec.accountId}`);
    }
  });

  it('answers a total the units cannot absorb in one step with the reachable range', async () => {
    await command('/budget', '99999');
    await waitFor('U_APPROVER', 'is more than the units can absorb');
    expect(visibleTo('U_APPROVER')).toContain('1050–1950 a day');
  });

  it('answers bad input with the error and usage', async () => {
    const answer = await command('/budget', 'lots');
    const text = (JSON.parse(answer.body) as { text: string }).text;
    expect(text).toContain('"lots" is not a positive amount');
    expect(text).toContain('/budget &lt;total per day&gt;');
  });
});

describe('/accuracy', () => {
  it('shows accuracy per metric, drift state and the fetcher stats', async () => {
    await command('/accuracy');
    await waitFor('U_APPROVER', 'Prediction accuracy: ');
    const text = visibleTo('U_APPROVER');
    expect(text).toContain('*ROAS*');
    expect(text).toContain('*CONVERSIONS*');
    // One sync run so far: one fetch, successful; nothing has settled yet (the predictions are for today onward).
    expect(text).toMatch(/\*Fetcher:\* 1 fetches, 100\.0% successful/);
    expect(text).toContain('no settled predictions yet');
  });
});

describe('/accuracy once predictions have settled', () => {
  it('shows MAE, accuracy and recent error computed from the settled days', async () => {
    // As if earlier runs had predicted conversions 10% above what happened on five settled days (≥ 24 h old).
    const model = `forecast:${spec.accountId}:account:conversions`;
    const version = await db.pool.oneFirst(sql.type(z.object({ v: z.string() }))`
      SELECT version AS v FROM intel_model_version WHERE model_name = ${model} LIMIT 1`);
    const settled = await db.pool.any(sql.type(z.object({ date: z.string(), actual: z.number() }))`
      SELECT day::text AS date, actual FROM ml_roi_timeseries
      WHERE account_id = ${spec.accountId} AND series_key = 'account' AND metric = 'conversions' AND actual IS NOT NULL
        AND day <= ${new Date(meta.now()).toISOString().slice(0, 10)}::date - 2
      ORDER BY day DESC LIMIT 5`);
    expect(settled).toHaveLength(5);
    await db.pool.query(sql.unsafe`
      UPDATE ml_roi_timeseries SET predicted = actual * 1.1, lower_bound = actual * 0.9, upper_bound = actual * 1.2,
        model_name = ${model}, model_version = ${version}
      WHERE account_id = ${spec.accountId} AND series_key = 'account' AND metric = 'conversions'
        AND day = ANY(${sql.array(
          settled.map((d) => d.date),
          'date',
        )})`);
    await temporal.client.workflow.execute('regenerateForecasts', {
      taskQueue: temporal.taskQueue,
      workflowId: `forecast-accuracy-${Date.now()}`,
      args: [spec.accountId, 'test'],
    });
    await command('/accuracy');
    const mae = settled.reduce((a, d) => a + 0.1 * d.actual, 0) / settled.length;
    await waitFor('U_APPROVER', `MAE ${formatNumber(mae, 1)} · accuracy 90.0%`);
    expect(visibleTo('U_APPROVER')).toContain('recent error 10.0%');
    expect(visibleTo('U_APPROVER')).toMatch(/\*Fetcher:\* 2 fetches, 100\.0% successful · 5 comparisons/);
  });
});

describe('the dashboard API', () => {
  const get = (path: string, token: string | null = API_TOKEN) =>
    fetch(`${apiBase}/${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('serves each dashboard as JSON that matches the stored rows', async () => {
    const res = await get(`${spec.accountId}/dashboards/roi-forecast`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { labels: string[]; value: number[]; lower: number[] } };
    const roi = await roiRows();
    expect(body.data.labels).toEqual(roi.map((r) => r.channel));
    expect(body.data.value).toEqual(roi.map((r) => r.p));
    expect(body.data.lower).toEqual(roi.map((r) => r.lo));
    for (const name of ['roi-timeseries', 'reach-ctr-timeseries', 'budget-allocation']) {
      const r = await get(`${spec.accountId}/dashboards/${name}`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { dashboard: string }).dashboard).toBe(name);
    }
  });

  it('serves each chart as a PNG that decodes', async () => {
    for (const name of ['roi-forecast', 'roi-timeseries', 'reach-ctr-timeseries', 'budget-allocation']) {
      const res = await get(`${spec.accountId}/dashboards/${name}/chart.png`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await res.arrayBuffer());
      expect(pngSize(png).width).toBe(1800);
    }
  });

  it('serves status with the last run and its duration, and accuracy stats', async () => {
    const status = (await (await get(`${spec.accountId}/status`)).json()) as {
      lastRun: { status: string; durationMs: number };
    };
    expect(status.lastRun.status).toBe('completed');
    expect(status.lastRun.durationMs).toBeGreaterThanOrEqual(0);
    const accuracy = await get(`${spec.accountId}/accuracy`);
    expect(accuracy.status).toBe(200);
    const fetches = await db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM ml_accuracy_fetch WHERE account_id = ${spec.accountId}`);
    expect(((await accuracy.json()) as { stats: { fetches: number } }).stats.fetches).toBe(fetches);
  });

  it('answers 401 without a token or with a wrong one, and never echoes the token', async () => {
    for (const token of [null, 'wrong-token-wrong-token']) {
      const res = await get(`${spec.accountId}/dashboards/roi-forecast`, token);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'Missing or invalid bearer token.' });
      expect(text).not.toContain(API_TOKEN);
    }
  });

  it('answers 404 for an unknown account or dashboard', async () => {
    expect((await get('act_nobody/status')).status).toBe(404);
    expect((await get(`${spec.accountId}/dashboards/nope`)).status).toBe(404);
  });

  it('is off with 503 when no DASHBOARD_API_TOKEN is configured', async () => {
    const off = createBotApp({
      signingSecret: h.secret,
      token: h.token,
      slackApiUrl: emu.url,
      pool: db.pool,
      temporal: temporal.client,
      config: testConfig(db.url),
    });
    const server = (await off.start({ port: 0, host: '127.0.0.1' })) as Server;
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/accounts/${spec.accountId}/status`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toContain('DASHBOARD_API_TOKEN');
    } finally {
      await off.stop();
    }
  });
});
