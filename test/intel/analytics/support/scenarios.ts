/** Scenario specs for the analytics ground-truth tests, built on the simulator's generator with tuned laws. */
import { generatedScenario } from '../../../../src/emulators/simulator/scenarios.ts';
import type { ScenarioSpec } from '../../../../src/emulators/simulator/scenario.ts';
import { mulberry32 } from '../../../../src/emulators/simulator/random.ts';

/**
 * 48 ads (12 ad sets × 4), about half with a true fatigue onset, in audiences small enough that frequency
 * climbs ~0.1–0.4 a day: over 30 days most fatiguing ads pass their onset and many collapse, which is what
 * precision, recall and lead time need. ~5–10k impressions and ~50–150 clicks per ad per day (moderate spend).
 */
export function fatigueSet(seed: number): ScenarioSpec {
  const spec = generatedScenario({
    accountId: `act_fatigue_set_${seed}`,
    token: 't',
    campaigns: 3,
    adsetsPerCampaign: 4,
    adsPerAdset: 4,
    seed,
    fatigueShare: 0.5,
  });
  const rnd = mulberry32(seed * 7919);
  for (const c of spec.campaigns)
    for (const s of c.adsets) {
      s.dailyBudgetMinor = Math.round(8_000 + 8_000 * rnd());
      s.maxDailyImpressions = Math.round(50_000 + 30_000 * rnd());
      s.halfSaturationBudget = 120;
      s.audienceSize = Math.round(25_000 + 45_000 * rnd());
      for (const a of s.ads) a.baseCtr = 0.009 + 0.008 * rnd();
    }
  return spec;
}

/**
 * A high-volume account without fatigue (~2,000 conversions a day), so the hour-of-day conversion profile
 * (true best hour 21:00, worst 09:00) is visible within three weeks.
 */
export function seasonalAccount(seed: number): ScenarioSpec {
  const spec = generatedScenario({
    accountId: `act_seasonal_${seed}`,
    token: 't',
    campaigns: 2,
    adsetsPerCampaign: 3,
    adsPerAdset: 2,
    seed,
    fatigueShare: 0,
  });
  for (const c of spec.campaigns)
    for (const s of c.adsets) {
      s.dailyBudgetMinor = 30_000;
      s.maxDailyImpressions = 400_000;
      s.audienceSize = 20_000_000;
      s.cvr = 0.04;
    }
  return spec;
}

/** One ad set with a known saturation (half-saturation budget `k`), no fatigue, high volume. */
export function responseAccount(seed: number, k: number): ScenarioSpec {
  const spec = generatedScenario({
    accountId: `act_response_${seed}`,
    token: 't',
    campaigns: 1,
    adsetsPerCampaign: 1,
    adsPerAdset: 2,
    seed,
    fatigueShare: 0,
  });
  const s = spec.campaigns[0]!.adsets[0]!;
  s.dailyBudgetMinor = k * 100;
  s.halfSaturationBudget = k;
  s.maxDailyImpressions = 300_000;
  s.audienceSize = 50_000_000;
  s.cvr = 0.04;
  for (const a of s.ads) a.baseCtr = 0.014;
  return spec;
}

/**
 * A healthy account for the score: 3 campaigns × 4 ad sets × 2 ads, $200/day per ad set, no fatigue, ~10
 * conversions a day per ad set (out of learning), ROAS ≈ 1.5 against a target of 1.2. `degrade` applies one
 * known fault on top.
 */
export function scoreAccount(
  degrade: 'none' | 'conversion-rate' | 'money-sink' | 'learning-limited' | 'fatigue' = 'none',
): ScenarioSpec {
  const spec = generatedScenario({
    accountId: `act_score_${degrade}`,
    token: 't',
    campaigns: 3,
    adsetsPerCampaign: 4,
    adsPerAdset: 2,
    seed: 31,
    fatigueShare: 0,
  });
  const adsets = spec.campaigns.flatMap((c) => c.adsets);
  adsets.forEach((s, i) => {
    s.dailyBudgetMinor = 20_000;
    s.maxDailyImpressions = 60_000;
    s.halfSaturationBudget = 120;
    s.audienceSize = 5_000_000;
    s.cvr = 0.02;
    s.aov = 30;
    for (const a of s.ads) a.baseCtr = 0.012;
    if (degrade === 'conversion-rate') s.cvr = 0.01;
    if (degrade === 'money-sink' && i < 3) s.cvr = 0;
    // ~2 conversions a day: a week ends with far fewer than the ~50 events Meta needs, so learning fails.
    if (degrade === 'learning-limited' && i % 2 === 0) s.cvr = 0.004;
    if (degrade === 'fatigue') {
      s.audienceSize = 40_000;
      for (const a of s.ads) {
        a.fatigueOnsetFrequency = 2;
        a.fatigueRate = 0.5;
      }
    }
  });
  return spec;
}

/** One ad with ~50 conversions an hour, so the simulator's per-hour rounding of late conversions is ~1%. */
export function lagAccount(seed: number): ScenarioSpec {
  const spec = responseAccount(seed, 100);
  const s = spec.campaigns[0]!.adsets[0]!;
  s.ads = s.ads.slice(0, 1);
  s.dailyBudgetMinor = 100_000;
  s.maxDailyImpressions = 2_000_000;
  s.cvr = 0.05;
  return spec;
}
