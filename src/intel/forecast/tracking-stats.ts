/** Cumulative statistics of the actuals fetcher, kept as a fold so a workflow can carry it as state. */

export interface FetchRecord {
  /** Epoch ms of the fetch. */
  at: number;
  ok: boolean;
  /** Settled totals the fetch brought in (0 on failure). */
  spend?: number;
  conversions?: number;
  revenue?: number;
  predictionsCompared?: number;
}

export interface TrackingStats {
  fetches: number;
  successes: number;
  /** successes / fetches; 0 before the first fetch. */
  successRate: number;
  spendTracked: number;
  conversionsTracked: number;
  revenueTracked: number;
  predictionsCompared: number;
  firstAt: number | null;
  lastAt: number | null;
}

export const EMPTY_TRACKING_STATS: TrackingStats = {
  fetches: 0,
  successes: 0,
  successRate: 0,
  spendTracked: 0,
  conversionsTracked: 0,
  revenueTracked: 0,
  predictionsCompared: 0,
  firstAt: null,
  lastAt: null,
};

/** The stats after one more fetch; failed fetches count toward `fetches` only. Pure: returns a new object. */
export function addFetch(stats: TrackingStats, f: FetchRecord): TrackingStats {
  const fetches = stats.fetches + 1;
  const successes = stats.successes + (f.ok ? 1 : 0);
  const add = (v: number | undefined) => (f.ok ? (v ?? 0) : 0);
  return {
    fetches,
    successes,
    successRate: successes / fetches,
    spendTracked: stats.spendTracked + add(f.spend),
    conversionsTracked: stats.conversionsTracked + add(f.conversions),
    revenueTracked: stats.revenueTracked + add(f.revenue),
    predictionsCompared: stats.predictionsCompared + add(f.predictionsCompared),
    firstAt: stats.firstAt === null ? f.at : Math.min(stats.firstAt, f.at),
    lastAt: stats.lastAt === null ? f.at : Math.max(stats.lastAt, f.at),
  };
}

/** Cumulative stats of a fetch log: fetches, success rate, spend/conversions/revenue tracked. */
export const cumulativeStats = (fetches: readonly FetchRecord[]): TrackingStats =>
  fetches.reduce(addFetch, EMPTY_TRACKING_STATS);
