/**
 * Two metrics' actual vs predicted on one chart with two y axes (ROAS and conversions; reach and CTR): the issue's
 * dashboards 2 and 3 each show a pair. Each metric has its colour, actual solid, predicted dashed, interval shaded.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { PALETTE, withAlpha } from './palette.ts';

export interface SeriesPanel {
  metric: string;
  dates: string[];
  actual: (number | null)[];
  predicted: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

const align = (dates: string[], p: SeriesPanel, values: (number | null)[]) => {
  const by = new Map(p.dates.map((d, i) => [d, values[i] ?? null]));
  return dates.map((d) => by.get(d) ?? null);
};

function datasets(dates: string[], p: SeriesPanel, axis: 'y' | 'y1', colour: string): ChartDataset<'line'>[] {
  return [
    {
      label: `${p.metric} actual`,
      data: align(dates, p, p.actual),
      yAxisID: axis,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2.5,
      pointRadius: 0,
    },
    {
      label: `${p.metric} predicted`,
      data: align(dates, p, p.predicted),
      yAxisID: axis,
      borderColor: colour,
      backgroundColor: colour,
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: 2,
    },
    { label: `${p.metric} low`, data: align(dates, p, p.lower), yAxisID: axis, borderWidth: 0, pointRadius: 0 },
    {
      label: `${p.metric} interval`,
      data: align(dates, p, p.upper),
      yAxisID: axis,
      borderWidth: 0,
      pointRadius: 0,
      // Shade down to the previous dataset (this metric's lower bound).
      fill: '-1',
      backgroundColor: withAlpha(colour, 0.18),
    },
  ];
}

/** Left axis: `left`'s metric (blue); right axis: `right`'s metric (orange). Dates are the union of both. */
export function pairedActualVsPredictedChart(
  title: string,
  left: SeriesPanel,
  right: SeriesPanel,
): ChartConfiguration<'line'> {
  const dates = [...new Set([...left.dates, ...right.dates])].sort();
  return {
    type: 'line',
    data: {
      labels: dates,
      datasets: [...datasets(dates, left, 'y', PALETTE.blue), ...datasets(dates, right, 'y1', PALETTE.orange)],
    },
    options: {
      plugins: {
        title: { display: true, text: title, font: { size: 16, weight: 'bold' } },
        legend: { position: 'bottom', labels: { filter: (item) => !item.text.endsWith(' low') } },
      },
      // Axes fit the data rather than start at 0: reach in the hundred thousands next to a CTR of 1% would otherwise
      // both draw as flat lines (looked at on rendered charts).
      scales: {
        x: { ticks: { autoSkip: true, maxTicksLimit: 14, maxRotation: 0 } },
        y: { position: 'left', title: { display: true, text: left.metric } },
        y1: {
          position: 'right',
          grid: { drawOnChartArea: false },
          title: { display: true, text: right.metric },
        },
      },
    },
  };
}
