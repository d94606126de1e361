// End-to-end collection of the 10,000-ad scenario: Graph API emulator (own process) → collectAccount workflow on a
// real Temporal dev server → PostgreSQL. Prints wall time, Graph API calls, rows/second and peak worker RSS.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { parseConfig } from '../src/config.ts';
import { upsertAdAccount } from '../src/db/accounts.ts';
import type { RunSummary } from '../src/db/collection-runs.ts';
import { createDb } from '../src/db/pool.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { temporalCliPath } from '../src/temporal/tools.ts';
import { createWorker } from '../src/worker.ts';
import { benchDatabase, mib, withPeakRss } from './support.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });
const child = spawn(
  process.execPath,
  [new URL('./graph-emulator-process.ts', import.meta.url).pathname, process.argv[2] ?? 'large'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
const emu = JSON.parse(line) as { baseUrl: string; token: string; accountId: string; timezone: string; ads: number };
const db = await benchDatabase();
const temporal = await startDevServer({ cliPath: temporalCliPath(process.env.TEMPORAL_CLI_PATH), port: 7399 });
const pool = await createDb(db.url);
const connection = await Connection.connect({ address: temporal.address });
const native = await NativeConnection.connect({ address: temporal.address });
try {
  await upsertAdAccount(pool, { id: emu.accountId, workspaceId: 'T_BENCH', name: 'bench', timezone: emu.timezone });
  const worker = await createWorker({
    connection: native,
    namespace: 'default',
    taskQueue: 'bench',
    deps: {
      pool,
      config: parseConfig({ DATABASE_URL: db.url }),
      meta: { baseUrl: emu.baseUrl, tokenFor: () => emu.token, reportPollMs: 50 },
    },
  });
  const client = new Client({ connection });
  // One worker for both runs (a Worker cannot be started twice).
  await worker.runUntil(async () => {
    for (const run of ['first run (with backfill)', 'second run (hourly steady state)']) {
      const t0 = performance.now();
      const { result, peakRss } = await withPeakRss<unknown>(() =>
        client.workflow.execute('collectAccount', {
          taskQueue: 'bench',
          workflowId: `bench-${Date.now()}`,
          args: [emu.accountId, 'bench'],
        }),
      );
      const s = (performance.now() - t0) / 1000;
      const summary = result as RunSummary;
      console.log(
        `${run}: ${summary.entities.ads} ads, ${summary.rowsWritten} snapshot rows in ${s.toFixed(2)} s ` +
          `(${Math.round(summary.rowsWritten / s)} rows/s), ${summary.apiCalls} Graph API calls, backfilled ${summary.backfilledDays ?? 0} days, ` +
          `peak worker RSS ${mib(peakRss)}`,
      );
    }
  });
} finally {
  await native.close();
  await connection.close();
  await pool.end();
  await temporal.stop();
  await db.stop();
  child.kill('SIGTERM');
}
