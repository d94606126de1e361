import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSlackEmulator, type SlackEmulator } from '../../../src/emulators/slack/index.ts';

// The workspace page acts as any person in the workspace, so only the page itself may post its actions.
let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startSlackEmulator({ botToken: 'xoxb-origin', signingSecret: 'origin-secret' });
});
afterAll(async () => emu.close());

const say = (headers: Record<string, string>) =>
  fetch(`${emu.origin}/workspace/command`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ userId: 'U_VIEWER', channelId: 'C_GENERAL', text: 'hello from somewhere' }),
  });
const posted = () => (emu.state.messages.get('C_GENERAL') ?? []).map((m) => m.text);

describe('the workspace page refuses cross-site requests', () => {
  it('refuses another Origin with 403 and a body saying why, and changes nothing', async () => {
    const res = await say({ origin: 'http://evil.example', 'content-type': 'application/json' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toContain('cross-site request from http://evil.example');
    expect(posted()).toEqual([]);
  });

  it('refuses a request with neither Origin nor Sec-Fetch-Site same-origin', async () => {
    const res = await say({ 'content-type': 'application/json' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toContain('needs an Origin header of this page');
    expect(posted()).toEqual([]);
  });

  it('refuses the page own Origin with a form or text body (what a cross-site form could send)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await say({ origin: emu.origin, 'content-type': type });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toContain('Content-Type application/json');
    }
    expect(posted()).toEqual([]);
  });

  it('accepts JSON from its own Origin, and from Sec-Fetch-Site same-origin without an Origin', async () => {
    expect((await say({ origin: emu.origin, 'content-type': 'application/json' })).status).toBe(200);
    const sameOrigin = await say({
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(sameOrigin.status).toBe(200);
    expect(posted()).toEqual(['hello from somewhere', 'hello from somewhere']);
  });
});
