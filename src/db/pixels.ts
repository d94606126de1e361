import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { PixelHealth } from '../intel/pixel-health.ts';

export interface PixelHealthInput extends PixelHealth {
  accountId: string;
  pixelId: string;
  checkedHour: number;
  lastFiredAt: number | null;
  eventMatchQuality: number | null;
}

export async function upsertPixelHealth(db: DatabaseConnection, p: PixelHealthInput): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO intel_pixel_health (account_id, pixel_id, checked_hour, events_today, events_7d, events_30d, events_by_name,
      hourly_purchases, last_fired_at, event_match_quality, funnel)
    VALUES (${p.accountId}, ${p.pixelId}, ${sql.timestamp(new Date(p.checkedHour))}, ${p.eventsToday}, ${p.events7d}, ${p.events30d},
      ${sql.jsonb(p.eventsByName)}, ${sql.jsonb(p.hourlyPurchases)},
      ${p.lastFiredAt === null ? null : sql.timestamp(new Date(p.lastFiredAt))}, ${p.eventMatchQuality}, ${sql.jsonb(p.funnel)})
    ON CONFLICT (account_id, pixel_id, checked_hour) DO UPDATE SET events_today = EXCLUDED.events_today,
      events_7d = EXCLUDED.events_7d, events_30d = EXCLUDED.events_30d, events_by_name = EXCLUDED.events_by_name,
      hourly_purchases = EXCLUDED.hourly_purchases, last_fired_at = EXCLUDED.last_fired_at,
      event_match_quality = EXCLUDED.event_match_quality, funnel = EXCLUDED.funnel`);
}

const healthSchema = z.object({
  pixel_id: z.string(),
  checked_hour: z.number(),
  events_today: z.number(),
  events_7d: z.number(),
  events_30d: z.number(),
  events_by_name: z.record(z.string(), z.number()),
  last_fired_at: z.number().nullable(),
  event_match_quality: z.number().nullable(),
  funnel: z.object({
    viewToCart: z.number().nullable(),
    cartToPurchase: z.number().nullable(),
    viewToPurchase: z.number().nullable(),
  }),
});
export type StoredPixelHealth = z.infer<typeof healthSchema>;

export async function latestPixelHealth(
  db: DatabaseConnection,
  accountId: string,
): Promise<readonly StoredPixelHealth[]> {
  return db.any(sql.type(healthSchema)`
    SELECT DISTINCT ON (pixel_id) pixel_id, checked_hour, events_today, events_7d, events_30d, events_by_name, last_fired_at,
           event_match_quality, funnel
    FROM intel_pixel_health WHERE account_id = ${accountId} ORDER BY pixel_id, checked_hour DESC`);
}
