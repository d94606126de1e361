import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { getAction, listOpenProposals } from '../../src/db/actions.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { DEMO } from '../../src/demo.ts';
import { eventually } from '../support/eventually.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// The product as `./adpilot start` runs it on its embedded defaults (the demo account in the Meta emulator, the
// local Slack workspace, the Bolt app, the worker with the Slack notifier, the collection Schedule), driven by a
// person's clicks in headless Chromium (Debian's package; the test is skipped, and says so, where it is missing).
const CHROMIUM = '/usr/bin/chromium';
// The demo account under an id of its own (Schedule ids derive from account ids; the Temporal server is shared).
const demo = { ...scenarios.demo(), accountId: 'act_demo_e2e', token: 'demo-e2e-token' };
let h: BotHarness;

beforeAll(async () => {
  // Bound to #ads-ops, as the demo account is by `./adpilot start`.
  h = await startBotHarness({
    scenarios: [demo],
    channels: { [demo.accountId]: DEMO.channelId },
    approvers: [DEMO.approverUserId],
    workspace: true,
    schedules: true,
  });
}, 120_000);

afterAll(() => h?.close());

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
        await page.goto(`${h.emu.origin}/`);
        await page.selectOption('#user', DEMO.approverUserId);
        await page.fill('#input', '/sync-now');
        await page.press('#input', 'Enter');
        // The progress message becomes the run summary in place.
        await page.locator('#messages', { hasText: 'Collected' }).waitFor({ timeout: 60_000 });
        await expect(page.locator('#messages').innerText()).resolves.toMatch(/Rows written/);
        // The collection proposed pausing the ad set that spends without purchases: its card has an Approve button.
        const proposal = await eventually(async () =>
          (await listOpenProposals(h.db.pool, demo.accountId)).find(
            (p) => p.entity_id === 'as_demo_interest' && p.action_type === 'pause' && p.slack_message_ts,
          ),
        );
        const card = page.locator('#messages .msg', { hasText: 'Pause ad set: Interests - outdoor' }).last();
        await card.locator('button', { hasText: 'Approve' }).click();
        await eventually(async () =>
          (await getAction(h.db.pool, proposal.id))?.status === 'recorded' ? true : undefined,
        );
        // The card was updated in place: the buttons are gone and it says who approved it.
        await card.locator('text=/Approved|ENABLE_ACTION_EXECUTOR/').first().waitFor({ timeout: 15_000 });
        await expect(card.locator('button', { hasText: 'Approve' }).count()).resolves.toBe(0);
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR ?? '/tmp'}/adpilot-e2e.png`, fullPage: true });
        expect(errors).toEqual([]);
        // Everything the bot sent to Slack was accepted, Block Kit limits included.
        expect(
          h.emu
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
