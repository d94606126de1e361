/** A circuit breaker for conversion tracking: when the pixel stops counting, conversion-based rules must wait. */
import { median } from 'simple-statistics';
import { HOUR_MS, poissonCdf } from './stats.ts';

export interface PixelHourPoint {
  /** Start of the hour (epoch ms). */
  t: number;
  purchases: number;
  /** Meta's event match quality (0–10) for the hour, if known. */
  eventMatchQuality?: number;
}

export interface TrackingHealth {
  status: 'ok' | 'broken';
  reason: string;
  /** Purchases in the checked window, and what the same hours last week predict. */
  observed: number;
  expected: number;
}

export interface TrackingHealthOptions {
  windowHours?: number;
  /** Expected purchases the window needs before a collapse can be told from a quiet spell. */
  minExpected?: number;
  /** Broken when observed < share·expected and P(X ≤ observed | Poisson(expected)) < alpha. */
  share?: number;
  alpha?: number;
  /** Broken when match quality falls by this much against the median of the week before. */
  emqDrop?: number;
}

/**
 * Compares the last `windowHours` (6) complete hours before `now` with the same hours a week earlier (weekday
 * and hour-of-day alike, so the evening peak is not mistaken for a recovery). Broken when purchases fall below
 * 30% of last week's with P(X ≤ observed | X ~ Poisson(expected)) < 0.001, or when event match quality falls by
 * ≥ 2 points against the previous week's median. With fewer than `minExpected` (10) purchases last week the
 * check cannot tell, and says ok with that reason.
 */
export function trackingHealth(
  pixelHourly: readonly PixelHourPoint[],
  now: number,
  options: TrackingHealthOptions = {},
): TrackingHealth {
  const window = options.windowHours ?? 6;
  const end = Math.floor(now / HOUR_MS) * HOUR_MS;
  const from = end - window * HOUR_MS;
  const weekAgo = 168 * HOUR_MS;
  const inRange = (a: number, b: number) => pixelHourly.filter((p) => p.t >= a && p.t < b);
  const recent = inRange(from, end);
  const observed = recent.reduce((a, p) => a + p.purchases, 0);
  const expected = inRange(from - weekAgo, end - weekAgo).reduce((a, p) => a + p.purchases, 0);
  const emqNow = recent.flatMap((p) => (p.eventMatchQuality === undefined ? [] : [p.eventMatchQuality]));
  const emqBefore = inRange(end - weekAgo - 168 * HOUR_MS, from).flatMap((p) =>
    p.eventMatchQuality === undefined ? [] : [p.eventMatchQuality],
  );
  if (emqNow.length && emqBefore.length) {
    const drop = median(emqBefore) - median(emqNow);
    if (drop >= (options.emqDrop ?? 2))
      return {
        status: 'broken',
        reason: `Event match quality fell from ${median(emqBefore).toFixed(1)} to ${median(emqNow).toFixed(1)}`,
        observed,
        expected,
      };
  }
  if (expected < (options.minExpected ?? 10))
    return {
      status: 'ok',
      reason: `Too few purchases last week (${expected}) to judge the last ${window} h`,
      observed,
      expected,
    };
  const p = poissonCdf(observed, expected);
  if (observed < (options.share ?? 0.3) * expected && p < (options.alpha ?? 0.001))
    return {
      status: 'broken',
      reason: `${observed} purchases in the last ${window} h against ${expected} in the same hours last week (p = ${p.toExponential(1)}): suspend conversion-based rules`,
      observed,
      expected,
    };
  return {
    status: 'ok',
    reason: `${observed} purchases in the last ${window} h, ${expected} in the same hours last week`,
    observed,
    expected,
  };
}
