// Rule evaluation throughput: 50 rules × 10,000 entities (deterministic inputs), pure code, one core.
import { evaluateRules, parseRule, type EntityMetrics, type RuleInput } from '../src/intel/rules/index.ts';
import { mulberry32 } from '../src/meta/simulator/random.ts';
import { TEMPLATE_INPUTS } from '../src/intel/rules/templates.ts';

const rnd = mulberry32(42);
const N = 10_000;
const entities: EntityMetrics[] = Array.from({ length: N }, (_, i) => {
  const spend = rnd() * 300;
  const conversions = Math.floor(rnd() * 12);
  const values = {
    spend,
    conversions,
    impressions: Math.floor(rnd() * 60_000),
    clicks: Math.floor(rnd() * 900),
    cpa: conversions ? spend / conversions : null,
    roas: rnd() * 6,
    ctr: rnd() * 0.03,
    frequency: 1 + rnd() * 4,
  };
  return {
    entityId: `e${i}`,
    entityType: i % 10 === 0 ? 'adset' : 'ad',
    name: `Entity ${i}`,
    windows: { '24h': values, '48h': values, '72h': values, '7d': values, today: values },
    attributes: { effective_status: 'ACTIVE', learning_phase: rnd() < 0.2 ? 'LEARNING' : 'SUCCESS', days_active: 30 },
    daily: Array.from({ length: 7 }, (_, d) => ({
      day: `d${d}`,
      values: { ...values, ctr: values.ctr * (1 - d * 0.03), cpa: values.cpa, roas: values.roas },
    })),
  };
});
const base = Object.values(TEMPLATE_INPUTS);
const rules = Array.from({ length: 50 }, (_, i) => {
  const t = base[i % base.length]!;
  return parseRule({ ...t, name: `${t.name} #${i}`, applies_to: i % 2 === 0 ? 'ad' : t.applies_to } as RuleInput);
});
const ctx = { target_cpa: 25, target_roas: 3, currency: 'USD', now: Date.UTC(2026, 10, 24) };
evaluateRules(rules, entities.slice(0, 500), ctx); // warm-up
const t0 = performance.now();
const matches = evaluateRules(rules, entities, ctx);
const ms = performance.now() - t0;
const evaluations = rules.reduce((a, r) => a + entities.filter((e) => e.entityType === r.applies_to).length, 0);
console.log(
  `${rules.length} rules × ${N} entities: ${evaluations} rule-entity evaluations in ${ms.toFixed(0)} ms = ${Math.round(evaluations / (ms / 1000))} evaluations/s, ${matches.length} matches`,
);
