import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ScheduleNotFoundError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { sql } from 'slonik';
import { z } from 'zod';
import { getAdAccount } from '../../src/db/accounts.ts';
import { listAudit } from '../../src/db/audit.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { DEFAULT_SEED } from '../../src/emulators/slack/index.ts';
import { collectScheduleId } from '../../src/workflows/ids.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// An account's life after connect: settings (audited before/after), a revoked token (told once), reconnecting,
// and disconnecting behind a confirm step. Through the real Bolt app and both emulators.
const home = generatedScenario({
  accountId: 'act_life_home',
  token: 'life-home-token',
  campaigns: 1,
  adsetsPerCampaign: 1,
  adsPerAdset: 1,
  seed: 5,
  historyDays: 3,
});
const TOKEN = 'EAAGlifecycle-token-8080';
const life = { ...home, accountId: 'act_9100200400', name: 'Lifecycle shop', token: TOKEN };
const CHANNEL = 'C_LIFE';
let h: BotHarness;

const send = (text: string, userId: string, channelId = CHANNEL) =>
  h.emu.sendSlashCommand({ command: '/adpilot', text, userId, channelId });
const messages = (channelId = CHANNEL, userId = 'U_ADMIN') =>
  h.emu.state
    .visibleMessages(channelId, userId)
    .map((m) => ({ ...m, all: `${m.text}\n${JSON.stringify(m.blocks ?? [])}` }));
const seen = (needle: string, userId = 'U_ADMIN', channelId = CHANNEL) =>
  eventually(() =>
    messages(channelId, userId)
      .reverse()
      .find((m) => m.all.includes(needle)),
  );
const openForm = async (text: string) => {
  const before = h.emu.state.openModal('U_ADMIN')?.id;
  await send(text, 'U_ADMIN');
  return eventually(() => {
    const v = h.emu.state.openModal('U_ADMIN');
    return v && v.id !== before ? v : undefined;
  });
};
const values = (o: { token?: string; approvers?: string[]; cpa?: string; account?: string }) => ({
  ...(o.account ? { account_id: { value: o.account } } : {}),
  token: { value: o.token ?? '' },
  channel: { value: CHANNEL },
  approvers: { value: o.approvers ?? ['U_APPROVER'] },
  target_cpa: { value: o.cpa ?? '' },
  target_roas: { value: '' },
});
const scheduleExists = async () => {
  try {
    await h.temporal.client.schedule.getHandle(collectScheduleId(life.accountId)).describe();
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
};

beforeAll(async () => {
  h = await startBotHarness({
    scenarios: [home],
    unconnected: [life],
    extraChannels: [{ id: CHANNEL, name: 'ads-life' }],
    config: {
      ADPILOT_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      // The test runs each collection itself; a Schedule's own runs would race the revoked-token checks.
      ENABLE_INSIGHTS_COLLECTION: 'false',
    },
  });
  const view = await openForm('connect');
  await h.emu.submitView({
    viewId: view.id,
    userId: 'U_ADMIN',
    values: values({ account: life.accountId, token: TOKEN }),
  });
  await eventually(() => getAdAccount(h.db.pool, life.accountId).then((a) => a ?? undefined));
}, 120_000);
afterAll(() => h?.close());

describe('/adpilot settings', () => {
  it('opens the form pre-filled, showing the stored token only as •••• and its last four', async () => {
    const view = await openForm(`settings ${life.accountId}`);
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain('•••• 8080');
    expect(blocks).not.toContain('lifecycle-token');
    expect(blocks).toContain('"initial_conversation":"C_LIFE"');
    expect(blocks).not.toContain('"block_id":"account_id"');
  });

  it('is refused to a non-admin', async () => {
    await send(`settings ${life.accountId}`, 'U_APPROVER');
    expect(await seen('Only adpilot admins can run `/adpilot settings`', 'U_APPROVER')).toBeDefined();
  });

  it('saves new approvers and a target, keeps the token, and audits before and after', async () => {
    const view = await openForm(`settings ${life.accountId}`);
    await h.emu.submitView({
      viewId: view.id,
      userId: 'U_ADMIN',
      values: values({ approvers: ['U_APPROVER', 'U_ADMIN'], cpa: '42' }),
    });
    expect(h.emu.state.views.get(view.id)?.closed).toBe(true);
    expect(await getAdAccount(h.db.pool, life.accountId)).toMatchObject({
      approver_user_ids: ['U_APPROVER', 'U_ADMIN'],
      target_cpa: 42,
    });
    const [row] = await listAudit(h.db.pool, DEFAULT_SEED.teamId, life.accountId);
    expect(row).toMatchObject({
      action: 'account.settings',
      before: { approvers: ['U_APPROVER'], targetCpa: null, token: '•••• 8080' },
      after: { approvers: ['U_APPROVER', 'U_ADMIN'], targetCpa: 42, token: '•••• 8080' },
    });
  });
});

describe('a revoked token', () => {
  it('marks the account needs_attention and tells its channel once, naming /adpilot settings', async () => {
    h.meta.emulator.faults.inject({ kind: 'expired_token' }, { times: 10_000 });
    try {
      await h.collect(life.accountId).catch(() => undefined);
      await h.collect(life.accountId).catch(() => undefined);
    } finally {
      h.meta.emulator.faults.clear();
    }
    expect((await getAdAccount(h.db.pool, life.accountId))?.status).toBe('needs_attention');
    const told = messages().filter((m) => m.all.includes(`/adpilot settings ${life.accountId}`) && !m.ephemeralFor);
    expect(told).toHaveLength(1);
    expect(told[0]!.all).toContain('can no longer read');
  });

  it('is fixed by settings with a token that passes the checks: active again, Schedules in place', async () => {
    const view = await openForm(`settings ${life.accountId}`);
    await h.emu.submitView({ viewId: view.id, userId: 'U_ADMIN', values: values({ token: TOKEN, cpa: '42' }) });
    expect(h.emu.state.views.get(view.id)?.errors ?? {}).toEqual({});
    expect(await getAdAccount(h.db.pool, life.accountId)).toMatchObject({ status: 'active', status_reason: null });
    expect(await scheduleExists()).toBe(true);
    expect(await seen('reconnected')).toBeDefined();
  });
});

describe('/adpilot disconnect', () => {
  it('asks first, then removes the account, deletes its Schedules and keeps its history', async () => {
    await send(`disconnect ${life.accountId}`, 'U_ADMIN');
    const ask = await seen('Disconnect *Lifecycle shop*');
    expect(await getAdAccount(h.db.pool, life.accountId)).toMatchObject({ status: 'active' });
    await h.emu.clickButton({
      userId: 'U_ADMIN',
      actionId: 'account_disconnect',
      channelId: CHANNEL,
      messageTs: ask.ts,
      value: life.accountId,
    });
    expect(await seen('Disconnected Lifecycle shop')).toBeDefined();
    expect((await getAdAccount(h.db.pool, life.accountId))?.status).toBe('removed');
    expect(await scheduleExists()).toBe(false);
    const runs = await h.db.pool.anyFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM collection_run WHERE account_id = ${life.accountId}`);
    expect(runs[0]).toBeGreaterThan(0);
    const [row] = await listAudit(h.db.pool, DEFAULT_SEED.teamId, life.accountId);
    expect(row).toMatchObject({ action: 'account.disconnect', after: { status: 'removed' } });
  });
});
