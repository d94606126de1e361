/**
 * Socket Mode as Slack runs it (https://docs.slack.dev/apis/events-api/using-socket-mode): apps.connections.open
 * trades the app-level token for a single-use WebSocket URL; on connect Slack sends `hello`; every slash command,
 * interaction and event arrives as an envelope the app must ack with `{ envelope_id, payload? }` within 3 s;
 * `disconnect` asks the app to reconnect. Slack spreads envelopes over the app's open connections.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptUpgrade, refuseUpgrade, type WebSocketConnection } from './websocket.ts';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

export const SOCKET_PATH = '/socket-mode/link/';
const TICKET_TTL_MS = 30_000;
// The wire log is for tests; a long-running local workspace keeps only the latest messages.
const LOG_LIMIT = 1000;

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
  private readonly open = new Set<WebSocketConnection>();
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
    let conn: WebSocketConnection;
    try {
      conn = acceptUpgrade(req, socket, head);
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    this.open.add(conn);
    // Slack pings its side; @slack/socket-mode disconnects when no ping comes within its serverPingTimeout (30 s).
    const pinger = setInterval(() => conn.ping('emulator'), this.pingIntervalMs);
    pinger.unref();
    conn.on('close', () => {
      clearInterval(pinger);
      this.open.delete(conn);
    });
    conn.on('message', (text) => this.receive(text));
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
            conn.once('close', () => resolve());
            conn.close(1001);
          }),
      ),
    );
    this.open.clear();
  }

  private record(direction: 'out' | 'in', message: unknown): void {
    this.log.push({ direction, message });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  private send(conn: WebSocketConnection, message: unknown): void {
    this.record('out', message);
    conn.send(JSON.stringify(message));
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
