import { describe, expect, it } from '@jest/globals';
import type { ChartConfiguration } from 'chart.js';
import { renderChartPng } from '../../src/charts/index.ts';
import { charts } from './samples.ts';
import { inkStats, pngSize } from './png.ts';

describe('renderChartPng', () => {
  it.each(Object.keys(charts))(
    'renders the %s chart to a PNG of the requested size that is not blank',
    async (name) => {
      const png = await renderChartPng(charts[name]!, { width: 800, height: 400 });
      expect(pngSize(png)).toEqual({ width: 1600, height: 800 });
      const stats = await inkStats(png);
      expect(stats.opaque).toBe(stats.total); // the white background plugin leaves no transparent pixel
      expect(stats.ink / stats.total).toBeGreaterThan(0.01);
      expect(stats.colours).toBeGreaterThan(20); // antialiased text and lines, not a flat fill
    },
  );

  it('honours devicePixelRatio 1', async () => {
    const png = await renderChartPng(charts.trend!, { width: 320, height: 200, devicePixelRatio: 1 });
    expect(pngSize(png)).toEqual({ width: 320, height: 200 });
  });

  it('draws text: a chart with only a title has ink where the title is', async () => {
    const config: ChartConfiguration = {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        plugins: { title: { display: true, text: 'Ünïcode € title', font: { size: 30 } }, legend: { display: false } },
        scales: { x: { display: false }, y: { display: false } },
      },
    };
    const stats = await inkStats(await renderChartPng(config, { width: 400, height: 120, devicePixelRatio: 1 }));
    expect(stats.ink).toBeGreaterThan(500);
  });

  it('rejects a zero width', async () => {
    await expect(renderChartPng(charts.trend!, { width: 0, height: 100 })).rejects.toThrow(RangeError);
  });

  it('renders a narrow chart with long labels', async () => {
    expect(pngSize(await renderChartPng(charts.budgetAllocation!, { width: 300, height: 300 })).width).toBe(600);
  });
});
