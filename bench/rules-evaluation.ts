// Rule evaluation throughput: 50 rules over 10,000 ad sets, as one hourly evaluation of a large account would run
// them. Entities and rules are generated from a fixed seed, so every run measures the same work.
import {
  defaultRuleTemplates,
  evaluateRules,
  parseRule,
  type EntityMetrics,
  type MetricValues,
  type Rule,
  type RuleInput,
} from '../src/intel/rules/index.ts';
import { mulberry32 } from '../src/emulators/simulator/random.ts';

const RULES = 50;
const ENTITIES = 10_000;
const RUNS = 7;

// A seeded generator, so the data set is the same on every machine.
const rand = mulberry32(42);
const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function sums(spend: number, cpa: number, aov: number): MetricValues {
  const impressions = Math.round(spend * between(60, 140));
  const clicks = Math.round(impressions * between(0.005, 0.03));
  const conversions = rand() < 0.15 ? 0 : Math.round(spend / cpa);
  const reach = Math.round(impressions / between(1.1, 5));
  return {
    spend,
    impressions,
    clicks,
    conversions,
    conversion_value: conversions * aov,
    reach,
    cpa: conversions > 0 ? spend / conversions : null,
    roas: spend > 0 ? (conversions * aov) / spend : null,
    ctr: impressions > 0 ? clicks / impressions : null,
    cpc: clicks > 0 ? spend / clicks : null,
    cpm: impressions > 0 ? (spend / impressions) * 1000 : null,
    frequency: reach > 0 ? impressions / reach : null,
  };
}

function entity(i: number): EntityMetrics {
  const perDay = between(5, 400);
  const cpa = between(8, 120);
  const aov = between(20, 150);
  const daily = Array.from({ length: 8 }, (_, d) => ({
    day: `2026-11-${String(16 + d).padStart(2, '0')}`,
    values: sums(perDay * between(0.6, 1.4), cpa * between(0.7, 1.3), aov),
  }));
  const hourly = Array.from({ length: 24 }, (_, h) => ({
    hour: h,
    values: sums((perDay / 24) * between(0.2, 2), cpa, aov),
  }));
  return {
    entityId: `as_${i}`,
    entityType: 'adset',
    name: `Ad set ${i}`,
    windows: {
      today: sums(perDay * 0.5, cpa, aov),
      '24h': sums(perDay, cpa, aov),
      '48h': sums(perDay * 2, cpa, aov),
      '72h': sums(perDay * 3, cpa, aov),
      '7d': sums(perDay * 7, cpa, aov),
      lifetime: sums(perDay * between(7, 90), cpa, aov),
    },
    attributes: {
      effective_status: rand() < 0.9 ? 'ACTIVE' : 'PAUSED',
      learning_phase: pick(['LEARNING', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'FAIL']),
      days_active: Math.floor(between(1, 200)),
      hours_since_conversion: Math.floor(between(0, 96)),
      ctr_trend_7d: between(-50, 30),
      cpa_trend_7d: between(-40, 60),
      roas_trend_7d: between(-50, 40),
    },
    daily,
    hourly,
  };
}

/** A mix of every operator, nested groups and account expressions. */
const conditionMakers: (() => RuleInput['conditions'])[] = [
  () => ({
    all: [
      { field: 'cpa', operator: '>', value: `{target_cpa * ${between(1, 3).toFixed(1)}}` },
      { field: 'spend', operator: '>=', value: Math.round(between(20, 200)) },
    ],
  }),
  () => ({
    all: [
      { field: 'roas', operator: 'for_days', days: 3, inner: { operator: '>=', value: '{target_roas * 1.2 ?? 3}' } },
      { field: 'learning_phase', operator: 'not_in', value: ['LEARNING'] },
    ],
  }),
  () => ({
    any: [
      { field: 'ctr', operator: '<', value: 0.008 },
      {
        all: [
          { field: 'frequency', operator: '>', value: between(2, 4) },
          { field: 'ctr_trend_7d', operator: 'decreasing', value: 15 },
        ],
      },
    ],
  }),
  () => ({
    all: [
      { field: 'spend', operator: 'for_hours', hours: 6, inner: { operator: '>', value: between(0.5, 5) } },
      { field: 'effective_status', operator: 'is', value: 'ACTIVE' },
    ],
  }),
  () => ({
    all: [
      { field: 'cpm', operator: 'between', value: [between(5, 10), between(15, 30)] },
      { field: 'cpc', operator: '<=', value: between(0.5, 2) },
    ],
  }),
  () => ({
    all: [
      { field: 'roas', operator: 'increasing', value: 10, days: 7 },
      { field: 'conversions', operator: '>=', value: 5, window: '72h' },
    ],
  }),
  () => ({
    all: [
      { field: 'cpa', operator: 'stable', value: 15 },
      { field: 'days_active', operator: '>', value: 14 },
      { field: 'hours_since_conversion', operator: '<', value: 24 },
    ],
  }),
  () => ({
    any: [
      { field: 'learning_phase', operator: 'is', value: 'FAIL' },
      { field: 'effective_status', operator: 'in', value: ['WITH_ISSUES', 'PAUSED'] },
    ],
  }),
  () => ({
    all: [
      { field: 'spend_today', operator: '>', value: between(10, 100) },
      { field: 'conversions_today', operator: '=', value: 0 },
      { field: 'reach', operator: '!=', value: 0 },
    ],
  }),
];

function rules(): Rule[] {
  const adsetTemplates = Object.values(defaultRuleTemplates).filter((r) => r.applies_to === 'adset');
  const generated = Array.from({ length: RULES - adsetTemplates.length }, (_, i) =>
    parseRule({
      name: `Generated ${i}`,
      applies_to: 'adset',
      window: pick(['24h', '48h', '72h', '7d'] as const),
      conditions: conditionMakers[i % conditionMakers.length]!(),
      action: pick([
        { type: 'pause' },
        { type: 'notify_only' },
        { type: 'decrease_budget', params: { percent: 15 } },
        { type: 'increase_budget', params: { percent: 10 } },
      ] as const),
      priority: 1 + Math.floor(rand() * 100),
      min_data: { min_impressions: pick([0, 500, 1000]) },
    }),
  );
  return [...adsetTemplates, ...generated];
}

const ruleSet = rules();
const entities = Array.from({ length: ENTITIES }, (_, i) => entity(i));
const ctx = { target_cpa: 40, target_roas: 2.5, currency: 'USD', now: Date.UTC(2026, 10, 24, 12) };

evaluateRules(ruleSet, entities, ctx); // warm-up: JIT and the expression cache
const times: number[] = [];
let matches = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  matches = evaluateRules(ruleSet, entities, ctx).length;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const evaluations = ruleSet.length * entities.length;
console.log(
  `${ruleSet.length} rules × ${entities.length} ad sets = ${evaluations.toLocaleString('en-US')} rule evaluations per pass, ${matches} matches`,
);
console.log(
  `median of ${RUNS} passes: ${median.toFixed(1)} ms total, ${Math.round(evaluations / (median / 1000)).toLocaleString('en-US')} evaluations/s (best ${times[0]!.toFixed(1)} ms)`,
);
