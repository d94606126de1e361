/**
 * Meta's hourly breakdown does not carry pixel conversions, so adpilot pulls cumulative "today so far" totals
 * every hour and derives each hour as the difference from the previous pull of the same local day. Deltas are
 * kept exact, even when negative (Meta removes invalid clicks or revises attribution downwards): the hours of a
 * day then always add up to the day's total as Meta reports it.
 */

export interface Cumulative {
  impressions: number;
  clicks: number;
  spend: number;
  conversions: number;
  conversionValue: number;
  reach: number | null;
}

export const ZERO: Cumulative = {
  impressions: 0,
  clicks: 0,
  spend: 0,
  conversions: 0,
  conversionValue: 0,
  reach: null,
};

/** Rounds money to 1/10000 (the numeric(14,4) columns) so float noise does not create phantom changes. */
const money = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * The metrics of the hour between two cumulative pulls of one day. With no previous pull that day, the whole
 * cumulative total belongs to the first hour pulled (a collector that starts mid-day cannot split it further).
 */
export function hourlyDelta(previous: Cumulative | null, current: Cumulative): Cumulative {
  const p = previous ?? ZERO;
  return {
    impressions: current.impressions - p.impressions,
    clicks: current.clicks - p.clicks,
    spend: money(current.spend - p.spend),
    conversions: money(current.conversions - p.conversions),
    conversionValue: money(current.conversionValue - p.conversionValue),
    // Reach is not additive: the hour carries the day's cumulative reach so far.
    reach: current.reach,
  };
}

// The local-day math lives in local-time.ts; collection and the bot import it from here.
export { localDay, localHourStart, localMidnight } from './local-time.ts';
