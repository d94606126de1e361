/**
 * What Slack sends to the app, at the wire: each request signed with the signing secret and posted to the app's
 * request URL, or sent as a Socket Mode envelope when the app holds a connection.
 */
import { signRequest } from '../signing.ts';
import type { ResponseUrls } from '../response-urls.ts';
import { deliverOverSocket } from '../socket-mode/deliver.ts';
import type { SocketModeHub } from '../socket-mode/hub.ts';
import { SLACKBOT, type EmulatorState } from '../state.ts';
import type { TriggerStore } from '../triggers.ts';
import type { AppAnswer } from '../types.ts';

/** For negative tests: Bolt must answer 401 to each of these. */
export type Tamper = 'bad-signature' | 'stale-timestamp' | 'no-signature';

export interface ToAppContext {
  state: EmulatorState;
  triggers: TriggerStore;
  responseUrls: ResponseUrls;
  origin: string;
  signingSecret: string;
  appRequestUrl: () => string | undefined;
  ackTimeoutMs: number;
  /** When the app holds a Socket Mode connection, Slack delivers over it instead of the request URL. */
  socket?: SocketModeHub;
}

export const FORM = 'application/x-www-form-urlencoded';

/**
 * Posts a signed request to the app, or sends it as an envelope when the app is connected over Socket Mode.
 * @throws Error when no appRequestUrl is configured and no socket is open, or for a tamper over a socket.
 */
export async function deliver(
  ctx: ToAppContext,
  body: string,
  contentType: string,
  tamper?: Tamper,
): Promise<AppAnswer> {
  if (ctx.socket && ctx.socket.connections() > 0) {
    // Socket Mode has no request signatures: there is nothing to forge.
    if (tamper) throw new Error(`tamper '${tamper}' needs HTTP delivery, but the app is connected over Socket Mode`);
    return deliverOverSocket(ctx.socket, body, contentType, ctx.ackTimeoutMs);
  }
  const url = ctx.appRequestUrl();
  if (!url) throw new Error('The Slack emulator has no appRequestUrl: start it with one or set emulator.appRequestUrl');
  const now = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    // Exactly this value: Bolt parses a form only when the header matches without a charset (research §1.3).
    'content-type': contentType,
    ...signRequest(
      tamper === 'bad-signature' ? `${ctx.signingSecret}x` : ctx.signingSecret,
      body,
      tamper === 'stale-timestamp' ? now - 301 : now,
    ),
  };
  if (tamper === 'no-signature') delete headers['x-slack-signature'];
  const started = Date.now();
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(ctx.ackTimeoutMs) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: res.status,
      body: text,
      ...(json !== undefined ? { json } : {}),
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      status: 0,
      body: String(error),
      durationMs: Date.now() - started,
      error: timeout ? 'operation_timeout' : 'dispatch_failed',
    };
  }
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export function userRef(ctx: ToAppContext, userId: string) {
  const u = ctx.state.users.get(userId);
  return { id: userId, username: u?.name ?? userId, name: u?.name ?? userId, team_id: ctx.state.seed.teamId };
}

export function slackbotSays(ctx: ToAppContext, channelId: string, userId: string, text: string): void {
  ctx.state.addMessage({ channel: channelId, user: SLACKBOT, text, ephemeralFor: userId });
}
