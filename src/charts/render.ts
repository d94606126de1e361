/** Chart.js configs to PNG, in-process: ad spend never leaves the deployment (research notes §7). */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import { registerChartFont } from './font.ts';

export interface RenderOptions {
  width: number;
  height: number;
  /** 2 (the default) doubles the bitmap, which Slack shows crisply on high-density screens. */
  devicePixelRatio?: number;
  background?: string;
}

let ready = false;
function setUp(): void {
  if (ready) return;
  Chart.register(...registerables);
  Chart.defaults.font.family = registerChartFont();
  Chart.defaults.color = '#333333';
  ready = true;
}

// Chart.js leaves the canvas transparent, which reads badly in Slack's dark mode: paint behind everything.
const backgroundPlugin = (color: string): Plugin => ({
  id: 'adpilotBackground',
  beforeDraw: (chart) => {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
});

/**
 * Renders a Chart.js configuration to a PNG of `width·dpr × height·dpr` pixels.
 * @throws RangeError for a non-positive or non-integer size; whatever Chart.js throws for a broken config.
 */
export async function renderChartPng(config: ChartConfiguration, opts: RenderOptions): Promise<Buffer> {
  const dpr = opts.devicePixelRatio ?? 2;
  for (const [name, v] of [
    ['width', opts.width],
    ['height', opts.height],
    ['devicePixelRatio', dpr],
  ] as const)
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a positive number, got ${v}`);
  if (!Number.isInteger(opts.width) || !Number.isInteger(opts.height))
    throw new RangeError('width and height must be integers');
  setUp();
  const canvas = createCanvas(opts.width, opts.height);
  // Chart.js's types are written for the DOM canvas; @napi-rs/canvas implements the same 2D context API.
  const ctx = canvas.getContext('2d') as unknown as ConstructorParameters<typeof Chart>[0];
  const chart = new Chart(ctx, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: dpr },
    plugins: [...(config.plugins ?? []), backgroundPlugin(opts.background ?? '#ffffff')],
  } as ChartConfiguration);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
