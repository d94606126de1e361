import { describe, expect, it } from '@jest/globals';
import { computeAccountScore, type AccountScore } from '../../../src/intel/analytics/index.ts';
import { accountInput } from './support/account-input.ts';
import { scoreAccount } from './support/scenarios.ts';
import { simulate } from './support/simulated-ads.ts';

const targets = { roas: 1.2 };

function scoreOf(degrade: Parameters<typeof scoreAccount>[0], sufficient = true): AccountScore {
  const run = simulate(scoreAccount(degrade), { seed: 31, hours: 24 * 21 });
  return computeAccountScore(accountInput(run, { targets, sufficiency: { sufficient, reason: 'test' } }));
}

describe('account score against simulated faults', () => {
  const base = scoreOf('none');
  console.log(
    'healthy account score:',
    base.overall,
    Object.values(base.components)
      .map((c) => `${c.name} ${c.score}`)
      .join(', '),
  );

  it('scores a healthy account above 75 overall', () => {
    expect(base.overall).toBeGreaterThan(75);
  });

  it('lowers performance when the conversion rate halves', () => {
    expect(scoreOf('conversion-rate').components.performance.score!).toBeLessThan(
      base.components.performance.score! - 15,
    );
  });

  it('lowers budget efficiency when a quarter of the ad sets stop converting', () => {
    const s = scoreOf('money-sink');
    expect(s.components.budget.score!).toBeLessThan(base.components.budget.score! - 15);
    expect(s.recommendations[0]!.action).toBe('pause');
  });

  it('lowers learning health when half the ad sets convert too rarely to leave learning', () => {
    expect(scoreOf('learning-limited').components.learning.score!).toBeLessThan(base.components.learning.score! - 15);
  });

  it('lowers creative health when audiences are small enough for ads to fatigue', () => {
    const s = scoreOf('fatigue');
    expect(s.components.creative.score!).toBeLessThan(base.components.creative.score! - 15);
    expect(s.recommendations.some((r) => r.action === 'refresh_creative')).toBe(true);
  });

  it('lowers the overall score for every fault', () => {
    for (const d of ['conversion-rate', 'money-sink', 'learning-limited', 'fatigue'] as const)
      expect(scoreOf(d).overall).toBeLessThan(base.overall);
  });

  it('ranks recommendations by priority, then by money per day at stake', () => {
    const recs = scoreOf('money-sink').recommendations;
    const rank = { high: 0, medium: 1, low: 2 };
    for (let i = 1; i < recs.length; i++) {
      const a = recs[i - 1]!;
      const b = recs[i]!;
      expect(
        rank[a.priority] < rank[b.priority] ||
          (a.priority === b.priority && a.expectedImpact.dailyValue >= b.expectedImpact.dailyValue),
      ).toBe(true);
    }
  });

  it('produces JSON that survives a round trip', () => {
    expect(JSON.parse(JSON.stringify(base))).toEqual(base);
  });
});

describe('data sufficiency fallback', () => {
  const thin = scoreOf('money-sink', false);

  it('says in the breakdown that history is thin', () => {
    expect(thin.breakdown.dataSufficiency).toMatchObject({ sufficient: false, mode: 'rules' });
    expect(thin.breakdown.dataSufficiency.reason).toContain('test');
  });

  it('recommends from rules only', () => {
    expect(thin.recommendations.length).toBeGreaterThan(0);
    expect(thin.recommendations.every((r) => r.source === 'rules')).toBe(true);
  });

  it('scores an account with no data as 0 with every component unassessed', () => {
    const empty = computeAccountScore({
      accountId: 'a',
      now: 0,
      targets: {},
      sufficiency: { sufficient: false },
      adsets: [],
      ads: [],
    });
    expect(empty.overall).toBe(0);
    expect(Object.values(empty.components).every((c) => c.score === null)).toBe(true);
  });
});
