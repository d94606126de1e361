import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { proposalCard, rejectReasonModal } from '../../../src/slack/blocks/index.ts';
import { startSlackEmulator, type SlackEmulator } from '../../../src/emulators/slack/index.ts';
import { slash } from '../../support/slack.ts';

const SECRET = 'signing-secret';
const TOKEN = 'xoxb-test';

/** A tiny app: verifies each request with Bolt's own verifier, records it, and answers with whatever the test set. */
interface Received {
  contentType: string | undefined;
  fields: Record<string, string>;
  payload?: Record<string, unknown>;
}
interface BlockActionsPayload {
  type: string;
  user: { id: string };
  container: unknown;
  trigger_id: string;
  actions: { action_id: string; value?: string; block_id: string; type: string }[];
  message: { blocks: unknown[] };
}
interface ViewSubmissionPayload {
  type: string;
  view: { private_metadata: string; state: { values: Record<string, Record<string, unknown>> } };
}
let received: Received[] = [];
let answer: { status: number; body?: unknown } = { status: 200 };
let app: Server;
let emu: SlackEmulator;

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  app = createServer((req, res) => {
    void read(req).then((raw) => {
      const valid = isValidSlackRequest({
        signingSecret: SECRET,
        body: raw,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
          'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
        },
      });
      if (!valid) {
        res.writeHead(401).end();
        return;
      }
      const ct = req.headers['content-type'];
      const fields: Record<string, string> =
        ct === 'application/json' ? {} : Object.fromEntries(new URLSearchParams(raw));
      const json = ct === 'application/json' ? raw : fields.payload;
      const payload = json ? (JSON.parse(json) as Record<string, unknown>) : undefined;
      received.push({ contentType: ct, fields, payload });
      const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, body ? { 'content-type': 'application/json' } : {}).end(body);
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
  emu = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET, appRequestUrl: appUrl });
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => app.close(r));
});
beforeEach(() => {
  received = [];
  answer = { status: 200 };
});

const respond = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// One timestamp for every card of the file: a card built on the other side of a second boundary would differ.
const DATA_AS_OF = Date.now();
const card = () =>
  proposalCard({
    id: 42,
    accountName: 'Demo shop',
    action: 'Pause ad set',
    entityName: 'Summer sale',
    evidence: [],
    explanation: 'No purchases.',
    expectedImpact: 'Saves €59/day',
    confidence: 0.8,
    dataAsOf: DATA_AS_OF,
  });

async function postCard(): Promise<string> {
  const res = await fetch(`${emu.url}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'C_ADS', ...card() }),
  });
  return ((await res.json()) as { ts: string }).ts;
}

describe('the emulator sends signed requests to the app', () => {
  it('sends a slash command as exactly form-encoded fields the app can verify', async () => {
    const result = await slash(emu, '/score', 'act_1');
    expect(result.status).toBe(200);
    const [r] = received;
    expect(r?.contentType).toBe('application/x-www-form-urlencoded');
    expect(r?.fields).toMatchObject({
      command: '/score',
      text: 'act_1',
      user_id: 'U_APPROVER',
      channel_id: 'C_ADS',
      team_id: 'T_ADPILOT',
    });
    expect(r?.fields.response_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//);
    expect(r?.fields.trigger_id).toBeTruthy();
  });

  it.each(['bad-signature', 'stale-timestamp', 'no-signature'] as const)(
    'a %s request gets 401 from a verifying app',
    async (tamper) => {
      const result = await slash(emu, '/score', undefined, { tamper });
      expect(result.status).toBe(401);
      expect(received).toHaveLength(0);
    },
  );

  it('shows an ack body to the user alone, and an in_channel one to everyone with the command echoed', async () => {
    answer = { status: 200, body: { text: 'only you' } };
    await emu.sendSlashCommand({ command: '/help', userId: 'U_VIEWER', channelId: 'C_GENERAL' });
    expect(emu.state.visibleMessages('C_GENERAL', 'U_VIEWER').at(-1)).toMatchObject({
      text: 'only you',
      ephemeralFor: 'U_VIEWER',
    });
    answer = { status: 200, body: { text: 'everyone', response_type: 'in_channel' } };
    await emu.sendSlashCommand({ command: '/help', text: 'score', userId: 'U_VIEWER', channelId: 'C_GENERAL' });
    const [echo, reply] = emu.state.visibleMessages('C_GENERAL').slice(-2);
    expect(echo).toMatchObject({ user: 'U_VIEWER', text: '/help score' });
    expect(reply).toMatchObject({ text: 'everyone', user: 'U_ADPILOT' });
    expect(reply?.ephemeralFor).toBeUndefined();
  });

  it('tells the user like Slack does when the app fails', async () => {
    answer = { status: 500 };
    await emu.sendSlashCommand({ command: '/score', userId: 'U_APPROVER', channelId: 'C_GENERAL' });
    expect(emu.state.visibleMessages('C_GENERAL', 'U_APPROVER').at(-1)).toMatchObject({
      user: 'USLACKBOT',
      text: '/score failed with the error "dispatch_failed"',
    });
  });

  it('applies response_url posts: ephemeral, in_channel, and a 404 after five uses', async () => {
    await emu.sendSlashCommand({ command: '/pending', userId: 'U_APPROVER', channelId: 'C_ADS' });
    const url = received[0]!.fields.response_url!;
    expect((await respond(url, { text: 'working on it' })).status).toBe(200);
    expect(emu.state.visibleMessages('C_ADS', 'U_APPROVER').at(-1)).toMatchObject({
      text: 'working on it',
      ephemeralFor: 'U_APPROVER',
    });
    await respond(url, { text: 'done', response_type: 'in_channel' });
    expect(emu.state.visibleMessages('C_ADS').at(-1)).toMatchObject({ text: 'done' });
    for (let i = 0; i < 3; i++) await respond(url, { text: `again ${i}` });
    expect((await respond(url, { text: 'sixth' })).status).toBe(404);
  });

  it('clicks a button with a block_actions payload that points back at the message', async () => {
    const ts = await postCard();
    await emu.clickButton({ channelId: 'C_ADS', messageTs: ts, actionId: 'proposal_approve', userId: 'U_APPROVER' });
    const p = received[0]!.payload as unknown as BlockActionsPayload;
    expect(p.type).toBe('block_actions');
    expect(p.user.id).toBe('U_APPROVER');
    expect(p.container).toEqual({ type: 'message', message_ts: ts, channel_id: 'C_ADS', is_ephemeral: false });
    expect(p.actions[0]).toMatchObject({
      action_id: 'proposal_approve',
      value: '42',
      block_id: 'proposal_42',
      type: 'button',
    });
    expect(p.message.blocks).toEqual(card().blocks);
    expect(p.trigger_id).toBeTruthy();
  });

  it('replaces and then deletes the clicked message through its response_url', async () => {
    const ts = await postCard();
    await emu.clickButton({ channelId: 'C_ADS', messageTs: ts, actionId: 'proposal_reject', userId: 'U_APPROVER' });
    const url = (received[0]!.payload as { response_url: string }).response_url;
    await respond(url, {
      replace_original: true,
      text: 'Rejected',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Rejected' } }],
    });
    expect(emu.state.findMessage('C_ADS', ts)?.text).toBe('Rejected');
    const bad = await respond(url, {
      replace_original: true,
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    });
    expect(bad.status).toBe(400);
    await respond(url, { delete_original: true });
    expect(emu.state.findMessage('C_ADS', ts)).toBeUndefined();
  });

  it('refuses to click a button that is not there', async () => {
    const ts = await postCard();
    await expect(
      emu.clickButton({ channelId: 'C_ADS', messageTs: ts, actionId: 'proposal_undo', userId: 'U_APPROVER' }),
    ).rejects.toThrow('No button with action_id proposal_undo');
  });

  it('opens a modal from a click trigger once, submits it, and keeps it open on response_action errors', async () => {
    const ts = await postCard();
    await emu.clickButton({ channelId: 'C_ADS', messageTs: ts, actionId: 'proposal_reject', userId: 'U_APPROVER' });
    const trigger = (received[0]!.payload as { trigger_id: string }).trigger_id;
    const open = (body: unknown) =>
      fetch(`${emu.url}views.open`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ ok: boolean; error?: string; view?: { id: string } }>);
    const opened = await open({ trigger_id: trigger, view: rejectReasonModal(42) });
    expect(opened.ok).toBe(true);
    expect((await open({ trigger_id: trigger, view: rejectReasonModal(42) })).error).toBe('trigger_exchanged');
    const viewId = opened.view!.id;
    expect(emu.state.openModal('U_APPROVER')?.id).toBe(viewId);

    answer = { status: 200, body: { response_action: 'errors', errors: { reject_reason: 'Say a bit more' } } };
    await emu.submitView({ viewId, userId: 'U_APPROVER', values: { reject_reason: { reason: 'no' } } });
    const p = received.at(-1)!.payload as unknown as ViewSubmissionPayload;
    expect(p.type).toBe('view_submission');
    expect(p.view.private_metadata).toBe('42');
    expect(p.view.state.values.reject_reason?.reason).toEqual({ type: 'plain_text_input', value: 'no' });
    expect(emu.state.openModal('U_APPROVER')?.errors).toEqual({ reject_reason: 'Say a bit more' });

    answer = { status: 200 };
    await emu.submitView({
      viewId,
      userId: 'U_APPROVER',
      values: { reject_reason: { reason: 'The sale starts tomorrow' } },
    });
    expect(emu.state.openModal('U_APPROVER')).toBeUndefined();
  });

  it('sends app_home_opened as a signed JSON event', async () => {
    await emu.openAppHome('U_VIEWER');
    expect(received[0]?.contentType).toBe('application/json');
    expect(received[0]?.payload).toMatchObject({
      type: 'event_callback',
      event: { type: 'app_home_opened', user: 'U_VIEWER', tab: 'home' },
    });
  });
});
