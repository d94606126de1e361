import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { getAction } from '../../src/db/actions.ts';
import { listAudit } from '../../src/db/audit.ts';
import { installDefaultRules, listRules } from '../../src/db/rules.ts';
import { testAccount } from '../support/scenarios.ts';
import { DEFAULT_SEED } from '../../src/emulators/slack/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// Roles and read scoping, checked on the server, through the real Bolt app and signed requests from the emulator.
// In the emulator's workspace U_ADMIN is a Slack workspace admin, U_APPROVER the account's approver, U_VIEWER neither.
const spec = testAccount('access', [1, 2, 1], { seed: 7, historyDays: 5 });
let h: BotHarness;
let channel: string;

beforeAll(async () => {
  h = await startBotHarness({ scenarios: [spec], config: { ADPILOT_ADMIN_USER_IDS: 'U_OPERATOR' } });
  channel = h.channelOf(spec.accountId);
  await installDefaultRules(h.db.pool, spec.accountId);
  // Another team's account in the same deployment, and one of ours bound to another channel.
  await upsertAdAccount(h.db.pool, {
    id: 'act_elsewhere',
    workspaceId: 'T_OTHER',
    name: 'Other team',
    slackChannelId: channel,
  });
  await upsertAdAccount(h.db.pool, {
    id: 'act_sibling',
    workspaceId: DEFAULT_SEED.teamId,
    name: 'Sibling',
    slackChannelId: 'C_GENERAL',
    approverUserIds: ['U_APPROVER'],
  });
}, 120_000);
afterAll(() => h?.close());

const send = (command: string, text: string, userId: string, channelId = channel) =>
  h.emu.sendSlashCommand({ command, text, userId, channelId });
const seen = (needle: string, userId: string, channelId = channel) =>
  eventually(() =>
    h.emu.state
      .visibleMessages(channelId, userId)
      .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
      .reverse()
      .find((m) => m.includes(needle)),
  );
const enabledOf = async () => (await listRules(h.db.pool, spec.accountId)).map((r) => r.enabled);

describe('rule changes are for admins', () => {
  it("refuses a non-admin's /rules disable, says how to get the role, and changes nothing", async () => {
    const before = await enabledOf();
    for (const user of ['U_APPROVER', 'U_VIEWER']) {
      await send('/rules', 'disable 1', user);
      expect(await seen('Only adpilot admins can run `/rules disable`', user)).toContain('workspace admin');
    }
    expect(await enabledOf()).toEqual(before);
    expect(await listAudit(h.db.pool, DEFAULT_SEED.teamId, spec.accountId)).toHaveLength(0);
  });

  it('lets a workspace admin (users.info) disable a rule, and records who, what and before/after', async () => {
    await send('/rules', 'disable 1', 'U_ADMIN');
    await seen('Disabled "', 'U_ADMIN');
    expect((await enabledOf())[0]).toBe(false);
    const [entry] = await listAudit(h.db.pool, DEFAULT_SEED.teamId, spec.accountId);
    expect(entry).toMatchObject({
      actor_user_id: 'U_ADMIN',
      action: 'rule.disable',
      before: { enabled: true },
      after: { enabled: false },
    });
  });

  it('lets a configured admin (ADPILOT_ADMIN_USER_IDS) re-enable it, and /adpilot audit lists both changes', async () => {
    await send('/rules', 'enable 1', 'U_OPERATOR');
    await seen('Enabled "', 'U_OPERATOR');
    expect((await enabledOf())[0]).toBe(true);
    await send('/adpilot', 'audit', 'U_ADMIN');
    const listing = await seen('Admin actions', 'U_ADMIN');
    expect(listing).toContain('rule.disable');
    expect(listing).toContain('rule.enable');
    await send('/adpilot', 'audit', 'U_VIEWER');
    await seen('Only adpilot admins can run `/adpilot audit`', 'U_VIEWER');
  });
});

describe('reads are scoped to the channel and the team', () => {
  it("answers /score act_sibling only in act_sibling's channel, naming where it answers", async () => {
    await send('/score', 'act_sibling', 'U_VIEWER');
    expect(await seen('act_sibling answers in <#C_GENERAL>', 'U_VIEWER')).toBeDefined();
  });

  it("treats another team's account as unknown, even in a channel it names", async () => {
    await send('/status', 'act_elsewhere', 'U_ADMIN');
    expect(await seen('act_elsewhere is not connected to adpilot in this workspace', 'U_ADMIN')).toBeDefined();
  });

  it('answers in a DM for an account the person approves, and refuses it to someone who is neither', async () => {
    // The emulator opens a person's DM with the app when a command names the user as its channel (D_<user>).
    await send('/status', 'act_sibling', 'U_APPROVER', 'U_APPROVER');
    await seen('Sibling', 'U_APPROVER', 'D_U_APPROVER');
    await send('/status', 'act_sibling', 'U_VIEWER', 'U_VIEWER');
    await seen('act_sibling answers in <#C_GENERAL>', 'U_VIEWER', 'D_U_VIEWER');
  });
});

describe('decisions are for approvers, read at click time', () => {
  it('refuses Approve from an approver removed after the proposal was made, and the proposal stays open', async () => {
    const id = await h.propose('access-revoked');
    const ts = await h.cardTs(id);
    await h.db.pool.query(
      sql.unsafe`UPDATE ad_account SET approver_user_ids = '{U_ADMIN}' WHERE id = ${spec.accountId}`,
    );
    try {
      await h.emu.clickButton({
        userId: 'U_APPROVER',
        actionId: 'proposal_approve',
        channelId: channel,
        messageTs: ts,
        value: String(id),
      });
      expect(await seen("Only this account's approvers can do this", 'U_APPROVER')).toContain('<@U_ADMIN>');
      expect((await getAction(h.db.pool, id))?.status).toBe('proposed');
    } finally {
      await h.db.pool.query(
        sql.unsafe`UPDATE ad_account SET approver_user_ids = '{U_APPROVER}' WHERE id = ${spec.accountId}`,
      );
    }
  });
});

describe('/help', () => {
  it('is a command, and its usage lines keep their placeholders visible in mrkdwn', async () => {
    const res = await send('/help', '', 'U_VIEWER');
    expect(res.status).toBe(200);
    const text = await seen('adpilot commands', 'U_VIEWER');
    expect(text).toContain('/rules add &lt;template&gt;');
    expect(text).toContain('/budget &lt;total per day&gt;');
    // Every code span is closed: an even number of backticks in each usage line.
    for (const line of text.split('\n').filter((l) => l.includes('`')))
      expect((line.match(/`/g) ?? []).length % 2).toBe(0);
  });
});
