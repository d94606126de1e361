/** /forecast: one short reading per chart, and the reply that says when the forecasts were made. */
import { context, esc, fallback, formatNumber, section, slackDate, type Message } from './text.ts';

interface Bars {
  labels: string[];
  value: number[];
  lower: number[];
  upper: number[];
  from: string;
  to: string;
}
interface Series {
  dates: string[];
  actual: (number | null)[];
  predicted: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}
export interface ForecastReadingInput {
  roiForecast: Bars & { grouping: string };
  roiTimeseries: { roas: Series; conversions: Series };
  reachCtrTimeseries: { reach: Series; ctr: Series };
  budgetAllocation: {
    labels: string[];
    totals: {
      current: { spend: number; outcome: number; value: number };
      recommended: { spend: number; outcome: number; value: number };
    };
  };
}

const n2 = (v: number) => formatNumber(v, 2);

/** Mean of the predicted days after the last actual, with the mean of their bounds. */
function ahead(s: Series, fmt: (v: number) => string): string {
  const lastActual = s.actual.findLastIndex((v) => v !== null);
  const idx = s.predicted.map((v, i) => (v !== null && i > lastActual ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) return 'no forecast';
  const mean = (a: (number | null)[]) => idx.reduce((t, i) => t + (a[i] ?? 0), 0) / idx.length;
  return `${fmt(mean(s.predicted))} (${fmt(mean(s.lower))}–${fmt(mean(s.upper))}) a day over the next ${idx.length} days`;
}

function lastActual(s: Series, fmt: (v: number) => string): string {
  const i = s.actual.findLastIndex((v) => v !== null);
  return i < 0 ? 'no actuals yet' : `${fmt(s.actual[i]!)} on ${s.dates[i]}`;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const int = (v: number) => formatNumber(v, 0);

/** The readings posted with each chart (plain text: they go into files.uploadV2's initial_comment). */
export function forecastReadings(
  d: ForecastReadingInput,
): Record<'roiForecast' | 'roiTimeseries' | 'reachCtrTimeseries' | 'budgetAllocation', string> {
  const f = d.roiForecast;
  const bars = f.labels.length
    ? f.labels
        .slice(0, 6)
        .map((c, i) => `Channel ${c}: forecast ROAS ${n2(f.value[i]!)} (${n2(f.lower[i]!)}–${n2(f.upper[i]!)})`)
        .join('; ')
    : 'No channel has the 7 days of history a forecast needs.';
  const t = d.budgetAllocation.totals;
  return {
    roiForecast: `ROAS forecast by ${f.grouping || 'channel'}, ${f.from} to ${f.to}, 80% intervals. ${bars}.`,
    roiTimeseries:
      `ROAS: last ${lastActual(d.roiTimeseries.roas, n2)}; forecast ${ahead(d.roiTimeseries.roas, n2)}. ` +
      `Conversions: last ${lastActual(d.roiTimeseries.conversions, int)}; forecast ${ahead(d.roiTimeseries.conversions, int)}.`,
    reachCtrTimeseries:
      `Reach: last ${lastActual(d.reachCtrTimeseries.reach, int)}; forecast ${ahead(d.reachCtrTimeseries.reach, int)}. ` +
      `CTR: last ${lastActual(d.reachCtrTimeseries.ctr, pct)}; forecast ${ahead(d.reachCtrTimeseries.ctr, pct)}.`,
    budgetAllocation: d.budgetAllocation.labels.length
      ? `Budget: re-splitting ${n2(t.current.spend)}/day across ${d.budgetAllocation.labels.length} units is expected to ` +
        `bring ${n2(t.recommended.outcome)} conversions and ${n2(t.recommended.value)} revenue a day, against ` +
        `${n2(t.current.outcome)} and ${n2(t.current.value)} with the current split.`
      : 'Budget: no active ad set or campaign with a daily budget and history to allocate.',
  };
}

export interface ForecastReplyInput {
  accountName: string;
  generatedAt: number;
  lastRun: { status: string; durationMs: number | null; finishedAt: number | null; reason?: string } | null;
  charts: number;
  synced?: boolean;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The ephemeral reply once the charts are in the channel. */
export function forecastReply(r: ForecastReplyInput): Message {
  const run = r.lastRun
    ? `Last run ${r.lastRun.status}${r.lastRun.finishedAt ? ` ${slackDate(r.lastRun.finishedAt)}` : ''}` +
      `${r.lastRun.durationMs === null ? '' : `, took ${seconds(r.lastRun.durationMs)}`}` +
      `${r.lastRun.reason ? `: ${esc(r.lastRun.reason, 500)}` : ''}.`
    : 'No run is logged yet.';
  const text = `${r.synced ? 'Regenerated and posted' : 'Posted'} ${r.charts} forecast charts for ${r.accountName}.`;
  return {
    text: fallback(text),
    blocks: [
      section(`:chart_with_upwards_trend: ${esc(text, 500)}`),
      context(`Forecasts generated ${slackDate(r.generatedAt)}. ${run}`),
    ],
  };
}

/** No stored forecast: say what is missing and how to get one. */
export function noForecastMessage(accountName: string, reason?: string): Message {
  const why = reason ?? 'No forecast has been generated yet.';
  return {
    text: fallback(`No forecasts for ${accountName}: ${why}`),
    blocks: [
      section(`:hourglass: No forecasts for *${esc(accountName, 200)}* yet. ${esc(why, 1500)}`),
      context(
        'Forecasts need at least 7 complete days of collected insights. They regenerate on a schedule; `/forecast sync` runs one now.',
      ),
    ],
  };
}
