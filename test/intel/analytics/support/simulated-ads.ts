/**
 * Runs the ad-account simulator hour by hour and records what a collector would see: per ad, hourly metrics
 * with the lifetime frequency at the hour's end (conversions fully settled), plus the truth tests compare to.
 */
import type { ScenarioSpec } from '../../../../src/emulators/simulator/scenario.ts';
import { Simulator } from '../../../../src/emulators/simulator/simulator.ts';
import type { AdPoint, HourPoint } from '../../../../src/intel/analytics/types.ts';
import { DAY, HOUR } from '../../../../src/intel/time.ts';

export { HOUR, DAY };
/** A Monday 00:00 UTC, so local weekdays in UTC scenarios are easy to reason about. */
export const START = Date.UTC(2026, 0, 5);

export interface SimulatedRun {
  sim: Simulator;
  /** Per ad, one point per simulated hour, oldest first. */
  hourly: Map<string, AdPoint[]>;
  /** Per ad, the hour (epoch ms) at which the true CTR first fell to half its base, if it did. */
  collapseAt: Map<string, number>;
}

export interface RunOptions {
  seed: number;
  hours: number;
  /** Called after each simulated hour (e.g. to change budgets or run a detector). */
  onHour?: (sim: Simulator, run: SimulatedRun) => void;
}

export function simulate(spec: ScenarioSpec, o: RunOptions): SimulatedRun {
  const sim = new Simulator({ ...spec, historyDays: 0 }, { seed: o.seed, startTime: START });
  const run: SimulatedRun = { sim, hourly: new Map(), collapseAt: new Map() };
  for (const ad of sim.ads) run.hourly.set(ad.id, []);
  for (let h = 0; h < o.hours; h++) {
    const t = sim.now;
    sim.advanceHours(1);
    for (const ad of sim.ads) {
      // asOf two days later: the hour's late conversions are all reported.
      const x = sim.adTotals(ad, t, t + HOUR, t + 50 * HOUR);
      const frequency = sim.truth.frequency(ad.id);
      run.hourly.get(ad.id)!.push({ t, ...pick(x), frequency });
      if (!run.collapseAt.has(ad.id) && sim.truth.ctrAt(ad.id, frequency) <= 0.5 * ad.baseCtr)
        run.collapseAt.set(ad.id, t + HOUR);
    }
    o.onHour?.(sim, run);
  }
  return run;
}

const pick = (x: { impressions: number; clicks: number; spend: number; conversions: number; value: number }) => ({
  impressions: x.impressions,
  clicks: x.clicks,
  spend: x.spend,
  conversions: x.conversions,
  value: x.value,
});

/** Sums the ads' hours into account hours with local hour and weekday. */
export function accountHours(run: SimulatedRun): HourPoint[] {
  const byT = new Map<number, HourPoint>();
  for (const points of run.hourly.values())
    for (const p of points) {
      let h = byT.get(p.t);
      if (!h) {
        const { hour, weekday } = run.sim.localTime(p.t);
        h = { t: p.t, hour, weekday, impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0 };
        byT.set(p.t, h);
      }
      h.impressions += p.impressions;
      h.clicks += p.clicks;
      h.spend += p.spend;
      h.conversions += p.conversions;
      h.value += p.value;
    }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Rolls an ad's hours into local (UTC) days; frequency is the lifetime frequency at the day's end. */
export function toDaily(points: readonly AdPoint[]): AdPoint[] {
  const days = new Map<number, AdPoint>();
  for (const p of points) {
    const t = Math.floor(p.t / DAY) * DAY;
    const d = days.get(t) ?? { t, impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0, frequency: 0 };
    d.impressions += p.impressions;
    d.clicks += p.clicks;
    d.spend += p.spend;
    d.conversions += p.conversions;
    d.value += p.value;
    d.frequency = p.frequency;
    days.set(t, d);
  }
  return [...days.values()];
}
