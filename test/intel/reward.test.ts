import { describe, expect, it } from '@jest/globals';
import { computeReward, type RewardInput, type WindowMetrics } from '../../src/intel/reward.ts';

const w = (o: Partial<WindowMetrics>): WindowMetrics => ({
  spend: 0,
  impressions: 0,
  clicks: 0,
  conversions: 0,
  revenue: 0,
  hours: 24,
  ...o,
});
const input = (o: Partial<RewardInput>): RewardInput => ({
  actionType: 'increase_budget',
  decision: 'executed',
  horizonHours: 24,
  before: w({}),
  after: w({}),
  targetCpa: 25,
  targetRoas: 3,
  ...o,
});

describe('computeReward', () => {
  it('rewards a budget change that made purchases cheaper and ROAS higher (hand-computed)', () => {
    // before: CPA 30, ROAS 2 ; after: CPA 20, ROAS 3 → cpaTerm 0.5, roasTerm 0.5 → 0.25 + 0.15 = 0.4
    const r = computeReward(
      input({
        before: w({ spend: 300, conversions: 10, revenue: 600 }),
        after: w({ spend: 200, conversions: 10, revenue: 600 }),
      }),
    );
    expect(r.components.cpaTerm).toBeCloseTo(0.5);
    expect(r.components.roasTerm).toBeCloseTo(0.5);
    expect(r.reward).toBeCloseTo(0.4);
  });

  it('compares rates per hour, so a 72 h baseline and a 24 h horizon are comparable', () => {
    const r = computeReward(
      input({
        before: w({ spend: 900, conversions: 30, revenue: 1800, hours: 72 }),
        after: w({ spend: 300, conversions: 10, revenue: 600, hours: 24 }),
      }),
    );
    expect(r.reward).toBe(0);
  });

  it('penalises pausing a winner', () => {
    const r = computeReward(input({ actionType: 'pause', before: w({ spend: 100, conversions: 10, revenue: 500 }) }));
    expect(r.components.pausedWinnerPenalty).toBe(-0.6);
    expect(r.reward).toBe(-0.6);
  });

  it('rewards catching a loser early more than catching it late', () => {
    const early = computeReward(input({ actionType: 'pause', before: w({ spend: 50 }) }));
    const late = computeReward(input({ actionType: 'pause', before: w({ spend: 400 }) }));
    expect(early.reward).toBeCloseTo(0.4);
    expect(late.reward).toBeCloseTo(0.4 * (50 / 400));
    expect(early.reward).toBeGreaterThan(late.reward);
  });

  it('scores a rejected pause negatively when the entity kept wasting money', () => {
    const r = computeReward(input({ actionType: 'pause', decision: 'rejected', after: w({ spend: 40 }) }));
    expect(r.components.counterfactualBenefit).toBe(1); // 40 spent with no purchase, capped at one target CPA
    expect(r.reward).toBeCloseTo(-1);
  });

  it('scores a rejected pause positively when the entity then performed above target', () => {
    const r = computeReward(
      input({ actionType: 'pause', decision: 'expired', after: w({ spend: 100, conversions: 5, revenue: 400 }) }),
    );
    expect(r.reward).toBeCloseTo(0.6);
  });

  it('scores a rejected budget increase by whether ROAS after was above target', () => {
    expect(computeReward(input({ decision: 'rejected', after: w({ spend: 100, revenue: 400 }) })).reward).toBeCloseTo(
      -0.3,
    );
    expect(computeReward(input({ decision: 'rejected', after: w({ spend: 100, revenue: 100 }) })).reward).toBeCloseTo(
      0.3,
    );
    expect(
      computeReward(
        input({ actionType: 'decrease_budget', decision: 'shadow', after: w({ spend: 100, revenue: 100 }) }),
      ).reward,
    ).toBeCloseTo(-0.3);
  });

  it('stays within [-1, 1]', () => {
    const r = computeReward(
      input({
        before: w({ spend: 1000, conversions: 1, revenue: 10 }),
        after: w({ spend: 10, conversions: 10, revenue: 1000 }),
      }),
    );
    expect(r.reward).toBeLessThanOrEqual(1);
    expect(r.reward).toBeGreaterThanOrEqual(-1);
  });
});
