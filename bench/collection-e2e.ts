// End-to-end collection of the 10,000-ad scenario: Graph API emulator (own process) → collectAccount workflow on a
// real Temporal dev server → PostgreSQL. Prints wall time split into emulator time (the emulator's own busy time,
// measured in its process) and product time (the rest: worker, Temporal, PostgreSQL), Graph API calls, rows/second
// and peak worker RSS, for the first run (with the 30-day backfill) and two hourly steady-state runs.
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

/** Each activity's time from scheduled to closed, from the workflow's history (retries included). */
async function stepTimes(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const ms = (t: unknown) =>
    Number((t as { seconds?: unknown }).seconds ?? 0) * 1000 + ((t as { nanos?: number }).nanos ?? 0) / 1e6;
  const scheduled = new Map<string, { name: string; at: number }>();
  const out: string[] = [];
  for (const e of history.events ?? []) {
    const a = e.activityTaskScheduledEventAttributes;
    if (a) scheduled.set(String(e.eventId), { name: a.activityType?.name ?? '?', at: ms(e.eventTime) });
    const done =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes;
    const s = done ? scheduled.get(String(done.scheduledEventId)) : undefined;
    if (s) out.push(`${s.name} ${((ms(e.eventTime) - s.at) / 1000).toFixed(2)} s`);
  }
  return out.join(', ');
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const child = spawn(
  process.execPath,
  [new URL('./graph-emulator-process.ts', import.meta.url).pathname, process.argv[2] ?? 'large'],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const lines = createInterface({ input: child.stdout });
const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
const emu = JSON.parse(await nextLine()) as {
  baseUrl: string;
  token: string;
  accountId: string;
  timezone: string;
  ads: number;
};
async function emulatorBusyMs(): Promise<number> {
  const reply = nextLine();
  child.stdin.write('stats\n');
  return (JSON.parse(await reply) as { busyMs: number }).busyMs;
}
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
    for (const run of ['first run (with backfill)', 'steady state run 1', 'steady state run 2']) {
      const busy0 = await emulatorBusyMs();
      const t0 = performance.now();
      const workflowId = `bench-${Date.now()}`;
      const { result, peakRss } = await withPeakRss<unknown>(() =>
        client.workflow.execute('collectAccount', { taskQueue: 'bench', workflowId, args: [emu.accountId, 'bench'] }),
      );
      const s = (performance.now() - t0) / 1000;
      const emulatorS = ((await emulatorBusyMs()) - busy0) / 1000;
      const summary = result as RunSummary;
      console.log(
        `${run}: ${s.toFixed(2)} s total = ${(s - emulatorS).toFixed(2)} s product + ${emulatorS.toFixed(2)} s emulator; ` +
          `${summary.entities.ads} ads, ${summary.rowsWritten} snapshot rows ` +
          `(${Math.round(summary.rowsWritten / s)} rows/s), ${summary.apiCalls} Graph API calls, backfilled ${summary.backfilledDays ?? 0} days, ` +
          `peak worker RSS ${mib(peakRss)}`,
      );
      console.log(`  steps: ${await stepTimes(client, workflowId)}`);
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
