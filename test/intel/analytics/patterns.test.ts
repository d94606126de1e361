import { describe, expect, it } from '@jest/globals';
import {
  budgetSweetSpot,
  conversionLag,
  creativeFatigue,
  learnPatterns,
  timePerformance,
  type LagObservation,
} from '../../../src/intel/analytics/index.ts';
import { reportedShare } from '../../../src/emulators/simulator/simulator.ts';
import type { ScenarioSpec } from '../../../src/emulators/simulator/scenario.ts';
import { fatigueSet, lagAccount, responseAccount, seasonalAccount } from './support/scenarios.ts';
import { accountHours, DAY, HOUR, simulate, START, toDaily } from './support/simulated-ads.ts';
import { flatProfileHours } from './support/synthetic.ts';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

describe('time performance against the simulator (true best hour 21:00, worst 09:00)', () => {
  const run = simulate(seasonalAccount(3), { seed: 3, hours: 24 * 21 });
  const hours = accountHours(run);
  const p = timePerformance('act', hours, 'time-of-day', run.sim.now)!;

  it('ranks an hour within two of 21:00 first among the significant best hours', () => {
    expect(Math.abs(p.best[0]!.slot - 21)).toBeLessThanOrEqual(2);
  });

  it('reports as best only hours whose true conversion rate is above average (16:00–02:00)', () => {
    for (const e of p.best) expect([16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2]).toContain(e.slot);
  });

  it('reports as worst only hours whose true rate is below average (04:00–14:00)', () => {
    for (const e of p.worst) expect(e.slot >= 4 && e.slot <= 14).toBe(true);
  });

  it('ranks an hour within two of 09:00 first among the significant worst hours', () => {
    expect(Math.abs(p.worst[0]!.slot - 9)).toBeLessThanOrEqual(2);
  });

  it('finds Saturday the best weekday when it is significant (true weekday CVR peaks on Saturday)', () => {
    const w = timePerformance('act', hours, 'day-of-week', run.sim.now)!;
    expect(w.best.length === 0 || w.best[0]!.slot === 5).toBe(true);
  });

  it('keeps false discoveries rare on flat-profile accounts (at most 1 of 10 seeds with any)', () => {
    const withDiscovery = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((seed) => {
      const flat = flatProfileHours(seed, 21);
      const r = timePerformance('flat', flat, 'time-of-day', flat.at(-1)!.t + HOUR)!;
      return r.best.length + r.worst.length > 0;
    });
    expect(withDiscovery.length).toBeLessThanOrEqual(1);
  });

  it('tests no hour with fewer conversions than the minimum sample', () => {
    const thin = hours.slice(0, 24 * 2);
    const r = timePerformance('act', thin, 'time-of-day', run.sim.now, { minConversions: 10_000 })!;
    expect(r.slots.every((s) => !s.significant)).toBe(true);
  });
});

describe('the creative-fatigue law against the simulator', () => {
  const run = simulate(fatigueSet(4), { seed: 4, hours: 24 * 30 });
  const ads = run.sim.ads.map((a) => ({
    id: a.id,
    name: a.name,
    adsetId: a.adset.id,
    status: 'ACTIVE' as const,
    daily: toDaily(run.hourly.get(a.id)!),
  }));
  const p = creativeFatigue('act', ads, run.sim.now)!;
  const truth = (id: string) => run.sim.ads.find((a) => a.id === id)!;

  it('estimates only ads with a true onset as fatiguing', () => {
    for (const e of p.ads) expect(Number.isFinite(truth(e.adId).fatigueOnsetFrequency)).toBe(true);
  });

  it('recovers each ad’s onset frequency within 0.3 in median absolute error', () => {
    const errors = p.ads.map((e) => Math.abs(e.onsetFrequency - truth(e.adId).fatigueOnsetFrequency));
    expect(median(errors)).toBeLessThan(0.3);
  });

  it('recovers the decline rate within 20% in median relative error', () => {
    const errors = p.ads.map((e) => Math.abs(e.declineRate / truth(e.adId).fatigueRate - 1));
    expect(median(errors)).toBeLessThan(0.2);
  });

  it('reports a typical lifespan and a validity window after now', () => {
    expect(p.typicalLifespanDays).toBeGreaterThan(3);
    expect(p.validUntil).toBeGreaterThan(run.sim.now);
  });
});

describe('the budget sweet spot against the simulator’s true saturation', () => {
  /** Budget walked up and down in 18% steps (below Meta's ~20% learning reset) for six weeks. */
  function sweetSpotFor(k: number) {
    const base = responseAccount(5, k);
    const spec: ScenarioSpec = structuredClone(base);
    spec.campaigns[0]!.adsets[0]!.dailyBudgetMinor = Math.round(30 * k);
    let budget = 0.3 * k;
    let step = 1.18;
    const run = simulate(spec, {
      seed: 5,
      hours: 24 * 42,
      onHour: (sim) => {
        if ((sim.now - START) % DAY !== 0) return;
        if (budget * step > 5 * k || budget * step < 0.3 * k) step = 1 / step;
        budget *= step;
        sim.setDailyBudget(sim.adsets[0]!.id, Math.round(budget * 100));
      },
    });
    const ads = [...run.hourly.values()].map(toDaily);
    const daily = ads[0]!.map((d, i) => ({
      ...d,
      spend: ads.reduce((a, ad) => a + ad[i]!.spend, 0),
      conversions: ads.reduce((a, ad) => a + ad[i]!.conversions, 0),
    }));
    return budgetSweetSpot('as', daily, run.sim.now)!;
  }

  // Truth: impressions = M·B/(B + K) (Michaelis–Menten), so marginal return falls to 25% of its initial value
  // exactly at B = K. Tolerance 20%: six weeks of daily Poisson conversions put ~±10% on K.
  it.each([80, 300])('finds the 25%-marginal sweet spot within 20%% of the true half-saturation budget %d', (k) => {
    const p = sweetSpotFor(k);
    expect(Math.abs(p.sweetSpotSpend / k - 1)).toBeLessThan(0.2);
  });

  it('declines to fit a curve without spend variation', () => {
    const flat = Array.from({ length: 28 }, (_, d) => ({
      t: d * DAY,
      impressions: 1,
      clicks: 1,
      spend: 100,
      conversions: 5,
      value: 1,
    }));
    expect(budgetSweetSpot('as', flat, 28 * DAY)).toBeNull();
  });
});

describe('conversion lag against the simulator’s late attribution', () => {
  const run = simulate(lagAccount(7), { seed: 7, hours: 24 * 4 });
  const ad = run.sim.ads[0]!;
  const observations: LagObservation[] = [];
  for (let t = run.sim.now - 72 * HOUR; t < run.sim.now; t += HOUR)
    for (const age of [0, 1, 2, 3, 6, 12, 24, 48, 72])
      observations.push({
        periodStart: t,
        ageHours: age,
        conversions: run.sim.adTotals(ad, t, t + HOUR, t + HOUR + age * HOUR).conversions,
      });
  const p = conversionLag('act', observations, run.sim.now, 72)!;

  it('recovers the reported share at each age within 0.03', () => {
    for (const c of p.cdf) expect(Math.abs(c.share - reportedShare(c.ageHours))).toBeLessThan(0.03);
  });

  it('puts the 90% settling time near the true 11 h (1 − 0.4·e^(−a/8) = 0.9)', () => {
    expect(p.settledHours90).toBeGreaterThan(8);
    expect(p.settledHours90).toBeLessThan(14);
  });
});

describe('learnPatterns', () => {
  it('returns nothing rather than guesses on an empty input', () => {
    expect(learnPatterns({ accountId: 'a', now: START })).toEqual([]);
  });

  it('returns JSON-serialisable patterns, each with confidence and a validity window', () => {
    const run = simulate(seasonalAccount(3), { seed: 3, hours: 24 * 14 });
    const patterns = learnPatterns({ accountId: 'a', now: run.sim.now, hourly: accountHours(run) });
    expect(patterns.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(patterns))).toEqual(patterns);
    for (const p of patterns) expect(p.validUntil).toBeGreaterThan(p.validFrom);
  });
});
