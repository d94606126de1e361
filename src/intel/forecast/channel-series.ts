/** Daily metric series per channel, summed from entity-day rows: the input of every channel forecast. */
import type { DailyValue, RatioSeries } from './types.ts';

/** One entity (ad, ad set, or a platform breakdown row) on one local day. */
export interface EntityDay {
  date: string;
  entityId: string;
  spend: number;
  impressions: number;
  clicks: number;
  conversions: number;
  revenue: number;
  reach: number;
}

export interface ChannelMetrics {
  spend: DailyValue[];
  impressions: DailyValue[];
  clicks: DailyValue[];
  conversions: DailyValue[];
  revenue: DailyValue[];
  /** Sum of the entities' daily reach: an upper bound on the channel's unique reach (people overlap). */
  reach: DailyValue[];
  roas: RatioSeries;
  ctr: RatioSeries;
}

const SUMS = ['spend', 'impressions', 'clicks', 'conversions', 'revenue', 'reach'] as const;

/**
 * Groups rows by `channelByEntity.get(entityId)` (rows of unmapped entities are dropped) and sums each metric per
 * day, dates ascending. ROAS and CTR are kept as ratios of sums (revenue/spend, clicks/impressions): averaging
 * daily ratios would weight a $1 day like a $1,000 day.
 */
export function channelSeries(
  rows: readonly EntityDay[],
  channelByEntity: ReadonlyMap<string, string>,
): Map<string, ChannelMetrics> {
  const acc = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const channel = channelByEntity.get(r.entityId);
    if (channel === undefined) continue;
    let days = acc.get(channel);
    if (!days) acc.set(channel, (days = new Map<string, number[]>()));
    let s = days.get(r.date);
    if (!s) days.set(r.date, (s = [0, 0, 0, 0, 0, 0]));
    for (let i = 0; i < SUMS.length; i++) s[i]! += r[SUMS[i]!];
  }
  const out = new Map<string, ChannelMetrics>();
  for (const [channel, days] of [...acc].sort((a, b) => a[0].localeCompare(b[0]))) {
    const dates = [...days.keys()].sort();
    const col = (i: number): DailyValue[] => dates.map((date) => ({ date, value: days.get(date)![i]! }));
    const [spend, impressions, clicks, conversions, revenue, reach] = SUMS.map((_, i) => col(i)) as [
      DailyValue[],
      DailyValue[],
      DailyValue[],
      DailyValue[],
      DailyValue[],
      DailyValue[],
    ];
    out.set(channel, {
      spend,
      impressions,
      clicks,
      conversions,
      revenue,
      reach,
      roas: { numerator: revenue, denominator: spend },
      ctr: { numerator: clicks, denominator: impressions },
    });
  }
  return out;
}
