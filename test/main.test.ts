import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import os from 'node:os';
import { upsertAdAccount } from '../src/db/accounts.ts';
import { startSlackEmulator, DEFAULT_SEED, type SlackEmulator } from '../src/emulators/slack/index.ts';
import { scenarios } from '../src/emulators/simulator/scenarios.ts';
import { collectScheduleId } from '../src/workflows/ids.ts';
import { spawnAdpilot, type AdpilotProcess } from './support/adpilot-process.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { freePort } from './support/free-port.ts';
import { startMeta, type MetaHarness } from './support/meta.ts';
import { connectTemporal, type TemporalHarness } from './support/temporal.ts';

// `--role bot` and `--role worker` as two processes of `node src/main.ts`, in production mode (a bot token, a
// signing secret, a Meta token) pointed at the Slack and Graph API emulators this test runs, on the Jest run's
// PostgreSQL and Temporal.
const channel = 'C_ROLES';
let db: TestDatabase;
let temporal: TemporalHarness;
let meta: MetaHarness;
let emu: SlackEmulator;
let bot: AdpilotProcess;
let worker: AdpilotProcess;
let accountId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  const spec = { ...scenarios.demo(), accountId: `act_roles_${temporal.taskQueue.slice(5)}`, token: 'roles-token' };
  accountId = spec.accountId;
  meta = await startMeta([spec]);
  const botToken = `xoxb-${temporal.taskQueue}`;
  const signingSecret = `secret-${temporal.taskQueue}`;
  emu = await startSlackEmulator({
    botToken,
    signingSecret,
    workspace: false,
    seed: { channels: [...DEFAULT_SEED.channels, { id: channel, name: 'ads-roles' }] },
  });
  await upsertAdAccount(db.pool, {
    id: spec.accountId,
    // The emulator's team: reads are scoped to the request's team.
    workspaceId: DEFAULT_SEED.teamId,
    name: spec.name,
    timezone: spec.timezone,
    currency: spec.currency,
    slackChannelId: channel,
    approverUserIds: ['U_APPROVER'],
    targetCpa: 25,
    targetRoas: 3,
  });
  const botPort = await freePort();
  const env = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporal.address,
    TASK_QUEUE: temporal.taskQueue,
    META_ACCESS_TOKEN: spec.token,
    META_GRAPH_URL: meta.emulator.url,
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: emu.url,
    BOT_PORT: String(botPort),
    BOT_HOST: '127.0.0.1',
    // The collection Schedule exists but stays paused, so the only run is the one the slash command starts.
    ENABLE_INSIGHTS_COLLECTION: 'false',
    ENABLE_INTELLIGENCE: 'false',
    ENABLE_ML_PREDICTIONS: 'false',
  };
  worker = spawnAdpilot(['--role', 'worker'], env);
  bot = spawnAdpilot(['--role', 'bot'], env);
  await Promise.all([worker.waitFor(/worker running on task queue/), bot.waitFor(/bot running \(role bot/)]);
  emu.appRequestUrl = `http://127.0.0.1:${botPort}/slack/events`;
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await worker?.stop();
  await emu?.close();
  await meta?.close();
  await temporal?.close();
  await db?.drop();
});

describe('main --role bot and --role worker as two processes', () => {
  it('a /sync-now answered by the bot process runs as a workflow on the worker process', async () => {
    const answer = await emu.sendSlashCommand({ command: '/sync-now', userId: 'U_APPROVER', channelId: channel });
    expect(answer.status).toBe(200);
    // The bot followed the run to its end and replaced the progress message with the summary.
    await emu.waitForCall(
      'chat.update',
      (c) => /Collection of Demo Store: completed/.test(String(c.args.text)),
      120_000,
    );

    const { info } = await temporal.client.schedule.getHandle(collectScheduleId(accountId)).describe();
    expect(info.recentActions).toHaveLength(1);
    const run = info.recentActions[0]!.action.workflow;
    const history = await temporal.client.workflow.getHandle(run.workflowId, run.firstExecutionRunId).fetchHistory();
    const identities = new Set(
      (history.events ?? []).flatMap((e) =>
        [e.workflowTaskCompletedEventAttributes?.identity, e.activityTaskStartedEventAttributes?.identity].filter(
          (i): i is string => Boolean(i),
        ),
      ),
    );
    const workerIdentity = `${worker.child.pid}@${os.hostname()}`;
    expect([...identities]).toEqual([workerIdentity]);

    // Only the worker process polls the task queue: the bot process runs no worker.
    const pollers = await temporal.connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: temporal.taskQueue },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    expect(new Set((pollers.pollers ?? []).map((p) => p.identity))).toEqual(new Set([workerIdentity]));
    expect(bot.child.pid).not.toBe(worker.child.pid);
  }, 180_000);
});

describe('main --role validation', () => {
  it('exits 1 naming the accepted roles before it connects to anything', async () => {
    const p = spawnAdpilot(['--role', 'workers'], { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/none' });
    await expect(p.exited).resolves.toBe(1);
    expect(p.output()).toContain('adpilot: unknown role "workers": expected --role bot|worker|all');
  });
});

describe('main start-up refusal', () => {
  it('exits 1 naming SLACK_SIGNING_SECRET when a real bot token runs in HTTP mode without one', async () => {
    const p = spawnAdpilot([], { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/none', SLACK_BOT_TOKEN: 'xoxb-real' });
    await expect(p.exited).resolves.toBe(1);
    expect(p.output()).toMatch(/SLACK_SIGNING_SECRET: required in HTTP mode with a real bot token/);
    expect(p.output()).not.toMatch(/database ready/);
  });
});
