/**
 * Socket Mode as Slack runs it (https://docs.slack.dev/apis/events-api/using-socket-mode): apps.connections.open
 * trades the app-level token for a single-use WebSocket URL; on connect Slack sends `hello`; every slash command,
 * interaction and event arrives as an envelope the app must ack with `{ envelope_id, payload? }` within 3 s;
 * `disconnect` asks the app to reconnect. Slack spreads envelopes over the app's open connections.
 * The WebSocket protocol itself (RFC 6455: masking, UTF-8 validation, fragmentation, close handshake) is the `ws`
 * package's; this module only speaks Slack's messages over it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

export const SOCKET_PATH = '/socket-mode/link/';
const TICKET_TTL_MS = 30_000;
// The wire log is for tests; a long-running local workspace keeps only the latest messages.
const LOG_LIMIT = 1000;
// Slack's own limit is not documented; the old hand-written server allowed 16 MiB, and tests send 70 KB.
const MAX_MESSAGE = 16 * 1024 * 1024;
// How long close() waits for the peer's close frame before dropping the socket.
const CLOSE_GRACE_MS = 1000;

/** Refuses an upgrade with a plain HTTP answer (Slack answers a bad ticket before the handshake). */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: unknown;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What came back: the ack's payload, or why none came. */
export type SocketAnswer = { ok: true; payload: Record<string, unknown> | undefined } | { ok: false; error: 'timeout' };

export class SocketModeHub {
  private readonly appToken: string | undefined;
  private readonly appId: string;
  private readonly pingIntervalMs: number;
  private readonly tickets = new Map<string, number>();
  private readonly open = new Set<WebSocket>();
  // noServer: the emulator's HTTP server owns the port and hands upgrades over after checking the ticket.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE, clientTracking: false });
  private readonly waiting = new Map<string, (payload: Record<string, unknown> | undefined) => void>();
  private next = 0;
  /** Every envelope sent and every message received, for tests that assert on the wire format. */
  readonly log: { direction: 'out' | 'in'; message: unknown }[] = [];

  constructor(opts: { appToken: string | undefined; appId: string; pingIntervalMs?: number }) {
    this.appToken = opts.appToken;
    this.appId = opts.appId;
    this.pingIntervalMs = opts.pingIntervalMs ?? 10_000;
  }

  /**
   * apps.connections.open: only the app-level token (xapp-) with connections:write may open a socket; a bot or
   * user token is `not_allowed_token_type`, any other token `invalid_auth`.
   */
  connectionsOpen(token: string, origin: string): { ok: true; url: string } | { ok: false; error: string } {
    if (/^xox[bpe]-/.test(token)) return { ok: false, error: 'not_allowed_token_type' };
    if (!this.appToken || token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomBytes(16).toString('hex');
    this.tickets.set(ticket, Date.now());
    const ws = origin.replace(/^http/, 'ws');
    return { ok: true, url: `${ws}${SOCKET_PATH}?ticket=${ticket}&app_id=${this.appId}` };
  }

  /** The HTTP server's `upgrade` event. A missing, used or expired ticket is refused before the handshake. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head?: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const ticket = url.searchParams.get('ticket') ?? '';
    const issued = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (url.pathname !== SOCKET_PATH || issued === undefined || Date.now() - issued > TICKET_TTL_MS)
      return refuseUpgrade(socket, 401, 'Unauthorized');
    // ws answers a request that is no valid WebSocket handshake (upgrade header, key, version) with 400 itself.
    this.wss.handleUpgrade(req, socket, head ?? Buffer.alloc(0), (conn) => this.accept(conn));
  }

  private accept(conn: WebSocket): void {
    this.open.add(conn);
    // Slack pings its side; @slack/socket-mode disconnects when no ping comes within its serverPingTimeout (30 s).
    const pinger = setInterval(() => conn.ping('emulator'), this.pingIntervalMs);
    pinger.unref();
    conn.on('close', () => {
      clearInterval(pinger);
      this.open.delete(conn);
    });
    // A protocol error (unmasked client frame, invalid UTF-8, oversize message) makes ws close the socket; the
    // close event above does the bookkeeping, so the error needs no handling beyond not crashing the process.
    conn.on('error', () => undefined);
    conn.on('message', (data: RawData) => this.receive(rawText(data)));
    this.send(conn, {
      type: 'hello',
      num_connections: this.open.size,
      debug_info: { host: 'applink-emulator', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    });
  }

  connections(): number {
    return this.open.size;
  }

  /**
   * Sends an envelope on one of the open connections (round robin) and waits for its ack.
   * @throws Error when no app is connected.
   */
  async deliver(
    type: EnvelopeType,
    payload: unknown,
    acceptsResponsePayload: boolean,
    timeoutMs: number,
  ): Promise<SocketAnswer> {
    const conns = [...this.open];
    if (conns.length === 0) throw new Error('No app is connected over Socket Mode');
    const conn = conns[this.next++ % conns.length]!;
    const envelope: Envelope = {
      envelope_id: `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(6).toString('hex')}`,
      type,
      payload,
      accepts_response_payload: acceptsResponsePayload,
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    return new Promise<SocketAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelope.envelope_id);
        resolve({ ok: false, error: 'timeout' });
      }, timeoutMs);
      this.waiting.set(envelope.envelope_id, (p) => {
        clearTimeout(timer);
        resolve({ ok: true, payload: p });
      });
      this.send(conn, envelope);
    });
  }

  /** Sends Slack's `disconnect` message to every connection; the app is expected to reconnect. */
  disconnectAll(reason: DisconnectReason): void {
    for (const conn of this.open)
      this.send(conn, { type: 'disconnect', reason, debug_info: { host: 'applink-emulator' } });
  }

  /** Closes every socket with 1001 (going away), waiting up to a second each for the close handshake. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.open].map(
        (conn) =>
          new Promise<void>((resolve) => {
            if (conn.readyState === conn.CLOSED) return resolve();
            conn.once('close', () => resolve());
            conn.close(1001);
            setTimeout(() => conn.terminate(), CLOSE_GRACE_MS).unref();
          }),
      ),
    );
    this.open.clear();
    this.wss.close();
  }

  private record(direction: 'out' | 'in', message: unknown): void {
    this.log.push({ direction, message });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  private send(conn: WebSocket, message: unknown): void {
    this.record('out', message);
    if (conn.readyState === conn.OPEN) conn.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return; // Slack ignores what it cannot parse
    }
    this.record('in', message);
    if (typeof message.envelope_id !== 'string') return;
    const payload =
      message.payload && typeof message.payload === 'object' ? (message.payload as Record<string, unknown>) : undefined;
    this.waiting.get(message.envelope_id)?.(payload);
    this.waiting.delete(message.envelope_id);
  }
}

// ws delivers a Buffer with its default binaryType; the other shapes only for other binaryType settings.
function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}
