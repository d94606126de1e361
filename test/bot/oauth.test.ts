import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'slonik';
import { z } from 'zod';
import { installationClients } from '../../src/activities/slack-clients.ts';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { createBotApp } from '../../src/bot/app.ts';
import { createInstallationStore } from '../../src/bot/installation-store.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { recordNotification } from '../../src/db/notifications.ts';
import { findInstallation } from '../../src/db/slack-installations.ts';
import { createVault } from '../../src/db/vault.ts';
import { SECOND_TEAM_SEED, startSlackEmulator, type SlackEmulator } from '../../src/emulators/slack/index.ts';
import { BOT_SCOPES } from '../../src/slack/scopes.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { testConfig } from '../support/meta.ts';
import { connectTemporal, type TemporalHarness } from '../support/temporal.ts';

// Several workspaces: Bolt's OAuth install flow through the emulator's authorize page and oauth.v2.access, the
// installations in PostgreSQL, and every request answered with its own team's token and its own team's accounts.
const SECRET = 'oauth-signing-secret';
const CLIENT = { clientId: '111.222', clientSecret: 'oauth-client-secret' };
const vault = createVault([{ id: 'k1', secret: randomBytes(32).toString('base64') }]);
const TEAM_A = 'T_ADPILOT';
const TEAM_B = SECOND_TEAM_SEED.teamId;

let db: TestDatabase;
let temporal: TemporalHarness;
let emu: SlackEmulator;
let app: ReturnType<typeof createBotApp>;
let bot: string;

/** A person's browser: "Add to Slack" on the bot, Slack's authorize page for a team, back to the bot's redirect. */
async function install(team: string, user: string): Promise<{ status: number; body: string }> {
  const page = await fetch(`${bot}/slack/install`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const href = /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replaceAll('&amp;', '&');
  if (!href) throw new Error('No "Add to Slack" link on /slack/install');
  const authorize = new URL(href);
  authorize.searchParams.set('team', team);
  authorize.searchParams.set('user', user);
  const granted = await fetch(authorize, { redirect: 'manual' });
  const back = granted.headers.get('location');
  if (granted.status !== 302 || !back) throw new Error(`authorize answered ${granted.status}`);
  const done = await fetch(back, { headers: { cookie }, redirect: 'manual' });
  return { status: done.status, body: await done.text() };
}

beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  emu = await startSlackEmulator({
    botToken: 'xoxb-not-used-in-oauth-mode',
    signingSecret: SECRET,
    workspace: false,
    teams: [SECOND_TEAM_SEED],
    oauth: CLIENT,
  });
  app = createBotApp({
    signingSecret: SECRET,
    oauth: {
      ...CLIENT,
      stateSecret: 'oauth-state-secret',
      installationStore: createInstallationStore({ pool: db.pool, vault }),
    },
    slackApiUrl: emu.url,
    pool: db.pool,
    temporal: temporal.client,
    config: testConfig(db.url, { TASK_QUEUE: temporal.taskQueue }),
  });
  // Bolt logs each unauthorized request (a team that has not installed) at error level; that is the point here.
  app.logger.setLevel(LogLevel.ERROR);
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  bot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emu.appRequestUrl = `${bot}/slack/events`;
  emu.oauthRedirectUri = `${bot}/slack/oauth_redirect`;
  await upsertAdAccount(db.pool, {
    id: 'act_first',
    workspaceId: TEAM_A,
    name: 'First team shop',
    slackChannelId: 'C_ADS',
    approverUserIds: ['U_APPROVER'],
  });
  await upsertAdAccount(db.pool, {
    id: 'act_second',
    workspaceId: TEAM_B,
    name: 'Second team shop',
    slackChannelId: 'C_B_ADS',
    approverUserIds: ['U_B_ADMIN'],
  });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await emu?.close();
  await temporal?.close();
  await db?.drop();
});

const homeText = async (team: string, userId: string) => {
  const state = emu.team(team).state;
  await emu.team(team).openAppHome(userId);
  const view = await eventually(() => {
    const id = state.homes.get(userId);
    return id ? state.views.get(id) : undefined;
  });
  return JSON.stringify(view.blocks);
};

describe('OAuth install into several workspaces', () => {
  it('answers a workspace that has not installed the app with no reply at all (no token to answer with)', async () => {
    const answer = await emu.team(TEAM_B).sendSlashCommand({
      command: '/score',
      text: 'act_second',
      userId: 'U_B_ADMIN',
      channelId: 'C_B_ADS',
    });
    expect(answer.status).toBe(401);
    expect(emu.team(TEAM_B).calls()).toEqual([]);
  });

  it('installs into the first and a second workspace through Add to Slack, storing each bot token encrypted', async () => {
    expect((await install(TEAM_A, 'U_ADMIN')).status).toBe(200);
    const second = await install(TEAM_B, 'U_B_ADMIN');
    expect(second.status).toBe(200);
    expect(second.body).toMatch(/Thank you|success/i);
    const row = z.object({
      team_id: z.string(),
      bot_user_id: z.string(),
      bot_scopes: z.array(z.string()),
      installer_user_id: z.string(),
      bot_token_ciphertext: z.instanceof(Buffer),
      details: z.string(),
    });
    const rows = await db.pool.any(
      sql.type(
        row,
      )`SELECT team_id, bot_user_id, bot_scopes, installer_user_id, bot_token_ciphertext, installation::text AS details
                 FROM slack_installation ORDER BY team_id`,
    );
    expect(rows.map((r) => [r.team_id, r.bot_user_id, r.installer_user_id])).toEqual([
      [TEAM_A, 'U_ADPILOT', 'U_ADMIN'],
      [TEAM_B, SECOND_TEAM_SEED.botUserId, 'U_B_ADMIN'],
    ]);
    expect(rows[1]!.bot_scopes).toEqual([...BOT_SCOPES]);
    const installation = await findInstallation(db.pool, vault, { teamId: TEAM_B });
    const token = installation!.botToken;
    expect(token).toMatch(/^xoxb-T_SECOND-/);
    for (const r of rows) {
      expect(r.bot_token_ciphertext.toString('latin1')).not.toContain('xoxb-');
      expect(r.details).not.toContain('xoxb-');
    }
    // The stored token is the one Slack issued for the second team.
    const auth = await new WebClient(token, { slackApiUrl: emu.url }).auth.test();
    expect(auth.team_id).toBe(TEAM_B);
  });

  it("refuses the first workspace's account in the second one as not connected, answering in the second team", async () => {
    await emu.team(TEAM_B).sendSlashCommand({
      command: '/score',
      text: 'act_first',
      userId: 'U_B_ADMIN',
      channelId: 'C_B_ADS',
    });
    const reply = await eventually(() =>
      emu
        .team(TEAM_B)
        .state.visibleMessages('C_B_ADS', 'U_B_ADMIN')
        .find((m) => m.text.includes('act_first')),
    );
    expect(reply.text).toContain('act_first is not connected to adpilot in this workspace');
    expect(emu.state.visibleMessages('C_ADS', 'U_ADMIN')).toEqual([]);
  });

  it("shows the second workspace's admin an App Home without the first workspace's accounts", async () => {
    const second = await homeText(TEAM_B, 'U_B_ADMIN');
    expect(second).toContain('Second team shop');
    expect(second).not.toContain('First team shop');
    const first = await homeText(TEAM_A, 'U_ADMIN');
    expect(first).toContain('First team shop');
    expect(first).not.toContain('Second team shop');
  });

  it("posts a worker's message for an account with its own workspace's installation token", async () => {
    const notifier = createSlackNotifier({
      pool: db.pool,
      slack: installationClients({ pool: db.pool, vault, slackApiUrl: emu.url }),
    });
    for (const accountId of ['act_first', 'act_second'])
      await recordNotification(db.pool, {
        dedupeKey: `oauth-note-${accountId}`,
        accountId,
        kind: 'alert',
        payload: { text: `note for ${accountId}` },
      });
    expect(await notifier.digest!('act_second')).toEqual(expect.objectContaining({ posted: true }));
    expect(await notifier.digest!('act_first')).toEqual(expect.objectContaining({ posted: true }));
    const texts = (team: string, channel: string) =>
      JSON.stringify(
        emu
          .team(team)
          .state.visibleMessages(channel)
          .map((m) => [m.text, m.blocks]),
      );
    expect(texts(TEAM_B, 'C_B_ADS')).toContain('note for act_second');
    expect(texts(TEAM_A, 'C_ADS')).toContain('note for act_first');
    expect(texts(TEAM_A, 'C_ADS')).not.toContain('act_second');
  });
});
