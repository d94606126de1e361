// How many approval workflows one worker holds open, and what deciding them costs: start 1,000 proposals' approval
// workflows on a real Temporal dev server, wait until every card is posted, then reject them all through the
// decision Update (each rejection starts its outcome workflow with 24/48/72 h timers, which stay open).
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { approvalInput } from '../src/activities/proposals.ts';
import { decideProposal } from '../src/bot/decisions.ts';
import { parseConfig } from '../src/config.ts';
import { insertProposal } from '../src/db/actions.ts';
import { upsertAdAccount } from '../src/db/accounts.ts';
import { createDb } from '../src/db/pool.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { approvalWorkflowId } from '../src/workflows/ids.ts';
import { temporalCliPath } from '../src/temporal/tools.ts';
import { createWorker } from '../src/worker.ts';
import { benchDatabase, mib } from './support.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });
const N = Number(process.env.BENCH_APPROVALS ?? 1000);
const db = await benchDatabase();
const temporal = await startDevServer({ cliPath: temporalCliPath(process.env.TEMPORAL_CLI_PATH), port: 7398 });
const pool = await createDb(db.url, { maxPoolSize: 20 });
const connection = await Connection.connect({ address: temporal.address });
const native = await NativeConnection.connect({ address: temporal.address });
const client = new Client({ connection });
try {
  await upsertAdAccount(pool, { id: 'act_bench', workspaceId: 'T', name: 'bench', approverUserIds: ['U_ALEX'] });
  const worker = await createWorker({
    connection: native,
    namespace: 'default',
    taskQueue: 'approvals',
    deps: {
      pool,
      config: parseConfig({ DATABASE_URL: db.url }),
      meta: { baseUrl: 'http://127.0.0.1:9/unused', tokenFor: () => undefined },
    },
    options: { maxCachedWorkflows: 2_000 },
  });
  await worker.runUntil(async () => {
    const rssBase = process.memoryUsage().rss;
    const t0 = performance.now();
    const ids: number[] = [];
    for (let i = 0; i < N; i++) {
      const row = (await insertProposal(pool, {
        idempotencyKey: `bench:${i}`,
        accountId: 'act_bench',
        ruleId: null,
        entityType: 'ad',
        entityId: `ad_${i}`,
        entityName: `Ad ${i}`,
        actionType: 'pause',
        params: {},
        executionMode: 'approval_required',
        evidence: [],
        explanation: 'bench',
        expiryPolicy: 'drop',
        expiresAt: Date.now() + 24 * 3_600_000,
      }))!;
      ids.push(row.id);
      await client.workflow.start('approvalWorkflow', {
        taskQueue: 'approvals',
        workflowId: approvalWorkflowId(row.id),
        args: [approvalInput(row, ['U_ALEX'])],
      });
    }
    const started = performance.now();
    const posted = async () =>
      pool.oneFirst(
        sql.type(
          z.object({ n: z.number() }),
        )`SELECT count(DISTINCT action_id)::int AS n FROM intel_notification WHERE kind = 'proposal'`,
      );
    while ((await posted()) < N) await new Promise((r) => setTimeout(r, 200));
    const waiting = performance.now();
    const rssOpen = process.memoryUsage().rss;
    console.log(
      `started ${N} approval workflows in ${((started - t0) / 1000).toFixed(1)} s; all ${N} cards posted and waiting after ${((waiting - t0) / 1000).toFixed(1)} s`,
    );
    console.log(
      `worker process RSS with ${N} open approvals: ${mib(rssOpen)} (+${mib(rssOpen - rssBase)} over the idle worker)`,
    );
    const d0 = performance.now();
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids
          .slice(i, i + 50)
          .map((id) => decideProposal(client, id, { kind: 'reject', userId: 'U_ALEX', reason: 'bench' })),
      );
    }
    const decided = performance.now();
    for (const id of ids) await client.workflow.getHandle(approvalWorkflowId(id)).result();
    console.log(
      `decided all ${N} through the Update in ${((decided - d0) / 1000).toFixed(1)} s (${Math.round(N / ((decided - d0) / 1000))}/s); all runs completed after ${((performance.now() - d0) / 1000).toFixed(1)} s; ${N} outcome workflows stay open on their 24/48/72 h timers`,
    );
    console.log(`worker process RSS after deciding: ${mib(process.memoryUsage().rss)}`);
  });
} finally {
  await native.close();
  await connection.close();
  await pool.end();
  await temporal.stop();
  await db.stop();
}
