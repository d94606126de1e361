import { describe, expect, it } from '@jest/globals';
import {
  defaultRuleTemplates,
  evaluateEntity,
  evaluateRules,
  templateById,
  type Rule,
} from '../../../src/intel/rules/index.ts';
import { ctx, daily, entity } from './fixtures.ts';

const t = (id: string): Rule => templateById(id)!;

describe('default templates', () => {
  it('are the five of the seed design, by id', () => {
    expect(Object.keys(defaultRuleTemplates)).toEqual([
      'zero_conversion_stop_loss',
      'cpa_over_twice_target',
      'scale_roas_winners',
      'protect_learning_phase',
      'creative_fatigue_alert',
    ]);
  });

  it('templateById returns undefined for an unknown id', () => {
    expect(templateById('toString')).toBeUndefined();
  });
});

describe('zero-conversion stop loss', () => {
  it('pauses an ad set that spent over 2× target CPA in 48 h with no purchase, explaining why', () => {
    const r = evaluateEntity(t('zero_conversion_stop_loss'), entity(), ctx);
    expect(r.status).toBe('matched');
    expect(r.evidence.map((e) => [e.field, e.actual, e.threshold])).toEqual([
      ['spend', 120, 50],
      ['conversions', 0, 0],
      ['effective_status', 'ACTIVE', 'ACTIVE'],
    ]);
    expect(r.explanation).toBe(
      "Ad set 'Summer - Broad' spent $120.00 in the last 48 h with 0 purchases (threshold: $50.00) and status is ACTIVE.",
    );
  });

  it('uses $100 when the account has no target CPA', () => {
    const r = evaluateEntity(t('zero_conversion_stop_loss'), entity(), { now: ctx.now });
    expect(r.evidence[0]?.threshold).toBe(100);
    const small = entity({ windows: { '48h': { spend: 90, conversions: 0 } } });
    expect(evaluateEntity(t('zero_conversion_stop_loss'), small, { now: ctx.now }).status).toBe('not_matched');
  });

  it('leaves an ad set with a purchase alone', () => {
    expect(
      evaluateEntity(
        t('zero_conversion_stop_loss'),
        entity({ windows: { '48h': { spend: 120, conversions: 1 } } }),
        ctx,
      ).status,
    ).toBe('not_matched');
  });
});

describe('CPA over 2× target', () => {
  const over = entity({ windows: { '72h': { spend: 300, conversions: 4 } }, daily: daily('cpa', [30, 55, 61, 80]) });

  it('lowers the budget 20% after 3 days above twice the target', () => {
    const r = evaluateEntity(t('cpa_over_twice_target'), over, ctx);
    expect(r.status).toBe('matched');
    expect(t('cpa_over_twice_target').action).toEqual({ type: 'decrease_budget', params: { percent: 20 } });
  });

  it('counts a day with spend and no purchase as above the target', () => {
    const days = [...daily('cpa', [55, 61]), { day: '2026-11-12', values: { spend: 70, conversions: 0 } }];
    expect(evaluateEntity(t('cpa_over_twice_target'), entity({ ...over, daily: days }), ctx).status).toBe('matched');
  });

  it('needs a target CPA', () => {
    expect(evaluateEntity(t('cpa_over_twice_target'), over, { now: ctx.now })).toMatchObject({
      status: 'insufficient_data',
      missing: ['target_cpa (account setting)'],
    });
  });
});

describe('scale ROAS winners', () => {
  const winner = entity({
    windows: { '72h': { spend: 300, conversions: 15, roas: 5 } },
    daily: daily('roas', [5, 5.2, 4.9]),
  });

  it('raises the budget 20% after 3 days at 1.5× target ROAS with 10+ purchases', () => {
    expect(evaluateEntity(t('scale_roas_winners'), winner, ctx).status).toBe('matched');
  });

  it('leaves an ad set in learning alone', () => {
    const learning = entity({ ...winner, attributes: { ...winner.attributes, learning_phase: 'LEARNING' } });
    expect(evaluateEntity(t('scale_roas_winners'), learning, ctx).status).toBe('not_matched');
  });

  it('uses ROAS 3 when the account has no target ROAS', () => {
    const r = evaluateEntity(t('scale_roas_winners'), winner, { now: ctx.now });
    expect(r.evidence[0]?.threshold).toBe(3);
  });

  it('needs 10 purchases', () => {
    const few = entity({ ...winner, windows: { '72h': { spend: 100, conversions: 9 } } });
    expect(evaluateEntity(t('scale_roas_winners'), few, ctx).status).toBe('not_matched');
  });
});

describe('protect learning phase', () => {
  const learning = entity({
    windows: { '72h': { spend: 300, conversions: 15 } },
    daily: daily('roas', [5, 5.2, 4.9]),
    attributes: { effective_status: 'ACTIVE', learning_phase: 'LEARNING' },
  });

  it('notifies about an ad set in learning, as a suggestion', () => {
    const [m] = evaluateRules([t('protect_learning_phase')], [learning], ctx);
    expect(m).toMatchObject({ action: { type: 'notify_only' }, executionMode: 'suggestion_only' });
  });

  it('holds back budget changes of other rules on that ad set', () => {
    const raise = {
      ...t('scale_roas_winners'),
      conditions: { all: [{ field: 'conversions' as const, operator: '>=' as const, value: 10 }] },
    };
    expect(evaluateRules([raise, t('protect_learning_phase')], [learning], ctx).map((m) => m.action.type)).toEqual([
      'notify_only',
    ]);
  });
});

describe('creative fatigue alert', () => {
  it('flags an ad with frequency over 3.5 and a CTR down more than 20% in 7 days', () => {
    const tired = entity({
      entityType: 'ad',
      windows: { '7d': { impressions: 50_000, frequency: 4.1 } },
      attributes: { ctr_trend_7d: -31, fatigue_forecast: 'none' },
    });
    const r = evaluateEntity(t('creative_fatigue_alert'), tired, ctx);
    expect(r.status).toBe('matched');
    expect(r.explanation).toBe(
      "Ad 'Summer - Broad' had a frequency of 4.10 in the last 7 days (threshold: 3.50) and CTR fell 31.0% over 7 days (threshold: 20%).",
    );
  });

  it('leaves an ad whose CTR holds up alone', () => {
    const fresh = entity({
      entityType: 'ad',
      windows: { '7d': { impressions: 50_000, frequency: 4.1 } },
      attributes: { ctr_trend_7d: -5, fatigue_forecast: 'none' },
    });
    expect(evaluateEntity(t('creative_fatigue_alert'), fresh, ctx).status).toBe('not_matched');
  });

  it('flags an ad the fatigue detector sees sliding before frequency and CTR cross the thresholds', () => {
    const early = entity({
      entityType: 'ad',
      windows: { '7d': { impressions: 50_000, frequency: 2.4 } },
      attributes: { ctr_trend_7d: -8, fatigue_forecast: 'at_risk' },
    });
    const r = evaluateEntity(t('creative_fatigue_alert'), early, ctx);
    expect(r.status).toBe('matched');
    expect(r.explanation).toContain('fatigue forecast is at_risk');
  });

  it('falls back to the thresholds when there is no fresh verdict', () => {
    const unscored = (ctr: number) =>
      entity({
        entityType: 'ad',
        windows: { '7d': { impressions: 50_000, frequency: 4.1 } },
        attributes: { ctr_trend_7d: ctr, fatigue_forecast: 'unknown' },
      });
    expect(evaluateEntity(t('creative_fatigue_alert'), unscored(-31), ctx).status).toBe('matched');
    expect(evaluateEntity(t('creative_fatigue_alert'), unscored(-5), ctx).status).toBe('not_matched');
  });
});
