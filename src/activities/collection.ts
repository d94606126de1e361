import { Context } from '@temporalio/activity';
import type { DatabasePool } from 'slonik';
import { getAdAccount, listActiveAdAccounts, markAccountStatus } from '../db/accounts.ts';
import { finishCollectionRun, startCollectionRun, type RunSummary } from '../db/collection-runs.ts';
import { previousCumulative, upsertApiDaily, upsertCumulative, type CumulativeRow } from '../db/cumulative.ts';
import { updateReach7d, upsertEntities, type EntityInput } from '../db/entities.ts';
import { upsertPixelHealth } from '../db/pixels.ts';
import { applyRetention, rollupAccount } from '../db/rollups.ts';
import { upsertSnapshots, type SnapshotInput } from '../db/snapshots.ts';
import { checkSufficiency, recordSufficiency, type SufficiencyCheck } from '../db/sufficiency.ts';
import { hourlyDelta, localDay, localHourStart, localMidnight } from '../intel/hourly-delta.ts';
import { pixelHealthFrom } from '../intel/pixel-health.ts';
import type { MetaClient } from '../meta/client.ts';
import {
  canonicalPurchaseType,
  purchasesOf,
  rowPurchaseType,
  type InsightRow,
  type MetaEntity,
} from '../meta/parse.ts';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from './failures.ts';
import { clientFor, metaCall, type MetaAccess } from './meta.ts';

export interface CollectionDeps {
  pool: DatabasePool;
  meta: MetaAccess;
  now?: () => number;
  initialHistoricalDays?: number;
  pageSize?: number;
}

const HOUR = 3_600_000;
/** Until this many hours into a new local day, yesterday is re-pulled too: its late conversions still arrive. */
const SETTLE_HOURS = 6;

export interface StepStats {
  apiCalls: number;
  throttleWaitMs: number;
}

export interface EntitiesResult extends StepStats {
  campaigns: number;
  adsets: number;
  ads: number;
}

export interface InsightsResult extends StepStats {
  rowsWritten: number;
  rowsChanged: number;
  purchaseActionType: string | null;
  totals: { spend: number; conversions: number; revenue: number };
}

function heartbeat(detail: unknown): void {
  // Activities also run outside a worker in benchmarks; heartbeat only when there is a context.
  try {
    Context.current().heartbeat(detail);
  } catch {
    /* not in an activity */
  }
}

async function inPages<T>(
  rows: readonly T[],
  size: number,
  write: (page: readonly T[]) => Promise<number>,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += size) {
    n += await write(rows.slice(i, i + size));
    heartbeat({ written: i + size, of: rows.length });
  }
  return n;
}

const toEntity = (accountId: string, type: 'campaign' | 'adset' | 'ad', e: MetaEntity): EntityInput => ({
  accountId,
  entityType: type,
  entityId: e.id,
  name: e.name,
  parentId: type === 'ad' ? e.adsetId : type === 'adset' ? e.campaignId : null,
  campaignId: type === 'campaign' ? e.id : e.campaignId,
  status: e.status,
  effectiveStatus: e.effectiveStatus,
  dailyBudgetMinor: e.dailyBudgetMinor,
  lifetimeBudgetMinor: e.lifetimeBudgetMinor,
  bidStrategy: e.bidStrategy,
  bidAmountMinor: e.bidAmountMinor,
  optimizationGoal: e.optimizationGoal,
  learningStage: e.learningStage,
  learningConversions: e.learningConversions,
  lastSignificantEditAt: e.lastSignificantEditAt,
  issues: e.issues,
  creativeId: e.creativeId,
  createdTime: e.createdTime,
  updatedTime: e.updatedTime,
  objective: e.objective,
});

const entityIdOf = (r: InsightRow, level: 'campaign' | 'adset' | 'ad') =>
  level === 'ad' ? r.adId : level === 'adset' ? r.adsetId : r.campaignId;
const nameOf = (r: InsightRow, level: 'campaign' | 'adset' | 'ad') =>
  level === 'ad' ? r.adName : level === 'adset' ? r.adsetName : r.campaignName;
const parentOf = (r: InsightRow, level: 'campaign' | 'adset' | 'ad') =>
  level === 'ad' ? r.adsetId : level === 'adset' ? r.campaignId : null;

export function createCollectionActivities(deps: CollectionDeps) {
  const now = deps.now ?? Date.now;
  const { pool } = deps;
  const page = deps.pageSize ?? 1_000;

  async function account(accountId: string) {
    const a = await getAdAccount(pool, accountId);
    if (!a) throw ApplicationFailure.nonRetryable(`ad account ${accountId} is not connected`, FailureType.NotFound);
    return a;
  }
  const stats = (c: MetaClient): StepStats => ({ apiCalls: c.stats.calls, throttleWaitMs: c.stats.throttledWaitMs });

  /** Pulls cumulative totals of one local day at one level and stores them with the hour they add. */
  async function pullDay(
    client: MetaClient,
    accountId: string,
    day: string,
    asOfHour: number,
    level: 'campaign' | 'adset' | 'ad',
    entityCount: number,
  ) {
    const rows = await metaCall(() =>
      client.getInsights(accountId, {
        level,
        timeRange: { since: day, until: day },
        async: level === 'ad' && entityCount > (deps.meta.asyncAboveAds ?? 2_000),
      }),
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

  return {
    async beginCollectionRun(accountId: string, workflowId: string, runId: string, trigger: string): Promise<void> {
      await startCollectionRun(pool, workflowId, runId, accountId, trigger);
    },

    async finishCollectionRun(
      workflowId: string,
      runId: string,
      outcome: Parameters<typeof finishCollectionRun>[3],
    ): Promise<void> {
      await finishCollectionRun(pool, workflowId, runId, outcome);
    },

    async markAccountNeedsAttention(accountId: string, reason: string): Promise<void> {
      await markAccountStatus(pool, accountId, 'needs_attention', reason);
    },

    async markAccountHealthy(accountId: string): Promise<void> {
      const a = await account(accountId);
      if (a.status === 'needs_attention') await markAccountStatus(pool, accountId, 'active', null);
    },

    /** Campaigns, ad sets and ads with status, budgets and learning stage; one upsert statement per page. */
    async collectEntities(accountId: string): Promise<EntitiesResult> {
      const client = clientFor(deps.meta, accountId);
      const campaigns = await metaCall(() => client.listCampaigns(accountId));
      const adsets = await metaCall(() => client.listAdSets(accountId));
      const ads = await metaCall(() => client.listAds(accountId));
      const rows = [
        ...campaigns.map((e) => toEntity(accountId, 'campaign', e)),
        ...adsets.map((e) => toEntity(accountId, 'adset', e)),
        ...ads.map((e) => toEntity(accountId, 'ad', e)),
      ];
      await inPages(rows, page, (p) => upsertEntities(pool, p));
      return { campaigns: campaigns.length, adsets: adsets.length, ads: ads.length, ...stats(client) };
    },

    /**
     * Today's cumulative insights at campaign, ad set and ad level (and yesterday's while it settles), stored as
     * the hour they add to the previous pull. Retries and overlapping runs rewrite the same rows.
     */
    async collectInsights(accountId: string, adCount: number): Promise<InsightsResult> {
      const a = await account(accountId);
      const client = clientFor(deps.meta, accountId);
      const t = now();
      // The last complete hour, but never before today's midnight: a pull at 00:30 belongs to today's first hour.
      const asOfHour = Math.max(localHourStart(t, a.timezone) - HOUR, localMidnight(t, a.timezone));
      const today = localDay(t, a.timezone);
      const days = [{ day: today, asOfHour }];
      const midnight = localMidnight(t, a.timezone);
      if (t - midnight < SETTLE_HOURS * HOUR)
        days.push({ day: localDay(midnight - HOUR, a.timezone), asOfHour: midnight - HOUR });
      const result: InsightsResult = {
        rowsWritten: 0,
        rowsChanged: 0,
        purchaseActionType: null,
        totals: { spend: 0, conversions: 0, revenue: 0 },
        apiCalls: 0,
        throttleWaitMs: 0,
      };
      for (const { day, asOfHour: hour } of days) {
        for (const level of ['campaign', 'adset', 'ad'] as const) {
          const r = await pullDay(client, accountId, day, hour, level, adCount);
          result.rowsWritten += r.rowsWritten;
          result.rowsChanged += r.rowsChanged;
          result.purchaseActionType ??= r.purchaseType;
          if (level === 'campaign' && day === today) result.totals = r.totals;
          heartbeat({ day, level });
        }
      }
      // 7-day reach and frequency (not derivable from daily rows): what the fatigue rule compares.
      for (const level of ['adset', 'ad'] as const) {
        const rows = await metaCall(() =>
          client.getInsights(accountId, {
            level,
            datePreset: 'last_7d',
            fields: 'adset_id,ad_id,impressions,reach,frequency',
            async: level === 'ad' && adCount > (deps.meta.asyncAboveAds ?? 2_000),
          }),
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
      return { ...result, ...stats(client) };
    },

    /** Pixel health: events today/7d/30d by name, last fired, match quality, funnel, hourly purchases. */
    async collectPixels(accountId: string): Promise<StepStats & { pixels: number }> {
      const a = await account(accountId);
      const client = clientFor(deps.meta, accountId);
      const t = now();
      const pixels = await metaCall(() => client.listPixels(accountId));
      for (const pixel of pixels) {
        const stats30 = await metaCall(() => client.getPixelStats(pixel.id, t - 30 * 24 * HOUR, t));
        const health = pixelHealthFrom(stats30, { now: t, dayStart: localMidnight(t, a.timezone) });
        await upsertPixelHealth(pool, {
          accountId,
          pixelId: pixel.id,
          checkedHour: localHourStart(t, a.timezone),
          ...health,
          lastFiredAt: pixel.last_fired_time ? Date.parse(pixel.last_fired_time.replace(/\+0000$/, 'Z')) : null,
          eventMatchQuality: pixel.event_match_quality ?? null,
        });
      }
      return { pixels: pixels.length, ...stats(client) };
    },

    /**
     * Checks data sufficiency; when history is thin, backfills INITIAL_HISTORICAL_DAYS of daily insights at campaign, ad set and ad level
     * (async report) and checks again. The outcome is recorded either way.
     */
    async ensureSufficiency(accountId: string): Promise<SufficiencyCheck & StepStats & { backfilledDays: number }> {
      const first = await checkSufficiency(pool, accountId);
      if (first.level === 'sufficient') {
        await recordSufficiency(pool, accountId, first, false);
        return { ...first, backfilledDays: 0, apiCalls: 0, throttleWaitMs: 0 };
      }
      const a = await account(accountId);
      const client = clientFor(deps.meta, accountId);
      const days = deps.initialHistoricalDays ?? 30;
      const t = now();
      const until = localDay(t - 24 * HOUR, a.timezone);
      const since = localDay(t - days * 24 * HOUR, a.timezone);
      // Every level Meta reports, not only ads: ad sets' and campaigns' 7-day windows, their trend charts and the
      // forecasts read their own daily rows, and Meta's reach per level is deduplicated (ads' reach does not add up).
      for (const level of ['campaign', 'adset', 'ad'] as const) {
        const rows = await metaCall(() =>
          client.getInsights(accountId, { level, timeRange: { since, until }, timeIncrement: 1, async: true }),
        );
        const purchaseType = canonicalPurchaseType(rows);
        const daily = rows.flatMap((r) => {
          const entityId = level === 'ad' ? r.adId : level === 'adset' ? r.adsetId : r.campaignId;
          if (!entityId) return [];
          const p = purchasesOf(r, purchaseType);
          return [
            {
              accountId,
              entityType: level,
              entityId,
              day: r.dateStart,
              impressions: r.impressions,
              reach: r.reach,
              clicks: r.clicks,
              spend: r.spend,
              conversions: p.conversions,
              conversionValue: p.value,
            },
          ];
        });
        await inPages(daily, page, (p) => upsertApiDaily(pool, p));
      }
      const second = await checkSufficiency(pool, accountId);
      await recordSufficiency(pool, accountId, second, true);
      return { ...second, backfilledDays: days, ...stats(client) };
    },

    /** Rolls the recent hours up to days and weeks (exact sums). */
    async rollupRecent(accountId: string): Promise<{ dailyRows: number; weeklyRows: number }> {
      return rollupAccount(pool, accountId, now(), 2);
    },

    /** Nightly: a full week of rollups for every account, then retention (hourly 7 d, daily 90 d, weekly 1 y). */
    async nightlyMaintenance(): Promise<{ rolledUp: number; deleted: Awaited<ReturnType<typeof applyRetention>> }> {
      let rolledUp = 0;
      for (const a of await listActiveAdAccounts(pool))
        rolledUp += (await rollupAccount(pool, a.id, now(), 7)).dailyRows;
      return { rolledUp, deleted: await applyRetention(pool, now()) };
    },
  };
}

export type { RunSummary };
