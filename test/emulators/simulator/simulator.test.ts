import { describe, expect, it } from '@jest/globals';
import { generatedScenario, scenarios } from '../../../src/emulators/simulator/scenarios.ts';
import { reportedShare, Simulator, type SimAd, type SimAdSet } from '../../../src/emulators/simulator/simulator.ts';
import { DAY, HOUR } from '../../../src/intel/time.ts';

const start = Date.UTC(2026, 10, 24, 15);

describe('the ad-account simulator', () => {
  it('replays identically from the same seed', () => {
    const a = new Simulator(scenarios.demo(), { seed: 5, startTime: start });
    const b = new Simulator(scenarios.demo(), { seed: 5, startTime: start });
    const ad = (s: Simulator) => s.byId.get('ad_demo_ugc') as SimAd;
    expect(a.adTotals(ad(a), a.origin, a.now)).toEqual(b.adTotals(ad(b), b.origin, b.now));
  });

  it('lowers CTR as frequency rises past the true fatigue onset', () => {
    const sim = new Simulator(scenarios.fatigue(), { seed: 2, startTime: start });
    // Ads well past their onset (frequency at least one above it), so the decay is larger than day-to-day noise.
    const fatiguing = sim.ads.filter(
      (a) => a.fatigueOnsetAt !== null && sim.truth.frequency(a.id) > a.fatigueOnsetFrequency + 1,
    );
    expect(fatiguing.length).toBeGreaterThan(5);
    let compared = 0;
    for (const ad of fatiguing) {
      const onsetDay = sim.localDayStart(ad.fatigueOnsetAt!);
      const before = sim.adTotals(ad, onsetDay - 3 * DAY, onsetDay);
      const after = sim.adTotals(ad, sim.localDayStart(sim.now) - 3 * DAY, sim.localDayStart(sim.now));
      if (before.impressions < 5_000 || after.impressions < 5_000) continue;
      compared++;
      expect(after.clicks / after.impressions).toBeLessThan(before.clicks / before.impressions);
    }
    expect(compared).toBeGreaterThan(3);
    const ad = fatiguing[0]!;
    expect(sim.truth.ctrAt(ad.id, ad.fatigueOnsetFrequency + 2)).toBeLessThan(
      sim.truth.ctrAt(ad.id, ad.fatigueOnsetFrequency),
    );
  });

  it('saturates: doubling the budget less than doubles the conversions', () => {
    const sim = new Simulator(scenarios.demo(), { seed: 1, startTime: start });
    const curve = sim.truth.responseCurve('as_demo_lookalike');
    const r1 = curve.conversionsAt(60);
    const r2 = curve.conversionsAt(120);
    const r4 = curve.conversionsAt(240);
    expect(r2 / r1).toBeLessThan(2);
    expect(r4 - r2).toBeLessThan(r2 - r1 + 1e-9);
    // The simulated data follow the curve: a 4x budget ad set delivers fewer than 4x the impressions.
    const small = generatedScenario({
      accountId: 'act_s',
      token: 't',
      campaigns: 1,
      adsetsPerCampaign: 1,
      adsPerAdset: 1,
      seed: 9,
      historyDays: 2,
    });
    const big = structuredClone(small);
    big.campaigns[0]!.adsets[0]!.dailyBudgetMinor = small.campaigns[0]!.adsets[0]!.dailyBudgetMinor * 4;
    const s1 = new Simulator(small, { seed: 9, startTime: start });
    const s4 = new Simulator(big, { seed: 9, startTime: start });
    const imp = (s: Simulator) =>
      s.adTotals(s.ads[0]!, s.localDayStart(s.now) - DAY, s.localDayStart(s.now)).impressions;
    expect(imp(s4) / imp(s1)).toBeGreaterThan(1.05);
    expect(imp(s4) / imp(s1)).toBeLessThan(4);
  });

  it('restarts learning after a budget change over 20%, and not after a small one', () => {
    const sim = new Simulator(scenarios.demo(), { seed: 1, startTime: start });
    const lookalike = sim.byId.get('as_demo_lookalike') as SimAdSet;
    expect(lookalike.learningStage).toBe('SUCCESS');
    sim.setDailyBudget('as_demo_lookalike', 6_600); // +10%
    expect(lookalike.learningStage).toBe('SUCCESS');
    sim.setDailyBudget('as_demo_lookalike', 9_000); // +36%
    expect(lookalike.learningStage).toBe('LEARNING');
    sim.advanceHours(24 * 7);
    expect(lookalike.learningStage).not.toBe('LEARNING');
  });

  it('reports late conversions: recent hours gain conversions as time passes', () => {
    const sim = new Simulator(scenarios.demo(), { seed: 3, startTime: start });
    const from = sim.now - 24 * HOUR;
    const total = (asOf: number) => sim.ads.reduce((a, ad) => a + sim.adTotals(ad, from, sim.now, asOf).conversions, 0);
    const impressions = (asOf: number) =>
      sim.ads.reduce((a, ad) => a + sim.adTotals(ad, from, sim.now, asOf).impressions, 0);
    expect(total(sim.now + 48 * HOUR)).toBeGreaterThan(total(sim.now));
    expect(impressions(sim.now + 48 * HOUR)).toBe(impressions(sim.now));
    expect(reportedShare(0)).toBeCloseTo(0.6);
    expect(reportedShare(48)).toBe(1);
  });

  it('stops delivery of a paused ad and keeps its siblings running', () => {
    const sim = new Simulator(scenarios.demo(), { seed: 1, startTime: start });
    sim.setStatus('ad_demo_static', 'PAUSED');
    const t0 = sim.now;
    sim.advanceHours(12);
    expect(sim.adTotals(sim.byId.get('ad_demo_static') as SimAd, t0, sim.now).impressions).toBe(0);
    expect(sim.adTotals(sim.byId.get('ad_demo_ugc') as SimAd, t0, sim.now).impressions).toBeGreaterThan(0);
  });

  it('puts more conversions in the true best hour than in the worst', () => {
    const sim = new Simulator(scenarios.healthy(), { seed: 4, startTime: start });
    let best = 0;
    let worst = 0;
    for (let t = sim.now - 4 * DAY; t < sim.now; t += HOUR) {
      const h = sim.localTime(t).hour;
      if (h !== sim.truth.bestHour && h !== sim.truth.worstHour) continue;
      const conv = sim.ads.reduce((a, ad) => a + sim.adTotals(ad, t, t + HOUR, sim.now + 72 * HOUR).conversions, 0);
      if (h === sim.truth.bestHour) best += conv;
      else worst += conv;
    }
    expect(best).toBeGreaterThan(worst);
  });

  it('breaks the pixel: purchases stop in pixel events while page views continue', () => {
    const sim = new Simulator(scenarios['broken-pixel'](), { seed: 1, startTime: start });
    const last = sim.pixelHours.get(sim.hourIndex(sim.now - HOUR))!;
    const before = sim.pixelHours.get(sim.hourIndex(sim.now - 48 * HOUR))!;
    expect(last[0]).toBeGreaterThan(0);
    expect(last[3]).toBe(0);
    expect(before[3]).toBeGreaterThan(0);
  });
});
