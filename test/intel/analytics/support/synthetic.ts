/** Small seeded generators for laws the simulator does not vary (a flat hour profile) and for scale. */
import { mulberry32 } from '../../../../src/emulators/simulator/random.ts';
import type { HourPoint } from '../../../../src/intel/analytics/types.ts';
import { HOUR } from '../../../../src/intel/time.ts';

export { HOUR };

/** Poisson draw by inversion (counts here are small) or a rounded normal for large means. */
export function poisson(mu: number, rnd: () => number): number {
  if (mu > 50) {
    const z = Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
    return Math.max(0, Math.round(mu + z * Math.sqrt(mu)));
  }
  const u = rnd();
  let k = 0;
  let p = Math.exp(-mu);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k++;
    p *= mu / k;
    cdf += p;
  }
  return k;
}

/**
 * Account hours whose conversion rate per spend is the same at every hour and weekday (the null hypothesis of
 * the time-performance test); traffic still follows an evening peak, so spend differs by hour.
 */
export function flatProfileHours(seed: number, days: number, conversionsPerDay = 400): HourPoint[] {
  const rnd = mulberry32(seed);
  const out: HourPoint[] = [];
  const start = Date.UTC(2026, 0, 5);
  for (let d = 0; d < days; d++)
    for (let h = 0; h < 24; h++) {
      const traffic = 1 + 0.55 * Math.cos((2 * Math.PI * (h - 20)) / 24);
      const spend = 100 * traffic;
      const conversions = poisson((conversionsPerDay / 24) * traffic, rnd);
      out.push({
        t: start + (d * 24 + h) * HOUR,
        hour: h,
        weekday: d % 7,
        impressions: Math.round(spend * 80),
        clicks: Math.round(spend),
        spend,
        conversions,
        value: conversions * 50,
      });
    }
  return out;
}
