/** Ground truth for tests and benchmarks only; the Graph API never shows it. */
import { ctrAt, type SimAd, type SimAdSet } from './model.ts';
import type { Simulator } from './simulator.ts';

export function groundTruth(sim: Simulator) {
  return {
    fatigueOnsetFrequency: (adId: string) => (sim.byId.get(adId) as SimAd).fatigueOnsetFrequency,
    fatigueOnsetAt: (adId: string) => (sim.byId.get(adId) as SimAd).fatigueOnsetAt,
    ctrAt: (adId: string, frequency: number) => ctrAt(sim.byId.get(adId) as SimAd, frequency),
    cvr: (adsetId: string) => (sim.byId.get(adsetId) as SimAdSet).cvr,
    /** Expected daily purchases and revenue at a daily budget (major units), at the ad set's mean CTR. */
    responseCurve: (adsetId: string) => {
      const s = sim.byId.get(adsetId) as SimAdSet;
      const ctr = s.ads.reduce((a, ad) => a + ad.baseCtr, 0) / Math.max(1, s.ads.length);
      const conversionsAt = (budget: number) =>
        ((s.maxDailyImpressions * budget) / (budget + s.halfSaturationBudget)) * ctr * s.cvr;
      return {
        maxDailyImpressions: s.maxDailyImpressions,
        halfSaturationBudget: s.halfSaturationBudget,
        cvr: s.cvr,
        aov: s.aov,
        ctr,
        conversionsAt,
        revenueAt: (b: number) => conversionsAt(b) * s.aov,
      };
    },
    bestHour: 21,
    worstHour: 9,
    learningStage: (adsetId: string) => (sim.byId.get(adsetId) as SimAdSet).learningStage,
    frequency: (adId: string) => sim.frequencyOf(sim.byId.get(adId) as SimAd),
  };
}
