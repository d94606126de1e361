import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { startSlackEmulator, type SlackEmulator } from '../../../src/emulators/slack/index.ts';
import { eventually } from '../../support/eventually.ts';
import { slash } from '../../support/slack.ts';

// The emulator's Socket Mode endpoint at the wire level, with Node's own WebSocket client (undici).
let emu: SlackEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const start = () =>
  startSlackEmulator({ botToken: 'xoxb-t', signingSecret: 's', workspace: false, appToken: 'xapp-1-t' }).then((e) => {
    emu = e;
    return e;
  });

async function open(e: SlackEmulator): Promise<string> {
  const res = await fetch(`${e.url}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: 'Bearer xapp-1-t' },
  });
  return ((await res.json()) as { url: string }).url;
}

function connect(url: string): Promise<{ ws: WebSocket; messages: unknown[] }> {
  const messages: unknown[] = [];
  const ws = new WebSocket(url);
  ws.addEventListener('message', (ev) => messages.push(JSON.parse(String(ev.data))));
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve({ ws, messages }));
    ws.addEventListener('error', () => reject(new Error('WebSocket refused')));
  });
}

/**
 * Opens the socket by hand and writes one raw frame, so a test can send what a conforming client never would.
 * Resolves with the close code of the server's close frame (RFC 6455 §5.5.1).
 */
function rawFrameCloseCode(url: string, frame: Buffer): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = tcpConnect(Number(u.port), u.hostname);
    let buf = Buffer.alloc(0);
    let upgraded = false;
    sock.on('error', reject);
    sock.on('connect', () =>
      sock.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!buf.subarray(0, end).toString().startsWith('HTTP/1.1 101')) return reject(new Error('no upgrade'));
        upgraded = true;
        buf = buf.subarray(end + 4);
        sock.write(frame);
      }
      // Skip server frames (hello) until the close frame (opcode 8) arrives.
      while (buf.length >= 2) {
        const len = buf[1]! & 0x7f;
        const head = len === 126 ? 4 : len === 127 ? 10 : 2;
        const size = len === 126 ? buf.readUInt16BE(2) : len === 127 ? Number(buf.readBigUInt64BE(2)) : len;
        if (buf.length < head + size) return;
        if ((buf[0]! & 0x0f) === 0x8) {
          sock.destroy();
          return resolve(buf.readUInt16BE(head));
        }
        buf = buf.subarray(head + size);
      }
    });
  });
}

function textFrame(payload: Buffer, mask: boolean): Buffer {
  if (!mask) return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), key, masked]);
}

describe('the Slack emulator in Socket Mode', () => {
  it('answers apps.connections.open with a ws:// URL whose ticket works once', async () => {
    const e = await start();
    const url = await open(e);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket-mode\/link\/\?ticket=[0-9a-f]+&app_id=A_ADPILOT$/);
    const first = await connect(url);
    await eventually(() => (first.messages.length === 1 ? true : undefined), 5000, 'hello');
    expect(first.messages[0]).toMatchObject({ type: 'hello', num_connections: 1 });
    await expect(connect(url)).rejects.toThrow(/refused/);
    first.ws.close();
    await eventually(() => (e.socketMode.connections() === 0 ? true : undefined), 5000, 'close');
  });

  it('carries envelopes and acks larger than 64 KiB both ways', async () => {
    const e = await start();
    const { ws, messages } = await connect(await open(e));
    const big = 'x'.repeat(70_000);
    ws.addEventListener('message', (ev) => {
      const m = JSON.parse(String(ev.data)) as { envelope_id?: string; payload?: { text?: string } };
      if (m.envelope_id)
        ws.send(JSON.stringify({ envelope_id: m.envelope_id, payload: { text: `${m.payload?.text?.length}:${big}` } }));
    });
    const answer = await slash(e, '/pending', big);
    expect(answer.status).toBe(200);
    expect((answer.json as { text: string }).text).toBe(`70000:${big}`);
    expect(messages[1]).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
  });

  it('closes the socket with 1002 (protocol error) when a client frame is not masked', async () => {
    const e = await start();
    expect(await rawFrameCloseCode(await open(e), textFrame(Buffer.from('{"envelope_id":"x"}'), false))).toBe(1002);
  });

  it('closes the socket with 1007 (invalid data) when a text frame is not UTF-8', async () => {
    const e = await start();
    expect(await rawFrameCloseCode(await open(e), textFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), true))).toBe(1007);
  });

  it('times out like Slack when the app never acks', async () => {
    emu = await startSlackEmulator({
      botToken: 'xoxb-t',
      signingSecret: 's',
      workspace: false,
      appToken: 'xapp-1-t',
      ackTimeoutMs: 200,
    });
    await connect(await open(emu));
    const answer = await emu.sendSlashCommand({ command: '/pending', userId: 'U_APPROVER', channelId: 'C_ADS' });
    expect(answer).toMatchObject({ status: 0, error: 'operation_timeout' });
    expect(emu.state.visibleMessages('C_ADS', 'U_APPROVER').map((m) => m.text)).toContain(
      '/pending failed with the error "operation_timeout"',
    );
  });

  it('lets the workspace page reach an app connected only over the socket', async () => {
    emu = await startSlackEmulator({ botToken: 'xoxb-t', signingSecret: 's', appToken: 'xapp-1-t' });
    const { ws } = await connect(await open(emu));
    ws.addEventListener('message', (ev) => {
      const m = JSON.parse(String(ev.data)) as { envelope_id?: string };
      if (m.envelope_id) ws.send(JSON.stringify({ envelope_id: m.envelope_id, payload: { text: 'Nothing waits.' } }));
    });
    const state = (await (await fetch(`${emu.origin}/workspace/state?user=U_APPROVER`)).json()) as {
      appConnected: boolean;
    };
    expect(state.appConnected).toBe(true);
    const res = await fetch(`${emu.origin}/workspace/command`, {
      method: 'POST',
      headers: { origin: emu.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'U_APPROVER', channelId: 'C_ADS', text: '/pending' }),
    });
    expect(res.status).toBe(200);
    expect(emu.state.visibleMessages('C_ADS', 'U_APPROVER').map((m) => m.text)).toContain('Nothing waits.');
  });
});
