import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

/**
 * The proposal a recommendation click already led to: the one with the same idempotency key, else an open one on
 * the same entity and action (the partial unique index allows only one). @returns its id, or null.
 */
export async function existingProposalId(
  db: DatabaseConnection,
  idempotencyKey: string,
  accountId: string,
  entityId: string,
  actionType: string,
): Promise<number | null> {
  const row = await db.maybeOne(sql.type(z.object({ id: z.number() }))`
    SELECT id FROM intel_automation_action
    WHERE idempotency_key = ${idempotencyKey}
       OR (account_id = ${accountId} AND entity_id = ${entityId} AND action_type = ${actionType}
           AND status IN ('proposed', 'reconfirm', 'approved', 'executing', 'escalated'))
    ORDER BY (idempotency_key = ${idempotencyKey}) DESC, id DESC LIMIT 1`);
  return row?.id ?? null;
}
