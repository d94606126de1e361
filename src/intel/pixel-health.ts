/** Pixel health from hourly event counts (`/{pixel}/stats?aggregation=event`): pure, so it is unit-testable. */
import { DAY } from './time.ts';

export interface PixelHour {
  start_time: string;
  data: { value: string; count: number }[];
}

export interface PixelHealth {
  eventsToday: number;
  events7d: number;
  events30d: number;
  eventsByName: Record<string, number>;
  hourlyPurchases: { hour: number; count: number }[];
  funnel: { viewToCart: number | null; cartToPurchase: number | null; viewToPurchase: number | null };
}

const parseTime = (s: string) => Date.parse(s.replace(/\+0000$/, 'Z'));
const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** Events today (since the local midnight `dayStart`), 7 and 30 days, by name today, and the funnel over 7 days. */
export function pixelHealthFrom(hours: readonly PixelHour[], o: { now: number; dayStart: number }): PixelHealth {
  let eventsToday = 0;
  let events7d = 0;
  let events30d = 0;
  const byName: Record<string, number> = {};
  const week: Record<string, number> = {};
  const hourlyPurchases: PixelHealth['hourlyPurchases'] = [];
  for (const h of hours) {
    const t = parseTime(h.start_time);
    const total = h.data.reduce((a, d) => a + d.count, 0);
    if (t >= o.now - 30 * DAY) events30d += total;
    if (t >= o.now - 7 * DAY) {
      events7d += total;
      for (const d of h.data) week[d.value] = (week[d.value] ?? 0) + d.count;
    }
    if (t >= o.dayStart) {
      eventsToday += total;
      for (const d of h.data) byName[d.value] = (byName[d.value] ?? 0) + d.count;
    }
    if (t >= o.now - 8 * DAY)
      hourlyPurchases.push({ hour: t, count: h.data.find((d) => d.value === 'Purchase')?.count ?? 0 });
  }
  const views = week.PageView ?? 0;
  const carts = week.AddToCart ?? 0;
  const purchases = week.Purchase ?? 0;
  return {
    eventsToday,
    events7d,
    events30d,
    eventsByName: byName,
    hourlyPurchases,
    funnel: {
      viewToCart: rate(carts, views),
      cartToPurchase: rate(purchases, carts),
      viewToPurchase: rate(purchases, views),
    },
  };
}
