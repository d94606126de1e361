import type { InsightsParams, MetaClient } from './client.ts';
import { MetaTooMuchDataError } from './errors.ts';
import type { InsightRow } from './parse.ts';

/** What splitting cost a run: shown in its summary. */
export interface SplitStats {
  /** Requests Meta refused as too large. */
  refused: number;
  /** Smaller requests they were split into. */
  parts: number;
  /** Deepest split level reached. */
  depth: number;
}

export const emptySplitStats = (): SplitStats => ({ refused: 0, parts: 0, depth: 0 });

export interface SplitOptions {
  /** The account's campaign ids, for splitting by campaign; read only when a split needs them. */
  campaignIds: () => Promise<readonly string[]>;
  /** Halvings allowed before the refusal is final: 2^maxDepth parts at most. */
  maxDepth?: number;
  stats: SplitStats;
}

const DAY_MS = 86_400_000;
const dayNumber = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / DAY_MS;
const ymdOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The two halves of a request, or null when it cannot be made smaller. */
async function halves(p: InsightsParams, o: SplitOptions): Promise<[InsightsParams, InsightsParams] | null> {
  // Time first, and only for daily rows: a total over a range (reach above all) is not the sum of its halves'.
  if (p.timeRange && p.timeIncrement === 1) {
    const since = dayNumber(p.timeRange.since);
    const until = dayNumber(p.timeRange.until);
    if (until > since) {
      const mid = Math.floor((since + until) / 2);
      return [
        { ...p, timeRange: { since: p.timeRange.since, until: ymdOf(mid) } },
        { ...p, timeRange: { since: ymdOf(mid + 1), until: p.timeRange.until } },
      ];
    }
  }
  // Then by campaign: every row at campaign, ad set or ad level belongs to exactly one, so the parts add up.
  if (p.level === 'account') return null;
  const ids = p.campaignIds ?? (await o.campaignIds());
  if (ids.length < 2) return null;
  const mid = Math.ceil(ids.length / 2);
  return [
    { ...p, campaignIds: ids.slice(0, mid) },
    { ...p, campaignIds: ids.slice(mid) },
  ];
}

/**
 * Insights rows like `client.getInsights`, but a request Meta refuses as too large (code 1, "reduce the amount of
 * data") is split in two, the time range first and then the campaigns, recursively up to `maxDepth` halvings, and
 * the parts' rows are merged.
 * @throws MetaTooMuchDataError when a part still too large cannot be split further or the depth is used up; any
 * other Graph API error as getInsights throws it.
 */
export async function getInsightsSplitting(
  client: MetaClient,
  accountId: string,
  p: InsightsParams,
  o: SplitOptions,
  depth = 0,
): Promise<InsightRow[]> {
  try {
    return await client.getInsights(accountId, p);
  } catch (error) {
    if (!(error instanceof MetaTooMuchDataError) || depth >= (o.maxDepth ?? 6)) throw error;
    const parts = await halves(p, o);
    if (!parts) throw error;
    o.stats.refused++;
    o.stats.parts += 2;
    o.stats.depth = Math.max(o.stats.depth, depth + 1);
    const rows: InsightRow[] = [];
    for (const part of parts) rows.push(...(await getInsightsSplitting(client, accountId, part, o, depth + 1)));
    return rows;
  }
}
