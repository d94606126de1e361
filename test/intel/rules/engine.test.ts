import { describe, expect, it } from '@jest/globals';
import {
  backtestRule,
  defaultRuleTemplates,
  evaluateEntity,
  evaluateRules,
  findRuleConflicts,
  parseRule,
  RuleValidationError,
  type EntityMetrics,
  type RuleInput,
} from '../../../src/intel/rules/index.ts';

const ctx = { target_cpa: 25, target_roas: 3, currency: 'USD', now: Date.UTC(2026, 10, 24, 12) };
const entity = (o: Partial<EntityMetrics> = {}): EntityMetrics => ({
  entityId: 'as_1',
  entityType: 'adset',
  name: 'Summer - Broad',
  windows: {
    '48h': { spend: 120, conversions: 0, impressions: 9000, cpa: null, ctr: 0.011 },
    '7d': { spend: 400, conversions: 12, impressions: 40000, roas: 2.4, frequency: 2.2, ctr: 0.012, cpa: 33.3 },
  },
  attributes: { effective_status: 'ACTIVE', learning_phase: 'SUCCESS', days_active: 40, hours_since_conversion: 50 },
  ...o,
});
const rule = (over: Partial<RuleInput>): ReturnType<typeof parseRule> =>
  parseRule({
    name: 'r',
    applies_to: 'adset',
    window: '7d',
    conditions: { all: [{ field: 'spend', operator: '>', value: 1 }] },
    action: { type: 'notify_only' },
    ...over,
  });
const cond = (c: Record<string, unknown>) => rule({ conditions: { all: [c as never] } });
const status = (c: Record<string, unknown>, e = entity()) => evaluateEntity(cond(c), e, ctx).status;

describe('rule validation', () => {
  it('accepts the five default templates', () => {
    expect(Object.keys(defaultRuleTemplates)).toEqual([
      'zero_conversion_stop_loss',
      'cpa_over_twice_target',
      'scale_roas_winners',
      'protect_learning_phase',
      'creative_fatigue_alert',
    ]);
  });

  it('points at the bad part of a nested condition', () => {
    const bad = {
      name: 'x',
      applies_to: 'adset',
      conditions: {
        all: [{ field: 'spend', operator: '>', value: 1 }, { any: [{ field: 'cpa', operator: '>', value: 'lots' }] }],
      },
      action: { type: 'pause' },
    };
    expect(() => parseRule(bad)).toThrow(RuleValidationError);
    try {
      parseRule(bad);
    } catch (e) {
      expect((e as RuleValidationError).message).toContain(
        'conditions.all[1].any[0].value: expected a number or an expression',
      );
    }
  });

  it('refuses an unknown field, an unknown operator and a budget action without a percent', () => {
    expect(() => cond({ field: 'mood', operator: '>', value: 1 })).toThrow(
      /conditions\.all\[0\]\.field: expected one of/,
    );
    expect(() => cond({ field: 'spend', operator: '~', value: 1 })).toThrow(/operator/);
    expect(() => rule({ action: { type: 'increase_budget' } })).toThrow(
      /action\.params\.percent: increase_budget needs a percent/,
    );
    expect(() => cond({ field: 'effective_status', operator: '>', value: 1 })).toThrow(/is text/);
    expect(() => cond({ field: 'spend', operator: 'for_hours', inner: { operator: '>', value: 1 } })).toThrow(
      /needs hours/,
    );
  });
});

describe('operators', () => {
  it.each([
    ['>', 399, 'matched'],
    ['>', 400, 'not_matched'],
    ['<', 401, 'matched'],
    ['>=', 400, 'matched'],
    ['<=', 399, 'not_matched'],
    ['=', 400, 'matched'],
    ['!=', 400, 'not_matched'],
  ])('spend %s %d is %s for spend 400', (operator, value, expected) => {
    expect(status({ field: 'spend', operator, value })).toBe(expected);
  });

  it('between includes its bounds', () => {
    expect(status({ field: 'spend', operator: 'between', value: [400, 500] })).toBe('matched');
    expect(status({ field: 'spend', operator: 'between', value: [401, 500] })).toBe('not_matched');
  });

  it('is, is_not, in, not_in compare text attributes', () => {
    expect(status({ field: 'effective_status', operator: 'is', value: 'ACTIVE' })).toBe('matched');
    expect(status({ field: 'effective_status', operator: 'is_not', value: 'ACTIVE' })).toBe('not_matched');
    expect(status({ field: 'learning_phase', operator: 'in', value: ['SUCCESS', 'FAIL'] })).toBe('matched');
    expect(status({ field: 'learning_phase', operator: 'not_in', value: ['SUCCESS'] })).toBe('not_matched');
  });

  it('resolves account expressions, with a fallback when the target is missing', () => {
    expect(status({ field: 'cpa', operator: '>', value: '{target_cpa * 1.2}' })).toBe('matched'); // 33.3 > 30
    expect(status({ field: 'cpa', operator: '>', value: '{target_cpa * 2}' })).toBe('not_matched');
    const r = cond({ field: 'cpa', operator: '>', value: '{target_cpa * 2}' });
    expect(evaluateEntity(r, entity(), { now: 0 }).status).toBe('insufficient_data');
    expect(
      evaluateEntity(cond({ field: 'cpa', operator: '>', value: '{target_cpa * 2 ?? 30}' }), entity(), { now: 0 })
        .status,
    ).toBe('matched');
  });

  it('for_hours requires the comparison in every one of the last N hours', () => {
    const hourly = [5, 6, 7, 8].map((spend, i) => ({ hour: i, values: { spend } }));
    expect(
      status(
        { field: 'spend', operator: 'for_hours', hours: 3, inner: { operator: '>', value: 5 } },
        entity({ hourly }),
      ),
    ).toBe('matched');
    expect(
      status(
        { field: 'spend', operator: 'for_hours', hours: 4, inner: { operator: '>', value: 5 } },
        entity({ hourly }),
      ),
    ).toBe('not_matched');
    expect(
      status(
        { field: 'spend', operator: 'for_hours', hours: 6, inner: { operator: '>', value: 5 } },
        entity({ hourly }),
      ),
    ).toBe('insufficient_data');
  });

  it('for_days uses the daily series', () => {
    const daily = [40, 60, 70].map((cpa, i) => ({ day: `2026-11-2${i}`, values: { cpa } }));
    expect(
      status(
        { field: 'cpa', operator: 'for_days', days: 2, inner: { operator: '>', value: '{target_cpa * 2}' } },
        entity({ daily }),
      ),
    ).toBe('matched');
    expect(
      status(
        { field: 'cpa', operator: 'for_days', days: 3, inner: { operator: '>', value: '{target_cpa * 2}' } },
        entity({ daily }),
      ),
    ).toBe('not_matched');
  });

  it('increasing, decreasing and stable compare the start and end of the daily series', () => {
    const daily = [0.02, 0.02, 0.019, 0.016, 0.014, 0.012, 0.011].map((ctr, i) => ({ day: `d${i}`, values: { ctr } }));
    expect(status({ field: 'ctr', operator: 'decreasing', value: 20 }, entity({ daily }))).toBe('matched');
    expect(status({ field: 'ctr', operator: 'increasing', value: 20 }, entity({ daily }))).toBe('not_matched');
    expect(status({ field: 'ctr', operator: 'stable', value: 20 }, entity({ daily }))).toBe('not_matched');
    expect(status({ field: 'ctr', operator: 'stable', value: 20 }, entity({ daily: daily.slice(0, 2) }))).toBe(
      'insufficient_data',
    );
  });
});

describe('evaluation', () => {
  it('nests AND and OR groups', () => {
    const r = rule({
      conditions: {
        all: [
          { field: 'spend', operator: '>', value: 100 },
          {
            any: [
              { field: 'roas', operator: '>', value: 5 },
              { field: 'frequency', operator: '>', value: 2 },
            ],
          },
        ],
      },
    });
    expect(evaluateEntity(r, entity(), ctx).status).toBe('matched');
    const r2 = rule({
      conditions: {
        any: [{ all: [{ field: 'roas', operator: '>', value: 5 }] }, { field: 'frequency', operator: '>', value: 9 }],
      },
    });
    expect(evaluateEntity(r2, entity(), ctx).status).toBe('not_matched');
  });

  it('reports missing data instead of silently not matching, and a false branch still decides an AND', () => {
    const missing = evaluateEntity(cond({ field: 'reach', operator: '>', value: 1 }), entity(), ctx);
    expect(missing).toMatchObject({ status: 'insufficient_data', missing: ['reach (7d)'] });
    const decided = evaluateEntity(
      rule({
        conditions: {
          all: [
            { field: 'reach', operator: '>', value: 1 },
            { field: 'spend', operator: '>', value: 9999 },
          ],
        },
      }),
      entity(),
      ctx,
    );
    expect(decided.status).toBe('not_matched');
  });

  it('applies minimum-data guards before the conditions', () => {
    const r = rule({ min_data: { min_conversions: 20 } });
    expect(evaluateEntity(r, entity(), ctx)).toMatchObject({
      status: 'insufficient_data',
      missing: ['conversions (7d) 12 < minimum 20'],
    });
  });

  it('gives evidence and an explanation sentence for a match (zero-conversion stop loss)', () => {
    const r = evaluateEntity(defaultRuleTemplates.zero_conversion_stop_loss!, entity(), ctx);
    expect(r.status).toBe('matched');
    expect(r.evidence.map((e) => [e.field, e.actual, e.threshold])).toEqual([
      ['conversions', 0, 0],
      ['spend', 120, 50],
      ['effective_status', 'ACTIVE', 'ACTIVE'],
    ]);
    expect(r.explanation).toBe(
      'Ad set \'Summer - Broad\': conversions (48h) 0 = 0 and spend (48h) $120.00 > $50.00 and effective status is ACTIVE, so "Zero-conversion stop loss" suggests to pause it.',
    );
  });

  it('only evaluates entities of the kind the rule applies to, and sorts matches by priority', () => {
    const ad = entity({ entityId: 'ad_1', entityType: 'ad', attributes: { effective_status: 'ACTIVE' } });
    const low = rule({ name: 'low', priority: 10 });
    const high = rule({ name: 'high', priority: 80 });
    const matches = evaluateRules([low, high], [entity(), ad], ctx);
    expect(matches.map((m) => m.ruleName)).toEqual(['high', 'low']);
    expect(matches.every((m) => m.entityId === 'as_1')).toBe(true);
  });
});

describe('templates on their target situations', () => {
  it('scale ROAS winners needs 3 days above 1.5× target and 10+ purchases out of learning', () => {
    const daily = [5, 5.2, 4.9].map((roas) => ({ day: 'd', values: { roas } }));
    const winner = entity({ windows: { '72h': { spend: 300, conversions: 15, impressions: 30000, roas: 5 } }, daily });
    expect(evaluateEntity(defaultRuleTemplates.scale_roas_winners!, winner, ctx).status).toBe('matched');
    const learning = entity({ ...winner, attributes: { ...winner.attributes, learning_phase: 'LEARNING' } });
    expect(evaluateEntity(defaultRuleTemplates.scale_roas_winners!, learning, ctx).status).toBe('not_matched');
  });

  it('creative fatigue alert fires on high frequency with a falling CTR', () => {
    const daily = [0.02, 0.02, 0.019, 0.016, 0.014, 0.012, 0.011].map((ctr) => ({ day: 'd', values: { ctr } }));
    const tired = entity({
      entityType: 'ad',
      windows: { '7d': { impressions: 50_000, frequency: 4.1, ctr: 0.014 } },
      daily,
    });
    expect(evaluateEntity(defaultRuleTemplates.creative_fatigue_alert!, tired, ctx).status).toBe('matched');
  });
});

describe('conflicts and backtest', () => {
  it('flags rules that raise and lower budgets of the same ad sets unless their conditions are disjoint', () => {
    const up = rule({
      name: 'up',
      action: { type: 'increase_budget', params: { percent: 20 } },
      conditions: { all: [{ field: 'roas', operator: '>', value: 4 }] },
    });
    const down = rule({
      name: 'down',
      action: { type: 'decrease_budget', params: { percent: 20 } },
      conditions: { all: [{ field: 'roas', operator: '>', value: 2 }] },
    });
    const disjoint = rule({
      name: 'down-low',
      action: { type: 'decrease_budget', params: { percent: 20 } },
      conditions: { all: [{ field: 'roas', operator: '<', value: 1 }] },
    });
    expect(findRuleConflicts([up, down])).toHaveLength(1);
    expect(findRuleConflicts([up, disjoint])).toHaveLength(0);
    // CPA over 2× target and ROAS over 1.5× target can hold together (a high order value), so the templates are
    // flagged: the escalation guard (an entity changed more than twice in 24 h) then stops them fighting.
    expect(findRuleConflicts(Object.values(defaultRuleTemplates)).map((c) => [c.a, c.b])).toEqual([
      ['CPA over 2× target', 'Scale ROAS winners'],
    ]);
  });

  it('backtests a rule over stored days', () => {
    const r = defaultRuleTemplates.zero_conversion_stop_loss!;
    const day = (spend: number) => [entity({ windows: { '48h': { spend, conversions: 0, impressions: 9000 } } })];
    const result = backtestRule(
      r,
      [
        { day: '2026-11-20', entities: day(20) },
        { day: '2026-11-21', entities: day(60) },
        { day: '2026-11-22', entities: day(90) },
      ],
      ctx,
    );
    expect(result.days.map((d) => d.matched.length)).toEqual([0, 1, 1]);
    expect(result).toMatchObject({ totalMatches: 2, entitiesAffected: 1, spendInvolved: 60 });
  });
});
