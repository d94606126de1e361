import type { Client } from '@temporalio/client';
import type { DatabasePool } from 'slonik';
import { approvalInput } from '../../src/activities/proposals.ts';
import { getAction, insertProposal, type NewProposal } from '../../src/db/actions.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { eventually } from './eventually.ts';

/** What `propose` needs to know about the harness: where proposals go and who decides them. */
export interface ProposalTarget {
  pool: DatabasePool;
  temporal: Client;
  taskQueue: string;
  accountId: string;
  channel: string;
  approvers: string[];
}

/**
 * Returns `propose(key, overrides)`: inserts a proposal (by default: pause the demo's ad set that spends without
 * purchases) and starts its approval workflow, as the collection does; `started` collects the ids for clean-up.
 */
export function proposer(t: ProposalTarget, started: number[]) {
  return async (key: string, p: Partial<NewProposal> = {}): Promise<number> => {
    const row = (await insertProposal(t.pool, {
      idempotencyKey: key,
      accountId: t.accountId,
      ruleId: null,
      entityType: 'adset',
      entityId: 'as_demo_interest',
      entityName: 'Interests - outdoor',
      actionType: 'pause',
      params: {},
      executionMode: 'approval_required',
      evidence: [{ field: 'spend', window: '48h', actual: 120, operator: '>', threshold: 50 }],
      explanation: "Ad set 'Interests - outdoor' spent $120.00 in the last 48 h with 0 purchases.",
      expectedImpact: { summary: 'Stops about $60 a day that brings no purchases.' },
      confidence: 0.8,
      expiryPolicy: 'drop',
      expiresAt: Date.now() + 24 * 3_600_000,
      slackChannelId: t.channel,
      ...p,
    }))!;
    await t.temporal.workflow.start('approvalWorkflow', {
      taskQueue: t.taskQueue,
      workflowId: approvalWorkflowId(row.id),
      args: [approvalInput(row, t.approvers)],
    });
    started.push(row.id);
    return row.id;
  };
}

/** The ts of a proposal's card once the notifier has posted it. */
export function cardTsOf(pool: DatabasePool, id: number): Promise<string> {
  return eventually(async () => (await getAction(pool, id))?.slack_message_ts ?? undefined);
}
