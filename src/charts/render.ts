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

interface Painter {
  save(): void;
  restore(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillStyle: string;
  globalCompositeOperation: string;
}

// Chart.js leaves the canvas transparent, which reads badly in Slack's dark mode: paint behind everything.
const backgroundPlugin = (color: string): Plugin => ({
  id: 'adpilotBackground',
  beforeDraw: (chart) => {
    // Without the DOM lib Chart.js's context type does not resolve; name the few members used here.
    const ctx = chart.ctx as unknown as Painter;
    const { width, height } = chart;
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
  // Chart.js's types name the DOM canvas; @napi-rs/canvas implements the same 2D context API.
  const chart = new Chart(canvas.getContext('2d'), {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: dpr },
    plugins: [...(config.plugins ?? []), backgroundPlugin(opts.background ?? '#ffffff')],
  });
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
