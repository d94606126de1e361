/** Chart data for the four forecast dashboards: plain JSON the chart renderer turns into Chart.js configs. */

/** Dashboard 1: a bar per channel with its prediction interval as an error bar. */
export interface BarWithIntervals {
  kind: 'bar-intervals';
  title: string;
  metric: string;
  labels: string[];
  value: number[];
  lower: number[];
  upper: number[];
  modelVersions: string[];
  from: string;
  to: string;
}

/** Dashboards 2 and 3: actual vs predicted over time (null where a side has no value), with the interval band. */
export interface ActualVsPredicted {
  kind: 'line-actual-predicted';
  title: string;
  metric: string;
  dates: string[];
  actual: (number | null)[];
  predicted: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

/** Dashboard 4: grouped bars of current vs recommended budget, with expected totals for both splits. */
export interface BudgetAllocationChart {
  kind: 'bar-grouped';
  title: string;
  labels: string[];
  current: number[];
  recommended: number[];
  totals: {
    current: { spend: number; outcome: number; value: number };
    recommended: { spend: number; outcome: number; value: number };
  };
  /** Units folded into the last "other" bar to keep the chart readable. */
  folded: number;
}

export interface ForecastDashboards {
  roiByChannel: BarWithIntervals;
  roiOverTime: ActualVsPredicted;
  conversionsOverTime: ActualVsPredicted;
  reachOverTime: ActualVsPredicted;
  ctrOverTime: ActualVsPredicted;
  budgetAllocation: BudgetAllocationChart;
}
