/** How late conversions arrive: the share of a period's final conversions already reported at each age. */
import { DAY_MS, round } from '../stats.ts';
import { confidence } from './confidence.ts';
import type { ConversionLagPattern } from './types.ts';

/** One re-pull: conversions of the period starting at `periodStart`, as reported `ageHours` after it ended. */
export interface LagObservation {
  periodStart: number;
  ageHours: number;
  conversions: number;
}

export const LAG_AGES = [0, 1, 2, 3, 6, 12, 24, 48, 72, 168];

/**
 * Periods with an observation at age ≥ `settledAfterHours` are settled; their last value is final F_p.
 * share(a) = Σ_p V_p(a) / Σ_p F_p over settled periods observed at or before a, where V_p(a) is the latest value
 * reported at age ≤ a. Settling times interpolate linearly between grid ages. Null without settled periods.
 */
export function conversionLag(
  entityId: string,
  observations: readonly LagObservation[],
  now: number,
  settledAfterHours = 168,
): ConversionLagPattern | null {
  const byPeriod = new Map<number, LagObservation[]>();
  for (const o of observations) {
    const list = byPeriod.get(o.periodStart) ?? [];
    list.push(o);
    byPeriod.set(o.periodStart, list);
  }
  const settled = [...byPeriod.values()]
    .map((list) => list.sort((a, b) => a.ageHours - b.ageHours))
    .filter((list) => list.at(-1)!.ageHours >= settledAfterHours && list.at(-1)!.conversions > 0);
  if (settled.length === 0) return null;
  const cdf = LAG_AGES.filter((a) => a <= settledAfterHours).map((ageHours) => {
    let reported = 0;
    let final = 0;
    for (const list of settled) {
      const seen = list.filter((o) => o.ageHours <= ageHours).at(-1);
      if (!seen) continue;
      reported += seen.conversions;
      final += list.at(-1)!.conversions;
    }
    return { ageHours, share: final > 0 ? round(Math.min(1, reported / final), 4) : 0 };
  });
  const settledAt = (q: number) => {
    for (let i = 0; i < cdf.length; i++) {
      if (cdf[i]!.share < q) continue;
      if (i === 0) return 0;
      const a = cdf[i - 1]!;
      const b = cdf[i]!;
      return round(a.ageHours + ((q - a.share) / (b.share - a.share)) * (b.ageHours - a.ageHours), 1);
    }
    return null;
  };
  const at24 = cdf.find((c) => c.ageHours === 24)?.share ?? null;
  const totalFinal = settled.reduce((a, l) => a + l.at(-1)!.conversions, 0);
  const starts = settled.map((l) => l[0]!.periodStart);
  const settledHours90 = settledAt(0.9);
  const settledHours95 = settledAt(0.95);
  return {
    kind: 'conversion-lag',
    entityId,
    cdf,
    settledHours90,
    settledHours95,
    summary:
      `${Math.round(100 * cdf[0]!.share)}% of conversions are reported at once` +
      (at24 === null ? '' : `, ${Math.round(100 * at24)}% within 24 h`) +
      (settledHours90 === null ? '.' : `; 90% are in after ~${settledHours90} h.`),
    confidence: confidence({
      sampleSize: totalFinal,
      halfSample: 200,
      consistency: 1,
      spanDays: (Math.max(...starts) - Math.min(...starts)) / DAY_MS + 1,
      fullDays: 14,
    }),
    validFrom: now,
    validUntil: now + 28 * DAY_MS,
  };
}
