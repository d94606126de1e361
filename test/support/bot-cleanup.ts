import type { Client } from '@temporalio/client';
import type { DatabasePool } from 'slonik';
import { listOpenProposals } from '../../src/db/actions.ts';
import { deleteAccountSchedules } from '../../src/temporal/schedules.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';

/**
 * Ends what a test left running for its accounts on the shared Temporal server: the approval workflows of the
 * proposals it started or that are still open (they wait for people for days), and the accounts' Schedules
 * (ACCOUNT_SCHEDULES), whether the harness or the test created them. This is why account ids must
 * be unique across test files that create Schedules.
 */
export async function endAccountsWork(
  temporal: Client,
  pool: DatabasePool,
  accountIds: string[],
  started: number[],
): Promise<void> {
  const approvals = new Set(started);
  for (const accountId of accountIds)
    for (const p of await listOpenProposals(pool, accountId).catch(() => [])) approvals.add(p.id);
  for (const id of approvals)
    await temporal.workflow
      .getHandle(approvalWorkflowId(id))
      .terminate('test done')
      .catch(() => undefined);
  for (const accountId of accountIds) await deleteAccountSchedules(temporal, accountId).catch(() => undefined);
}
