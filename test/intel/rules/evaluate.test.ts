import { describe, expect, it } from '@jest/globals';
import { evaluateEntity, evaluateRule, evaluateRules, evaluateRulesDetailed } from '../../../src/intel/rules/index.ts';
import { cond, ctx, entity, rule } from './fixtures.ts';

describe('nested AND/OR', () => {
  it('matches an AND whose nested OR has one true member', () => {
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
  });

  it('does not match an OR whose members are all false, however deep', () => {
    const r = rule({
      conditions: {
        any: [
          { all: [{ any: [{ field: 'roas', operator: '>', value: 5 }] }] },
          { field: 'frequency', operator: '>', value: 9 },
        ],
      },
    });
    expect(evaluateEntity(r, entity(), ctx).status).toBe('not_matched');
  });

  it('gives the evidence of every member of a matched AND and of the true member of an OR', () => {
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
    expect(evaluateEntity(r, entity(), ctx).evidence.map((e) => [e.field, e.actual, e.threshold])).toEqual([
      ['spend', 400, 100],
      ['frequency', 2.2, 2],
    ]);
  });
});

describe('missing data', () => {
  it('is reported as insufficient_data listing the field and window, never as a silent non-match', () => {
    expect(evaluateEntity(cond({ field: 'reach', operator: '>', value: 1 }), entity(), ctx)).toMatchObject({
      status: 'insufficient_data',
      missing: ['reach (7d)'],
      explanation: 'Not enough data to judge "r": missing reach (7d).',
    });
  });

  it('lists every missing field of an AND', () => {
    const r = rule({
      conditions: {
        all: [
          { field: 'reach', operator: '>', value: 1 },
          { field: 'hours_since_conversion', operator: '>', value: 1 },
          { field: 'cpc', operator: '>', value: 1 },
        ],
      },
    });
    const noHours = entity({ attributes: { effective_status: 'ACTIVE' } });
    expect(evaluateEntity(r, noHours, ctx).missing).toEqual(['reach (7d)', 'hours_since_conversion', 'cpc (7d)']);
  });

  it('does not hide a false member of an AND behind a missing one', () => {
    const r = rule({
      conditions: {
        all: [
          { field: 'reach', operator: '>', value: 1 },
          { field: 'spend', operator: '>', value: 9999 },
        ],
      },
    });
    expect(evaluateEntity(r, entity(), ctx).status).toBe('not_matched');
  });

  it('lets a true member decide an OR even when another is missing', () => {
    const r = rule({
      conditions: {
        any: [
          { field: 'reach', operator: '>', value: 1 },
          { field: 'spend', operator: '>', value: 1 },
        ],
      },
    });
    expect(evaluateEntity(r, entity(), ctx).status).toBe('matched');
  });

  it('makes an OR with only false and missing members insufficient_data', () => {
    const r = rule({
      conditions: {
        any: [
          { field: 'reach', operator: '>', value: 1 },
          { field: 'spend', operator: '>', value: 9999 },
        ],
      },
    });
    expect(evaluateEntity(r, entity(), ctx).status).toBe('insufficient_data');
  });

  it('derives a ratio from its sums when the ratio itself is absent', () => {
    const e = entity({ windows: { '7d': { spend: 100, conversion_value: 350 } } });
    expect(evaluateEntity(cond({ field: 'roas', operator: '=', value: 3.5 }), e, ctx).status).toBe('matched');
  });
});

describe('minimum-data guards', () => {
  it('report an entity below a guard as insufficient_data before the conditions run', () => {
    expect(evaluateEntity(rule({ min_data: { min_conversions: 20 } }), entity(), ctx)).toMatchObject({
      status: 'insufficient_data',
      missing: ['conversions (7d) 12 < minimum 20'],
    });
  });

  it('let an entity at the guard through', () => {
    expect(evaluateEntity(rule({ min_data: { min_spend: 400, min_impressions: 40_000 } }), entity(), ctx).status).toBe(
      'matched',
    );
  });

  it('count an unknown guard metric as below it', () => {
    expect(evaluateEntity(rule({ min_data: { min_spend: 1 } }), entity({ windows: {} }), ctx).missing).toEqual([
      'spend (7d) unknown < minimum 1',
    ]);
  });
});

describe('explanations', () => {
  it('fold zero purchases into the spend phrase of the same window', () => {
    const r = rule({
      window: '48h',
      conditions: {
        all: [
          { field: 'spend', operator: '>', value: 100 },
          { field: 'conversions', operator: '=', value: 0 },
        ],
      },
    });
    expect(evaluateEntity(r, entity(), ctx).explanation).toBe(
      "Ad set 'Summer - Broad' spent $120.00 in the last 48 h with 0 purchases (threshold: $100.00).",
    );
  });

  it('join several phrases with commas and "and"', () => {
    const r = rule({
      conditions: {
        all: [
          { field: 'roas', operator: '<', value: 3 },
          { field: 'ctr', operator: '>', value: 0.01 },
          { field: 'learning_phase', operator: 'is_not', value: 'LEARNING' },
        ],
      },
    });
    expect(evaluateEntity(r, entity(), ctx).explanation).toBe(
      "Ad set 'Summer - Broad' had a ROAS of 2.40 in the last 7 days (threshold: 3.00), had a CTR of 1.20% in the last 7 days (threshold: 1.00%) and learning phase is SUCCESS (not LEARNING).",
    );
  });

  it('use the account currency', () => {
    const r = evaluateEntity(cond({ field: 'spend', operator: '>', value: 1 }), entity(), { ...ctx, currency: 'EUR' });
    expect(r.explanation).toContain('spent €400.00');
  });

  it('say a CPA without purchases is the spend with no purchase', () => {
    const e = entity({ windows: { '7d': { spend: 80, conversions: 0 } } });
    expect(evaluateEntity(cond({ field: 'cpa', operator: '>', value: 50 }), e, ctx).explanation).toBe(
      "Ad set 'Summer - Broad' had no purchases for $80.00 of spend in the last 7 days (CPA threshold: $50.00).",
    );
  });
});

describe('evaluateRule and evaluateRules', () => {
  const ad = entity({ entityId: 'ad_1', entityType: 'ad', attributes: { effective_status: 'ACTIVE' } });

  it('evaluate only entities of the type the rule applies to', () => {
    expect(evaluateRule(rule(), [entity(), ad], ctx).map((r) => r.entityId)).toEqual(['as_1']);
  });

  it('sort matches by priority, highest first', () => {
    const matches = evaluateRules(
      [rule({ name: 'low', priority: 10 }), rule({ name: 'high', priority: 80 })],
      [entity()],
      ctx,
    );
    expect(matches.map((m) => m.ruleName)).toEqual(['high', 'low']);
  });

  it('skip disabled rules', () => {
    expect(evaluateRules([rule({ enabled: false })], [entity()], ctx)).toEqual([]);
  });

  it('carry the action, execution mode and entity type on each match', () => {
    const [m] = evaluateRules([rule({ action: { type: 'pause' }, execution_mode: 'automatic' })], [entity()], ctx);
    expect(m).toMatchObject({
      action: { type: 'pause', params: {} },
      executionMode: 'automatic',
      entityType: 'adset',
      status: 'matched',
    });
  });

  it('hold back budget changes on an entity a block_edits rule matched', () => {
    const guard = rule({ name: 'guard', action: { type: 'notify_only', params: { block_edits: true } } });
    const raise = rule({ name: 'raise', action: { type: 'increase_budget', params: { percent: 20 } } });
    const { matches, blocked } = evaluateRulesDetailed([raise, guard], [entity()], ctx);
    expect(matches.map((m) => m.ruleName)).toEqual(['guard']);
    expect(blocked.map((b) => [b.match.ruleName, b.blockedBy])).toEqual([['raise', 'guard']]);
  });

  it('let a pause through a block_edits rule', () => {
    const guard = rule({ name: 'guard', action: { type: 'notify_only', params: { block_edits: true } } });
    expect(
      evaluateRules([guard, rule({ name: 'stop', action: { type: 'pause' } })], [entity()], ctx).map((m) => m.ruleName),
    ).toEqual(['guard', 'stop']);
  });

  it('return results that survive a JSON round trip unchanged', () => {
    const matches = evaluateRules(
      [rule(), cond({ field: 'cpa', operator: '>', value: 1 }, { window: '48h' })],
      [entity()],
      ctx,
    );
    expect(JSON.parse(JSON.stringify(matches))).toEqual(matches);
  });
});
