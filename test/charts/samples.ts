/** Sample data for every chart config: realistic shapes (gaps, nulls, long names), shared by tests and a look-at script. */
import type { ChartConfiguration } from 'chart.js';
import {
  actualVsPredictedChart,
  budgetAllocationChart,
  roiForecastChart,
  scoreHistoryChart,
  trendChart,
} from '../../src/charts/index.ts';

const days = Array.from({ length: 14 }, (_, i) => `2026-09-${String(i + 1).padStart(2, '0')}`);
const wave = (base: number, amp: number) => days.map((_, i) => Math.round((base + amp * Math.sin(i / 2)) * 100) / 100);

export const charts: Record<string, ChartConfiguration> = {
  trend: trendChart({
    title: 'Spend and ROAS, 14 days',
    labels: days,
    series: [
      { name: 'spend', values: wave(400, 80) },
      { name: 'ROAS', values: wave(2.5, 0.6), axis: 'right' },
    ],
    yLabel: 'spend (€)',
    y2Label: 'ROAS',
  }),
  scoreHistory: scoreHistoryChart(
    days.map((date, i) => ({
      date,
      overall: 60 + i,
      components: { learning: 50 + i, performance: 70, budget: null, creative: 40 + 2 * i },
    })),
  ),
  roiForecast: roiForecastChart({
    labels: ['Facebook feed', 'Instagram stories', 'Reels', 'Audience network'],
    value: [3.1, 2.4, 1.8, 0.9],
    lower: [2.5, 1.7, 0.9, 0.2],
    upper: [3.8, 3.0, 2.6, 1.5],
  }),
  actualVsPredicted: actualVsPredictedChart({
    metric: 'conversions',
    dates: days,
    actual: [...wave(30, 6).slice(0, 10), null, null, null, null],
    predicted: wave(31, 5),
    lower: wave(25, 5),
    upper: wave(37, 5),
  }),
  budgetAllocation: budgetAllocationChart({
    labels: ['Summer sale – broad audience with a very long name', 'Retargeting 30d', 'Lookalike 1%'],
    current: [100, 50, 80],
    recommended: [60, 90, 80],
    currency: 'EUR',
  }),
};
