/**
 * The small trend chart in a proposal card's thread: the entity's daily spend and conversions of the last two
 * weeks, rendered in-process (ad data never leaves the deployment) and uploaded with files.uploadV2.
 */
import type { WebClient } from '@slack/web-api';
import type { DatabasePool } from 'slonik';
import { renderChartPng, trendChart, type TrendInput } from '../charts/index.ts';
import type { ActionRow } from '../db/actions.ts';
import { entityDailySeries } from '../db/daily-series.ts';

export const TREND_DAYS = 14;

/** The chart's data, or null when the entity has no daily rows in the window (nothing worth a picture). */
export async function cardTrendInput(
  pool: DatabasePool,
  row: ActionRow,
  currency: string,
  now: number,
): Promise<TrendInput | null> {
  const s = await entityDailySeries(
    pool,
    { accountId: row.account_id, type: row.entity_type, id: row.entity_id },
    TREND_DAYS,
    now,
  );
  if (s.spend.every((v) => v === null)) return null;
  return {
    title: `${row.entity_name ?? row.entity_id}: last ${TREND_DAYS} days`,
    // The last day is today, still filling up: say so, or its drop reads as a collapse.
    labels: s.days.map((d, i) => (i === s.days.length - 1 ? `${d.slice(5)} (so far)` : d.slice(5))),
    series: [
      { name: `Spend (${currency})`, values: s.spend, axis: 'left' },
      { name: 'Conversions', values: s.conversions, axis: 'right' },
    ],
    yLabel: `Spend (${currency})`,
    y2Label: 'Conversions',
  };
}

/**
 * Renders the trend and uploads it into the card's thread.
 * @returns false when there was no data to chart.
 * @throws what rendering or the upload throws; the notifier calls this best-effort so the card stands regardless.
 */
export async function postCardChart(
  deps: { pool: DatabasePool; slack: WebClient },
  row: ActionRow,
  card: { channel: string; ts: string; currency: string; now: number },
): Promise<boolean> {
  const input = await cardTrendInput(deps.pool, row, card.currency, card.now);
  if (!input) return false;
  const config = trendChart(input);
  // Spend and conversions are never negative: without a floor, a flat zero line centres on the axis (-1…1).
  for (const axis of ['y', 'y2'] as const) {
    const scale = config.options?.scales?.[axis];
    if (scale) scale.min = 0;
  }
  const png = await renderChartPng(config, { width: 720, height: 320 });
  await deps.slack.files.uploadV2({
    channel_id: card.channel,
    thread_ts: card.ts,
    file: png,
    filename: `trend-${row.entity_id}.png`,
    title: input.title ?? 'Trend',
    alt_text: `Daily spend and conversions of ${row.entity_name ?? row.entity_id} over the last ${TREND_DAYS} days`,
  });
  return true;
}
