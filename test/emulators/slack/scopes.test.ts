import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebClient, type WebAPICallError } from '@slack/web-api';
import path from 'node:path';
import {
  MANIFEST_PATH,
  manifestBotScopes,
  startSlackEmulator,
  type SlackEmulator,
} from '../../../src/emulators/slack/index.ts';
import { BOT_SCOPES } from '../../../src/slack/scopes.ts';

// The emulator refuses a Web API call whose token lacks the scope Slack requires, the way Slack answers it.
let emu: SlackEmulator;
const client = (token: string) => new WebClient(token, { slackApiUrl: emu.url, retryConfig: { retries: 0 } });
const failure = async (call: Promise<unknown>) => {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as WebAPICallError & { data?: Record<string, unknown> };
  return error?.data;
};

beforeAll(async () => {
  emu = await startSlackEmulator({
    botToken: 'xoxb-manifest',
    signingSecret: 'scopes-secret',
    workspace: false,
    seed: {
      channels: [
        { id: 'C_ADS', name: 'ads-ops' },
        { id: 'G_PRIVATE', name: 'secret-ops', is_private: true },
      ],
    },
  });
  emu.grantToken('xoxb-commands-only', 'T_ADPILOT', ['commands', 'users:read']);
  emu.grantToken('xoxb-public-only', 'T_ADPILOT', ['chat:write', 'channels:read']);
});
afterAll(async () => emu.close());

describe('OAuth scopes in the Slack emulator', () => {
  it('answers chat.postMessage from a token without chat:write with missing_scope, needed and provided', async () => {
    // The wire answer itself, as Slack sends it (the Web API client adds fields of its own).
    const res = await fetch(`${emu.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-commands-only', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C_ADS', text: 'hi' }),
    });
    expect(await res.json()).toEqual({
      ok: false,
      error: 'missing_scope',
      needed: 'chat:write',
      provided: 'commands,users:read',
    });
    const data = await failure(client('xoxb-commands-only').chat.postMessage({ channel: 'C_ADS', text: 'hi' }));
    expect(data).toEqual(expect.objectContaining({ error: 'missing_scope', needed: 'chat:write' }));
    expect(emu.state.messages.get('C_ADS') ?? []).toEqual([]);
  });

  it('asks conversations.info for the scope of the channel type: groups:read for a private channel', async () => {
    const token = client('xoxb-public-only');
    expect((await token.conversations.info({ channel: 'C_ADS' })).ok).toBe(true);
    const data = await failure(token.conversations.info({ channel: 'G_PRIVATE' }));
    expect(data).toEqual(expect.objectContaining({ error: 'missing_scope', needed: 'groups:read' }));
  });

  it("grants the configured bot token manifest.yml's bot scopes, which cover chat, files and users", async () => {
    const bot = client('xoxb-manifest');
    expect((await bot.chat.postMessage({ channel: 'C_ADS', text: 'hi' })).ok).toBe(true);
    expect((await bot.users.info({ user: 'U_ADMIN' })).ok).toBe(true);
    const upload = await bot.files.uploadV2({ channel_id: 'C_ADS', file: Buffer.from('x'), filename: 'a.txt' });
    expect(upload.ok).toBe(true);
  });

  it('keeps both manifests on the bot scopes adpilot asks for in the OAuth install', () => {
    const socket = path.join(path.dirname(MANIFEST_PATH), 'manifest.socket-mode.yml');
    expect(manifestBotScopes(MANIFEST_PATH)).toEqual([...BOT_SCOPES]);
    expect(manifestBotScopes(socket)).toEqual([...BOT_SCOPES]);
  });
});
