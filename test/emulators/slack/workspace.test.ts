import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, LogLevel, type BlockAction, type ButtonAction } from '@slack/bolt';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { proposalCard, rejectReasonModal } from '../../../src/slack/blocks/index.ts';
import { startSlackEmulator, type SlackEmulator } from '../../../src/emulators/slack/index.ts';
import { eventually } from '../../support/eventually.ts';

// Debian's chromium package; the browser test is skipped (and says so) where it is not installed.
const CHROMIUM = '/usr/bin/chromium';
const card = proposalCard({
  id: 9,
  accountName: 'Demo shop',
  action: 'Pause ad set',
  entityName: 'Summer sale',
  evidence: [],
  explanation: 'No purchases in 7 days.',
  expectedImpact: 'Saves €59/day',
  confidence: 0.8,
  dataAsOf: Date.now(),
});

let emu: SlackEmulator;
let app: App;
const clicks: string[] = [];

beforeAll(async () => {
  emu = await startSlackEmulator({ botToken: 'xoxb-ws', signingSecret: 'ws-secret' });
  app = new App({
    token: 'xoxb-ws',
    signingSecret: 'ws-secret',
    botId: 'B_ADPILOT',
    botUserId: 'U_ADPILOT',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emu.url, retryConfig: { retries: 0 } },
  });
  app.command('/pending', async ({ ack }) => ack({ response_type: 'in_channel', ...card }));
  app.action<BlockAction<ButtonAction>>('proposal_reject', async ({ ack, body, client }) => {
    await ack();
    clicks.push(body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: rejectReasonModal(9) });
  });
  app.view('proposal_reject_modal', async ({ ack, view, client }) => {
    await ack();
    await client.chat.postMessage({
      channel: 'C_ADS',
      text: `Rejected: ${view.state.values.reject_reason?.reason?.value}`,
    });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  emu.appRequestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await app.stop();
  await emu.close();
});

describe('the workspace page', () => {
  it('is served at / with the user picker and channels in its state', async () => {
    const html = await (await fetch(`${emu.origin}/`)).text();
    expect(html).toContain('<select id="user">');
    const state = (await (await fetch(`${emu.origin}/workspace/state?user=U_APPROVER`)).json()) as {
      users: { id: string }[];
      channels: { name: string }[];
      appConnected: boolean;
    };
    expect(state.users.map((u) => u.id)).toEqual(expect.arrayContaining(['U_APPROVER', 'U_VIEWER']));
    expect(state.channels.map((c) => c.name)).toEqual(['ads-ops', 'general']);
    expect(state.appConnected).toBe(true);
  });

  it('sends a typed slash command through the signed path', async () => {
    const res = await fetch(`${emu.origin}/workspace/command`, {
      method: 'POST',
      headers: { origin: emu.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'U_VIEWER', channelId: 'C_GENERAL', text: '/pending' }),
    });
    expect(((await res.json()) as { status: number }).status).toBe(200);
    expect(emu.state.visibleMessages('C_GENERAL').at(-1)?.text).toBe(card.text);
  });

  (existsSync(CHROMIUM) ? it : it.skip)(
    'lets a person type a command, click Reject and submit the modal in a browser',
    async () => {
      const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${emu.origin}/`);
        await page.selectOption('#user', 'U_APPROVER');
        await page.fill('#input', '/pending');
        await page.press('#input', 'Enter');
        await page.locator('#messages button', { hasText: 'Reject' }).last().click();
        await page.waitForSelector('.modal textarea');
        await page.fill('.modal textarea', 'The sale starts tomorrow');
        await page.click('.modal button[type=submit]');
        await page.waitForSelector('text=Rejected: The sale starts tomorrow');
        expect(clicks.at(-1)).toBe('U_APPROVER');
        await eventually(() => (emu.state.openModal('U_APPROVER') === undefined ? true : undefined), 5000);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
