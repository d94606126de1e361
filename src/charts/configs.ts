/**
 * Chart.js configurations for adpilot's charts: pure functions from plain data, so they are unit-testable and
 * the same config renders locally (render.ts) or, if ever wanted, on a QuickChart server.
 * Inputs are column-wise like the forecast dashboards' chart data (src/intel/forecast/dashboards/types.ts),
 * which therefore pass in as they are.
 */
import type { ChartConfiguration } from 'chart.js';
import { PALETTE, SERIES_COLOURS, withAlpha } from './palette.ts';

const title = (text: string | undefined) => ({
  display: Boolean(text),
  text: text ?? '',
  font: { size: 16, weight: 'bold' as const },
});
const colour = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length]!;

export interface TrendInput {
  title?: string;
  labels: string[];
  series: { name: string; values: (number | null)[]; axis?: 'left' | 'right' }[];
  yLabel?: string;
  y2Label?: string;
}

/** Lines over time; a series may use a second axis (spend vs ROAS). Gaps (null) stay gaps. */
export function trendChart(t: TrendInput): ChartConfiguration<'line'> {
  const right = t.series.some((s) => s.axis === 'right');
  return {
    type: 'line',
    data: {
      labels: t.labels,
      datasets: t.series.map((s, i) => ({
        label: s.name,
        data: s.values,
        borderColor: colour(i),
        backgroundColor: colour(i),
        yAxisID: s.axis === 'right' ? 'y2' : 'y',
        pointRadius: t.labels.length > 40 ? 0 : 2,
        tension: 0.2,
        spanGaps: false,
      })),
    },
    options: {
      plugins: { title: title(t.title), legend: { position: 'bottom' } },
      scales: {
        y: { title: { display: Boolean(t.yLabel), text: t.yLabel ?? '' } },
        ...(right
          ? {
              y2: {
                position: 'right' as const,
                grid: { drawOnChartArea: false },
                title: { display: Boolean(t.y2Label), text: t.y2Label ?? '' },
              },
            }
          : {}),
      },
    },
  };
}

export interface ScorePoint {
  date: string;
  overall: number;
  components?: Record<string, number | null>;
}

/** The overall score (thick) with its components (thin) on a fixed 0–100 axis, so weeks compare honestly. */
export function scoreHistoryChart(points: ScorePoint[], chartTitle = 'Account score'): ChartConfiguration<'line'> {
  const names = [...new Set(points.flatMap((p) => Object.keys(p.components ?? {})))];
  return {
    type: 'line',
    data: {
      labels: points.map((p) => p.date),
      datasets: [
        {
          label: 'Overall',
          data: points.map((p) => p.overall),
          borderColor: PALETTE.blue,
          backgroundColor: PALETTE.blue,
          borderWidth: 4,
          tension: 0.2,
        },
        ...names.map((n, i) => ({
          label: n,
          data: points.map((p) => p.components?.[n] ?? null),
          borderColor: colour(i + 1),
          backgroundColor: colour(i + 1),
          borderWidth: 1.5,
          borderDash: [6, 3],
          pointRadius: 0,
          tension: 0.2,
        })),
      ],
    },
    options: {
      plugins: { title: title(chartTitle), legend: { position: 'bottom' } },
      scales: { y: { min: 0, max: 100, title: { display: true, text: 'score' } } },
    },
  };
}

export interface IntervalBars {
  title?: string;
  metric?: string;
  labels: string[];
  value: number[];
  lower: number[];
  upper: number[];
}

/**
 * ROI forecast per channel: the prediction interval as a floating bar and the point forecast as a marker.
 * Chart.js has no error bars; a floating bar [lower, upper] draws the same information without a plugin.
 */
export function roiForecastChart(f: IntervalBars): ChartConfiguration<'bar' | 'line'> {
  const metric = f.metric ?? 'ROAS';
  return {
    type: 'bar',
    data: {
      labels: f.labels,
      datasets: [
        {
          type: 'line',
          label: `${metric} forecast`,
          data: f.value,
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: 7,
          borderColor: PALETTE.red,
          backgroundColor: PALETTE.red,
        },
        {
          type: 'bar',
          label: 'prediction interval',
          data: f.labels.map((_, i) => [f.lower[i] ?? 0, f.upper[i] ?? 0] as [number, number]),
          backgroundColor: withAlpha(PALETTE.blue, 0.35),
          borderColor: PALETTE.blue,
          borderWidth: 1,
          barPercentage: 0.5,
        },
      ],
    },
    options: {
      plugins: { title: title(f.title ?? `${metric} forecast by channel`), legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true, title: { display: true, text: metric } } },
    },
  };
}

export interface ActualVsPredictedInput {
  title?: string;
  metric?: string;
  dates: string[];
  actual: (number | null)[];
  predicted: (number | null)[];
  lower?: (number | null)[];
  upper?: (number | null)[];
}

/** Actual (solid) against predicted (dashed) with the interval as a shaded band between lower and upper. */
export function actualVsPredictedChart(a: ActualVsPredictedInput): ChartConfiguration<'line'> {
  const band = a.lower && a.upper;
  return {
    type: 'line',
    data: {
      labels: a.dates,
      datasets: [
        {
          label: 'actual',
          data: a.actual,
          borderColor: PALETTE.blue,
          backgroundColor: PALETTE.blue,
          borderWidth: 2.5,
          pointRadius: 0,
        },
        {
          label: 'predicted',
          data: a.predicted,
          borderColor: PALETTE.orange,
          backgroundColor: PALETTE.orange,
          borderDash: [6, 4],
          pointRadius: 0,
        },
        ...(band
          ? [
              { label: 'interval low', data: a.lower!, borderWidth: 0, pointRadius: 0, fill: false },
              // `fill: '-1'` shades down to the previous dataset (the lower bound): the band.
              {
                label: 'prediction interval',
                data: a.upper!,
                borderWidth: 0,
                pointRadius: 0,
                fill: '-1',
                backgroundColor: withAlpha(PALETTE.orange, 0.2),
              },
            ]
          : []),
      ],
    },
    options: {
      plugins: {
        title: title(a.title ?? `${a.metric ?? 'value'}: actual vs predicted`),
        // The lower bound is only the band's floor; it needs no legend entry.
        legend: { position: 'bottom', labels: { filter: (item) => item.text !== 'interval low' } },
      },
      scales: { y: { title: { display: Boolean(a.metric), text: a.metric ?? '' } } },
    },
  };
}

export interface AllocationInput {
  title?: string;
  labels: string[];
  current: number[];
  recommended: number[];
  currency?: string;
}

/** Current vs recommended daily budget per unit, as grouped horizontal bars (long names stay readable). */
export function budgetAllocationChart(b: AllocationInput): ChartConfiguration<'bar'> {
  const unit = b.currency ? `budget per day (${b.currency})` : 'budget per day';
  return {
    type: 'bar',
    data: {
      labels: b.labels.map((l) => (l.length > 28 ? `${l.slice(0, 27)}…` : l)),
      datasets: [
        { label: 'current', data: b.current, backgroundColor: withAlpha(PALETTE.grey, 0.6) },
        { label: 'recommended', data: b.recommended, backgroundColor: PALETTE.green },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { title: title(b.title ?? 'Budget allocation: current vs recommended'), legend: { position: 'bottom' } },
      scales: { x: { beginAtZero: true, title: { display: true, text: unit } } },
    },
  };
}
