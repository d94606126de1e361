import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

/** The Meta business an account belongs to, once collection has seen it; null before that or for none. */
export async function businessOf(db: DatabaseConnection, accountId: string): Promise<string | null> {
  return db.maybeOneFirst(
    sql.type(z.object({ business_id: z.string().nullable() }))`
      SELECT business_id FROM ad_account WHERE id = ${accountId}`,
  );
}

export async function setBusinessOf(db: DatabaseConnection, accountId: string, businessId: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE ad_account SET business_id = ${businessId}, updated_at = now()
    WHERE id = ${accountId} AND business_id IS DISTINCT FROM ${businessId}`);
}

/** Keeps the later of the stored and the given end, so a short wait never shortens a long one. */
export async function blockBusinessUntil(
  db: DatabaseConnection,
  businessId: string,
  until: number,
  reason: string,
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO meta_business_pacing (business_id, blocked_until, reason)
    VALUES (${businessId}, ${sql.timestamp(new Date(until))}, ${reason})
    ON CONFLICT (business_id) DO UPDATE SET blocked_until = EXCLUDED.blocked_until, reason = EXCLUDED.reason,
      updated_at = now()
    WHERE meta_business_pacing.blocked_until < EXCLUDED.blocked_until`);
}

/** Epoch ms until which the business must not call Meta, or null when it may. */
export async function businessBlockedUntil(db: DatabaseConnection, businessId: string): Promise<number | null> {
  const until = await db.maybeOneFirst(
    sql.type(z.object({ blocked_until: z.number() }))`
      SELECT blocked_until FROM meta_business_pacing WHERE business_id = ${businessId}`,
  );
  return until ?? null;
}

/**
 * Takes one of `slots` session advisory locks of the business on this connection, or none when all are held
 * (by any worker: the locks live in PostgreSQL). They end with the session, so a crashed worker frees its slot.
 * @returns the slot taken, or null.
 */
export async function tryBusinessSlot(
  db: DatabaseConnection,
  businessId: string,
  slots: number,
): Promise<number | null> {
  for (let slot = 0; slot < slots; slot++) {
    const got = await db.oneFirst(
      sql.type(z.object({ got: z.boolean() }))`
        SELECT pg_try_advisory_lock(hashtext(${'meta-business:' + businessId}), ${slot}) AS got`,
    );
    if (got) return slot;
  }
  return null;
}

export async function releaseBusinessSlot(db: DatabaseConnection, businessId: string, slot: number): Promise<void> {
  await db.query(sql.unsafe`SELECT pg_advisory_unlock(hashtext(${'meta-business:' + businessId}), ${slot})`);
}
