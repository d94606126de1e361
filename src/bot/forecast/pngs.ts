/** The four dashboards as PNGs (rendered in-process: ad spend never leaves the deployment). */
import {
  budgetAllocationChart,
  pairedActualVsPredictedChart,
  renderChartPng,
  roiForecastChart,
} from '../../charts/index.ts';
import type { DashboardName, StoredDashboards } from './dashboards.ts';

const SIZE = { width: 900, height: 450 };

/** Renders one dashboard. @throws what Chart.js throws for a broken config (never for empty data). */
export async function renderDashboard(d: StoredDashboards, name: DashboardName, currency?: string): Promise<Buffer> {
  switch (name) {
    case 'roi-forecast':
      return renderChartPng(
        roiForecastChart({
          title: `ROAS forecast by channel (${d.roiForecast.from} – ${d.roiForecast.to})`,
          metric: 'ROAS',
          labels: d.roiForecast.labels,
          value: d.roiForecast.value,
          lower: d.roiForecast.lower,
          upper: d.roiForecast.upper,
        }),
        SIZE,
      );
    case 'roi-timeseries':
      return renderChartPng(
        pairedActualVsPredictedChart(
          'ROAS and conversions: actual vs predicted',
          d.roiTimeseries.roas,
          d.roiTimeseries.conversions,
        ),
        SIZE,
      );
    case 'reach-ctr-timeseries':
      return renderChartPng(
        pairedActualVsPredictedChart(
          'Reach and CTR: actual vs predicted',
          d.reachCtrTimeseries.reach,
          d.reachCtrTimeseries.ctr,
        ),
        SIZE,
      );
    case 'budget-allocation':
      return renderChartPng(
        budgetAllocationChart({
          labels: d.budgetAllocation.labels,
          current: d.budgetAllocation.current,
          recommended: d.budgetAllocation.recommended,
          ...(currency ? { currency } : {}),
        }),
        { width: SIZE.width, height: Math.max(SIZE.height, 120 + 28 * d.budgetAllocation.labels.length) },
      );
  }
}
