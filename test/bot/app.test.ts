import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { approvalInput } from '../../src/activities/proposals.ts';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { createBotApp } from '../../src/bot/app.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { getAction, insertProposal } from '../../src/db/actions.ts';
import { scenarios } from '../../src/meta/simulator/scenarios.ts';
import { startSlackEmulator, type SlackEmulator } from '../../src/slack/emulator/index.ts';
import { approvalWorkflowId } from '../../src/temporal/ids.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

/** Polls an async check until it returns a value (tests wait for effects, not fixed sleeps). */
async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The real Bolt app, driven through the Slack emulator with signed requests, deciding real approval workflows.
const SECRET = 'app-test-secret';
const TOKEN = 'xoxb-app-test';
const demo = scenarios.demo();
let db: TestDatabase;
let temporal: TemporalHarness;
let meta: MetaHarness;
let emu: SlackEmulator;
let app: App;
let worker: Worker;
let running: Promise<void>;
let proposalId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  meta = await startMeta([demo]);
  emu = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET, workspace: false });
  await upsertAdAccount(db.pool, {
    id: demo.accountId,
    workspaceId: 'T_DEMO',
    name: demo.name,
    timezone: demo.timezone,
    slackChannelId: 'C_ADS',
    approverUserIds: ['U_APPROVER'],
    targetCpa: 25,
  });
  await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(demo.accountId);
  const config = testConfig(db.url);
  app = createBotApp({
    signingSecret: SECRET,
    token: TOKEN,
    slackApiUrl: emu.url,
    pool: db.pool,
    temporal: temporal.client,
    config,
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  emu.appRequestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  worker = await createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    deps: {
      pool: db.pool,
      config,
      meta: meta.access,
      notifier: createSlackNotifier({
        pool: db.pool,
        slack: new WebClient(TOKEN, { slackApiUrl: emu.url, retryConfig: { retries: 0 } }),
      }),
    },
    workflowBundle: await productWorkflowBundle(),
  });
  running = worker.run();
  const row = (await insertProposal(db.pool, {
    idempotencyKey: 'bot-test-1',
    accountId: demo.accountId,
    ruleId: null,
    entityType: 'adset',
    entityId: 'as_demo_interest',
    entityName: 'Interests - outdoor',
    actionType: 'pause',
    params: {},
    executionMode: 'approval_required',
    evidence: [{ field: 'spend', window: '48h', actual: 120, operator: '>', threshold: 50 }],
    explanation: "Ad set 'Interests - outdoor' spent $120.00 in the last 48 h with 0 purchases (threshold: $50.00).",
    expectedImpact: { summary: 'Stops about $60 a day that brings no purchases.' },
    confidence: 0.8,
    expiryPolicy: 'drop',
    expiresAt: Date.now() + 24 * 3_600_000,
    slackChannelId: 'C_ADS',
  }))!;
  proposalId = row.id;
  await temporal.client.workflow.start('approvalWorkflow', {
    taskQueue: temporal.taskQueue,
    workflowId: approvalWorkflowId(row.id),
    args: [approvalInput(row, ['U_APPROVER'])],
  });
}, 120_000);

afterAll(async () => {
  await temporal.client.workflow
    .getHandle(approvalWorkflowId(proposalId))
    .terminate('test done')
    .catch(() => undefined);
  worker?.shutdown();
  await running;
  await app?.stop();
  await emu?.close();
  await meta?.close();
  await temporal?.close();
  await db?.drop();
});

const cardTs = () => until(async () => (await getAction(db.pool, proposalId))?.slack_message_ts ?? undefined);
const visibleTo = (user: string) =>
  emu.state
    .visibleMessages('C_ADS', user)
    .map((m) => m.text)
    .join('\n');

describe('the Slack bot', () => {
  it('posts the proposal card in the account channel with Approve and Reject buttons', async () => {
    const ts = await cardTs();
    const card = emu.state.findMessage('C_ADS', ts)!;
    expect(JSON.stringify(card.blocks)).toContain('proposal_approve');
    expect(JSON.stringify(card.blocks)).toContain('Interests - outdoor');
  });

  it('lists open proposals for /pending in the channel of the bound account', async () => {
    const answer = await emu.sendSlashCommand({ command: '/pending', userId: 'U_APPROVER', channelId: 'C_ADS' });
    expect(answer.status).toBe(200);
    await until(async () => (visibleTo('U_APPROVER').includes('Pause ad set') ? true : undefined));
  });

  it('answers bad input with the error and the usage line', async () => {
    const answer = await emu.sendSlashCommand({
      command: '/budget',
      text: '-5',
      userId: 'U_APPROVER',
      channelId: 'C_ADS',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('not a positive amount');
    expect(answer.body).toContain('/budget <total per day>');
  });

  it('refuses a forged request with 401', async () => {
    const answer = await emu.sendSlashCommand({
      command: '/status',
      userId: 'U_APPROVER',
      channelId: 'C_ADS',
      tamper: 'bad-signature',
    });
    expect(answer.status).toBe(401);
  });

  it('rejects through the reason modal and records the reason', async () => {
    const row = (await insertProposal(db.pool, {
      idempotencyKey: 'bot-test-2',
      accountId: demo.accountId,
      ruleId: null,
      entityType: 'adset',
      entityId: 'as_demo_broad',
      entityName: 'Broad 25-54',
      actionType: 'decrease_budget',
      params: { change_percent: 20 },
      executionMode: 'approval_required',
      evidence: [],
      explanation: 'CPA above twice the target for 3 days.',
      expiryPolicy: 'drop',
      expiresAt: Date.now() + 24 * 3_600_000,
      slackChannelId: 'C_ADS',
    }))!;
    await temporal.client.workflow.start('approvalWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId: approvalWorkflowId(row.id),
      args: [approvalInput(row, ['U_APPROVER'])],
    });
    const ts = await until(async () => (await getAction(db.pool, row.id))?.slack_message_ts ?? undefined);
    await emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_reject',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(row.id),
    });
    const view = await until(async () => emu.state.openModal('U_APPROVER') ?? undefined);
    const answer = await emu.submitView({
      viewId: view.id,
      userId: 'U_APPROVER',
      values: { reject_reason: { reason: 'Black Friday week, keep spending' } },
    });
    expect(answer.status).toBe(200);
    const decided = await until(async () => {
      const r = await getAction(db.pool, row.id);
      return r?.status === 'rejected' ? r : undefined;
    });
    expect(decided).toMatchObject({
      human_decided_by: 'U_APPROVER',
      human_feedback_reason: 'Black Friday week, keep spending',
    });
  });

  it('tells a non-approver why they cannot decide, and lets the approver approve (the card updates)', async () => {
    const ts = await cardTs();
    await emu.clickButton({
      userId: 'U_VIEWER',
      actionId: 'proposal_approve',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(proposalId),
    });
    await until(async () => (visibleTo('U_VIEWER').includes("Only this account's approvers") ? true : undefined));
    expect((await getAction(db.pool, proposalId))?.status).toBe('proposed');
    await emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_approve',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(proposalId),
    });
    // The executor is off by default: the decision is recorded, nothing is written, and the card says so.
    await until(async () => ((await getAction(db.pool, proposalId))?.status === 'recorded' ? true : undefined));
    await emu.waitForCall('chat.update', (c) => c.args.ts === ts);
    expect(JSON.stringify(emu.state.findMessage('C_ADS', ts)!.blocks)).toMatch(
      /ENABLE_ACTION_EXECUTOR is false|Approved/,
    );
  });
});
