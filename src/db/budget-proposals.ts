/** Proposals made from a budget plan, found again by their idempotency keys (a second Approve click). */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

const row = z.object({ id: z.number(), idempotency_key: z.string(), status: z.string() });

/** Proposals whose idempotency key starts with `prefix` (one plan's keys share it). */
export async function proposalsByKeyPrefix(
  db: DatabaseConnection,
  prefix: string,
): Promise<readonly z.infer<typeof row>[]> {
  return db.any(sql.type(row)`
    SELECT id, idempotency_key, status FROM intel_automation_action
    WHERE starts_with(idempotency_key, ${prefix}) ORDER BY id`);
}
