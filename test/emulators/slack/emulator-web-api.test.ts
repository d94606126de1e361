import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ErrorCode,
  LogLevel,
  WebClient,
  type Logger,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
} from '@slack/web-api';
import { renderChartPng } from '../../../src/charts/index.ts';
import { startSlackEmulator, type SlackEmulator } from '../../../src/emulators/slack/index.ts';
import { charts } from '../../charts/samples.ts';
import { pngSize } from '../../charts/png.ts';

const TOKEN = 'xoxb-test';
let emu: SlackEmulator;
let client: WebClient;
// The client logs every platform error with console.error; these tests provoke them on purpose.
const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

beforeAll(async () => {
  emu = await startSlackEmulator({
    botToken: TOKEN,
    signingSecret: 'secret',
    rateLimits: { perMinute: { 'conversations.list': 2 } },
  });
  // retries: 0 so a failing call fails now instead of retrying for half an hour (research notes §1.6).
  client = new WebClient(TOKEN, {
    slackApiUrl: emu.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quiet,
  });
});
afterAll(() => emu.close());

const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });
const platformError = async (p: Promise<unknown>) => {
  const error = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as WebAPIPlatformError;
  expect(error?.code).toBe(ErrorCode.PlatformError);
  return error.data;
};

describe('Slack emulator Web API through @slack/web-api', () => {
  it('answers auth.test with the bot identity', async () => {
    const me = await client.auth.test();
    expect(me).toMatchObject({ ok: true, user_id: 'U_ADPILOT', bot_id: 'B_ADPILOT', team_id: 'T_ADPILOT' });
  });

  it('posts, updates and deletes a message and keeps it in the channel', async () => {
    const posted = await client.chat.postMessage({ channel: 'C_ADS', text: 'hello', blocks: [section('*hello*')] });
    expect(posted).toMatchObject({ ok: true, channel: 'C_ADS', message: { text: 'hello', bot_id: 'B_ADPILOT' } });
    const ts = posted.ts!;
    await client.chat.update({ channel: 'C_ADS', ts, text: 'changed', blocks: [section('changed')] });
    expect(emu.state.findMessage('C_ADS', ts)).toMatchObject({ text: 'changed', blocks: [section('changed')] });
    await client.chat.delete({ channel: 'C_ADS', ts });
    expect(emu.state.findMessage('C_ADS', ts)).toBeUndefined();
    expect(emu.calls('chat.update')[0]?.args).toMatchObject({ channel: 'C_ADS', ts });
  });

  it('posts to a channel by #name and to a user (the app DM)', async () => {
    expect((await client.chat.postMessage({ channel: '#general', text: 'x' })).channel).toBe('C_GENERAL');
    expect((await client.chat.postMessage({ channel: 'U_VIEWER', text: 'x' })).channel).toBe('D_U_VIEWER');
  });

  it('stores ephemeral messages for one user only', async () => {
    const { message_ts } = await client.chat.postEphemeral({ channel: 'C_ADS', user: 'U_VIEWER', text: 'psst' });
    expect(emu.state.visibleMessages('C_ADS', 'U_VIEWER').some((m) => m.ts === message_ts)).toBe(true);
    expect(emu.state.visibleMessages('C_ADS', 'U_APPROVER').some((m) => m.ts === message_ts)).toBe(false);
  });

  it('rejects blocks over the limits with invalid_blocks and a JSON pointer', async () => {
    const data = await platformError(
      client.chat.postMessage({ channel: 'C_ADS', text: 'x', blocks: [section('a'.repeat(3001))] }),
    );
    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages?.[0]).toContain('[json-pointer:/blocks/0/text/text]');
  });

  it('answers channel_not_found, no_text and message_not_found', async () => {
    expect((await platformError(client.chat.postMessage({ channel: 'C_NOPE', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
    expect((await platformError(client.chat.postMessage({ channel: 'C_ADS', text: '' }))).error).toBe('no_text');
    expect((await platformError(client.chat.update({ channel: 'C_ADS', ts: '1.000001', text: 'x' }))).error).toBe(
      'message_not_found',
    );
  });

  it('checks the token: not_authed without one, invalid_auth with a wrong one', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: emu.url, retryConfig: { retries: 0 }, logger: quiet });
    expect((await platformError(wrong.auth.test())).error).toBe('invalid_auth');
    const res = await fetch(`${emu.url}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('accepts a JSON body with a Bearer token as well as a form body', async () => {
    const res = await fetch(`${emu.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C_ADS', text: 'json', blocks: [section('json body')] }),
    });
    const body = (await res.json()) as { ok: boolean; ts: string };
    expect(body.ok).toBe(true);
    expect(emu.state.findMessage('C_ADS', body.ts)?.blocks).toEqual([section('json body')]);
  });

  it('uploads a rendered chart with filesUploadV2 and shares it into the channel', async () => {
    const png = await renderChartPng(charts.roiForecast!, { width: 400, height: 200 });
    const result = (await client.filesUploadV2({
      channel_id: 'C_ADS',
      file: png,
      filename: 'roi.png',
      title: 'ROI forecast',
      alt_text: 'ROAS forecast by channel',
      initial_comment: 'Forecast for next week',
    })) as unknown as { files: { files: { id: string; title: string }[] }[] };
    const file = result.files[0]!.files[0]!;
    expect(file.title).toBe('ROI forecast');
    const stored = emu.state.files.get(file.id)!;
    expect(stored.bytes?.equals(png)).toBe(true);
    expect(stored.alt_text).toBe('ROAS forecast by channel');
    const message = emu.state.visibleMessages('C_ADS').find((m) => m.files?.includes(file.id));
    expect(message?.text).toBe('Forecast for next week');
    const served = Buffer.from(await (await fetch(`${emu.origin}/files/${file.id}/roi.png`)).arrayBuffer());
    expect(pngSize(served)).toEqual({ width: 800, height: 400 });
  });

  it('answers 429 with Retry-After when a test scripts a rate limit', async () => {
    emu.failNext('chat.postMessage', { rateLimited: 7 });
    const error = (await client.chat
      .postMessage({ channel: 'C_ADS', text: 'x' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    expect((await client.chat.postMessage({ channel: 'C_ADS', text: 'next one passes' })).ok).toBe(true);
  });

  it('enforces a per-minute limit per method with a Retry-After of the time left', async () => {
    await client.conversations.list();
    await client.conversations.list();
    const res = await fetch(`${emu.url}conversations.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers a scripted error code', async () => {
    emu.failNext('users.info', { error: 'ratelimited_but_not_really' });
    expect((await platformError(client.users.info({ user: 'U_VIEWER' }))).error).toBe('ratelimited_but_not_really');
    expect((await client.users.info({ user: 'U_VIEWER' })).user?.real_name).toBe('Sam');
  });

  it('publishes a Home view and rejects a view over the limits with invalid_arguments', async () => {
    const blocks = [section('home')];
    const { view } = await client.views.publish({ user_id: 'U_APPROVER', view: { type: 'home', blocks } });
    expect(emu.state.homes.get('U_APPROVER')).toBe(view?.id);
    const tooMany = Array.from({ length: 101 }, () => ({ type: 'divider' as const }));
    const data = await platformError(
      client.views.publish({ user_id: 'U_APPROVER', view: { type: 'home', blocks: tooMany } }),
    );
    expect(data.error).toBe('invalid_arguments');
    expect(data.response_metadata?.messages?.[0]).toContain('[json-pointer:/view/blocks]');
  });

  it('refuses views.open with an unknown trigger_id', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'x' }, blocks: [section('x')] };
    expect((await platformError(client.views.open({ trigger_id: 'nope', view }))).error).toBe('invalid_trigger_id');
  });
});
