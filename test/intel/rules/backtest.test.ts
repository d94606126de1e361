import { describe, expect, it } from '@jest/globals';
import { backtestRule, defaultRuleTemplates } from '../../../src/intel/rules/index.ts';
import { ctx, entity } from './fixtures.ts';

const stopLoss = defaultRuleTemplates.zero_conversion_stop_loss!;
const day = (d: string, spend: number) => ({
  day: d,
  entities: [entity({ windows: { '48h': { spend, conversions: 0 } } })],
});
const history = [day('2026-11-20', 20), day('2026-11-21', 60), day('2026-11-22', 90)];

describe('backtestRule', () => {
  it('reports per day the entities the rule would have acted on, with the action and spend', () => {
    const r = backtestRule(stopLoss, history, ctx);
    expect(r.days.map((d) => [d.day, d.matched.length, d.spend])).toEqual([
      ['2026-11-20', 0, 0],
      ['2026-11-21', 1, 60],
      ['2026-11-22', 1, 90],
    ]);
    expect(r.days[1]?.matched[0]).toMatchObject({ entityId: 'as_1', action: { type: 'pause' }, repeat: false });
  });

  it('marks a match on an entity already matched earlier as a repeat', () => {
    expect(backtestRule(stopLoss, history, ctx).days[2]?.matched[0]?.repeat).toBe(true);
  });

  it('counts each entity once in the totals, with its spend at the first match', () => {
    expect(backtestRule(stopLoss, history, ctx)).toMatchObject({
      totalMatches: 2,
      entitiesAffected: 1,
      spendInvolved: 60,
    });
  });

  it('keeps only the last N days when asked', () => {
    expect(backtestRule(stopLoss, history, ctx, { lastDays: 2 }).days.map((d) => d.day)).toEqual([
      '2026-11-21',
      '2026-11-22',
    ]);
  });

  it('counts entities it could not judge', () => {
    const r = backtestRule(stopLoss, [{ day: '2026-11-20', entities: [entity({ windows: {} })] }], ctx);
    expect(r.days[0]).toMatchObject({ evaluated: 1, insufficient: 1 });
  });

  it('refuses a lastDays that is not a positive integer', () => {
    expect(() => backtestRule(stopLoss, history, ctx, { lastDays: 0 })).toThrow(RangeError);
  });
});
