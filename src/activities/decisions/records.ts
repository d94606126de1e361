import { transitionAction, setUndoUntil } from '../../db/actions.ts';
import { AWAITING_DECISION, type Decision, type ProposalStatus } from '../../intel/approval.ts';
import { mustGet } from './common.ts';
import type { DecisionDeps } from './deps.ts';

/** What people and the workflow decided, recorded on the proposal row with its audit event. */
export function createDecisionRecords(deps: Pick<DecisionDeps, 'pool' | 'now'>) {
  const now = deps.now ?? Date.now;
  const { pool } = deps;
  return {
    async recordDecision(id: number, decision: Decision): Promise<void> {
      const to: ProposalStatus = decision.kind === 'reject' ? 'rejected' : 'approved';
      const params =
        decision.kind === 'modify' && decision.changePercent !== undefined
          ? { change_percent: decision.changePercent, modified_by: decision.userId }
          : undefined;
      await transitionAction(
        pool,
        id,
        AWAITING_DECISION,
        to,
        decision.userId,
        `decide:${id}:${decision.userId}:${decision.kind}:${(await mustGet(pool, id)).updated_at}`,
        {
          reason: decision.reason ?? null,
          decision: { kind: decision.kind, userId: decision.userId, reason: decision.reason ?? null, at: now() },
          ...(params ? { params } : {}),
        },
      );
    },

    async recordStatus(id: number, status: ProposalStatus, actor: string, reason: string): Promise<void> {
      const row = await mustGet(pool, id);
      if (row.status === status) return;
      await transitionAction(pool, id, [row.status], status, actor, `status:${id}:${status}:${row.updated_at}`, {
        reason,
      });
    },

    async setUndoWindow(id: number, until: number): Promise<void> {
      await setUndoUntil(pool, id, until);
    },
  };
}
