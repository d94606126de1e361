import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { recentForecastRuns } from '../../src/db/forecast-runs.ts';
import { testAccount } from '../support/scenarios.ts';
import { ensureAccountSchedule } from '../../src/temporal/schedules.ts';
import { forecastScheduleId } from '../../src/workflows/ids.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// A simulator account collected through the real collectAccount workflow, then forecast by its Schedule.
const spec = testAccount('forecast_wf', [3, 2, 2], { seed: 31, historyDays: 35 });

// No Slack involved: the worker records notifications in the database only.
let h: BotHarness;
let db: BotHarness['db'];
let temporal: BotHarness['temporal'];
let meta: BotHarness['meta'];

const count = (table: string) =>
  db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM ${sql.identifier([table])} WHERE account_id = ${spec.accountId}`);

const until = <T>(check: () => Promise<T | undefined>) => eventually(check, 60_000);

beforeAll(async () => {
  h = await startBotHarness({
    scenarios: [spec],
    slackNotifier: false,
    workerOptions: { shutdownGraceTime: '100ms' },
  });
  ({ db, temporal, meta } = h);
  await h.collect(spec.accountId);
}, 180_000);

// close() also deletes the Schedule the tests create.
afterAll(() => h?.close());

describe('regenerateForecasts on its Schedule', () => {
  it('fills the four prediction tables with model versions when the schedule fires', async () => {
    await ensureAccountSchedule(
      temporal.client,
      'forecast',
      { ...h.config, FORECAST_INTERVAL_MINUTES: 30, ENABLE_ML_PREDICTIONS: true },
      spec.accountId,
    );
    await temporal.client.schedule.getHandle(forecastScheduleId(spec.accountId)).trigger();
    const run = await until(async () => {
      const [r] = await recentForecastRuns(db.pool, spec.accountId, 1);
      return r && r.status !== 'running' ? r : undefined;
    });
    expect(run).toMatchObject({ status: 'completed', trigger: 'schedule' });
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);
    expect(run.finished_at).toBeGreaterThanOrEqual(run.started_at);

    // Objective grouping: campaigns 0 (traffic) and 1, 2 (sales) → two channels.
    const roi = await db.pool.any(sql.type(
      z.object({ channel: z.string(), p: z.number(), lo: z.number(), hi: z.number() }),
    )`
      SELECT channel, predicted_roas AS p, lower_roas AS lo, upper_roas AS hi FROM ml_roi_forecast
      WHERE account_id = ${spec.accountId} ORDER BY channel`);
    expect(roi.map((r) => r.channel)).toEqual(['sales', 'traffic']);
    for (const r of roi) expect(r.lo <= r.p && r.p <= r.hi).toBe(true);
    expect(await count('ml_roi_timeseries')).toBeGreaterThan(0);
    expect(await count('ml_reach_ctr_timeseries')).toBeGreaterThan(0);
    expect(await count('ml_budget_recommendation')).toBe(6);

    // Every stored prediction names a model version that exists in intel_model_version.
    const orphans = await db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM (
        SELECT model_name, model_version FROM ml_roi_timeseries WHERE predicted IS NOT NULL
        UNION ALL SELECT model_name, model_version FROM ml_reach_ctr_timeseries WHERE predicted IS NOT NULL
        UNION ALL SELECT model_name, model_version FROM ml_roi_forecast
        UNION ALL SELECT model_name, model_version FROM ml_budget_recommendation) p
      LEFT JOIN intel_model_version m ON m.model_name = p.model_name AND m.version = p.model_version
      WHERE m.model_name IS NULL OR p.model_version IS NULL`);
    expect(orphans).toBe(0);
    const kinds = await db.pool.anyFirst(sql.type(z.object({ kind: z.string() }))`
      SELECT DISTINCT kind FROM intel_model_version ORDER BY kind`);
    expect(kinds).toEqual(['forecast', 'response_curve']);
    // The horizon: 7 predicted days per account metric, starting the account's today.
    const predictedDays = await db.pool.anyFirst(sql.type(z.object({ d: z.string() }))`
      SELECT day::text AS d FROM ml_roi_timeseries
      WHERE account_id = ${spec.accountId} AND series_key = 'account' AND metric = 'conversions' AND predicted IS NOT NULL
      ORDER BY day`);
    expect(predictedDays).toHaveLength(7);
    expect(predictedDays[0]).toBe(new Date(meta.now()).toISOString().slice(0, 10));
  });

  it('stores actuals equal to the sums of the collected daily rows', async () => {
    const truth = await db.pool.one(sql.type(
      z.object({ day: z.string(), conv: z.number(), rev: z.number(), spend: z.number() }),
    )`
      SELECT day::text AS day, sum(conversions)::float8 AS conv, sum(conversion_value)::float8 AS rev,
             sum(spend)::float8 AS spend
      FROM insight_daily WHERE account_id = ${spec.accountId} AND entity_type = 'ad'
        AND day = (${new Date(meta.now()).toISOString().slice(0, 10)}::date - 3)
      GROUP BY day`);
    const stored = await db.pool.any(sql.type(z.object({ metric: z.string(), actual: z.number() }))`
      SELECT metric, actual FROM ml_roi_timeseries
      WHERE account_id = ${spec.accountId} AND series_key = 'account' AND day = ${truth.day}::date ORDER BY metric`);
    expect(stored).toHaveLength(2);
    expect(stored.find((s) => s.metric === 'conversions')!.actual).toBeCloseTo(truth.conv, 6);
    expect(stored.find((s) => s.metric === 'roas')!.actual).toBeCloseTo(truth.rev / truth.spend, 6);
  });

  it('leaves the same rows when regenerated again (idempotent upserts)', async () => {
    const before = await count('ml_roi_timeseries');
    await temporal.client.workflow.execute('regenerateForecasts', {
      taskQueue: temporal.taskQueue,
      workflowId: `forecast-again-${Date.now()}`,
      args: [spec.accountId, 'test'],
    });
    expect(await count('ml_roi_timeseries')).toBe(before);
    expect(await count('ml_budget_recommendation')).toBe(6);
    const runs = await recentForecastRuns(db.pool, spec.accountId, 5);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
  });

  it('creates the schedule paused when predictions are switched off, and unpauses it when switched on', async () => {
    const handle = temporal.client.schedule.getHandle(forecastScheduleId(spec.accountId));
    await ensureAccountSchedule(
      temporal.client,
      'forecast',
      { ...h.config, FORECAST_INTERVAL_MINUTES: 45, ENABLE_ML_PREDICTIONS: false },
      spec.accountId,
    );
    const paused = await handle.describe();
    expect(paused.state.paused).toBe(true);
    expect(paused.spec.intervals?.[0]?.every).toBe(45 * 60_000);
    expect(paused.policies.overlap).toBe('SKIP');
    await ensureAccountSchedule(
      temporal.client,
      'forecast',
      { ...h.config, FORECAST_INTERVAL_MINUTES: 30, ENABLE_ML_PREDICTIONS: true },
      spec.accountId,
    );
    expect((await handle.describe()).state.paused).toBe(false);
  });

  it('fails at once, without retries, for an account that is not connected', async () => {
    const run = temporal.client.workflow.execute('regenerateForecasts', {
      taskQueue: temporal.taskQueue,
      workflowId: `forecast-missing-${Date.now()}`,
      args: ['act_not_connected', 'test'],
    });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as { cause?: { message?: string } } | undefined;
    expect(cause?.cause?.message).toContain('act_not_connected is not connected');
  });
});
