import { parseRule, type EntityMetrics, type Rule, type RuleInput } from '../../../src/intel/rules/index.ts';

export const ctx = { target_cpa: 25, target_roas: 3, currency: 'USD', now: Date.UTC(2026, 10, 24, 12) };

/** An active ad set: $120 with no purchase in 48 h, 12 purchases at CPA 33.33 over 7 days. */
export const entity = (o: Partial<EntityMetrics> = {}): EntityMetrics => ({
  entityId: 'as_1',
  entityType: 'adset',
  name: 'Summer - Broad',
  windows: {
    '48h': { spend: 120, conversions: 0, impressions: 9000, cpa: null, ctr: 0.011 },
    '7d': { spend: 400, conversions: 12, impressions: 40000, roas: 2.4, frequency: 2.2, ctr: 0.012, cpa: 33.33 },
  },
  attributes: { effective_status: 'ACTIVE', learning_phase: 'SUCCESS', days_active: 40, hours_since_conversion: 50 },
  ...o,
});

export const rule = (over: Partial<RuleInput> = {}): Rule =>
  parseRule({
    name: 'r',
    applies_to: 'adset',
    window: '7d',
    conditions: { all: [{ field: 'spend', operator: '>', value: 1 }] },
    action: { type: 'notify_only' },
    ...over,
  });

/** A rule with a single condition. */
export const cond = (c: Record<string, unknown>, over: Partial<RuleInput> = {}) =>
  rule({ conditions: { all: [c as never] }, ...over });

export const daily = (field: string, values: (number | null)[]) =>
  values.map((v, i) => ({ day: `2026-11-${String(10 + i).padStart(2, '0')}`, values: { [field]: v } }));
export const hourly = (field: string, values: number[]) => values.map((v, i) => ({ hour: i, values: { [field]: v } }));
