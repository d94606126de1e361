import { describe, expect, test } from '@jest/globals';
import { comparePredictions, cumulativeStats } from '../../../src/intel/forecast/index.ts';
import type { ActualDay, StoredPrediction } from '../../../src/intel/forecast/index.ts';
import { HOUR } from '../../../src/intel/time.ts';

/** 2026-03-10 ends at 2026-03-11T00:00Z. */
const dayEnd = Date.parse('2026-03-11T00:00:00Z');

const actual: ActualDay = {
  key: 'sales',
  date: '2026-03-10',
  spend: 200,
  impressions: 10_000,
  clicks: 150,
  conversions: 12,
  revenue: 600,
  reach: 8_000,
};
const p = (
  id: string,
  metric: StoredPrediction['metric'],
  value: number,
  extra: Partial<StoredPrediction> = {},
): StoredPrediction => ({
  id,
  key: 'sales',
  metric,
  date: '2026-03-10',
  value,
  modelVersion: 'm1',
  ...extra,
});

describe('comparePredictions', () => {
  const now = dayEnd + 30 * HOUR;
  const r = comparePredictions(
    [
      p('ctr', 'ctr', 0.018, { lower: 0.012, upper: 0.02 }),
      p('roas', 'roas', 2.4, { lower: 2.0, upper: 2.8 }),
      p('conv', 'conversions', 30),
    ],
    [actual],
    now,
  );
  const by = new Map(r.comparisons.map((c) => [c.predictionId, c]));

  test('computes CTR error and accuracy by hand: 0.018 vs 150/10000', () => {
    const c = by.get('ctr')!;
    expect(c.actual).toBeCloseTo(0.015, 12);
    expect(c.error).toBeCloseTo(0.003, 12);
    expect(c.accuracy).toBeCloseTo(0.8, 12); // 1 − 0.003/0.015
    expect(c.inInterval).toBe(true);
  });

  test('computes ROAS error and accuracy by hand: 2.4 vs 600/200', () => {
    const c = by.get('roas')!;
    expect(c.actual).toBe(3);
    expect(c.error).toBeCloseTo(-0.6, 12);
    expect(c.accuracy).toBeCloseTo(0.8, 12);
    expect(c.inInterval).toBe(false);
  });

  test('clips accuracy at 0 when the error exceeds the actual', () => {
    expect(by.get('conv')!.accuracy).toBe(0); // |30 − 12| / 12 = 1.5
    expect(by.get('conv')!.relativeError).toBeCloseTo(1.5, 12);
  });

  test('summarises MAE, bias and coverage per metric', () => {
    expect(r.byMetric.roas).toEqual({
      n: 1,
      mae: expect.closeTo(0.6, 12),
      bias: expect.closeTo(-0.6, 12),
      meanAccuracy: expect.closeTo(0.8, 12),
      coverage: 0,
    });
    expect(r.byMetric.conversions?.mae).toBe(18);
  });

  test('waits until a day is 24 h past its end', () => {
    const early = comparePredictions([p('x', 'ctr', 0.01)], [actual], dayEnd + 23 * HOUR);
    expect(early.pending).toEqual(['x']);
    expect(early.comparisons).toHaveLength(0);
  });

  test('stops comparing after 30 days', () => {
    const late = comparePredictions([p('x', 'ctr', 0.01)], [actual], dayEnd + 31 * 24 * HOUR);
    expect(late.expired).toEqual(['x']);
  });

  test('lists settled predictions without an actual as missing', () => {
    expect(comparePredictions([p('x', 'ctr', 0.01, { key: 'other' })], [actual], now).missing).toEqual(['x']);
  });

  test('leaves accuracy undefined when the actual is 0', () => {
    const zero = comparePredictions([p('x', 'conversions', 2)], [{ ...actual, conversions: 0 }], now);
    expect(zero.comparisons[0]!.accuracy).toBeNull();
  });
});

describe('cumulativeStats', () => {
  test('counts fetches, success rate and what successful fetches tracked', () => {
    const s = cumulativeStats([
      { at: 3, ok: true, spend: 100, conversions: 4, revenue: 300, predictionsCompared: 10 },
      { at: 1, ok: false, spend: 999 },
      { at: 2, ok: true, spend: 50, conversions: 1, revenue: 80 },
    ]);
    expect(s).toEqual({
      fetches: 3,
      successes: 2,
      successRate: 2 / 3,
      spendTracked: 150,
      conversionsTracked: 5,
      revenueTracked: 380,
      predictionsCompared: 10,
      firstAt: 1,
      lastAt: 3,
    });
  });
});
