import { previousCumulative, upsertCumulative, type CumulativeRow } from '../../db/cumulative.ts';
import { listEntities, updateReach7d } from '../../db/entities.ts';
import { upsertSnapshots, type SnapshotInput } from '../../db/snapshots.ts';
import { hourlyDelta, localDay, localHourStart, localMidnight } from '../../intel/hourly-delta.ts';
import type { MetaClient } from '../../meta/client.ts';
import { emptySplitStats, getInsightsSplitting, type SplitOptions, type SplitStats } from '../../meta/split.ts';
import { canonicalPurchaseType, purchasesOf, rowPurchaseType, type InsightRow } from '../../meta/parse.ts';
import { clientFor, metaCall } from '../meta.ts';
import { z } from 'zod';
import { HOUR, inPages, resumeFrom, saveCheckpoint, stats, type CollectionContext, type StepStats } from './context.ts';

/** Until this many hours into a new local day, yesterday is re-pulled too: its late conversions still arrive. */
const SETTLE_HOURS = 6;

export interface InsightsResult extends StepStats {
  rowsWritten: number;
  rowsChanged: number;
  purchaseActionType: string | null;
  totals: { spend: number; conversions: number; revenue: number };
  /** Requests Meta refused as too large and what they were split into. */
  split: SplitStats;
}

const checkpointSchema = z.object({
  done: z.array(z.string()),
  result: z.object({
    rowsWritten: z.number(),
    rowsChanged: z.number(),
    purchaseActionType: z.string().nullable(),
    totals: z.object({ spend: z.number(), conversions: z.number(), revenue: z.number() }),
    apiCalls: z.number(),
    throttleWaitMs: z.number(),
    split: z.object({ refused: z.number(), parts: z.number(), depth: z.number() }),
  }),
});

/** Splitting by campaign reads the campaigns collectEntities just stored, not another Graph call. */
function splitOptions(deps: CollectionContext, accountId: string, stats: SplitStats): SplitOptions {
  let ids: Promise<readonly string[]> | undefined;
  return {
    stats,
    campaignIds: () =>
      (ids ??= listEntities(deps.pool, accountId).then((rows) =>
        rows.filter((r) => r.entity_type === 'campaign').map((r) => r.entity_id),
      )),
  };
}

const entityIdOf = (r: InsightRow, level: 'campaign' | 'adset' | 'ad') =>
  level === 'ad' ? r.adId : level === 'adset' ? r.adsetId : r.campaignId;
const nameOf = (r: InsightRow, level: 'campaign' | 'adset' | 'ad') =>
  level === 'ad' ? r.adName : level === 'adset' ? r.adsetName : r.campaignName;
const parentOf = (r: InsightRow, level: 'campaign' | 'adset' | 'ad') =>
  level === 'ad' ? r.adsetId : level === 'adset' ? r.campaignId : null;

/** Pulls cumulative totals of one local day at one level and stores them with the hour they add. */
async function pullDay(
  deps: CollectionContext,
  client: MetaClient,
  accountId: string,
  day: string,
  asOfHour: number,
  level: 'campaign' | 'adset' | 'ad',
  entityCount: number,
  split: SplitOptions,
) {
  const { pool, page } = deps;
  const rows = await metaCall(() =>
    getInsightsSplitting(
      client,
      accountId,
      {
        level,
        timeRange: { since: day, until: day },
        async: level === 'ad' && entityCount > (deps.meta.asyncAboveAds ?? 2_000),
      },
      split,
    ),
  );
  const purchaseType = canonicalPurchaseType(rows);
  const previous = await previousCumulative(pool, accountId, day, asOfHour);
  const cumulative: CumulativeRow[] = [];
  const hourly: SnapshotInput[] = [];
  const totals = { spend: 0, conversions: 0, revenue: 0 };
  for (const r of rows) {
    const id = entityIdOf(r, level);
    if (!id) continue;
    const p = purchasesOf(r, purchaseType);
    const cur = {
      impressions: r.impressions,
      clicks: r.clicks,
      spend: r.spend,
      conversions: p.conversions,
      conversionValue: p.value,
      reach: r.reach,
    };
    totals.spend += r.spend;
    totals.conversions += p.conversions;
    totals.revenue += p.value;
    cumulative.push({ accountId, entityType: level, entityId: id, day, asOfHour, ...cur });
    const d = hourlyDelta(previous.get(`${level}:${id}`) ?? null, cur);
    hourly.push({
      accountId,
      entityType: level,
      entityId: id,
      entityName: nameOf(r, level),
      parentId: parentOf(r, level),
      snapshotHour: asOfHour,
      impressions: d.impressions,
      reach: d.reach,
      clicks: d.clicks,
      spend: d.spend,
      conversions: d.conversions,
      conversionValue: d.conversionValue,
      actions: r.actions.map((a) => ({ action_type: a.action_type, value: String(a.value) })),
      actionValues: r.actionValues.map((a) => ({ action_type: a.action_type, value: String(a.value) })),
      cpm: r.cpm,
      ctr: r.ctrPercent === null ? null : r.ctrPercent / 100,
      cpc: r.cpc,
      frequency: r.frequency,
      attributionSetting: '7d_click_1d_view',
      purchaseActionType: rowPurchaseType(r, purchaseType),
    });
  }
  await inPages(cumulative, page, async (p) => {
    await upsertCumulative(pool, p);
    return p.length;
  });
  const changed = await inPages(hourly, page, (p) => upsertSnapshots(pool, p));
  return { rowsWritten: hourly.length, rowsChanged: changed, purchaseType, totals };
}

/** 7-day reach and frequency (not derivable from daily rows): what the fatigue rule compares. */
async function storeReach7d(
  deps: CollectionContext,
  client: MetaClient,
  accountId: string,
  adCount: number,
  split: SplitOptions,
) {
  const { pool, page } = deps;
  for (const level of ['adset', 'ad'] as const) {
    const rows = await metaCall(() =>
      getInsightsSplitting(
        client,
        accountId,
        {
          level,
          datePreset: 'last_7d',
          fields: 'adset_id,ad_id,impressions,reach,frequency',
          async: level === 'ad' && adCount > (deps.meta.asyncAboveAds ?? 2_000),
        },
        split,
      ),
    );
    const reach = rows.flatMap((r) => {
      const id = level === 'ad' ? r.adId : r.adsetId;
      return id ? [{ entityId: id, reach: r.reach, frequency: r.frequency }] : [];
    });
    await inPages(reach, page, async (p) => {
      await updateReach7d(pool, accountId, p);
      return p.length;
    });
  }
}

export function createInsightActivities(deps: CollectionContext) {
  const { now, account } = deps;
  return {
    /**
     * Today's cumulative insights at campaign, ad set and ad level (and yesterday's while it settles), stored as
     * the hour they add to the previous pull. Retries and overlapping runs rewrite the same rows.
     */
    async collectInsights(accountId: string, adCount: number): Promise<InsightsResult> {
      const a = await account(accountId);
      const client = await clientFor(deps.meta, accountId);
      const t = now();
      // The last complete hour, but never before today's midnight: a pull at 00:30 belongs to today's first hour.
      const asOfHour = Math.max(localHourStart(t, a.timezone) - HOUR, localMidnight(t, a.timezone));
      const today = localDay(t, a.timezone);
      const days = [{ day: today, asOfHour }];
      const midnight = localMidnight(t, a.timezone);
      if (t - midnight < SETTLE_HOURS * HOUR)
        days.push({ day: localDay(midnight - HOUR, a.timezone), asOfHour: midnight - HOUR });
      // A retry (a throttle on the ad level, say) resumes after the levels its previous attempt finished.
      const resumed = resumeFrom(checkpointSchema);
      const result: InsightsResult = resumed?.result ?? {
        rowsWritten: 0,
        rowsChanged: 0,
        purchaseActionType: null,
        totals: { spend: 0, conversions: 0, revenue: 0 },
        apiCalls: 0,
        throttleWaitMs: 0,
        split: emptySplitStats(),
      };
      const done = new Set(resumed?.done ?? []);
      // Calls of earlier attempts stay counted: the summary reports what the run cost, retries included.
      const spent = () => {
        const s = stats(client);
        return { apiCalls: result.apiCalls + s.apiCalls, throttleWaitMs: result.throttleWaitMs + s.throttleWaitMs };
      };
      const finished = (step: string) => {
        done.add(step);
        saveCheckpoint({ done: [...done], result: { ...result, ...spent() } });
      };
      const split = splitOptions(deps, accountId, result.split);
      for (const { day, asOfHour: hour } of days) {
        for (const level of ['campaign', 'adset', 'ad'] as const) {
          const step = `${day}@${hour}:${level}`;
          if (done.has(step)) continue;
          const r = await pullDay(deps, client, accountId, day, hour, level, adCount, split);
          result.rowsWritten += r.rowsWritten;
          result.rowsChanged += r.rowsChanged;
          result.purchaseActionType ??= r.purchaseType;
          if (level === 'campaign' && day === today) result.totals = r.totals;
          finished(step);
        }
      }
      await storeReach7d(deps, client, accountId, adCount, split);
      return { ...result, ...spent() };
    },
  };
}
