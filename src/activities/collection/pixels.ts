import { upsertPixelHealth } from '../../db/pixels.ts';
import { localHourStart, localMidnight } from '../../intel/hourly-delta.ts';
import { pixelHealthFrom } from '../../intel/pixel-health.ts';
import { clientFor, metaCall } from '../meta.ts';
import { HOUR, stats, type CollectionContext, type StepStats } from './context.ts';

export function createPixelActivities(deps: CollectionContext) {
  const { pool, now, account } = deps;
  return {
    /** Pixel health: events today/7d/30d by name, last fired, match quality, funnel, hourly purchases. */
    async collectPixels(accountId: string): Promise<StepStats & { pixels: number }> {
      const a = await account(accountId);
      const client = await clientFor(deps.meta, accountId);
      const t = now();
      const pixels = await metaCall(() => client.listPixels(accountId));
      for (const pixel of pixels) {
        const stats30 = await metaCall(() => client.getPixelStats(pixel.id, t - 30 * 24 * HOUR, t));
        const health = pixelHealthFrom(stats30, { now: t, dayStart: localMidnight(t, a.timezone) });
        await upsertPixelHealth(pool, {
          accountId,
          pixelId: pixel.id,
          checkedHour: localHourStart(t, a.timezone),
          ...health,
          lastFiredAt: pixel.last_fired_time ? Date.parse(pixel.last_fired_time.replace(/\+0000$/, 'Z')) : null,
          eventMatchQuality: pixel.event_match_quality ?? null,
        });
      }
      return { pixels: pixels.length, ...stats(client) };
    },
  };
}
