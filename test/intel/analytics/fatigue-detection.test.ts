import { describe, expect, it } from '@jest/globals';
import { detectFatigue, type FatigueSignal } from '../../../src/intel/analytics/index.ts';
import { fatigueSet } from './support/scenarios.ts';
import { HOUR, simulate, START } from './support/simulated-ads.ts';

/**
 * Ground truth from the simulator: 2 accounts × 48 ads (seeds 4 and 5; the thresholds were tuned on seeds
 * 1–3), 30 days, detection run every 6 hours as the hourly collector would. An ad truly fatigues if its
 * frequency passes its hidden onset within the run; it collapses when its true CTR reaches half its base.
 */
function evaluate(seeds: number[]) {
  let flagged = 0;
  let correct = 0;
  let collapsing = 0;
  let caught = 0;
  const leads: number[] = [];
  for (const seed of seeds) {
    const first = new Map<string, { t: number; signal: FatigueSignal }>();
    const run = simulate(fatigueSet(seed), {
      seed,
      hours: 24 * 30,
      onHour: (sim, r) => {
        if ((sim.now - START) % (6 * HOUR) !== 0) return;
        const series = sim.ads
          .filter((a) => !first.has(a.id))
          .map((a) => ({ adId: a.id, points: r.hourly.get(a.id)! }));
        for (const signal of detectFatigue(series, sim.now)) first.set(signal.adId, { t: sim.now, signal });
      },
    });
    for (const ad of run.sim.ads) {
      const flag = first.get(ad.id);
      const collapse = run.collapseAt.get(ad.id);
      if (flag) {
        flagged++;
        if (ad.fatigueOnsetAt !== null) correct++;
      }
      if (collapse !== undefined) {
        collapsing++;
        if (flag && flag.t < collapse) {
          caught++;
          leads.push((collapse - flag.t) / HOUR);
        }
      }
    }
  }
  leads.sort((a, b) => a - b);
  return {
    ads: seeds.length * 48,
    flagged,
    precision: correct / flagged,
    collapsing,
    recall: caught / collapsing,
    medianLeadHours: leads[leads.length >> 1]!,
    p10LeadHours: leads[Math.floor(leads.length * 0.1)]!,
  };
}

describe('predictive fatigue detection against simulator ground truth', () => {
  const m = evaluate([4, 5]);
  console.log('fatigue detection on 96 simulated ads:', JSON.stringify(m));

  it('runs on at least 40 ads, with enough true collapses to measure recall', () => {
    expect(m.ads).toBeGreaterThanOrEqual(40);
    expect(m.collapsing).toBeGreaterThanOrEqual(20);
  });

  // Floors are ML.md's proposed E2 pass marks (precision ≥ 0.8, recall ≥ 0.7, median lead ≥ 24 h: time to
  // swap a creative). On seeds 4–5 we saw precision ≈ 0.95, recall 1.0 and median lead ≈ 80 h, so the floors
  // leave room for simulator changes without hiding a real regression.
  it('flags mostly ads that truly fatigue (precision ≥ 0.8)', () => {
    expect(m.precision).toBeGreaterThanOrEqual(0.8);
  });

  it('flags most collapsing ads before their CTR halves (recall ≥ 0.7)', () => {
    expect(m.recall).toBeGreaterThanOrEqual(0.7);
  });

  it('gives a median lead time of at least 24 hours before collapse', () => {
    expect(m.medianLeadHours).toBeGreaterThanOrEqual(24);
  });

  it('says nothing about an ad with a flat CTR', () => {
    const points = Array.from({ length: 14 * 24 }, (_, h) => ({
      t: START + h * HOUR,
      impressions: 400,
      clicks: 4,
      spend: 2,
      conversions: 0,
      value: 0,
      frequency: 1 + h / 100,
    }));
    expect(detectFatigue([{ adId: 'flat', points }], START + 14 * 24 * HOUR)).toEqual([]);
  });

  it('ignores data after now', () => {
    const run = simulate(fatigueSet(4), { seed: 4, hours: 24 * 30 });
    const series = run.sim.ads.map((a) => ({ adId: a.id, points: run.hourly.get(a.id)! }));
    const early = START + 4 * 24 * HOUR;
    const cut = series.map((s) => ({ ...s, points: s.points.filter((p) => p.t < early) }));
    expect(detectFatigue(series, early)).toEqual(detectFatigue(cut, early));
  });
});
