// The adpilot side of the chaos run: the Graph API and Slack emulators in this process, and `node src/main.ts`
// as two `--role worker` processes and one `--role bot` process, in production mode (real-looking tokens, so main
// starts no demo emulator of its own), pointed at the emulators.
import os from 'node:os';
import type { Client } from '@temporalio/client';
import type { DatabasePool } from 'slonik';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { startGraphEmulator, type GraphEmulator } from '../../src/emulators/meta/server.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { Simulator } from '../../src/emulators/simulator/simulator.ts';
import { DEFAULT_SEED, startSlackEmulator, type SlackEmulator } from '../../src/emulators/slack/index.ts';
import { spawnAdpilot, type AdpilotProcess } from '../../test/support/adpilot-process.ts';
import { freePort } from './infra.ts';

export const CHANNEL = 'C_CHAOS';
export const APPROVER = 'U_APPROVER';

export interface Topology {
  accountId: string;
  sim: Simulator;
  meta: GraphEmulator;
  slack: SlackEmulator;
  workers: AdpilotProcess[];
  bot: AdpilotProcess;
  /** The worker whose Temporal identity (`pid@host`) is `identity`, if one of ours. */
  workerByIdentity(identity: string | undefined): number | undefined;
  /** kill -9 of worker `i`, then a fresh process in its slot once `delayMs` passed; resolves when it polls again. */
  killWorker(i: number, delayMs: number): Promise<void>;
  /** Worker processes that exited without being killed by the run (each was started again). */
  unexpectedExits(): number;
  stop(): Promise<void>;
}

/**
 * A fixed-offset zone where it is about noon now, so the account's "today" has hours of spend to compare however
 * late the run ends (the snapshot check compares today's rows; in UTC a run after midnight would compare nothing).
 */
function noonZone(): string {
  const n = new Date().getUTCHours() - 12; // Etc/GMT+N is UTC−N
  return n >= 0 ? `Etc/GMT+${n}` : `Etc/GMT-${-n}`;
}

export interface TopologyOptions {
  appDatabaseUrl: string;
  temporalAddress: string;
  pool: DatabasePool;
  client: Client;
  /** Ads in the account: campaigns × 3 ad sets × adsPerAdset. */
  campaigns: number;
  adsPerAdset: number;
  seed: number;
}

export async function startTopology(o: TopologyOptions): Promise<Topology> {
  const accountId = 'act_chaos';
  // A token shaped like a real one, so main treats Meta as configured and starts no emulator of its own.
  const spec = {
    ...generatedScenario({
      accountId,
      token: 'EAAChaosBench0000000000000000',
      campaigns: o.campaigns,
      adsetsPerCampaign: 3,
      adsPerAdset: o.adsPerAdset,
      seed: o.seed,
      fatigueShare: 0.3,
    }),
    timezone: noonZone(),
  };
  const sim = new Simulator(spec, { seed: o.seed, startTime: Date.now() });
  const meta = await startGraphEmulator({ simulators: [sim], clock: Date.now, reportPolls: 1 });
  const botToken = 'xoxb-1111111111-2222222222-chaosbench';
  const signingSecret = 'chaos-bench-signing-secret-0001';
  const slack = await startSlackEmulator({
    botToken,
    signingSecret,
    workspace: false,
    seed: { channels: [...DEFAULT_SEED.channels, { id: CHANNEL, name: 'ads-chaos' }] },
  });
  await upsertAdAccount(o.pool, {
    id: accountId,
    workspaceId: DEFAULT_SEED.teamId,
    name: spec.name,
    timezone: spec.timezone,
    currency: spec.currency,
    slackChannelId: CHANNEL,
    approverUserIds: [APPROVER],
    targetCpa: 25,
    targetRoas: 3,
  });
  const botPort = await freePort();
  const env = {
    DATABASE_URL: o.appDatabaseUrl,
    TEMPORAL_ADDRESS: o.temporalAddress,
    TASK_QUEUE: 'adpilot-chaos',
    META_ACCESS_TOKEN: spec.token,
    META_GRAPH_URL: meta.url,
    META_REQUEST_TIMEOUT_MS: '5000',
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.url,
    BOT_PORT: String(botPort),
    BOT_HOST: '127.0.0.1',
    ENABLE_ACTION_EXECUTOR: 'true',
    // Collection every minute, so kills keep landing in collections; one day of backfill keeps a run short.
    INSIGHTS_COLLECTION_INTERVAL: '1',
    INITIAL_HISTORICAL_DAYS: '1',
    // The run approves far more than a real team would in an hour; the cap is not what is under test.
    MAX_AUTO_ACTIONS_PER_HOUR: '10000',
    // Forecasting is not on the decision path; off, it leaves the two cores to what is. (The decision engine
    // needs ENABLE_INTELLIGENCE.)
    ENABLE_ML_PREDICTIONS: 'false',
  };
  const workers: AdpilotProcess[] = [];
  const killing = new Set<AdpilotProcess>();
  let unexpected = 0;
  let stopping = false;
  // A worker that dies on its own (say, at a Temporal outage) is counted and started again, as a supervisor would.
  const spawnWorker = (i: number): AdpilotProcess => {
    const w = spawnAdpilot(['--role', 'worker'], env);
    workers[i] = w;
    void w.exited.then(() => {
      if (stopping || killing.has(w) || workers[i] !== w) return;
      unexpected++;
      console.error(`chaos: worker ${i} exited by itself:\n${w.output().slice(-2000)}`);
      spawnWorker(i);
    });
    return w;
  };
  spawnWorker(0);
  spawnWorker(1);
  const bot = spawnAdpilot(['--role', 'bot'], env);
  await Promise.all([
    ...workers.map((w) => w.waitFor(/worker running on task queue/, 180_000)),
    bot.waitFor(/bot running \(role bot/, 180_000),
  ]);
  slack.appRequestUrl = `http://127.0.0.1:${botPort}/slack/events`;
  const host = os.hostname();
  const t: Topology = {
    accountId,
    sim,
    meta,
    slack,
    workers,
    bot,
    workerByIdentity(identity) {
      const i = workers.findIndex((w) => `${w.child.pid}@${host}` === identity);
      return i < 0 ? undefined : i;
    },
    async killWorker(i, delayMs) {
      const w = workers[i]!;
      killing.add(w);
      w.child.kill('SIGKILL');
      await w.exited;
      await new Promise((r) => setTimeout(r, delayMs));
      // Start-up needs Temporal and PostgreSQL; a fault of either may be under way, so retry until it runs.
      for (let attempt = 0; ; attempt++) {
        const fresh = spawnWorker(i);
        try {
          await fresh.waitFor(/worker running on task queue/, 180_000);
          return;
        } catch (error) {
          if (workers[i] !== fresh) return; // it died by itself and was started again
          killing.add(fresh);
          fresh.child.kill('SIGKILL');
          await fresh.exited;
          if (attempt >= 5) throw error;
        }
      }
    },
    unexpectedExits: () => unexpected,
    async stop() {
      stopping = true;
      await Promise.all([...workers.map((w) => w.stop()), bot.stop()]);
      await slack.close();
      await meta.close();
    },
  };
  return t;
}
