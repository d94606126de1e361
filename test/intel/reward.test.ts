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
  actionType: 'adjust_bid',
  decision: 'executed',
  horizonHours: 24,
  before: w({}),
  after: w({}),
  targetCpa: 25,
  targetRoas: 3,
  ...o,
});
// 72 h baseline: CPA 30, ROAS 2, 0.4167 purchases per hour.
const baseline = w({ spend: 900, conversions: 30, revenue: 1800, hours: 72 });

describe('computeReward, executed budget and bid changes', () => {
  it('rewards a budget increase that bought cheaper purchases at a higher ROAS and more of them', () => {
    // cpa 30/24 − 1 = 0.25; roas (3 − 2)/2 = 0.5; volume (0.625/0.4167 − 1)/0.2 = 2.5 → 1; 0.125 + 0.15 + 0.2
    const r = computeReward(
      input({
        actionType: 'increase_budget',
        params: { percent: 20 },
        before: baseline,
        after: w({ spend: 360, conversions: 15, revenue: 1080 }),
      }),
    );
    expect(r.components).toMatchObject({ cpaTerm: 0.25, roasTerm: 0.5, volumeTerm: 1 });
    expect(r.reward).toBe(0.475);
  });

  it('gives no volume credit to extra purchases bought above the target CPA', () => {
    // cpa 30/40 − 1 = −0.25; roas (1.5 − 2)/2 = −0.25; volume 0; −0.125 − 0.075
    const r = computeReward(
      input({
        actionType: 'increase_budget',
        params: { percent: 20 },
        before: baseline,
        after: w({ spend: 600, conversions: 15, revenue: 900 }),
      }),
    );
    expect(r.components.volumeTerm).toBe(0);
    expect(r.reward).toBe(-0.2);
  });

  it('rewards a budget cut that kept every purchase', () => {
    // cpa 50/40 − 1 = 0.25; roas (2.5 − 2)/2 = 0.25; volume 1 − 0/0.2 = 1; 0.125 + 0.075 + 0.2
    const r = computeReward(
      input({
        actionType: 'decrease_budget',
        params: { percent: 20 },
        before: w({ spend: 200, conversions: 4, revenue: 400 }),
        after: w({ spend: 160, conversions: 4, revenue: 400 }),
      }),
    );
    expect(r.reward).toBe(0.4);
  });

  it('penalises a 20% budget cut that lost 25% of purchases', () => {
    const r = computeReward(
      input({
        actionType: 'decrease_budget',
        params: { percent: 20 },
        before: w({ spend: 200, conversions: 4, revenue: 400 }),
        after: w({ spend: 160, conversions: 3, revenue: 300 }),
      }),
    );
    expect(r.components.volumeTerm).toBe(-0.25); // 1 − 0.25/0.2
  });

  it('measures against the maintain forecast when one is given', () => {
    // forecast CPA 40 → actual 30: 40/30 − 1 = 0.333; ROAS 2 → 2: 0; 0.5 × 0.333
    const r = computeReward(
      input({
        before: baseline,
        maintain: w({ spend: 240, conversions: 6, revenue: 480 }),
        after: w({ spend: 240, conversions: 8, revenue: 480 }),
      }),
    );
    expect(r.components.cpaTerm).toBe(0.333);
    expect(r.reward).toBe(0.167);
  });

  it('scores no purchase after at least one baseline CPA of spend as the worst CPA outcome', () => {
    // cpa −1; roas (0 − 2)/2 = −1; −0.5 − 0.3
    expect(computeReward(input({ before: baseline, after: w({ spend: 45 }) })).reward).toBe(-0.8);
  });

  it('does not judge the CPA of an after window that spent less than one baseline CPA', () => {
    expect(computeReward(input({ before: baseline, after: w({ spend: 20 }) })).components.cpaTerm).toBe(0);
  });

  it('scores a notification 0', () => {
    expect(computeReward(input({ actionType: 'notify_only', before: baseline, after: w({ spend: 45 }) })).reward).toBe(
      0,
    );
  });
});

describe('computeReward, executed pauses', () => {
  it('penalises pausing a winner', () => {
    const r = computeReward(input({ actionType: 'pause', before: w({ spend: 100, conversions: 10, revenue: 500 }) }));
    expect(r.components.pausedWinnerPenalty).toBe(-0.6);
    expect(r.reward).toBe(-0.6);
  });

  it('gives the full bonus for a zero-purchase loser caught between one and two target CPAs of spend', () => {
    expect(computeReward(input({ actionType: 'pause', before: w({ spend: 50 }) })).reward).toBe(0.4);
  });

  it('gives less for a loser caught late', () => {
    expect(computeReward(input({ actionType: 'pause', before: w({ spend: 400 }) })).reward).toBe(0.05); // 0.4 × 50/400
  });

  it('gives less for a pause on too little spend to call it a loser', () => {
    expect(computeReward(input({ actionType: 'pause', before: w({ spend: 10 }) })).reward).toBe(0.16); // 0.4 × 10/25
  });

  it('rewards pausing an entity whose purchases cost twice the target', () => {
    expect(
      computeReward(input({ actionType: 'pause', before: w({ spend: 300, conversions: 6 }) })).components
        .pausedLoserBonus,
    ).toBe(0.3);
  });

  it('uses a target CPA of 50 for the loser bonus when the account has none', () => {
    expect(computeReward(input({ actionType: 'pause', targetCpa: null, before: w({ spend: 100 }) })).reward).toBe(0.4);
  });
});

describe('computeReward, not acting (rejected or expired)', () => {
  const weak = w({ spend: 100, conversions: 2, revenue: 150 }); // CPA 50, ROAS 1.5

  it('penalises a rejected pause when the entity kept spending with no purchase', () => {
    // missed loser −0.4 × loser(40) = −0.4; roas (0 − 1.5)/1.5 = −1 → −0.3; cpa: 40 < 50 spent → 0
    const r = computeReward(
      input({ actionType: 'pause', decision: 'rejected', before: weak, after: w({ spend: 40 }) }),
    );
    expect(r.components).toMatchObject({ missedLoserPenalty: -0.4, roasTerm: -1, cpaTerm: 0, counterfactual: 1 });
    expect(r.reward).toBe(-0.7);
  });

  it('rewards a pause left undone when the entity then performed above target', () => {
    const r = computeReward(
      input({
        actionType: 'pause',
        decision: 'expired',
        before: weak,
        after: w({ spend: 100, conversions: 5, revenue: 400 }),
      }),
    );
    expect(r.components.keptWinnerBonus).toBe(0.6);
    expect(r.reward).toBe(1); // 0.5 + 0.3 + 0.6, clipped
  });

  it('scores a rejected budget change by how the untouched entity did, without a volume term', () => {
    const r = computeReward(
      input({
        actionType: 'increase_budget',
        params: { percent: 20 },
        decision: 'rejected',
        before: baseline,
        after: w({ spend: 360, conversions: 15, revenue: 1080 }),
      }),
    );
    expect(r.components.volumeTerm).toBe(0);
    expect(r.reward).toBe(0.275); // 0.5 × 0.25 + 0.3 × 0.5
  });

  it('measures not acting against the baseline even when a maintain forecast is given', () => {
    const base = input({
      decision: 'shadow',
      before: baseline,
      after: w({ spend: 360, conversions: 15, revenue: 1080 }),
    });
    expect(computeReward({ ...base, maintain: w({ spend: 1, conversions: 1, revenue: 1 }) }).reward).toBe(
      computeReward(base).reward,
    );
  });
});

describe('computeReward, shape', () => {
  it('stays within [-1, 1] over a grid of extreme inputs', () => {
    const windows = [
      w({}),
      w({ spend: 1e6 }),
      w({ spend: 1, conversions: 1000, revenue: 1e6 }),
      w({ spend: 1000, conversions: 1, revenue: 1 }),
    ];
    for (const actionType of ['pause', 'increase_budget', 'decrease_budget', 'activate'])
      for (const decision of ['executed', 'rejected'] as const)
        for (const before of windows)
          for (const after of windows) {
            const r = computeReward(input({ actionType, decision, before, after, params: { percent: 1 } }));
            expect(Math.abs(r.reward)).toBeLessThanOrEqual(1);
          }
  });

  it('always reports every component, as plain JSON', () => {
    const r = computeReward(input({ before: baseline, after: baseline }));
    expect(Object.keys(r.components).sort()).toEqual([
      'counterfactual',
      'cpaTerm',
      'earlyLoserBonus',
      'keptWinnerBonus',
      'missedLoserPenalty',
      'pausedLoserBonus',
      'pausedWinnerPenalty',
      'roasTerm',
      'volumeTerm',
    ]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('treats non-finite metrics as zero', () => {
    expect(
      computeReward(input({ before: w({ spend: Number.NaN, conversions: Infinity }), after: baseline })).reward,
    ).toBe(0);
  });

  it('explains the result with the terms and the CPA and ROAS compared', () => {
    const r = computeReward(
      input({
        actionType: 'increase_budget',
        params: { percent: 20 },
        before: baseline,
        after: w({ spend: 360, conversions: 15, revenue: 1080 }),
      }),
    );
    expect(r.explanation).toBe(
      'Executed increase_budget 20%: cpaTerm +0.25, roasTerm +0.5, volumeTerm +1; CPA 30.00 → 24.00, ROAS 2.00 → 3.00 (the baseline vs the 24 h after); reward 0.475.',
    );
  });
});
