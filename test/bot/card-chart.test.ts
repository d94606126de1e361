import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { cardTrendInput, TREND_DAYS } from '../../src/activities/card-chart.ts';
import { getAction } from '../../src/db/actions.ts';
import { listNotifications } from '../../src/db/notifications.ts';
import { inkStats, pngSize } from '../charts/png.ts';
import { DEMO_ON_ADS } from '../support/bot-demo.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually as until } from '../support/eventually.ts';
import { DAY } from '../../src/intel/time.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// The proposal card's thread gets a PNG trend of the entity's daily spend and conversions, from insight_daily.
let h: BotHarness;
const spendOf = (i: number) => 40 + i * 3;
const conversionsOf = (i: number) => i % 4;

async function seedDaily(entityId: string): Promise<void> {
  for (let i = 0; i < TREND_DAYS; i++) {
    const day = new Date(Date.now() - (TREND_DAYS - 1 - i) * DAY).toISOString().slice(0, 10);
    await h.db.pool.query(sql.unsafe`
      INSERT INTO insight_daily (account_id, entity_type, entity_id, day, impressions, reach, clicks, spend, conversions,
                                 conversion_value, hours_covered)
      VALUES (${h.accountId}, 'adset', ${entityId}, ${day}::date, 1000, 800, 20, ${spendOf(i)}, ${conversionsOf(i)},
              ${conversionsOf(i) * 30}, 24)`);
  }
}

/** Pixels near a colour inside the plot area (between the title and the legend): how much of a line is drawn. */
async function pixelsNear(png: Buffer, hex: string): Promise<number> {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  const top = Math.round(image.height * 0.12);
  const { data } = ctx.getImageData(0, top, image.width, Math.round(image.height * 0.7));
  let n = 0;
  for (let i = 0; i < data.length; i += 4)
    if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 30) n++;
  return n;
}

beforeAll(async () => {
  h = await startBotHarness(DEMO_ON_ADS);
}, 120_000);
afterAll(async () => h?.close());

const threadFiles = (ts: string) =>
  (h.emu.state.messages.get('C_ADS') ?? []).filter((m) => m.thread_ts === ts && m.files?.length);

describe('the trend chart on proposal cards', () => {
  it("uploads a PNG of the entity's daily spend and conversions into the card's thread", async () => {
    await seedDaily('as_demo_interest');
    const id = await h.propose('chart-1');
    const ts = await h.cardTs(id);
    await h.emu.waitForCall('files.completeUploadExternal', (c) => c.ok && c.args.thread_ts === ts, 15_000);
    const [message] = threadFiles(ts);
    const file = h.emu.state.files.get(message!.files![0]!)!;
    expect(file).toMatchObject({ mimetype: 'image/png', title: 'Interests - outdoor: last 14 days', completed: true });
    expect(file.alt_text).toContain('Interests - outdoor');
    const png = file.bytes!;
    expect(pngSize(png)).toEqual({ width: 1440, height: 640 });
    expect((await inkStats(png)).ink).toBeGreaterThan(5000);
    // Both series are drawn in their palette colours (spend blue, conversions orange).
    expect(await pixelsNear(png, '#0072B2')).toBeGreaterThan(500);
    expect(await pixelsNear(png, '#E69F00')).toBeGreaterThan(500);
    // ...and the chart's data is the entity's insight_daily rows, day by day.
    const input = (await cardTrendInput(h.db.pool, (await getAction(h.db.pool, id))!, 'USD', Date.now()))!;
    expect(input.series[0]!.values).toEqual(Array.from({ length: TREND_DAYS }, (_, i) => spendOf(i)));
    expect(input.series[1]!.values).toEqual(Array.from({ length: TREND_DAYS }, (_, i) => conversionsOf(i)));
  }, 30_000);

  it('still posts the card when the upload fails, and posts no chart for an entity without data', async () => {
    await seedDaily('as_demo_broad');
    h.emu.failNext('files.getUploadURLExternal', { error: 'internal_error' });
    const failing = await h.propose('chart-2', {
      entityId: 'as_demo_broad',
      entityName: 'Broad 25-54',
      actionType: 'decrease_budget',
      params: { change_percent: 20 },
    });
    const ts = await h.cardTs(failing);
    expect(JSON.stringify(h.emu.state.findMessage('C_ADS', ts)!.blocks)).toContain('proposal_approve');
    await until(async () =>
      h.emu.calls('files.getUploadURLExternal').some((c) => c.error === 'internal_error') ? true : undefined,
    );
    const empty = await h.propose('chart-3', {
      entityId: 'as_demo_nodata',
      entityName: 'No data yet',
      actionType: 'activate',
    });
    const emptyTs = await h.cardTs(empty);
    // The notifier records the post after the chart attempt: once both are recorded, both attempts are over.
    await until(async () => {
      const posted = (await listNotifications(h.db.pool, h.accountId, 'proposal')).map((n) => n.action_id);
      return posted.includes(failing) && posted.includes(empty) ? true : undefined;
    });
    expect(threadFiles(ts)).toEqual([]);
    expect(threadFiles(emptyTs)).toEqual([]);
    expect(h.emu.calls('files.completeUploadExternal').filter((c) => c.args.thread_ts === ts)).toEqual([]);
  }, 30_000);
});
