import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebClient } from '@slack/web-api';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createBotApp } from '../../src/bot/app.ts';
import { getAction } from '../../src/db/actions.ts';
import { testConfig } from '../support/meta.ts';
import { DEMO_ON_ADS } from '../support/bot-demo.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually as until } from '../support/eventually.ts';
import { slash } from '../support/slack.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// The real Bolt app with SocketModeReceiver, connected to the emulator's Socket Mode WebSocket: no request URL.
let h: BotHarness;
let proposalId: number;
beforeAll(async () => {
  h = await startBotHarness({ ...DEMO_ON_ADS, socketMode: true });
  proposalId = await h.propose('socket-1');
}, 120_000);
afterAll(async () => h?.close());

const sent = () => h.emu.socketMode.hub.log.filter((l) => l.direction === 'out').map((l) => l.message);
const received = () => h.emu.socketMode.hub.log.filter((l) => l.direction === 'in').map((l) => l.message);

describe('Socket Mode', () => {
  it('connects with the app-level token and gets Slack hello', () => {
    expect(h.emu.socketMode.connections()).toBe(1);
    expect(h.emu.appRequestUrl).toBeUndefined();
    expect(h.emu.calls('apps.connections.open')[0]).toMatchObject({ ok: true });
    expect(sent()[0]).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: 'A_ADPILOT' },
      debug_info: { host: expect.any(String) },
    });
  });

  it('delivers a slash command as an envelope and takes the ack payload as the answer', async () => {
    const answer = await slash(h.emu, '/budget', '-5');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('not a positive amount');
    const envelope = sent().find((m) => (m as { type?: string }).type === 'slash_commands') as {
      envelope_id: string;
      accepts_response_payload: boolean;
      payload: { command: string };
    };
    expect(envelope).toMatchObject({ accepts_response_payload: true, payload: { command: '/budget', text: '-5' } });
    expect(received()).toContainEqual({
      envelope_id: envelope.envelope_id,
      payload: expect.objectContaining({ text: expect.stringContaining('not a positive amount') }),
    });
  });

  it('answers /pending over the socket through response_url', async () => {
    await h.cardTs(proposalId);
    const answer = await h.emu.sendSlashCommand({ command: '/pending', userId: 'U_APPROVER', channelId: 'C_ADS' });
    expect(answer).toMatchObject({ status: 200, body: '' });
    await until(async () =>
      h.emu.state
        .visibleMessages('C_ADS', 'U_APPROVER')
        .some((m) => m.ephemeralFor && JSON.stringify(m.blocks ?? []).includes('Interests - outdoor'))
        ? true
        : undefined,
    );
  });

  it('delivers an Approve click as an interactive envelope and the approval workflow records it', async () => {
    const ts = await h.cardTs(proposalId);
    const answer = await h.emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_approve',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(proposalId),
    });
    expect(answer.status).toBe(200);
    expect(sent()).toContainEqual(
      expect.objectContaining({ type: 'interactive', payload: expect.objectContaining({ type: 'block_actions' }) }),
    );
    const row = await until(async () => {
      const r = await getAction(h.db.pool, proposalId);
      return r?.status === 'recorded' ? r : undefined;
    });
    expect(row.human_decided_by).toBe('U_APPROVER');
  });

  it('delivers app_home_opened as an events_api envelope and the Home is published', async () => {
    const answer = await h.emu.openAppHome('U_APPROVER');
    expect(answer.status).toBe(200);
    expect(sent()).toContainEqual(
      expect.objectContaining({
        type: 'events_api',
        retry_attempt: 0,
        payload: expect.objectContaining({
          type: 'event_callback',
          event: expect.objectContaining({ type: 'app_home_opened' }),
        }),
      }),
    );
    await h.emu.waitForCall('views.publish', (c) => c.ok && c.args.user_id === 'U_APPROVER');
  });

  it('refuses tampering options, which only make sense for signed HTTP requests', async () => {
    await expect(slash(h.emu, '/status', undefined, { tamper: 'bad-signature' })).rejects.toThrow(/Socket Mode/);
  });

  it('reconnects after Slack sends disconnect (refresh_requested)', async () => {
    const opened = h.emu.calls('apps.connections.open').length;
    h.emu.socketMode.disconnect('refresh_requested');
    await until(async () => (h.emu.calls('apps.connections.open').length > opened ? true : undefined));
    await until(async () => (h.emu.socketMode.connections() === 1 ? true : undefined));
    expect(sent()).toContainEqual(expect.objectContaining({ type: 'disconnect', reason: 'refresh_requested' }));
    const answer = await slash(h.emu, '/budget', 'x');
    expect(answer.status).toBe(200);
  }, 30_000);

  it('refuses a wrong app-level token with invalid_auth, so the app does not start', async () => {
    const app = createBotApp({
      signingSecret: h.secret,
      token: h.token,
      slackApiUrl: h.emu.url,
      pool: h.db.pool,
      temporal: h.temporal.client,
      config: testConfig(h.db.url),
      appToken: 'xapp-1-A_ADPILOT-wrong',
    });
    await expect(app.start()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await app.stop().catch(() => undefined);
  });

  it('refuses a bot token for apps.connections.open with not_allowed_token_type, and an app token elsewhere', async () => {
    const opts = { slackApiUrl: h.emu.url, retryConfig: { retries: 0 } };
    await expect(new WebClient(h.token, opts).apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
    await expect(
      new WebClient(h.appToken, opts).chat.postMessage({ channel: 'C_ADS', text: 'hi' }),
    ).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
  });
});
