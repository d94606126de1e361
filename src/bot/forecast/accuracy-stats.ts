/** What /accuracy and the API's accuracy endpoint show, from the stored comparisons, fetch log and drift state. */
import type { DatabaseConnection } from 'slonik';
import { listAccuracy, listAccuracyFetches, readDrift, type DriftRow } from '../../db/prediction-accuracy.ts';
import { addDays, cumulativeStats, type TrackingStats } from '../../intel/forecast/index.ts';

export interface MetricAccuracy {
  metric: string;
  n: number;
  mae: number;
  accuracy: number | null;
  /** Mean |relative error| of the last `recentDays` settled days. */
  recentError: number | null;
  coverage: number | null;
  drift?: { drifted: boolean; retrain: boolean; currentRun: number; runStart: string | null };
}

export interface AccuracyStats {
  accountId: string;
  since: string;
  metrics: MetricAccuracy[];
  stats: TrackingStats;
  drift: DriftRow[];
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);

/** The account series' accuracy over the 30 days before `today`, per metric. */
export async function loadAccuracyStats(
  db: DatabaseConnection,
  accountId: string,
  today: string,
  recentDays: number,
): Promise<AccuracyStats> {
  const since = addDays(today, -30);
  const rows = await listAccuracy(db, { accountId, since, seriesKey: 'account' });
  const drift = [...(await readDrift(db, accountId))];
  const fetches = await listAccuracyFetches(db, accountId);
  const metrics = ['roas', 'conversions', 'reach', 'ctr'].map((metric): MetricAccuracy => {
    const mine = rows.filter((r) => r.metric === metric);
    const rel = (rs: typeof mine) => rs.flatMap((r) => (r.relative_error === null ? [] : [Math.abs(r.relative_error)]));
    const d = drift.find((x) => x.metric === metric);
    return {
      metric,
      n: mine.length,
      mae: mean(mine.map((r) => r.abs_error)) ?? 0,
      accuracy: mean(mine.flatMap((r) => (r.accuracy === null ? [] : [r.accuracy]))),
      recentError: mean(rel(mine.slice(-recentDays))),
      coverage: mean(mine.flatMap((r) => (r.in_interval === null ? [] : [r.in_interval ? 1 : 0]))),
      ...(d
        ? { drift: { drifted: d.drifted, retrain: d.retrain, currentRun: d.current_run, runStart: d.run_start } }
        : {}),
    };
  });
  const stats = cumulativeStats(
    fetches.map((f) => ({
      at: f.at,
      ok: f.ok,
      spend: f.spend,
      conversions: f.conversions,
      revenue: f.revenue,
      predictionsCompared: f.predictions_compared,
    })),
  );
  return { accountId, since, metrics, stats, drift };
}
