/** Pure builders of the dashboards' chart data. Values are rounded so the JSON stays small and stable. */
import type { Allocation } from '../allocation.ts';
import type { DailyValue, ForecastPoint } from '../types.ts';
import type { ActualVsPredicted, BarWithIntervals, BudgetAllocationChart } from './types.ts';

const r = (v: number, digits = 4) => Number(v.toFixed(digits));

export interface ChannelForecast {
  channel: string;
  points: readonly ForecastPoint[];
}

/**
 * ROI forecast by channel over the horizon: per channel the mean of the daily point forecasts, and the mean of the
 * daily bounds (a conservative band for the period mean). Channels sorted by forecast, best first.
 */
export function roiByChannelChart(
  forecasts: readonly ChannelForecast[],
  title = 'ROAS forecast by channel',
): BarWithIntervals {
  const rows = forecasts
    .filter((f) => f.points.length > 0)
    .map((f) => {
      const mean = (g: (p: ForecastPoint) => number) => f.points.reduce((a, p) => a + g(p), 0) / f.points.length;
      return { channel: f.channel, v: mean((p) => p.value), lo: mean((p) => p.lower), hi: mean((p) => p.upper), f };
    })
    .sort((a, b) => b.v - a.v || a.channel.localeCompare(b.channel));
  const dates = forecasts.flatMap((f) => f.points.map((p) => p.date)).sort();
  return {
    kind: 'bar-intervals',
    title,
    metric: 'roas',
    labels: rows.map((x) => x.channel),
    value: rows.map((x) => r(x.v)),
    lower: rows.map((x) => r(x.lo)),
    upper: rows.map((x) => r(x.hi)),
    modelVersions: rows.map((x) => x.f.points[0]!.modelVersion),
    from: dates[0] ?? '',
    to: dates[dates.length - 1] ?? '',
  };
}

export interface PredictedValue {
  date: string;
  value: number;
  lower?: number;
  upper?: number;
}

/**
 * Actual vs predicted on the union of both sides' dates, ascending; a side without a date gets null. `digits`
 * rounds the values (CTR, a fraction near 0.01, needs more than the default 4).
 */
export function actualVsPredictedChart(
  title: string,
  metric: string,
  actual: readonly DailyValue[],
  predicted: readonly PredictedValue[],
  digits = 4,
): ActualVsPredicted {
  const a = new Map(actual.map((p) => [p.date, p.value]));
  const p = new Map(predicted.map((x) => [x.date, x]));
  const dates = [...new Set([...a.keys(), ...p.keys()])].sort();
  const opt = (v: number | undefined) => (v === undefined ? null : r(v, digits));
  return {
    kind: 'line-actual-predicted',
    title,
    metric,
    dates,
    actual: dates.map((d) => opt(a.get(d))),
    predicted: dates.map((d) => opt(p.get(d)?.value)),
    lower: dates.map((d) => opt(p.get(d)?.lower)),
    upper: dates.map((d) => opt(p.get(d)?.upper)),
  };
}

/**
 * Current vs recommended budget per unit. With more than `maxBars` units the largest absolute changes get bars
 * and the rest are summed into one "other (n)" bar; totals always cover every unit.
 */
export function budgetAllocationChart(
  allocation: Allocation,
  maxBars = 20,
  title = 'Budget allocation: current vs recommended',
): BudgetAllocationChart {
  const byChange = [...allocation.units].sort(
    (a, b) =>
      Math.abs(b.recommendedBudget - b.currentBudget) - Math.abs(a.recommendedBudget - a.currentBudget) ||
      a.id.localeCompare(b.id),
  );
  const shown = allocation.units.length > maxBars ? byChange.slice(0, maxBars - 1) : byChange;
  const rest = allocation.units.length > maxBars ? byChange.slice(maxBars - 1) : [];
  const labels = shown.map((u) => u.name);
  const current = shown.map((u) => r(u.currentBudget, 2));
  const recommended = shown.map((u) => r(u.recommendedBudget, 2));
  if (rest.length) {
    labels.push(`other (${rest.length})`);
    current.push(
      r(
        rest.reduce((a, u) => a + u.currentBudget, 0),
        2,
      ),
    );
    recommended.push(
      r(
        rest.reduce((a, u) => a + u.recommendedBudget, 0),
        2,
      ),
    );
  }
  const t = (x: { spend: number; outcome: number; value: number }) => ({
    spend: r(x.spend, 2),
    outcome: r(x.outcome, 2),
    value: r(x.value, 2),
  });
  return {
    kind: 'bar-grouped',
    title,
    labels,
    current,
    recommended,
    totals: { current: t(allocation.current), recommended: t(allocation.recommended) },
    folded: rest.length,
  };
}
