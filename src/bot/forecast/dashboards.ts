/**
 * The four dashboards as stored: read from the prediction tables (never recomputed here), in the JSON shape the
 * charts and the API share. Null when the account has no stored forecast yet.
 */
import type { DatabaseConnection } from 'slonik';
import { readBudgetRecommendation, type BudgetRecommendationRow } from '../../db/budget-recommendations.ts';
import { lastFinishedForecastRun, type ForecastRunRow } from '../../db/forecast-runs.ts';
import { latestRoiForecast, readSeries, type SeriesMetric, type SeriesRow } from '../../db/forecasts.ts';
import {
  actualVsPredictedChart,
  addDays,
  budgetAllocationChart,
  type ActualVsPredicted,
  type BarWithIntervals,
  type BudgetAllocationChart,
} from '../../intel/forecast/index.ts';
import { storedAllocation } from './budget-plan.ts';

export const DASHBOARDS = ['roi-forecast', 'roi-timeseries', 'reach-ctr-timeseries', 'budget-allocation'] as const;
export type DashboardName = (typeof DASHBOARDS)[number];

export interface StoredDashboards {
  accountId: string;
  generatedAt: number;
  lastRun: ForecastRunRow | null;
  roiForecast: BarWithIntervals & { grouping: string };
  roiTimeseries: { roas: ActualVsPredicted; conversions: ActualVsPredicted };
  reachCtrTimeseries: { reach: ActualVsPredicted; ctr: ActualVsPredicted };
  budgetAllocation: BudgetAllocationChart & { units: BudgetRecommendationRow[] };
}

const TITLES: Record<SeriesMetric, string> = {
  roas: 'ROAS: actual vs predicted',
  conversions: 'Conversions: actual vs predicted',
  reach: 'Reach: actual vs predicted',
  ctr: 'CTR: actual vs predicted',
};

/** The last `historyDays` days with an actual and every prediction after them. */
function panel(metric: SeriesMetric, rows: readonly SeriesRow[], historyDays: number): ActualVsPredicted {
  const lastActual = rows.filter((r) => r.actual !== null).at(-1)?.date;
  const since = lastActual ? addDays(lastActual, -historyDays + 1) : '';
  const kept = rows.filter((r) => r.date >= since);
  return actualVsPredictedChart(
    TITLES[metric],
    metric,
    kept.flatMap((r) => (r.actual === null ? [] : [{ date: r.date, value: r.actual }])),
    kept.flatMap((r) =>
      r.predicted === null
        ? []
        : [
            {
              date: r.date,
              value: r.predicted,
              ...(r.lower_bound === null ? {} : { lower: r.lower_bound }),
              ...(r.upper_bound === null ? {} : { upper: r.upper_bound }),
            },
          ],
    ),
    metric === 'ctr' ? 6 : 4,
  );
}

/** Reads the account's stored dashboards; `today` bounds how far back the series are read. */
export async function loadStoredDashboards(
  db: DatabaseConnection,
  accountId: string,
  today: string,
  historyDays = 28,
): Promise<StoredDashboards | null> {
  const roi = await latestRoiForecast(db, accountId);
  const units = await readBudgetRecommendation(db, accountId);
  const since = addDays(today, -historyDays - 14);
  const series = {} as Record<SeriesMetric, ActualVsPredicted>;
  let generatedAt = Math.max(0, ...roi.map((r) => r.generated_at), ...units.map((u) => u.generated_at));
  for (const metric of ['roas', 'conversions', 'reach', 'ctr'] as const) {
    const rows = await readSeries(db, { accountId, seriesKey: 'account', metric, since });
    generatedAt = Math.max(generatedAt, ...rows.filter((r) => r.predicted !== null).map((r) => r.generated_at));
    series[metric] = panel(metric, rows, historyDays);
  }
  if (generatedAt === 0) return null;
  return {
    accountId,
    generatedAt,
    lastRun: await lastFinishedForecastRun(db, accountId),
    roiForecast: {
      kind: 'bar-intervals',
      title: 'ROAS forecast by channel',
      metric: 'roas',
      grouping: roi[0]?.grouping ?? '',
      labels: roi.map((r) => r.channel),
      value: roi.map((r) => r.predicted_roas),
      lower: roi.map((r) => r.lower_roas),
      upper: roi.map((r) => r.upper_roas),
      modelVersions: roi.map((r) => r.model_version),
      from: roi[0]?.horizon_start ?? '',
      to: roi[0]?.horizon_end ?? '',
    },
    roiTimeseries: { roas: series.roas, conversions: series.conversions },
    reachCtrTimeseries: { reach: series.reach, ctr: series.ctr },
    budgetAllocation: { ...budgetAllocationChart(storedAllocation(units)), units: [...units] },
  };
}
