import { upsertApiDaily } from '../../db/cumulative.ts';
import { checkSufficiency, recordSufficiency, type SufficiencyCheck } from '../../db/sufficiency.ts';
import { localDay } from '../../intel/hourly-delta.ts';
import type { MetaClient } from '../../meta/client.ts';
import { canonicalPurchaseType, purchasesOf } from '../../meta/parse.ts';
import { clientFor, metaCall } from '../meta.ts';
import { HOUR, inPages, stats, type CollectionContext, type StepStats } from './context.ts';

/**
 * Stores daily insights from `since` to `until` (local days, inclusive) through async reports. Every level Meta
 * reports, not only ads: ad sets' and campaigns' 7-day windows, their trend charts and the forecasts read their
 * own daily rows, and Meta's reach per level is deduplicated (ads' reach does not add up).
 */
async function backfillDaily(
  deps: CollectionContext,
  client: MetaClient,
  accountId: string,
  since: string,
  until: string,
): Promise<void> {
  const { pool, page } = deps;
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
}

export function createSufficiencyActivities(deps: CollectionContext) {
  const { pool, now, account } = deps;
  return {
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
      const client = await clientFor(deps.meta, accountId);
      const days = deps.initialHistoricalDays ?? 30;
      const t = now();
      const until = localDay(t - 24 * HOUR, a.timezone);
      const since = localDay(t - days * 24 * HOUR, a.timezone);
      await backfillDaily(deps, client, accountId, since, until);
      const second = await checkSufficiency(pool, accountId);
      await recordSufficiency(pool, accountId, second, true);
      return { ...second, backfilledDays: days, ...stats(client) };
    },
  };
}
