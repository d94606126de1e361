import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { sql } from 'slonik';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { createBotApp } from '../../src/bot/app.ts';
import { getAction, listOpenProposals } from '../../src/db/actions.ts';
import { scenarios } from '../../src/meta/simulator/scenarios.ts';
import { DEMO } from '../../src/demo.ts';
import { startSlackEmulator, type SlackEmulator } from '../../src/slack/emulator/index.ts';
import { ensureCollectionSchedule, removeCollectionSchedule } from '../../src/temporal/schedules.ts';
import { approvalWorkflowId } from '../../src/temporal/ids.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// The product as `./adpilot start` runs it on its embedded defaults (the demo account in the Meta emulator, the
// local Slack workspace, the Bolt app, the worker with the Slack notifier, the collection Schedule), driven by a
// person's clicks in headless Chromium (Debian's package; the test is skipped, and says so, where it is missing).
const CHROMIUM = '/usr/bin/chromium';
const SECRET = 'e2e-secret';
const TOKEN = 'xoxb-e2e';
const demo = scenarios.demo();
let db: TestDatabase;
let temporal: TemporalHarness;
let meta: MetaHarness;
let emu: SlackEmulator;
let app: App;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  meta = await startMeta([demo]);
  emu = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET });
  await connectAccount(db.pool, demo, { approvers: [DEMO.approverUserId] });
  await db.pool.query(
    sql.unsafe`UPDATE ad_account SET slack_channel_id = ${DEMO.channelId} WHERE id = ${demo.accountId}`,
  );
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
      now: meta.now,
      notifier: createSlackNotifier({ pool: db.pool, slack: new WebClient(TOKEN, { slackApiUrl: emu.url }) }),
    },
    workflowBundle: await productWorkflowBundle(),
  });
  running = worker.run();
  await ensureCollectionSchedule(temporal.client, {
    accountId: demo.accountId,
    taskQueue: temporal.taskQueue,
    intervalMinutes: 24 * 60,
    paused: true,
  });
}, 120_000);

afterAll(async () => {
  for (const p of await listOpenProposals(db.pool, demo.accountId).catch(() => []))
    await temporal.client.workflow
      .getHandle(approvalWorkflowId(p.id))
      .terminate('test done')
      .catch(() => undefined);
  await removeCollectionSchedule(temporal.client, demo.accountId).catch(() => undefined);
  worker?.shutdown();
  await running;
  await app?.stop();
  await emu?.close();
  await meta?.close();
  await temporal?.close();
  await db?.drop();
});

describe('the local workspace, end to end in a browser', () => {
  (existsSync(CHROMIUM) ? it : it.skip)(
    'types /sync-now, sees the run summary and the proposal card, approves it and sees the card update',
    async () => {
      const browser: Browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${emu.origin}/`);
        await page.selectOption('#user', DEMO.approverUserId);
        await page.fill('#input', '/sync-now');
        await page.press('#input', 'Enter');
        // The progress message becomes the run summary in place.
        await page.locator('#messages', { hasText: 'Collected' }).waitFor({ timeout: 60_000 });
        await expect(page.locator('#messages').innerText()).resolves.toMatch(/Rows written/);
        // The collection proposed pausing the ad set that spends without purchases: its card has an Approve button.
        const proposal = await eventually(async () =>
          (await listOpenProposals(db.pool, demo.accountId)).find(
            (p) => p.entity_id === 'as_demo_interest' && p.action_type === 'pause' && p.slack_message_ts,
          ),
        );
        const card = page.locator('#messages .msg', { hasText: 'Interests - outdoor' }).last();
        await card.locator('button', { hasText: 'Approve' }).click();
        await eventually(async () =>
          (await getAction(db.pool, proposal.id))?.status === 'recorded' ? true : undefined,
        );
        // The card was updated in place: the buttons are gone and it says who approved it.
        await card.locator('text=/Approved|ENABLE_ACTION_EXECUTOR/').first().waitFor({ timeout: 15_000 });
        await expect(card.locator('button', { hasText: 'Approve' }).count()).resolves.toBe(0);
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR ?? '/tmp'}/adpilot-e2e.png`, fullPage: true });
        expect(errors).toEqual([]);
        // Everything the bot sent to Slack was accepted, Block Kit limits included.
        expect(
          emu
            .calls()
            .filter((c) => !c.ok)
            .map((c) => `${c.method}: ${c.error}`),
        ).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
