import { Context } from '@temporalio/activity';
import type { DatabasePool } from 'slonik';
import { getAdAccount } from '../db/accounts.ts';
import { transitionAction, type ActionRow } from '../db/actions.ts';
import { staleOpenProposals } from '../db/orphans.ts';
import { AWAITING_DECISION, type ProposalStatus } from '../intel/approval.ts';
import { approvalWorkflowId } from '../workflows/ids.ts';
import type { RepairReport } from '../workflows/messages.ts';
import { approvalInput } from './proposals.ts';

type Liveness = 'running' | 'closed' | 'missing';

/** Whether a proposal's approval workflow runs (the activity's own client, on the worker's namespace). */
async function liveness(proposalId: number): Promise<Liveness> {
  try {
    const run = await Context.current().client.workflow.getHandle(approvalWorkflowId(proposalId)).describe();
    return run.status.name === 'RUNNING' ? 'running' : 'closed';
  } catch (error) {
    // By name: activities do not import @temporalio/client values (layer rule).
    if (error instanceof Error && error.name === 'WorkflowNotFoundError') return 'missing';
    throw error;
  }
}

/** What to do with a row whose workflow is gone. */
function verdict(row: ActionRow, state: Liveness, now: number): { to: ProposalStatus; reason: string } | 'restart' {
  const awaiting = AWAITING_DECISION.includes(row.status);
  if (awaiting && row.expires_at <= now)
    return {
      to: 'expired',
      reason: 'No decision before expiry (its workflow was gone; closed by the nightly repair).',
    };
  if (awaiting && state === 'missing') return 'restart';
  const what = state === 'missing' ? 'never started' : 'ended';
  return {
    to: 'failed',
    reason: `Its workflow ${what} while the proposal was ${row.status}; closed by the nightly repair. Check the entity on Meta before proposing again.`,
  };
}

/** The nightly repair of proposals left without a live workflow: every row ends with a workflow or a final state. */
export function createRepairActivities(deps: { pool: DatabasePool; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const { pool } = deps;
  return {
    /**
     * Checks each non-final proposal untouched for `graceMs` against its approval workflow; a row whose workflow is
     * gone is restarted (still awaiting a decision, never started) or finished as `expired`/`failed` with the reason.
     */
    async repairOrphanedProposals(graceMs = 15 * 60_000, limit = 1_000): Promise<RepairReport> {
      const t = now();
      const rows = await staleOpenProposals(pool, t - graceMs, limit);
      const report: RepairReport = { checked: rows.length, finished: [], restarted: [] };
      for (const row of rows) {
        Context.current().heartbeat(row.id);
        const state = await liveness(row.id);
        if (state === 'running') continue;
        const v = verdict(row, state, t);
        if (v === 'restart') {
          const account = await getAdAccount(pool, row.account_id);
          if (!account) continue;
          try {
            await Context.current().client.workflow.start('approvalWorkflow', {
              taskQueue: Context.current().info.taskQueue,
              workflowId: approvalWorkflowId(row.id),
              args: [approvalInput(row, account.approver_user_ids)],
            });
            report.restarted.push(row.id);
          } catch (error) {
            // Started meanwhile by its own starter (a late retry): that run owns it now.
            if (!(error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')) throw error;
          }
          continue;
        }
        const key = `repair:${row.id}:${row.status}:${row.updated_at}`;
        if (await transitionAction(pool, row.id, [row.status], v.to, 'adpilot', key, { reason: v.reason }))
          report.finished.push({ proposalId: row.id, status: v.to, reason: v.reason });
      }
      return report;
    },
  };
}
