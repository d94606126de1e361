/**
 * Runs the ad-account simulator day by day with budget experiments, and reads back what the collector would store:
 * settled ad-days (for channel forecasts) and ad-set days (for response curves), plus the simulator for its truth.
 */
import type { ScenarioSpec } from '../../../../src/emulators/simulator/scenario.ts';
import { Simulator } from '../../../../src/emulators/simulator/simulator.ts';
import { hash32 } from '../../../../src/emulators/simulator/random.ts';
import type { EntityDay } from '../../../../src/intel/forecast/channel-series.ts';
import type { ChannelEntity } from '../../../../src/intel/forecast/channels.ts';
import { addDays } from '../../../../src/intel/forecast/dates.ts';
import type { ResponsePoint } from '../../../../src/intel/forecast/response-curve.ts';
import { START_DATE } from './synthetic.ts';
import { DAY } from '../../../../src/intel/time.ts';

/** START_DATE (a Monday) at 00:00 UTC; generated scenarios run in UTC. */
export const START = Date.parse(`${START_DATE}T00:00:00Z`);

export interface SimulatedAccount {
  sim: Simulator;
  adDays: EntityDay[];
  entities: ChannelEntity[];
  /** Per ad set: daily (spend, conversions) and total revenue / conversions (observed AOV). */
  adsets: { id: string; name: string; baseBudget: number; history: ResponsePoint[]; aov: number }[];
}

/**
 * Simulates `days` days. With `budgetSwing` the ad sets' budgets walk a zigzag in log space (steps of ±0.17, under
 * the simulator's 20% "significant edit" threshold, so no learning resets) with a per-ad-set phase: spend varies
 * enough to identify saturation, as a budget experiment would.
 */
export function simulateAccount(
  spec: ScenarioSpec,
  o: { seed: number; days: number; budgetSwing?: boolean },
): SimulatedAccount {
  const sim = new Simulator({ ...spec, historyDays: 0 }, { seed: o.seed, startTime: START });
  const base = new Map(sim.adsets.map((s) => [s.id, s.dailyBudgetMinor ?? 0]));
  for (let d = 0; d < o.days; d++) {
    if (o.budgetSwing)
      for (const s of sim.adsets) {
        if (s.dailyBudgetMinor === null) continue;
        const phase = hash32(s.id) % 12;
        const t = (d + phase) % 12;
        const tri = t < 6 ? t - 3 : 9 - t; // −3 … 3 … −3 in steps of 1
        sim.setDailyBudget(s.id, Math.round(base.get(s.id)! * Math.exp(0.17 * tri)));
      }
    sim.advanceHours(24);
  }
  const adDays: EntityDay[] = [];
  const perAdset = new Map<string, { spend: number; conversions: number; value: number }[]>();
  for (const ad of sim.ads) {
    const rows =
      perAdset.get(ad.adset.id) ?? Array.from({ length: o.days }, () => ({ spend: 0, conversions: 0, value: 0 }));
    perAdset.set(ad.adset.id, rows);
    for (let d = 0; d < o.days; d++) {
      const from = START + d * DAY;
      // asOf far after the day: every late conversion is reported (settled actuals).
      const t = sim.adTotals(ad, from, from + DAY, from + 10 * DAY);
      adDays.push({
        date: addDays(START_DATE, d),
        entityId: ad.id,
        spend: t.spend,
        impressions: t.impressions,
        clicks: t.clicks,
        conversions: t.conversions,
        revenue: t.value,
        reach: t.reach,
      });
      rows[d]!.spend += t.spend;
      rows[d]!.conversions += t.conversions;
      rows[d]!.value += t.value;
    }
  }
  const entities: ChannelEntity[] = sim.ads.map((ad) => ({
    id: ad.id,
    name: ad.name,
    campaignName: ad.adset.campaign.name,
    objective: ad.adset.campaign.objective,
  }));
  const adsets = sim.adsets.map((s) => {
    const rows = perAdset.get(s.id) ?? [];
    const conv = rows.reduce((a, r) => a + r.conversions, 0);
    return {
      id: s.id,
      name: s.name,
      baseBudget: (base.get(s.id) ?? 0) / 100,
      history: rows.map((r) => ({ spend: r.spend, outcome: r.conversions })),
      aov: conv > 0 ? rows.reduce((a, r) => a + r.value, 0) / conv : 0,
    };
  });
  return { sim, adDays, entities, adsets };
}
