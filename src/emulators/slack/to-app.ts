/**
 * What Slack sends to the app: slash commands (form fields), interactivity (form field `payload=<json>`) and
 * events (JSON), each signed with the signing secret and posted to the app's request URL. The app's answer
 * is applied the way Slack applies it (ack bodies become messages; view_submission response_actions).
 */
import { signRequest } from './signing.ts';
import { viewObject } from './methods/views.ts';
import type { ResponseUrls } from './response-urls.ts';
import { deliverOverSocket } from './socket-mode/deliver.ts';
import type { SocketModeHub } from './socket-mode/hub.ts';
import { SLACKBOT, type EmulatorState } from './state.ts';
import type { TriggerStore } from './triggers.ts';
import type { AppAnswer, StoredView } from './types.ts';

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

const FORM = 'application/x-www-form-urlencoded';

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

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function userRef(ctx: ToAppContext, userId: string) {
  const u = ctx.state.users.get(userId);
  return { id: userId, username: u?.name ?? userId, name: u?.name ?? userId, team_id: ctx.state.seed.teamId };
}

function slackbotSays(ctx: ToAppContext, channelId: string, userId: string, text: string): void {
  ctx.state.addMessage({ channel: channelId, user: SLACKBOT, text, ephemeralFor: userId });
}

export interface SlashCommand {
  command: string;
  text?: string;
  userId: string;
  channelId: string;
  tamper?: Tamper;
}

/** A slash command; a non-empty ack body lands in the channel (ephemeral unless `response_type: in_channel`). */
export async function sendSlashCommand(ctx: ToAppContext, c: SlashCommand): Promise<AppAnswer> {
  const channel = ctx.state.resolveChannel(c.channelId);
  if (!channel) throw new Error(`Unknown channel ${c.channelId}`);
  const command = c.command.startsWith('/') ? c.command : `/${c.command}`;
  const text = c.text ?? '';
  const { seed } = ctx.state;
  const body = form({
    token: 'emulator-verification-token',
    team_id: seed.teamId,
    team_domain: seed.teamName,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: c.userId,
    user_name: ctx.state.users.get(c.userId)?.name ?? c.userId,
    command,
    text,
    api_app_id: seed.appId,
    is_enterprise_install: 'false',
    response_url: ctx.responseUrls.issue(ctx.origin, { channelId: channel.id, userId: c.userId }),
    trigger_id: ctx.triggers.issue(c.userId),
  });
  const answer = await deliver(ctx, body, FORM, c.tamper);
  if (answer.error || answer.status !== 200) {
    slackbotSays(ctx, channel.id, c.userId, `${command} failed with the error "${answer.error ?? 'dispatch_failed'}"`);
  } else if (answer.body.trim() !== '') {
    const reply = (answer.json ?? { text: answer.body }) as {
      text?: string;
      blocks?: unknown[];
      response_type?: string;
    };
    const inChannel = reply.response_type === 'in_channel';
    if (inChannel)
      ctx.state.addMessage({ channel: channel.id, user: c.userId, text: `${command} ${text}`.trim(), command });
    ctx.state.addMessage({
      channel: channel.id,
      user: seed.botUserId,
      bot_id: seed.botId,
      text: reply.text ?? '',
      ...(reply.blocks ? { blocks: reply.blocks } : {}),
      ...(inChannel ? {} : { ephemeralFor: c.userId }),
    });
  }
  return answer;
}

type ButtonFound = { blockId: string; text: unknown; value?: string; style?: string };

function findButton(blocks: unknown[] | undefined, actionId: string, value?: string): ButtonFound | undefined {
  for (const [i, b] of (blocks ?? []).entries()) {
    const block = b as { block_id?: string; elements?: unknown[]; accessory?: unknown };
    const els = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])] as Record<string, unknown>[];
    const el = els.find((e) => e.action_id === actionId && (value === undefined || e.value === value));
    if (el)
      return {
        blockId: block.block_id ?? `b${i}`,
        text: el.text,
        ...(typeof el.value === 'string' ? { value: el.value } : {}),
        ...(typeof el.style === 'string' ? { style: el.style } : {}),
      };
  }
  return undefined;
}

export interface ButtonClick {
  userId: string;
  actionId: string;
  /** Picks among buttons sharing an action_id (a list with one Approve per row). */
  value?: string;
  /** A button in a message... */
  channelId?: string;
  messageTs?: string;
  /** ...or in a view (App Home, modal). */
  viewId?: string;
  tamper?: Tamper;
}

/**
 * Clicks a button that exists in a stored message or view, sending a `block_actions` payload.
 * @throws Error when the message, view or button does not exist (Slack could not have sent that click).
 */
export async function clickButton(ctx: ToAppContext, c: ButtonClick): Promise<AppAnswer> {
  const { state } = ctx;
  const seed = state.seed;
  let container: Record<string, unknown>;
  let extra: Record<string, unknown>;
  let blocks: unknown[] | undefined;
  let responseUrl: string | undefined;
  if (c.viewId) {
    const view = state.views.get(c.viewId);
    if (!view) throw new Error(`No view ${c.viewId}`);
    blocks = view.blocks;
    container = { type: 'view', view_id: view.id };
    extra = { view: viewObject(view) };
  } else {
    if (!c.channelId || !c.messageTs) throw new Error('clickButton needs channelId and messageTs, or viewId');
    const message = state.findMessage(c.channelId, c.messageTs);
    if (!message) throw new Error(`No message ${c.messageTs} in ${c.channelId}`);
    blocks = message.blocks;
    container = {
      type: 'message',
      message_ts: message.ts,
      channel_id: c.channelId,
      is_ephemeral: Boolean(message.ephemeralFor),
    };
    responseUrl = ctx.responseUrls.issue(ctx.origin, {
      channelId: c.channelId,
      userId: c.userId,
      messageTs: message.ts,
    });
    const channel = state.channels.get(c.channelId);
    extra = {
      channel: { id: c.channelId, name: channel?.name ?? c.channelId },
      message: {
        type: 'message',
        ts: message.ts,
        user: message.user,
        text: message.text,
        blocks: message.blocks,
        ...(message.bot_id ? { bot_id: message.bot_id, app_id: seed.appId } : {}),
      },
      response_url: responseUrl,
    };
  }
  const button = findButton(blocks, c.actionId, c.value);
  if (!button) throw new Error(`No button with action_id ${c.actionId}${c.value ? ` and value ${c.value}` : ''}`);
  const payload = {
    type: 'block_actions',
    user: userRef(ctx, c.userId),
    api_app_id: seed.appId,
    token: 'emulator-verification-token',
    container,
    trigger_id: ctx.triggers.issue(c.userId),
    team: { id: seed.teamId, domain: seed.teamName },
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    ...extra,
    actions: [
      {
        type: 'button',
        action_id: c.actionId,
        block_id: button.blockId,
        text: button.text,
        ...(button.value !== undefined ? { value: button.value } : {}),
        ...(button.style ? { style: button.style } : {}),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return deliver(ctx, form({ payload: JSON.stringify(payload) }), FORM, c.tamper);
}

export interface ViewSubmission {
  viewId: string;
  userId: string;
  /** block_id → action_id → typed value (plain_text_input). */
  values: Record<string, Record<string, string>>;
  tamper?: Tamper;
}

function closeView(ctx: ToAppContext, view: StoredView): void {
  view.closed = true;
  ctx.state.saveView(view);
}

/**
 * Submits a modal with a `view_submission` payload and applies the ack: close (empty body), `errors` (stay open,
 * show them), `update` (replace the view), `clear` (close every modal of the user).
 * @throws Error when the view does not exist or is closed.
 */
export async function submitView(ctx: ToAppContext, s: ViewSubmission): Promise<AppAnswer> {
  const view = ctx.state.views.get(s.viewId);
  if (!view || view.closed || view.type !== 'modal') throw new Error(`No open modal ${s.viewId}`);
  const values = Object.fromEntries(
    Object.entries(s.values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, value]) => [actionId, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
  view.state = { values };
  const seed = ctx.state.seed;
  const payload = {
    type: 'view_submission',
    team: { id: seed.teamId, domain: seed.teamName },
    user: userRef(ctx, s.userId),
    api_app_id: seed.appId,
    token: 'emulator-verification-token',
    trigger_id: ctx.triggers.issue(s.userId),
    view: viewObject(view),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const answer = await deliver(ctx, form({ payload: JSON.stringify(payload) }), FORM, s.tamper);
  const reply = answer.json as
    { response_action?: string; errors?: Record<string, string>; view?: Record<string, unknown> } | undefined;
  if (answer.status !== 200) {
    view.errors = { '': 'We had some trouble connecting. Try again?' };
    ctx.state.saveView(view);
  } else if (reply?.response_action === 'errors') {
    view.errors = reply.errors ?? {};
    ctx.state.saveView(view);
  } else if (reply?.response_action === 'update' && reply.view) {
    Object.assign(view, {
      title: reply.view.title,
      submit: reply.view.submit,
      close: reply.view.close,
      blocks: reply.view.blocks,
      errors: undefined,
    });
    ctx.state.saveView(view);
  } else if (reply?.response_action === 'clear') {
    for (const v of ctx.state.views.values())
      if (v.type === 'modal' && v.user_id === s.userId && !v.closed) closeView(ctx, v);
  } else {
    closeView(ctx, view);
  }
  return answer;
}

/** The `app_home_opened` event Slack sends when a user opens the app's Home tab. */
export async function openAppHome(ctx: ToAppContext, userId: string, tamper?: Tamper): Promise<AppAnswer> {
  const seed = ctx.state.seed;
  const now = Date.now() / 1000;
  const homeId = ctx.state.homes.get(userId);
  const body = JSON.stringify({
    token: 'emulator-verification-token',
    team_id: seed.teamId,
    api_app_id: seed.appId,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(now),
    authorizations: [{ team_id: seed.teamId, user_id: seed.botUserId, is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: `D_${userId}`,
      tab: 'home',
      event_ts: String(now),
      ...(homeId ? { view: viewObject(ctx.state.views.get(homeId)!) } : {}),
    },
  });
  return deliver(ctx, body, 'application/json', tamper);
}
