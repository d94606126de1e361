import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { DEMO_ON_ADS } from '../support/bot-demo.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// What operators see when a person sees "Something went wrong": the real Bolt app behind the Slack emulator,
// failures made real (a table gone from the database, a Slack call refused), the bot's log records captured.
const API_TOKEN = 'logging-dashboard-token-0123456789';
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ ...DEMO_ON_ADS, config: { DASHBOARD_API_TOKEN: API_TOKEN } });
}, 120_000);
afterAll(() => h?.close());

/** Runs `fn` while a table is renamed away, so every query on it fails as a broken database would. */
async function withoutTable<T>(table: string, fn: () => Promise<T>): Promise<T> {
  await h.db.pool.query(
    sql.unsafe`ALTER TABLE ${sql.identifier([table])} RENAME TO ${sql.identifier([`${table}_away`])}`,
  );
  try {
    return await fn();
  } finally {
    await h.db.pool.query(
      sql.unsafe`ALTER TABLE ${sql.identifier([`${table}_away`])} RENAME TO ${sql.identifier([table])}`,
    );
  }
}

const errors = (since: number) => h.logs.slice(since).filter((r) => r.level === 'error');
const seenBy = (user: string, needle: string) =>
  eventually(() =>
    h.emu.state
      .visibleMessages('C_ADS', user)
      .map((m) => m.text)
      .reverse()
      .find((t) => t.includes(needle)),
  );

describe('a failing slash command', () => {
  it('still tells the user, and logs one error record with the command, team, user, channel and account', async () => {
    const since = h.logs.length;
    const text = await withoutTable('intel_automation_rule', async () => {
      await h.emu.sendSlashCommand({ command: '/rules', text: '', userId: 'U_APPROVER', channelId: 'C_ADS' });
      return seenBy('U_APPROVER', 'intel_automation_rule');
    });
    expect(text).toMatch(/^Something went wrong: /);
    const records = errors(since);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'error',
      command: '/rules',
      teamId: 'T_ADPILOT',
      userId: 'U_APPROVER',
      channelId: 'C_ADS',
      accountId: 'act_demo',
      error: { message: expect.stringContaining('intel_automation_rule') as unknown },
    });
  });
});

describe('a failing button click', () => {
  it("still tells the user, and logs the proposal, its workflow and the account with the user's ids", async () => {
    const id = await h.propose('logging-reject');
    const ts = await h.cardTs(id);
    const since = h.logs.length;
    h.emu.failNext('views.open', { error: 'trigger_expired' });
    await h.emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_reject',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(id),
    });
    expect(await seenBy('U_APPROVER', 'trigger_expired')).toMatch(/^Something went wrong: /);
    const records = errors(since);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'proposal_reject',
      proposalId: id,
      workflowId: `proposal-${id}`,
      accountId: 'act_demo',
      teamId: 'T_ADPILOT',
      userId: 'U_APPROVER',
      channelId: 'C_ADS',
    });
  });
});

describe('the dashboard API', () => {
  it('answers a failure with a bare 500 and logs it with the route and account', async () => {
    const since = h.logs.length;
    const res = await withoutTable('ml_forecast_run', () =>
      fetch(`http://127.0.0.1:${h.port}/api/v1/accounts/act_demo/status`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      }),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'Internal error.' });
    const records = errors(since);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      msg: 'dashboard API request failed',
      route: '/api/v1/accounts/act_demo/status',
      accountId: 'act_demo',
      error: { message: expect.stringContaining('ml_forecast_run') as unknown },
    });
  });
});

describe('an error no listener catches', () => {
  it('is logged with its ids by the app, and Bolt logs through the same logger', async () => {
    const since = h.logs.length;
    // Home is published, fails; the "could not load" view is published, fails too: the event has no one to tell.
    h.emu.failNext('views.publish', { error: 'internal_error' }, 2);
    await h.emu.openAppHome('U_APPROVER');
    const logged = await eventually(() => {
      const r = errors(since);
      return r.some((x) => x.component === 'bolt') ? r : undefined;
    });
    expect(logged.find((r) => r.msg.startsWith('App Home not published'))).toMatchObject({
      teamId: 'T_ADPILOT',
      userId: 'U_APPROVER',
    });
    expect(logged.find((r) => r.msg.startsWith('Slack listener failed with no reply'))).toMatchObject({
      teamId: 'T_ADPILOT',
      userId: 'U_APPROVER',
      error: { message: expect.stringContaining('internal_error') as unknown },
    });
  });
});

describe('the log', () => {
  it('holds no Slack token, signing secret or API token', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    const all = JSON.stringify(h.logs);
    for (const secret of [h.token, h.secret, API_TOKEN]) expect(all).not.toContain(secret);
  });
});
