import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

const daySchema = z.object({ day: z.string(), spend: z.number(), conversions: z.number() });

export interface DailySeries {
  /** `YYYY-MM-DD`, one per day of the window, oldest first; days without a row are null in the series. */
  days: string[];
  spend: (number | null)[];
  conversions: (number | null)[];
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An entity's daily spend and conversions over the `days` days ending with `now`'s (UTC) date. */
export async function entityDailySeries(
  db: DatabaseConnection,
  entity: { accountId: string; type: 'account' | 'campaign' | 'adset' | 'ad'; id: string },
  days: number,
  now: number,
): Promise<DailySeries> {
  const window = Array.from({ length: days }, (_, i) => iso(now - (days - 1 - i) * 86_400_000));
  const rows = await db.any(sql.type(daySchema)`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, spend::float8 AS spend, conversions::float8 AS conversions
    FROM insight_daily
    WHERE account_id = ${entity.accountId} AND entity_type = ${entity.type} AND entity_id = ${entity.id}
      AND day BETWEEN ${window[0]!}::date AND ${window[window.length - 1]!}::date`);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return {
    days: window,
    spend: window.map((d) => byDay.get(d)?.spend ?? null),
    conversions: window.map((d) => byDay.get(d)?.conversions ?? null),
  };
}
