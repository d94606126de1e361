import { localDay, midnightOfLocalDay } from '../../intel/local-time.ts';
import type { SimAd, Simulator, Totals } from '../simulator/simulator.ts';
import { HOUR } from '../../intel/time.ts';

export type Level = 'account' | 'campaign' | 'adset' | 'ad';

export interface InsightsQuery {
  level: Level;
  from: number;
  to: number;
  /** Days as local YYYY-MM-DD for each [start, end) bucket. */
  daily: boolean;
  hourly: boolean;
  /** Only ads of these campaigns (Meta's `filtering` on campaign.id). */
  campaignIds?: ReadonlySet<string>;
}

/** YYYY-MM-DD of a local day start. */
function ymd(sim: Simulator, localDayStart: number): string {
  return localDay(localDayStart, sim.spec.timezone);
}

/**
 * Local day start of a YYYY-MM-DD date in the account's timezone.
 * @throws Error with Meta's wording for a date that does not exist (2026-02-30).
 */
export function dayStartOf(sim: Simulator, date: string): number {
  try {
    return midnightOfLocalDay(date, sim.spec.timezone);
  } catch {
    throw new Error('(#100) time_range must have since and until as YYYY-MM-DD');
  }
}

/**
 * Resolves Meta's `date_preset` / `time_range` to [from, to) in the account's timezone, as of the simulator's now.
 * @throws Error with Meta's wording for an unknown preset or malformed range.
 */
export function resolveRange(
  sim: Simulator,
  datePreset: string | null,
  timeRange: string | null,
): { from: number; to: number } {
  const today = sim.localDayStart(sim.now);
  if (timeRange) {
    let r: { since?: string; until?: string };
    try {
      r = JSON.parse(timeRange) as typeof r;
    } catch {
      throw new Error('(#100) time_range must be a JSON object with since and until');
    }
    if (!r.since || !r.until || !/^\d{4}-\d{2}-\d{2}$/.test(r.since) || !/^\d{4}-\d{2}-\d{2}$/.test(r.until)) {
      throw new Error('(#100) time_range must have since and until as YYYY-MM-DD');
    }
    return { from: dayStartOf(sim, r.since), to: sim.shiftLocalDays(dayStartOf(sim, r.until), 1) };
  }
  switch (datePreset ?? 'last_30d') {
    case 'today':
      return { from: today, to: sim.shiftLocalDays(today, 1) };
    case 'yesterday':
      return { from: sim.shiftLocalDays(today, -1), to: today };
    case 'last_3d':
      return { from: sim.shiftLocalDays(today, -3), to: today };
    case 'last_7d':
      return { from: sim.shiftLocalDays(today, -7), to: today };
    case 'last_14d':
      return { from: sim.shiftLocalDays(today, -14), to: today };
    case 'last_30d':
      return { from: sim.shiftLocalDays(today, -30), to: today };
    case 'maximum':
      return { from: sim.localDayStart(sim.origin), to: sim.shiftLocalDays(today, 1) };
    default:
      throw new Error(
        `(#100) date_preset must be one of the following values: today, yesterday, last_3d, last_7d, last_14d, last_30d, maximum`,
      );
  }
}

const str = (n: number, digits = 0) => (digits === 0 ? String(Math.round(n)) : n.toFixed(digits));

/** One insights row in Meta's wire format: numbers as strings, absent metrics left out. */
function row(
  sim: Simulator,
  t: Totals,
  ids: Record<string, string>,
  dateStart: string,
  dateStop: string,
  withPurchases: boolean,
): Record<string, unknown> {
  const r: Record<string, unknown> = {
    ...ids,
    impressions: str(t.impressions),
    reach: str(t.reach),
    clicks: str(t.clicks),
    spend: str(t.spend, 2),
  };
  if (t.impressions > 0) {
    r.cpm = str((t.spend / t.impressions) * 1000, 6);
    r.ctr = str((t.clicks / t.impressions) * 100, 6);
    r.frequency = str(t.reach > 0 ? t.impressions / t.reach : 0, 6);
  }
  if (t.clicks > 0) r.cpc = str(t.spend / t.clicks, 6);
  const actions: { action_type: string; value: string }[] = [];
  if (t.clicks > 0) actions.push({ action_type: 'link_click', value: str(t.clicks) });
  if (withPurchases && t.conversions > 0) {
    for (const type of sim.spec.purchaseActionTypes) actions.push({ action_type: type, value: str(t.conversions) });
    r.action_values = sim.spec.purchaseActionTypes.map((type) => ({ action_type: type, value: str(t.value, 2) }));
    if (t.spend > 0) r.purchase_roas = [{ action_type: 'omni_purchase', value: str(t.value / t.spend, 6) }];
  }
  if (actions.length) r.actions = actions;
  r.date_start = dateStart;
  r.date_stop = dateStop;
  return r;
}

function add(a: Totals, b: Totals): Totals {
  return {
    impressions: a.impressions + b.impressions,
    clicks: a.clicks + b.clicks,
    spend: a.spend + b.spend,
    conversions: a.conversions + b.conversions,
    value: a.value + b.value,
    reach: a.reach + b.reach,
  };
}
const zero = (): Totals => ({ impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0, reach: 0 });

function groupKey(ad: SimAd, level: Level): string {
  return level === 'ad'
    ? ad.id
    : level === 'adset'
      ? ad.adset.id
      : level === 'campaign'
        ? ad.adset.campaign.id
        : 'account';
}

function idsFor(sim: Simulator, ad: SimAd, level: Level): Record<string, string> {
  const ids: Record<string, string> = { account_id: sim.spec.accountId.replace(/^act_/, '') };
  if (level === 'account') return ids;
  ids.campaign_id = ad.adset.campaign.id;
  ids.campaign_name = ad.adset.campaign.name;
  if (level === 'campaign') return ids;
  ids.adset_id = ad.adset.id;
  ids.adset_name = ad.adset.name;
  if (level === 'adset') return ids;
  ids.ad_id = ad.id;
  ids.ad_name = ad.name;
  return ids;
}

/** Insights rows for a query, in a stable order. Entities with no delivery in a bucket have no row, as on Meta. */
export function insightRows(sim: Simulator, q: InsightsQuery): Record<string, unknown>[] {
  const buckets: { from: number; to: number; label?: string }[] = [];
  const end = Math.min(q.to, sim.shiftLocalDays(sim.localDayStart(sim.now), 1));
  if (q.hourly) {
    for (let t = q.from; t < Math.min(end, sim.now); t += HOUR) buckets.push({ from: t, to: t + HOUR });
  } else if (q.daily) {
    for (let t = q.from; t < end; t = sim.shiftLocalDays(t, 1)) buckets.push({ from: t, to: sim.shiftLocalDays(t, 1) });
  } else buckets.push({ from: q.from, to: end });
  const out: Record<string, unknown>[] = [];
  for (const b of buckets) {
    const groups = new Map<string, { ad: SimAd; t: Totals }>();
    for (const ad of sim.ads) {
      if (q.campaignIds && !q.campaignIds.has(ad.adset.campaign.id)) continue;
      const t = sim.adTotals(ad, b.from, b.to);
      if (t.impressions === 0 && t.spend === 0) continue;
      const key = groupKey(ad, q.level);
      const g = groups.get(key);
      if (g) g.t = add(g.t, t);
      else groups.set(key, { ad, t: { ...zero(), ...t } });
    }
    const start = ymd(sim, q.hourly ? sim.localDayStart(b.from) : b.from);
    const stop = q.hourly || q.daily ? start : ymd(sim, sim.localDayStart(b.to - HOUR));
    for (const { ad, t } of groups.values()) {
      if (q.level !== 'ad') t.reach = Math.min(t.reach, q.level === 'adset' ? ad.adset.audienceSize : t.reach);
      const r = row(sim, t, idsFor(sim, ad, q.level), start, stop, !q.hourly);
      if (q.hourly) {
        const h = sim.localTime(b.from).hour;
        r.hourly_stats_aggregated_by_advertiser_time_zone = `${String(h).padStart(2, '0')}:00:00 - ${String(h).padStart(2, '0')}:59:59`;
      }
      out.push(r);
    }
  }
  return out;
}
