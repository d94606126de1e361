import type { PatternConfidence } from './types.ts';
import { clamp, round } from '../stats.ts';

/**
 * Confidence = sample · consistency · span, each in [0, 1]:
 *   sample = 1 − exp(−n / n₀)  (n₀ = the sample at which the estimate is "usually right", ~63%)
 *   span   = min(1, days / fullDays)
 * Levels: high ≥ 0.6, medium ≥ 0.3, else low.
 */
export function confidence(o: {
  sampleSize: number;
  halfSample: number;
  consistency: number;
  spanDays: number;
  fullDays: number;
}): PatternConfidence {
  const sample = 1 - Math.exp(-o.sampleSize / o.halfSample);
  const consistency = clamp(o.consistency, 0, 1);
  const span = clamp(o.spanDays / o.fullDays, 0, 1);
  const score = round(sample * consistency * span, 3);
  return {
    score,
    level: score >= 0.6 ? 'high' : score >= 0.3 ? 'medium' : 'low',
    sampleSize: Math.round(o.sampleSize),
    consistency: round(consistency, 3),
    spanDays: round(o.spanDays, 1),
  };
}
