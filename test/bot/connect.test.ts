import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { sql } from 'slonik';
import { z } from 'zod';
import { readAccountToken } from '../../src/db/account-tokens.ts';
import { getAdAccount, upsertAdAccount } from '../../src/db/accounts.ts';
import { listAudit } from '../../src/db/audit.ts';
import { listRules } from '../../src/db/rules.ts';
import { createVault } from '../../src/db/vault.ts';
import { demoScenario, generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { DEFAULT_SEED } from '../../src/emulators/slack/index.ts';
import { collectScheduleId } from '../../src/workflows/ids.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// Connecting accounts from Slack, through the real Bolt app, the Slack emulator's modal and the Graph API emulator.
const home = generatedScenario({
  accountId: 'act_connect_home',
  token: 'connect-home-token',
  campaigns: 1,
  adsetsPerCampaign: 1,
  adsPerAdset: 1,
  seed: 3,
  historyDays: 3,
});
const TOKEN = 'EAAGsecond-account-system-user-4242';
// The demo's account under another id: its first collection proposes to pause an ad set, so a card follows.
const second = { ...demoScenario, accountId: 'act_9100200300', name: 'Second shop', token: TOKEN };
const noPermission = { ...home, accountId: 'act_9100200301', token: 'no-permission-token', permissions: [] };
const KEY = { id: 'k1', secret: randomBytes(32).toString('base64') };
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    scenarios: [home],
    unconnected: [second, noPermission],
    extraChannels: [
      { id: 'C_SECOND', name: 'ads-second' },
      { id: 'C_NOBOT', name: 'no-bot-here', is_member: false },
    ],
    config: { ADPILOT_ENCRYPTION_KEYS: `${KEY.id}:${KEY.secret}` },
  });
  await upsertAdAccount(h.db.pool, { id: 'act_9100200302', workspaceId: 'T_OTHER', name: 'Another team’s' });
}, 120_000);
afterAll(() => h?.close());

const send = (text: string, userId: string, channelId = h.channelOf(home.accountId)) =>
  h.emu.sendSlashCommand({ command: '/adpilot', text, userId, channelId });
const seen = (needle: string, userId: string, channelId = h.channelOf(home.accountId)) =>
  eventually(() =>
    h.emu.state
      .visibleMessages(channelId, userId)
      .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
      .reverse()
      .find((m) => m.includes(needle)),
  );
const openForm = async (text = 'connect') => {
  await send(text, 'U_ADMIN');
  return eventually(() => h.emu.state.openModal('U_ADMIN'));
};
const form = (o: Partial<Record<'account' | 'token' | 'channel' | 'cpa', string>> & { approvers?: string[] }) => ({
  ...(o.account === undefined ? {} : { account_id: { value: o.account } }),
  token: { value: o.token ?? '' },
  channel: { value: o.channel ?? '' },
  approvers: { value: o.approvers ?? [] },
  target_cpa: { value: o.cpa ?? '' },
  target_roas: { value: '' },
});
const submit = async (viewId: string, values: ReturnType<typeof form>) => {
  await h.emu.submitView({ viewId, userId: 'U_ADMIN', values });
  return h.emu.state.views.get(viewId)!;
};
const connected = () => getAdAccount(h.db.pool, second.accountId);

describe('/adpilot connect', () => {
  it('is refused to someone who is not an admin, and opens no form', async () => {
    await send('connect', 'U_VIEWER');
    expect(await seen('Only adpilot admins can run `/adpilot connect`', 'U_VIEWER')).toBeTruthy();
    expect(h.emu.state.openModal('U_VIEWER')).toBeUndefined();
  });

  it('shows each malformed field under itself and saves nothing', async () => {
    const view = await openForm();
    const after = await submit(view.id, form({ account: 'act_12x', cpa: '-3' }));
    expect(after.closed).toBeFalsy();
    expect(Object.keys(after.errors ?? {}).sort()).toEqual(
      ['account_id', 'approvers', 'channel', 'target_cpa', 'token'].sort(),
    );
    expect(after.errors?.account_id).toContain('act_ followed by digits');
  });

  it("refuses another account's token and a channel the bot is not in, field by field", async () => {
    const view = await openForm();
    const after = await submit(
      view.id,
      form({ account: second.accountId, token: home.token, channel: 'C_NOBOT', approvers: ['U_APPROVER'] }),
    );
    expect(after.errors?.token).toContain(`cannot read ${second.accountId}`);
    expect(after.errors?.channel).toContain('/invite @adpilot');
    expect(await connected()).toBeNull();
  });

  it('refuses a token without ads_read', async () => {
    const view = await openForm();
    const after = await submit(
      view.id,
      form({
        account: noPermission.accountId,
        token: noPermission.token,
        channel: 'C_SECOND',
        approvers: ['U_APPROVER'],
      }),
    );
    expect(after.errors?.token).toContain('lacks ads_read');
    expect(await getAdAccount(h.db.pool, noPermission.accountId)).toBeNull();
  });

  it('refuses an account connected to another workspace, and leaves that row as it was', async () => {
    const view = await openForm();
    const after = await submit(
      view.id,
      form({ account: 'act_9100200302', token: TOKEN, channel: 'C_SECOND', approvers: ['U_APPROVER'] }),
    );
    expect(after.errors?.account_id).toContain('already connected to another Slack workspace');
    expect((await getAdAccount(h.db.pool, 'act_9100200302'))?.workspace_id).toBe('T_OTHER');
    expect(await listAudit(h.db.pool, DEFAULT_SEED.teamId)).toEqual([]);
  });

  it('connects a second account: stored with its sealed token, audited, scheduled, collected, and its first card posted', async () => {
    const view = await openForm();
    const after = await submit(
      view.id,
      form({ account: second.accountId, token: TOKEN, channel: 'C_SECOND', approvers: ['U_APPROVER'], cpa: '30' }),
    );
    expect(after.errors ?? {}).toEqual({});
    expect(after.closed).toBe(true);
    const account = await connected();
    expect(account).toMatchObject({
      workspace_id: DEFAULT_SEED.teamId,
      name: 'Second shop',
      slack_channel_id: 'C_SECOND',
      approver_user_ids: ['U_APPROVER'],
      target_cpa: 30,
      status: 'active',
      timezone: second.timezone,
    });
    expect(await readAccountToken(h.db.pool, createVault([KEY]), second.accountId)).toBe(TOKEN);
    expect((await listRules(h.db.pool, second.accountId)).length).toBeGreaterThan(0);
    const [audit] = await listAudit(h.db.pool, DEFAULT_SEED.teamId, second.accountId);
    expect(audit).toMatchObject({ action: 'account.connect', actor_user_id: 'U_ADMIN', before: null });
    expect(JSON.stringify(audit)).toContain('•••• 4242');
    await h.temporal.client.schedule.getHandle(collectScheduleId(second.accountId)).describe();
    // The first collection ran on the stored token (the harness gives this account no other) and posted a card.
    const card = await eventually(
      () =>
        h.emu.state
          .visibleMessages('C_SECOND', 'U_APPROVER')
          .find((m) => JSON.stringify(m.blocks ?? []).includes('proposal_approve')),
      60_000,
    );
    expect(card).toBeDefined();
    const runs = await h.db.pool.anyFirst(sql.type(z.object({ status: z.string() }))`
      SELECT status FROM collection_run WHERE account_id = ${second.accountId}`);
    expect(runs.length).toBeGreaterThan(0);
  }, 90_000);

  it('never shows, posts or puts the token in a workflow history', async () => {
    const everything = JSON.stringify([...h.emu.state.messages.values(), h.emu.state.calls]);
    expect(everything).not.toContain(TOKEN);
    const { workflowId } = (await h.temporal.client.schedule.getHandle(collectScheduleId(second.accountId)).describe())
      .info.recentActions[0]!.action.workflow;
    const history = await h.temporal.client.workflow.getHandle(workflowId).fetchHistory();
    // Payloads are bytes: decode them so the search sees what a worker or the Temporal UI would.
    const text = JSON.stringify(history, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
    );
    expect(text).toContain(second.accountId);
    expect(text).not.toContain(TOKEN);
  });
});

describe('/adpilot accounts', () => {
  it('lists every account of the workspace to an admin, with •••• and the last four of a stored token only', async () => {
    await send('accounts', 'U_ADMIN');
    const list = await seen('Second shop', 'U_ADMIN');
    expect(list).toContain('•••• 4242');
    expect(list).toContain(home.accountId);
    expect(list).not.toContain('act_9100200302');
    expect(list).not.toContain('second-account');
  });

  it("shows someone else the channel's account without its token", async () => {
    await send('accounts', 'U_VIEWER', 'C_SECOND');
    const list = await seen('Second shop', 'U_VIEWER', 'C_SECOND');
    expect(list).not.toContain('4242');
    expect(list).not.toContain(home.accountId);
  });
});
