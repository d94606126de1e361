/**
 * Forecast regeneration with the database: a 10,000-ad account (50 campaigns × 20 ad sets × 10 ads, 1,000 budget
 * units) with 56 days of daily rows in PostgreSQL; times the regenerateForecasts activities end to end (load the
 * history, build the four dashboards, store them with their model versions), a second run over the same data
 * (idempotent upserts), and the accuracy check a week later. The pure part alone: bench/forecast-dashboards.ts.
 * Run: node bench/forecast-store.ts   (BENCH_DAYS, BENCH_CAMPAIGNS to resize)
 */
import { sql } from 'slonik';
import { z } from 'zod';
import { createForecastAccuracyActivities } from '../src/activities/forecast-accuracy.ts';
import { createForecastActivities } from '../src/activities/forecasts.ts';
import { parseConfig } from '../src/config.ts';
import { upsertAdAccount } from '../src/db/accounts.ts';
import { loadForecastHistory } from '../src/db/forecast-history.ts';
import { createDb } from '../src/db/pool.ts';
import { benchDatabase, mib, withPeakRss } from './support.ts';
import { DAY } from '../src/intel/time.ts';

const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 50);
const DAYS = Number(process.env.BENCH_DAYS ?? 56);
const ACCOUNT = 'act_bench_forecast';
const T0 = Date.UTC(2026, 2, 1, 12);

const db = await benchDatabase();
const pool = await createDb(db.url);
try {
  await upsertAdAccount(pool, { id: ACCOUNT, workspaceId: 'T_BENCH', name: 'bench', timezone: 'UTC' });
  const t0 = performance.now();
  // Entities and rows generated in SQL: deterministic pseudo-noise from sin(), weekly pattern, per-ad-set scale.
  await pool.query(sql.unsafe`
    INSERT INTO intel_entity (account_id, entity_type, entity_id, name, campaign_id, objective, status, effective_status)
    SELECT ${ACCOUNT}, 'campaign', 'c_' || c, 'Campaign ' || c, 'c_' || c,
           (ARRAY['OUTCOME_SALES','OUTCOME_SALES','OUTCOME_TRAFFIC','OUTCOME_LEADS','OUTCOME_AWARENESS'])[c % 5 + 1],
           'ACTIVE', 'ACTIVE'
    FROM generate_series(0, ${CAMPAIGNS - 1}::int) c`);
  await pool.query(sql.unsafe`
    INSERT INTO intel_entity (account_id, entity_type, entity_id, name, parent_id, campaign_id, status, effective_status,
                              daily_budget_minor, learning_stage)
    SELECT ${ACCOUNT}, 'adset', 'as_' || c || '_' || s, 'Ad set ' || c || '.' || s, 'c_' || c, 'c_' || c, 'ACTIVE',
           'ACTIVE', (2000 + 18000 * abs(sin(c * 31 + s * 7)))::bigint, 'SUCCESS'
    FROM generate_series(0, ${CAMPAIGNS - 1}::int) c, generate_series(0, 19) s`);
  await pool.query(sql.unsafe`
    INSERT INTO intel_entity (account_id, entity_type, entity_id, name, parent_id, campaign_id, status, effective_status)
    SELECT ${ACCOUNT}, 'ad', 'ad_' || c || '_' || s || '_' || a, 'Ad ' || a, 'as_' || c || '_' || s, 'c_' || c,
           'ACTIVE', 'ACTIVE'
    FROM generate_series(0, ${CAMPAIGNS - 1}::int) c, generate_series(0, 19) s, generate_series(0, 9) a`);
  const insertDays = (from: number, n: number) =>
    pool.query(sql.unsafe`
      INSERT INTO insight_daily (account_id, entity_type, entity_id, day, impressions, reach, clicks, spend, conversions,
                                 conversion_value, hours_covered, source)
      SELECT ${ACCOUNT}, 'ad', e.entity_id, d.day, round(x.spend * 90), round(x.spend * 64), round(x.spend * 90 * 0.011),
             x.spend, x.spend / (18 + 6 * abs(sin(e.h))) * (1 + 0.15 * sin(d.i * 2.1 + e.h)),
             x.spend / (18 + 6 * abs(sin(e.h))) * (1 + 0.15 * sin(d.i * 2.1 + e.h)) * (40 + 60 * abs(sin(e.h * 3))), 24,
             'api_daily'
      FROM (SELECT entity_id, hashtext(entity_id)::float8 / 1e6 AS h FROM intel_entity
            WHERE account_id = ${ACCOUNT} AND entity_type = 'ad') e,
           (SELECT i, (DATE '2026-03-01' + i) AS day FROM generate_series(${from}::int, ${from + n - 1}::int) i) d,
           LATERAL (SELECT (2 + 18 * abs(sin(e.h))) * (1 + 0.25 * sin(d.i * 1.3 + e.h))
                           * (ARRAY[0.9, 0.92, 0.97, 1.0, 1.03, 1.12, 1.06])[((d.i % 7) + 7) % 7 + 1] AS spend) x`);
  await insertDays(-DAYS, DAYS);
  const rows = await pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM insight_daily WHERE account_id = ${ACCOUNT}`);
  console.log(
    `seeded ${CAMPAIGNS * 200} ads, ${CAMPAIGNS * 20} ad sets, ${DAYS} days (${rows} daily rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const config = parseConfig({ DATABASE_URL: db.url, FORECAST_HISTORY_DAYS: String(Math.min(90, DAYS)) });
  const ref = { accountId: ACCOUNT, workflowId: 'bench', runId: 'bench-1' };
  let t = performance.now();
  const history = await loadForecastHistory(pool, ACCOUNT, T0, config.FORECAST_HISTORY_DAYS);
  console.log(
    `loadForecastHistory: ${history.rows.length} rows, ${history.units.length} units in ${(performance.now() - t).toFixed(0)} ms`,
  );
  const gen = createForecastActivities({ pool, config, now: () => T0 });
  for (const [label, runId] of [
    ['first run', 'bench-1'],
    ['second run (same data)', 'bench-2'],
  ] as const) {
    t = performance.now();
    const { result, peakRss } = await withPeakRss(() => gen.generateForecasts({ ...ref, runId }));
    console.log(
      `generateForecasts, ${label}: ${(performance.now() - t).toFixed(0)} ms (load + 4 dashboards + store), ` +
        `peak RSS ${mib(peakRss)}; ${JSON.stringify(result)}`,
    );
  }
  await insertDays(0, 7);
  t = performance.now();
  const acc = await createForecastAccuracyActivities({ pool, config, now: () => T0 + 7 * DAY }).trackForecastAccuracy({
    ...ref,
    runId: 'bench-accuracy',
  });
  console.log(
    `trackForecastAccuracy a week later: ${(performance.now() - t).toFixed(0)} ms, ${acc.compared} comparisons, drifted: ${acc.drifted.join(', ') || 'none'}`,
  );
} finally {
  await pool.end();
  await db.stop();
}
