import { sql, type DatabaseConnection } from 'slonik';
import { actionSchema, getAction, type ActionRow } from './actions.ts';

/**
 * Proposals in a non-final state last changed before `before`, oldest first: the candidates the nightly repair
 * checks against their workflows (a younger row may still have its start in flight).
 */
export async function staleOpenProposals(
  db: DatabaseConnection,
  before: number,
  limit: number,
): Promise<readonly ActionRow[]> {
  const ids = await db.anyFirst(sql.type(actionSchema.pick({ id: true }))`
    SELECT id FROM intel_automation_action
    WHERE status IN ('proposed', 'reconfirm', 'escalated', 'approved', 'executing')
      AND updated_at < ${sql.timestamp(new Date(before))}
    ORDER BY updated_at LIMIT ${limit}`);
  const rows: ActionRow[] = [];
  for (const id of ids) {
    const row = await getAction(db, id);
    if (row) rows.push(row);
  }
  return rows;
}
