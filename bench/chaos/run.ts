// One chaos run: start the back end and the topology, inject the seeded faults, let everything settle, check.
import { Client, Connection } from '@temporalio/client';
import { sql } from 'slonik';
import { z } from 'zod';
import { migrate } from '../../src/db/migrate.ts';
import { createDb } from '../../src/db/pool.ts';
import { mulberry32 } from '../../src/emulators/simulator/random.ts';
import { ensureSearchAttributes } from '../../src/temporal/connect.ts';
import { collectScheduleId } from '../../src/workflows/ids.ts';
import { createProposer, startApprover } from './actors.ts';
import { check, type Findings } from './checks.ts';
import { killDuring, metaStorm, probe, slackOutage, type FaultContext, type Phase } from './faults.ts';
import { startPostgres, startTemporalServer, until } from './infra.ts';
import { startTopology } from './topology.ts';

export interface ChaosOptions {
  seed: number;
  kills: number;
  slackOutageMs: number;
  metaStormMs: number;
  /** Ads: campaigns × 3 ad sets × adsPerAdset; every proposal takes one. */
  campaigns: number;
  adsPerAdset: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  findings: Findings;
  kills: Record<Phase, { done: number; caught: number }>;
  recoveryMs: Record<string, number[]>;
  unexpectedWorkerExits: number;
  approverClicks: number;
  runMs: number;
}

type Fault = { kind: 'kill'; phase: Phase } | { kind: 'temporal' | 'postgres' | 'slack' | 'meta' };

/** The seeded order of faults: the kills cycle through the phases, the four others land at random places. */
function plan(o: ChaosOptions, random: () => number): Fault[] {
  const phases: Phase[] = ['collection', 'approval', 'execution', 'outcome'];
  const faults: Fault[] = Array.from({ length: o.kills }, (_, i) => ({ kind: 'kill', phase: phases[i % 4]! }));
  for (let i = faults.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [faults[i], faults[j]] = [faults[j]!, faults[i]!];
  }
  for (const kind of ['temporal', 'postgres', 'slack', 'meta'] as const)
    faults.splice(Math.floor(random() * (faults.length + 1)), 0, { kind });
  return faults;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? (() => undefined);
  const t0 = Date.now();
  const random = mulberry32(o.seed);
  const pg = await startPostgres();
  const closers: (() => Promise<unknown>)[] = [() => pg.stop()];
  const closeAll = async () => {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
  };
  // Ctrl-C stops the servers and processes this run started instead of leaving them running.
  const onSignal = () => void closeAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const temporal = await startTemporalServer(pg);
    closers.unshift(() => temporal.stop());
    log(`temporal-server on ${temporal.address} (PostgreSQL persistence), ${Date.now() - t0} ms`);
    const appUrl = pg.url('adpilot');
    await migrate(appUrl);
    const pool = await createDb(appUrl);
    closers.unshift(() => pool.end());
    const connection = await Connection.connect({ address: temporal.address });
    closers.unshift(() => connection.close());
    await ensureSearchAttributes(connection, 'default');
    const client = new Client({ connection });
    const t = await startTopology({
      appDatabaseUrl: appUrl,
      temporalAddress: temporal.address,
      pool,
      client,
      campaigns: o.campaigns,
      adsPerAdset: o.adsPerAdset,
      seed: o.seed,
    });
    closers.unshift(() => t.stop());
    log(`2 workers + 1 bot running, ${t.sim.ads.length} ads, ${Date.now() - t0} ms`);
    const approver = startApprover(pool, t);
    closers.unshift(() => approver.stop());
    const c: FaultContext = { pool, client, t, proposer: createProposer(pool, client, t, random), random };

    const kills = Object.fromEntries(
      (['collection', 'approval', 'execution', 'outcome'] as const).map((p) => [p, { done: 0, caught: 0 }]),
    ) as ChaosResult['kills'];
    const recoveryMs: Record<string, number[]> = {};
    const recovered = async (kind: string) => {
      const ms = await probe(c);
      (recoveryMs[kind] ??= []).push(ms);
      log(`  recovered from ${kind} in ${ms} ms`);
    };
    let n = 0;
    for (const f of plan(o, random)) {
      if (f.kind === 'kill') {
        const caught = await killDuring(c, f.phase);
        kills[f.phase].done++;
        if (caught) kills[f.phase].caught++;
        log(`kill -9 #${++n} during ${f.phase}${caught ? '' : ' (phase not caught in time)'}`);
        // The full path after every tenth kill (and the first): a probe per kill would use up the ads.
        if (n === 1 || n % 10 === 0) await recovered('worker kill -9');
      } else {
        log(`fault: ${f.kind}`);
        if (f.kind === 'temporal') await temporal.restart();
        else if (f.kind === 'postgres') await pg.restart();
        else if (f.kind === 'slack') await slackOutage(c, o.slackOutageMs);
        else await metaStorm(c, o.metaStormMs);
        await recovered(
          {
            temporal: 'Temporal server kill -9 + start',
            postgres: 'PostgreSQL restart',
            slack: 'Slack 5xx + rate limits',
            meta: 'Meta 5xx storm + throttling',
          }[f.kind],
        );
      }
    }
    log('faults done; waiting for every proposal to settle');
    await until(
      async () =>
        (await pool.oneFirst(sql.type(z.object({ n: z.number() }))`
          SELECT count(*)::int AS n FROM intel_automation_action
          WHERE account_id = ${t.accountId} AND status IN ('proposed', 'reconfirm', 'approved', 'executing')`)) === 0
          ? true
          : undefined,
      300_000,
      1000,
    ).catch(() => log('  some proposals still open after 5 minutes (counted below)'));
    // A last collection with no fault, whose stored day must match the emulator's day totals.
    const since = Date.now();
    await client.schedule.getHandle(collectScheduleId(t.accountId)).trigger();
    await until(
      async () =>
        (await pool.maybeOneFirst(sql.type(z.object({ status: z.string() }))`
          SELECT status FROM collection_run WHERE account_id = ${t.accountId}
            AND started_at >= ${new Date(since - 1000).toISOString()} AND status = 'completed' LIMIT 1`)) ?? undefined,
      180_000,
      500,
    );
    const findings = await check(pool, client, t, t.sim.now);
    return {
      findings,
      kills,
      recoveryMs,
      unexpectedWorkerExits: t.unexpectedExits(),
      approverClicks: approver.clicks(),
      runMs: Date.now() - t0,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await closeAll();
  }
}
