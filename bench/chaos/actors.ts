// The people and the load of the chaos run: a proposer that files pause proposals on unused ads (inserted and
// started as the collection does), and an approver who clicks Approve on every card through the Slack emulator.
import type { Client } from '@temporalio/client';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { approvalInput } from '../../src/activities/proposals.ts';
import { getAction, insertProposal } from '../../src/db/actions.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { sleep, until } from './infra.ts';
import { APPROVER, CHANNEL, type Topology } from './topology.ts';

export function createProposer(pool: DatabasePool, client: Client, t: Topology, random: () => number) {
  const unused = t.sim.ads.map((a) => a.id);
  return {
    left: () => unused.length,
    /** Files one proposal and starts its workflow (retrying while Temporal or PostgreSQL is down). */
    async propose(): Promise<{ id: number; entityId: string }> {
      const [entityId] = unused.splice(Math.floor(random() * unused.length), 1);
      if (!entityId) throw new Error('chaos: no unused ad left to propose on; use a larger account');
      const row = await until(
        async () =>
          (await insertProposal(pool, {
            idempotencyKey: `chaos:${entityId}`,
            accountId: t.accountId,
            ruleId: null,
            entityType: 'ad',
            entityId,
            entityName: entityId,
            actionType: 'pause',
            params: {},
            executionMode: 'approval_required',
            evidence: [{ field: 'spend', window: '48h', actual: 120, operator: '>', threshold: 50 }],
            explanation: `Ad ${entityId} spent $120.00 in the last 48 h with 0 purchases.`,
            expectedImpact: { summary: 'Stops spend that brings no purchases.' },
            confidence: 0.8,
            expiryPolicy: 'drop',
            expiresAt: Date.now() + 24 * 3_600_000,
            slackChannelId: CHANNEL,
          })) ??
          (await pool
            .maybeOne(
              sql.type(z.object({ id: z.number() }))`
            SELECT id::int AS id FROM intel_automation_action WHERE idempotency_key = ${`chaos:${entityId}`}`,
            )
            .then((r) => (r ? getAction(pool, r.id) : null))) ??
          undefined,
        300_000,
        1000,
      );
      await until(
        () =>
          client.workflow
            .start('approvalWorkflow', {
              taskQueue: 'adpilot-chaos',
              workflowId: approvalWorkflowId(row.id),
              args: [approvalInput(row, [APPROVER])],
            })
            .then(() => true)
            .catch((error: Error) => {
              if (error.name === 'WorkflowExecutionAlreadyStartedError') return true;
              throw error;
            }),
        300_000,
        1000,
      );
      return { id: row.id, entityId };
    },
  };
}

/** Clicks Approve on every undecided card, again after 20 s if the click did not take (a fault ate it). */
export function startApprover(pool: DatabasePool, t: Topology) {
  const clickedAt = new Map<number, number>();
  let stopped = false;
  let clicks = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        const open = await pool.any(sql.type(z.object({ id: z.number(), ts: z.string() }))`
          SELECT id::int AS id, slack_message_ts AS ts FROM intel_automation_action
          WHERE account_id = ${t.accountId} AND status IN ('proposed', 'reconfirm') AND slack_message_ts IS NOT NULL`);
        for (const p of open) {
          if (Date.now() - (clickedAt.get(p.id) ?? 0) < 20_000) continue;
          clickedAt.set(p.id, Date.now());
          clicks++;
          await t.slack
            .clickButton({
              userId: APPROVER,
              actionId: 'proposal_approve',
              channelId: CHANNEL,
              messageTs: p.ts,
              value: String(p.id),
            })
            .catch(() => undefined);
        }
      } catch {
        // PostgreSQL restarting: try again next round.
      }
      await sleep(500);
    }
  })();
  return {
    clicks: () => clicks,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
