import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { TrackingHealth } from '../intel/analytics/index.ts';

const stateSchema = z.object({
  account_id: z.string(),
  status: z.enum(['ok', 'broken']),
  reason: z.string(),
  observed: z.number(),
  expected: z.number(),
  since: z.number(),
  checked_at: z.number(),
});
export type TrackingState = z.infer<typeof stateSchema>;

/**
 * Records the tracking-health verdict; `since` moves only when the status changes, so it says how long the
 * breaker has been open. @returns the stored state and whether this call changed the status.
 */
export async function recordTrackingState(
  db: DatabaseConnection,
  accountId: string,
  h: TrackingHealth,
  at: number,
): Promise<{ state: TrackingState; changed: boolean }> {
  const ts = sql.timestamp(new Date(at));
  const before = await getTrackingState(db, accountId);
  const state = await db.one(sql.type(stateSchema)`
    INSERT INTO intel_tracking_state AS s (account_id, status, reason, observed, expected, since, checked_at)
    VALUES (${accountId}, ${h.status}, ${h.reason}, ${h.observed}, ${h.expected}, ${ts}, ${ts})
    ON CONFLICT (account_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
      observed = EXCLUDED.observed, expected = EXCLUDED.expected, checked_at = EXCLUDED.checked_at,
      since = CASE WHEN s.status = EXCLUDED.status THEN s.since ELSE EXCLUDED.since END
    RETURNING account_id, status, reason, observed, expected, since, checked_at`);
  return { state, changed: (before?.status ?? 'ok') !== h.status };
}

export async function getTrackingState(db: DatabaseConnection, accountId: string): Promise<TrackingState | null> {
  return db.maybeOne(sql.type(stateSchema)`
    SELECT account_id, status, reason, observed, expected, since, checked_at FROM intel_tracking_state
    WHERE account_id = ${accountId}`);
}
