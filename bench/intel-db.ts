/**
 * Account intelligence on PostgreSQL for a 10,000-ad account (28 days): the generated account of
 * bench/intel-score.ts is written into intel_entity / insight_daily / campaign hourly snapshots, then the
 * activities run as the worker runs them: load (set-based SQL) + learn + store patterns, load + score + store.
 * Prints the time of each part. Run: node bench/intel-db.ts
 */
import { sql } from 'slonik';
import { createIntelligenceActivities } from '../src/activities/intelligence.ts';
import { upsertAdAccount } from '../src/db/accounts.ts';
import { loadAccountHours, loadInputRows } from '../src/db/intel-input.ts';
import { createDb } from '../src/db/pool.ts';
import { buildAccountInput } from '../src/intel/account-input.ts';
import { largeAccount } from '../test/intel/analytics/support/large-account.ts';
import { benchDatabase, mib, withPeakRss } from './support.ts';
import { DAY } from '../src/intel/time.ts';

const ACCOUNT = 'act_bench_intel';

async function time<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const { result, peakRss } = await withPeakRss(f);
  console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms (peak RSS ${mib(peakRss)})`);
  return result;
}

const db = await benchDatabase();
const pool = await createDb(db.url);
try {
  const { input, hourly } = largeAccount({
    seed: 2026,
    campaigns: 50,
    adsetsPerCampaign: 20,
    adsPerAdset: 10,
    days: 28,
  });
  await upsertAdAccount(pool, { id: ACCOUNT, workspaceId: 'T_BENCH', name: 'bench', targetCpa: 25, targetRoas: 3 });
  // jsonb_populate_recordset does not apply column defaults: these are the NOT NULL ones the rows leave out.
  const defaults = { issues: [], fetched_at: new Date().toISOString(), updated_at: new Date().toISOString() };
  const insert = async (table: string, given: Record<string, unknown>[], columns: string) => {
    const rows = given.map((r) => ({ ...defaults, ...r }));
    for (let i = 0; i < rows.length; i += 20_000)
      await pool.query(sql.unsafe`
        INSERT INTO ${sql.identifier([table])} SELECT * FROM jsonb_populate_recordset(NULL::${sql.identifier([table])},
          ${sql.jsonb(rows.slice(i, i + 20_000) as never)}) ON CONFLICT DO NOTHING`);
    console.log(`  wrote ${rows.length} rows into ${table} (${columns})`);
  };
  const last = (ad: (typeof input.ads)[number]) => ad.daily.at(-1)!;
  await time('seed PostgreSQL', async () => {
    const campaigns = [...new Set(input.adsets.map((s) => s.campaignId))];
    await insert(
      'intel_entity',
      [
        ...campaigns.map((id) => ({ account_id: ACCOUNT, entity_type: 'campaign', entity_id: id, name: id })),
        ...input.adsets.map((s) => ({
          account_id: ACCOUNT,
          entity_type: 'adset',
          entity_id: s.id,
          name: s.name,
          parent_id: s.campaignId,
          campaign_id: s.campaignId,
          effective_status: s.status,
          learning_stage: s.learningStage === 'LEARNING_LIMITED' ? 'FAIL' : s.learningStage,
          daily_budget_minor: Math.round((s.dailyBudget ?? 0) * 100),
        })),
        // Meta's 7-day pair, consistent with the generator's lifetime frequency.
        ...input.ads.map((a) => ({
          account_id: ACCOUNT,
          entity_type: 'ad',
          entity_id: a.id,
          name: a.name,
          parent_id: a.adsetId,
          effective_status: a.status,
          reach_7d: Math.round(last(a).impressions / Math.max(1, last(a).frequency)) * 7,
          frequency_7d: Math.max(1, last(a).frequency),
        })),
      ],
      'campaigns, ad sets, ads',
    );
    await insert(
      'insight_daily',
      input.ads.flatMap((a) =>
        a.daily.map((d) => ({
          account_id: ACCOUNT,
          entity_type: 'ad',
          entity_id: a.id,
          day: new Date(d.t).toISOString().slice(0, 10),
          impressions: d.impressions,
          reach: Math.round(d.impressions / Math.max(1, d.frequency ** 0.5)),
          clicks: d.clicks,
          spend: d.spend,
          conversions: d.conversions,
          conversion_value: d.value,
          hours_covered: 24,
          source: 'api_daily',
        })),
      ),
      '28 days per ad',
    );
    await insert(
      'intel_performance_snapshot',
      hourly
        .filter((h) => h.t >= input.now - 8 * DAY)
        .map((h) => ({
          account_id: ACCOUNT,
          entity_type: 'campaign',
          entity_id: 'c_0',
          snapshot_hour: new Date(h.t).toISOString(),
          // The generator spreads days over hours fractionally; Meta counts whole impressions.
          impressions: Math.round(h.impressions),
          clicks: Math.round(h.clicks),
          spend: h.spend,
          conversions: h.conversions,
          conversion_value: h.value,
          actions: [],
          action_values: [],
        })),
      'account hours of the last 8 days',
    );
    await pool.query(sql.unsafe`
      INSERT INTO intel_data_sufficiency (account_id, level, ads_with_history, days_of_history, detail)
      VALUES (${ACCOUNT}, 'sufficient', ${input.ads.length}, 28, '{"message": "bench"}')`);
    await pool.query(sql.unsafe`ANALYZE`);
  });

  const now = input.now + 10 * 3_600_000; // mid-morning of the day after the data
  const rows = await time('load: loadInputRows (entities, 28 days × 10,000 ads)', () =>
    loadInputRows(pool, ACCOUNT, now, 42),
  );
  const built = await time('map: buildAccountInput (lifetime frequency per ad-day)', async () =>
    buildAccountInput(rows!),
  );
  console.log(`  ${built.ads.length} ads, ${built.adsets.length} ad sets, ${rows!.adDaily.length} ad-days`);
  await time('load: loadAccountHours', () => loadAccountHours(pool, ACCOUNT, now));
  const acts = createIntelligenceActivities({ pool, now: () => now });
  const learned = await time('activity learnAccountPatterns (load + learn + store)', () =>
    acts.learnAccountPatterns(ACCOUNT),
  );
  console.log(`  ${learned.patterns} patterns: ${learned.kinds.join(', ')}`);
  const scored = await time('activity scoreAccount (load + score with patterns + store)', () =>
    acts.scoreAccount(ACCOUNT, `bench-${Date.now()}`),
  );
  console.log(`  score ${scored.overall} (${scored.mode}), ${scored.recommendations} recommendations`);
} finally {
  await pool.end();
  await db.stop();
}
