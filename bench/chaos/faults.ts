// The faults of the chaos run. Each returns when the fault is over (the killed worker polls again, the server
// answers, the storm has ended); recovery is then measured by a probe proposal going all the way to Meta.
import type { Client } from '@temporalio/client';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { approvalWorkflowId, collectScheduleId } from '../../src/workflows/ids.ts';
import type { createProposer } from './actors.ts';
import { sleep, until } from './infra.ts';
import type { Topology } from './topology.ts';

class StopWaiting extends Error {}

export type Phase = 'collection' | 'approval' | 'execution' | 'outcome';

export interface FaultContext {
  pool: DatabasePool;
  client: Client;
  t: Topology;
  proposer: ReturnType<typeof createProposer>;
  random: () => number;
}

const statusOf = async (pool: DatabasePool, id: number) =>
  pool.oneFirst(sql.type(z.object({ status: z.string() }))`
    SELECT status FROM intel_automation_action WHERE id = ${id}`);

/** The worker running a workflow's pending activity right now, if any (else a random one). */
async function workerRunning(c: FaultContext, workflowId: string): Promise<number> {
  const d = await c.client.workflow
    .getHandle(workflowId)
    .describe()
    .catch(() => undefined);
  for (const a of d?.raw.pendingActivities ?? []) {
    const i = c.t.workerByIdentity(a.lastWorkerIdentity ?? undefined);
    if (i !== undefined) return i;
  }
  return Math.floor(c.random() * c.t.workers.length);
}

/** Waits for a moment of `phase`, then kill -9 of the worker doing it. @returns whether the phase was caught. */
export async function killDuring(c: FaultContext, phase: Phase): Promise<boolean> {
  const { pool, client, t } = c;
  const restartDelay = Math.floor(c.random() * 2000);
  let target = Math.floor(c.random() * t.workers.length);
  let caught = true;
  if (phase === 'collection') {
    await client.schedule
      .getHandle(collectScheduleId(t.accountId))
      .trigger()
      .catch(() => undefined);
    const wf = await until(
      () =>
        pool
          .maybeOneFirst(
            sql.type(z.object({ workflow_id: z.string() }))`
          SELECT workflow_id FROM collection_run WHERE account_id = ${t.accountId} AND status = 'running'
          ORDER BY started_at DESC LIMIT 1`,
          )
          .then((w) => w ?? undefined),
      30_000,
      100,
    ).catch(() => undefined);
    caught = wf !== undefined;
    if (wf) target = await workerRunning(c, wf);
  } else if (phase === 'approval') {
    // Killed right after the click: the decision update, the safety check and the execution are in flight.
    const p = await c.proposer.propose();
    caught = await until(async () => ((await statusOf(pool, p.id)) !== 'proposed' ? true : undefined), 60_000, 50)
      .then(() => true)
      .catch(() => false);
  } else if (phase === 'execution') {
    // A slow Meta write keeps the execution activity open long enough to kill the worker inside it.
    t.meta.faults.inject({ kind: 'slow', ms: 1500 }, { method: 'POST', times: 1 });
    const p = await c.proposer.propose();
    caught = await until(async () => ((await statusOf(pool, p.id)) === 'executing' ? true : undefined), 60_000, 50)
      .then(() => true)
      .catch(() => false);
    if (caught) target = await workerRunning(c, approvalWorkflowId(p.id));
  } else {
    // Right after the execution: the outcome workflow is being started and runs its first task.
    const p = await c.proposer.propose();
    caught = await until(async () => ((await statusOf(pool, p.id)) === 'executed' ? true : undefined), 90_000, 50)
      .then(() => true)
      .catch(() => false);
  }
  await t.killWorker(target, restartDelay);
  return caught;
}

/** A fresh proposal from insert to its write at Meta (the approver clicks it): how long the whole path takes. */
export async function probe(c: FaultContext, timeoutMs = 300_000): Promise<number> {
  const t0 = Date.now();
  const p = await c.proposer.propose();
  await until(
    async () => {
      if (c.t.sim.writes.some((w) => w.id === p.entityId)) return true;
      const status = await statusOf(c.pool, p.id);
      // A probe that ends without a write cannot measure recovery: say why instead of waiting for nothing.
      if (['blocked', 'failed', 'expired', 'rejected', 'recorded'].includes(status))
        throw new StopWaiting(`probe proposal ${p.id} ended ${status} without a write`);
      return undefined;
    },
    timeoutMs,
    200,
  );
  return Date.now() - t0;
}

/**
 * Slack answers 503 or rate-limits (Retry-After) every call of the card methods for `ms`, while new proposals keep
 * coming. One scripted failure per method at a time, re-armed once the app's call consumed it, so nothing of the
 * outage is left queued when it ends.
 */
export async function slackOutage(c: FaultContext, ms: number): Promise<void> {
  const methods = ['chat.postMessage', 'chat.update', 'chat.postEphemeral'];
  const seen = new Map(methods.map((m) => [m, -1]));
  const end = Date.now() + ms;
  let filed = 0;
  let turn = 0;
  while (Date.now() < end) {
    for (const m of methods) {
      const n = c.t.slack.calls(m).length;
      if (n === seen.get(m)) continue;
      seen.set(m, n);
      c.t.slack.failNext(m, turn++ % 2 ? { rateLimited: 2 } : { httpStatus: 503 }, 1);
    }
    if (filed++ % 100 === 0) void c.proposer.propose().catch(() => undefined);
    await sleep(100);
  }
}

/** Meta 5xx on every call, then throttling (usage at 100 %) for `ms`, with a collection running into it. */
export async function metaStorm(c: FaultContext, ms: number): Promise<void> {
  const faults = c.t.meta.faults;
  faults.inject({ kind: 'server_error', status: 503 }, { times: 10_000 });
  await c.client.schedule
    .getHandle(collectScheduleId(c.t.accountId))
    .trigger()
    .catch(() => undefined);
  await sleep(ms / 2);
  faults.clear();
  faults.usagePercent = 100;
  await sleep(ms / 2);
  faults.clear();
}
