/**
 * Forecast dashboards at scale: regenerate the data of all four dashboards (ROI by channel, ROI/conversions and
 * reach/CTR actual vs predicted, budget allocation) for a generated 10,000-ad account with 56 days of history,
 * plus the accuracy check of the previous month's stored predictions. The old system quoted 10–15 s.
 * Run: node bench/forecast-dashboards.ts
 */
import {
  addDays,
  buildForecastDashboards,
  comparePredictions,
  dayEndMs,
  detectDrift,
  dailyErrorSeries,
  hillValue,
} from '../src/intel/forecast/index.ts';
import type {
  ActualDay,
  BudgetUnitHistory,
  ChannelEntity,
  EntityDay,
  StoredPrediction,
} from '../src/intel/forecast/index.ts';
import { mulberry32 } from '../src/emulators/simulator/random.ts';

const CAMPAIGNS = 50;
const ADSETS_PER_CAMPAIGN = 20;
const ADS_PER_ADSET = 10;
const DAYS = 56;
const START = '2026-01-05';
const WEEKLY = [0.9, 0.92, 0.97, 1.0, 1.03, 1.12, 1.06];
const OBJECTIVES = ['OUTCOME_SALES', 'OUTCOME_SALES', 'OUTCOME_TRAFFIC', 'OUTCOME_LEADS', 'OUTCOME_AWARENESS'];

/** A deterministic account: per ad set a Hill response and a budget that wanders ±30%, split over its ads. */
function generate(seed: number) {
  const rnd = mulberry32(seed);
  const z = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
  const rows: EntityDay[] = [];
  const entities: ChannelEntity[] = [];
  const units: BudgetUnitHistory[] = [];
  for (let c = 0; c < CAMPAIGNS; c++)
    for (let s = 0; s < ADSETS_PER_CAMPAIGN; s++) {
      const budget = 20 + 180 * rnd();
      const curve = { vmax: 5 + 30 * rnd(), k: budget * (0.5 + 2 * rnd()), alpha: 0.8 + 0.6 * rnd() };
      const aov = 30 + 90 * rnd();
      const ctr = 0.006 + 0.012 * rnd();
      const history = [];
      const ads = Array.from({ length: ADS_PER_ADSET }, (_, a) => `ad_${c}_${s}_${a}`);
      for (const id of ads)
        entities.push({ id, campaignName: `Campaign ${c}`, objective: OBJECTIVES[c % OBJECTIVES.length]! });
      for (let d = 0; d < DAYS; d++) {
        const spend = budget * Math.exp(0.25 * z());
        const conv = Math.max(0, hillValue(curve, spend) * WEEKLY[d % 7]! * (1 + 0.2 * z()));
        history.push({ spend, outcome: conv });
        const date = addDays(START, d);
        for (const id of ads) {
          const impressions = Math.round((spend / ADS_PER_ADSET) * 90 * (1 + 0.1 * z()));
          rows.push({
            date,
            entityId: id,
            spend: spend / ADS_PER_ADSET,
            impressions,
            clicks: Math.round(impressions * ctr),
            conversions: conv / ADS_PER_ADSET,
            revenue: (conv / ADS_PER_ADSET) * aov,
            reach: Math.round(impressions / 1.4),
          });
        }
      }
      units.push({
        id: `as_${c}_${s}`,
        name: `Ad set ${c}.${s}`,
        currentDailyBudget: budget,
        history,
        valuePerOutcome: aov,
      });
    }
  return { rows, entities, units };
}

function time<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const gen = time(() => generate(2026));
  const { rows, entities, units } = gen.value;
  console.log(
    `generated ${entities.length} ads, ${units.length} ad sets, ${DAYS} days (${rows.length} ad-days) in ${gen.ms.toFixed(0)} ms`,
  );
  const last = addDays(START, DAYS - 1);
  // Last month's stored predictions (account level), as if made daily: a month of the store to check and chart.
  const first = buildForecastDashboards({
    rows: rows.filter((r) => r.date <= addDays(last, -28)),
    entities,
    grouping: 'objective',
    budgetUnits: units,
    horizonDays: 28,
  });
  const predictions: StoredPrediction[] = first.newPredictions;
  const built = time(() =>
    buildForecastDashboards({ rows, entities, grouping: 'objective', budgetUnits: units, predictions, horizonDays: 7 }),
  );
  const d = built.value.dashboards;
  console.log(
    `buildForecastDashboards (4 dashboards, ${d.roiByChannel.labels.length} channels, ${units.length} response curves + allocation): ${built.ms.toFixed(0)} ms`,
  );
  const actualByDate = new Map<string, ActualDay>();
  for (const r of rows) {
    const a = actualByDate.get(r.date) ?? {
      key: 'account',
      date: r.date,
      spend: 0,
      impressions: 0,
      clicks: 0,
      conversions: 0,
      revenue: 0,
      reach: 0,
    };
    a.spend += r.spend;
    a.impressions += r.impressions;
    a.clicks += r.clicks;
    a.conversions += r.conversions;
    a.revenue += r.revenue;
    a.reach += r.reach;
    actualByDate.set(r.date, a);
  }
  const accuracy = time(() => {
    const cmp = comparePredictions(predictions, [...actualByDate.values()], dayEndMs(last) + 25 * 3_600_000);
    return { cmp, drift: detectDrift(dailyErrorSeries(cmp.comparisons, 'conversions'), { threshold: 0.25, days: 3 }) };
  });
  const { cmp, drift } = accuracy.value;
  console.log(`comparePredictions + drift (${predictions.length} predictions): ${accuracy.ms.toFixed(0)} ms`);
  for (const [metric, s] of Object.entries(cmp.byMetric))
    console.log(
      `  ${metric}: n ${s.n}, MAE ${s.mae.toFixed(3)}, accuracy ${(s.meanAccuracy ?? 0).toFixed(3)}, 80% coverage ${(s.coverage ?? 0).toFixed(2)}`,
    );
  console.log(`  drift on conversions: ${drift.drifted ? `alert ${drift.alertDate}` : 'none'}`);
  const a = built.value.allocation;
  console.log(
    `allocation: expected revenue ${a.current.value.toFixed(0)} → ${a.recommended.value.toFixed(0)}/day ` +
      `(+${(((a.recommended.value - a.current.value) / a.current.value) * 100).toFixed(1)}%) on ${a.recommended.spend.toFixed(0)}/day`,
  );
  console.log(
    `total regeneration: ${(built.ms + accuracy.ms).toFixed(0)} ms; output JSON ${(JSON.stringify(d).length / 1024).toFixed(0)} KiB`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
