import { describe, expect, it } from '@jest/globals';
import { buildAccountInput, learningStage, minorToMajor, type EntityRow } from '../../src/intel/account-input.ts';
import { audienceFromReach, estimateAudience, frequencyAt } from '../../src/intel/lifetime-frequency.ts';
import { Simulator } from '../../src/emulators/simulator/simulator.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { DAY } from '../../src/intel/time.ts';

const entity = (e: Partial<EntityRow> & Pick<EntityRow, 'entity_type' | 'entity_id'>): EntityRow => ({
  name: e.entity_id,
  parent_id: null,
  campaign_id: null,
  effective_status: 'ACTIVE',
  learning_stage: null,
  daily_budget_minor: null,
  reach_7d: null,
  frequency_7d: null,
  ...e,
});

describe('lifetime frequency from stored reach', () => {
  it('recovers the audience of the random-exposure reach curve from one (impressions, reach) pair', () => {
    const a = 40_000;
    const impressions = 90_000;
    const reach = a * -Math.expm1(-impressions / a);
    expect(audienceFromReach(impressions, reach)).toBeCloseTo(a, -1);
  });

  it("matches the simulator's true lifetime frequency from its 7-day reach and daily impressions", () => {
    const spec = scenarios.fatigue();
    const sim = new Simulator(spec, { seed: 3, startTime: Date.UTC(2026, 0, 20) });
    const ad = sim.ads[0]!;
    const from = sim.localDayStart(sim.now) - 7 * DAY;
    const week = sim.adTotals(ad, from, sim.localDayStart(sim.now));
    const audience = estimateAudience({ impressions: week.impressions, reach: week.reach }, []);
    const lifetime = sim.adTotals(ad, sim.origin, sim.now).impressions;
    // Reach is rounded to whole people by Meta and the simulator: 1% is what that rounding allows.
    expect(frequencyAt(lifetime, audience!)).toBeCloseTo(sim.truth.frequency(ad.id), 1);
  });

  it('is 1 when every impression reached someone new, and 0 without impressions', () => {
    expect(audienceFromReach(500, 500)).toBe(Infinity);
    expect(frequencyAt(500, Infinity)).toBe(1);
    expect(frequencyAt(0, 1000)).toBe(0);
    expect(audienceFromReach(0, 0)).toBeNull();
  });
});

describe('buildAccountInput', () => {
  const rows = {
    account: { id: 'act_1', currency: 'USD', target_cpa: 20, target_roas: null },
    entities: [
      entity({ entity_type: 'campaign', entity_id: 'c1', daily_budget_minor: 30_000 }),
      entity({ entity_type: 'adset', entity_id: 's1', campaign_id: 'c1', parent_id: 'c1', learning_stage: 'FAIL' }),
      entity({ entity_type: 'adset', entity_id: 's2', campaign_id: 'c1', parent_id: 'c1', learning_stage: 'LEARNING' }),
      entity({
        entity_type: 'adset',
        entity_id: 's3',
        campaign_id: 'c1',
        parent_id: 'c1',
        effective_status: 'CAMPAIGN_PAUSED',
        daily_budget_minor: 5_000,
      }),
      entity({ entity_type: 'ad', entity_id: 'a1', parent_id: 's1', reach_7d: 1_000, frequency_7d: 1.5 }),
      entity({ entity_type: 'ad', entity_id: 'a2', parent_id: 's1' }),
    ],
    adDaily: [
      { entity_id: 'a1', t: 0, impressions: 600, clicks: 6, spend: 10, conversions: 1, value: 30, reach: 550 },
      { entity_id: 'a1', t: DAY, impressions: 900, clicks: 8, spend: 12, conversions: 0, value: 0, reach: 800 },
      { entity_id: 'a2', t: DAY, impressions: 100, clicks: 1, spend: 2, conversions: 1, value: 20, reach: 100 },
    ],
    priorImpressions: new Map([['a1', 500]]),
    sufficiency: { level: 'thin' as const, message: 'Only 2 of 5 ads' },
    now: 2 * DAY,
  };
  const input = buildAccountInput(rows);

  it('splits a campaign budget evenly over its active ad sets, in major units', () => {
    const budgets = Object.fromEntries(input.adsets.map((s) => [s.id, s.dailyBudget]));
    expect(budgets).toEqual({ s1: 150, s2: 150, s3: 50 });
    expect(input.targets).toEqual({ cpa: 20, dailyBudget: 300 });
    expect(minorToMajor(5_000, 'JPY')).toBe(5_000);
  });

  it("maps Meta's learning stages and statuses to the analytics' words", () => {
    expect(input.adsets.map((s) => [s.learningStage, s.status])).toEqual([
      ['LEARNING_LIMITED', 'ACTIVE'],
      ['LEARNING', 'ACTIVE'],
      ['SUCCESS', 'PAUSED'],
    ]);
    expect(learningStage(null)).toBe('SUCCESS');
  });

  it("sums an ad set's days from its ads' days", () => {
    const s1 = input.adsets.find((s) => s.id === 's1')!;
    expect(s1.daily).toEqual([
      { t: 0, impressions: 600, clicks: 6, spend: 10, conversions: 1, value: 30 },
      { t: DAY, impressions: 1_000, clicks: 9, spend: 14, conversions: 1, value: 20 },
    ]);
  });

  it('gives every ad day the lifetime frequency at its end, counting impressions before the window', () => {
    const a1 = input.ads.find((a) => a.id === 'a1')!;
    const audience = audienceFromReach(1_500, 1_000)!;
    expect(a1.daily.map((d) => d.frequency)).toEqual([frequencyAt(1_100, audience), frequencyAt(2_000, audience)]);
    expect(a1.daily[1]!.frequency).toBeGreaterThan(a1.daily[0]!.frequency);
    // Without a 7-day pair the daily pair is used: 100 impressions to 100 people is frequency 1.
    expect(input.ads.find((a) => a.id === 'a2')!.daily[0]!.frequency).toBe(1);
  });

  it('passes thin history on as the reason', () => {
    expect(input.sufficiency).toEqual({ sufficient: false, reason: 'Only 2 of 5 ads' });
  });
});
