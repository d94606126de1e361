import { describe, expect, it } from '@jest/globals';
import { evaluateEntity, type EntityMetrics } from '../../../src/intel/rules/index.ts';
import { cond, ctx, daily, entity, hourly } from './fixtures.ts';

const status = (c: Record<string, unknown>, e: EntityMetrics = entity()) => evaluateEntity(cond(c), e, ctx).status;

describe('comparison operators (spend 400 in 7 days)', () => {
  it.each([
    ['>', 399, 'matched'],
    ['>', 400, 'not_matched'],
    ['<', 401, 'matched'],
    ['<', 400, 'not_matched'],
    ['>=', 400, 'matched'],
    ['>=', 401, 'not_matched'],
    ['<=', 400, 'matched'],
    ['<=', 399, 'not_matched'],
    ['=', 400, 'matched'],
    ['=', 401, 'not_matched'],
    ['!=', 401, 'matched'],
    ['!=', 400, 'not_matched'],
  ])('spend %s %d is %s', (operator, value, expected) => {
    expect(status({ field: 'spend', operator, value })).toBe(expected);
  });

  it('= tolerates floating-point noise in derived ratios', () => {
    expect(status({ field: 'ctr', operator: '=', value: 0.3 }, entity({ windows: { '7d': { ctr: 0.1 + 0.2 } } }))).toBe(
      'matched',
    );
  });

  it('between includes both bounds', () => {
    expect(status({ field: 'spend', operator: 'between', value: [400, 500] })).toBe('matched');
    expect(status({ field: 'spend', operator: 'between', value: [300, 400] })).toBe('matched');
  });

  it('between excludes values outside the range', () => {
    expect(status({ field: 'spend', operator: 'between', value: [401, 500] })).toBe('not_matched');
  });

  it('between resolves account expressions at both ends', () => {
    expect(status({ field: 'cpa', operator: 'between', value: ['{target_cpa}', '{target_cpa * 2}'] })).toBe('matched');
  });

  it('reads the condition window instead of the rule window when given', () => {
    expect(status({ field: 'spend', operator: '=', value: 120, window: '48h' })).toBe('matched');
  });

  it('reads spend_today from the today window whatever the rule window', () => {
    const e = entity({ windows: { today: { spend: 33 } } });
    expect(status({ field: 'spend_today', operator: '=', value: 33 }, e)).toBe('matched');
  });
});

describe('text operators', () => {
  it.each([
    ['is', 'ACTIVE', 'matched'],
    ['is', 'PAUSED', 'not_matched'],
    ['is_not', 'PAUSED', 'matched'],
    ['is_not', 'ACTIVE', 'not_matched'],
  ])('effective_status %s %s is %s for an ACTIVE ad set', (operator, value, expected) => {
    expect(status({ field: 'effective_status', operator, value })).toBe(expected);
  });

  it.each([
    ['in', ['SUCCESS', 'FAIL'], 'matched'],
    ['in', ['LEARNING'], 'not_matched'],
    ['not_in', ['LEARNING'], 'matched'],
    ['not_in', ['SUCCESS'], 'not_matched'],
  ])('learning_phase %s %j is %s for SUCCESS', (operator, value, expected) => {
    expect(status({ field: 'learning_phase', operator, value })).toBe(expected);
  });

  it('in compares numbers on numeric fields', () => {
    expect(status({ field: 'days_active', operator: 'in', value: [39, 40] })).toBe('matched');
  });
});

describe('account expressions', () => {
  it('resolve against the account target (CPA 33.33 > 25 × 1.2)', () => {
    expect(status({ field: 'cpa', operator: '>', value: '{target_cpa * 1.2}' })).toBe('matched');
  });

  it('make a condition unjudgeable when the target is not set, naming it', () => {
    const r = evaluateEntity(cond({ field: 'cpa', operator: '>', value: '{target_cpa * 2}' }), entity(), { now: 0 });
    expect(r).toMatchObject({ status: 'insufficient_data', missing: ['target_cpa (account setting)'] });
  });

  it('use the ?? fallback when the target is not set', () => {
    const r = evaluateEntity(cond({ field: 'cpa', operator: '>', value: '{target_cpa * 2 ?? 30}' }), entity(), {
      now: 0,
    });
    expect(r.status).toBe('matched');
  });
});

describe('cost per event with no events', () => {
  const noPurchase = entity({ windows: { '7d': { spend: 80, conversions: 0, cpa: null } } });

  it('counts the spend as a lower bound, so cpa > X holds once spend exceeds X', () => {
    expect(status({ field: 'cpa', operator: '>', value: 50 }, noPurchase)).toBe('matched');
  });

  it('does not hold cpa > X while spend is below X', () => {
    expect(status({ field: 'cpa', operator: '>', value: 100 }, noPurchase)).toBe('not_matched');
  });

  it('never holds cpa < X', () => {
    expect(status({ field: 'cpa', operator: '<', value: 1000 }, noPurchase)).toBe('not_matched');
  });
});

describe('for_hours and for_days', () => {
  const spendHours = hourly('spend', [5, 6, 7, 8]);

  it('for_hours holds when every one of the last N hours passes', () => {
    expect(
      status(
        { field: 'spend', operator: 'for_hours', hours: 3, inner: { operator: '>', value: 5 } },
        entity({ hourly: spendHours }),
      ),
    ).toBe('matched');
  });

  it('for_hours fails when one of the last N hours does not pass', () => {
    expect(
      status(
        { field: 'spend', operator: 'for_hours', hours: 4, inner: { operator: '>', value: 5 } },
        entity({ hourly: spendHours }),
      ),
    ).toBe('not_matched');
  });

  it('for_hours reports insufficient data with fewer hours than required', () => {
    const r = evaluateEntity(
      cond({ field: 'spend', operator: 'for_hours', hours: 6, inner: { operator: '>', value: 5 } }),
      entity({ hourly: spendHours }),
      ctx,
    );
    expect(r).toMatchObject({ status: 'insufficient_data', missing: ['spend (6 hours of history; 4 available)'] });
  });

  it('for_days compares each of the last N days with a resolved expression', () => {
    const e = entity({ daily: daily('cpa', [40, 60, 70]) });
    expect(
      status({ field: 'cpa', operator: 'for_days', days: 2, inner: { operator: '>', value: '{target_cpa * 2}' } }, e),
    ).toBe('matched');
    expect(
      status({ field: 'cpa', operator: 'for_days', days: 3, inner: { operator: '>', value: '{target_cpa * 2}' } }, e),
    ).toBe('not_matched');
  });

  it('for_days gives the daily values as evidence', () => {
    const r = evaluateEntity(
      cond({ field: 'cpa', operator: 'for_days', days: 2, inner: { operator: '>', value: 50 } }),
      entity({ daily: daily('cpa', [40, 60, 70]) }),
      ctx,
    );
    expect(r.evidence[0]).toMatchObject({
      series: [60, 70],
      threshold: 50,
      text: 'CPA was above $50.00 in each of the last 2 days ($60.00, $70.00)',
    });
  });
});

describe('trend operators', () => {
  // Mean of the first two days 0.02, of the last two 0.0115: −42.5%.
  const falling = entity({ daily: daily('ctr', [0.02, 0.02, 0.019, 0.016, 0.014, 0.012, 0.011]) });
  const flat = entity({ daily: daily('ctr', [0.02, 0.021, 0.02, 0.019, 0.02, 0.021, 0.02]) });

  it('decreasing holds when the series fell by at least the percentage', () => {
    expect(status({ field: 'ctr', operator: 'decreasing', value: 20 }, falling)).toBe('matched');
  });

  it('increasing does not hold on a falling series', () => {
    expect(status({ field: 'ctr', operator: 'increasing', value: 20 }, falling)).toBe('not_matched');
  });

  it('stable holds when the series moved less than the percentage', () => {
    expect(status({ field: 'ctr', operator: 'stable', value: 10 }, flat)).toBe('matched');
    expect(status({ field: 'ctr', operator: 'stable', value: 20 }, falling)).toBe('not_matched');
  });

  it('needs four days of data', () => {
    expect(
      status({ field: 'ctr', operator: 'stable', value: 20 }, entity({ daily: daily('ctr', [0.02, 0.02, 0.02]) })),
    ).toBe('insufficient_data');
  });

  it('reads a precomputed *_trend_7d attribute as the percent change', () => {
    const e = entity({ attributes: { ctr_trend_7d: -25 } });
    expect(status({ field: 'ctr_trend_7d', operator: 'decreasing', value: 20 }, e)).toBe('matched');
    expect(status({ field: 'ctr_trend_7d', operator: 'decreasing', value: 30 }, e)).toBe('not_matched');
  });

  it('computes a missing *_trend_7d attribute from the daily series', () => {
    expect(status({ field: 'ctr_trend_7d', operator: 'decreasing', value: 20 }, falling)).toBe('matched');
  });

  it('compares *_trend_7d with plain operators too', () => {
    expect(
      status({ field: 'roas_trend_7d', operator: '<', value: -10 }, entity({ attributes: { roas_trend_7d: -12 } })),
    ).toBe('matched');
  });
});
