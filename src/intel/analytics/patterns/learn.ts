/** All account patterns in one call, each with its confidence and validity window. */
import type { AccountTargets, AdInput, AdSetInput, HourPoint } from '../types.ts';
import { conversionLag, type LagObservation } from './conversion-lag.ts';
import { creativeFatigue } from './creative-fatigue.ts';
import { budgetSweetSpot } from './sweet-spot.ts';
import { timePerformance } from './time-performance.ts';
import type { LearnedPattern } from './types.ts';

export interface PatternInput {
  accountId: string;
  now: number;
  targets?: AccountTargets;
  /** Account-level local hours (sum over ads), for best hours and weekdays. */
  hourly?: HourPoint[];
  /** Ads with daily points and lifetime frequency, for the fatigue law. */
  ads?: AdInput[];
  /** Ad sets with daily spend and conversions, for budget sweet spots. */
  adsets?: Pick<AdSetInput, 'id' | 'daily'>[];
  /** Re-pulls of past periods' conversions, for the conversion lag. */
  lagObservations?: LagObservation[];
}

/**
 * Learns what the data support and leaves out what they do not (each learner returns null below its minimum
 * sample): time-of-day and day-of-week efficiency, the creative-fatigue law, one budget sweet spot per ad set
 * with enough spend variation, and the conversion-lag distribution. Pure and deterministic; never throws on
 * thin data.
 */
export function learnPatterns(input: PatternInput): LearnedPattern[] {
  const out: (LearnedPattern | null)[] = [];
  const { accountId: id, now } = input;
  if (input.hourly?.length) {
    out.push(timePerformance(id, input.hourly, 'time-of-day', now));
    out.push(timePerformance(id, input.hourly, 'day-of-week', now));
  }
  if (input.ads?.length) out.push(creativeFatigue(id, input.ads, now));
  for (const s of input.adsets ?? [])
    out.push(budgetSweetSpot(s.id, s.daily, now, input.targets?.cpa ? { targetCpa: input.targets.cpa } : {}));
  if (input.lagObservations?.length) out.push(conversionLag(id, input.lagObservations, now));
  return out.filter((p): p is LearnedPattern => p !== null);
}
