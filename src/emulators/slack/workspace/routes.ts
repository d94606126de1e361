/** The workspace page's HTTP side: the page, a state snapshot, a Server-Sent Events stream, and user actions. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, sendText } from '../http.ts';
import { fileObject } from '../methods/context.ts';
import { viewObject } from '../methods/views.ts';
import { SLACKBOT, type EmulatorState } from '../state.ts';
import { clickButton, openAppHome, sendSlashCommand, submitView, type ToAppContext } from '../to-app.ts';
import { workspacePage } from './page.ts';
import { crossSiteRefusal } from './same-origin.ts';

interface WorkspaceContext {
  state: EmulatorState;
  toApp: ToAppContext;
}

/** What the page shows one user: their channels with the messages they may see, their open modal, their Home. */
function snapshot(ctx: WorkspaceContext, userId: string) {
  const { state, toApp } = ctx;
  const files = (ids: string[] | undefined) =>
    (ids ?? [])
      .map((id) => state.files.get(id))
      .filter((f) => f)
      .map((f) => fileObject(f!, toApp.origin));
  const modal = state.openModal(userId);
  const homeId = state.homes.get(userId);
  return {
    team: state.seed.teamName,
    botUserId: state.seed.botUserId,
    appConnected: Boolean(toApp.appRequestUrl()) || (toApp.socket?.connections() ?? 0) > 0,
    users: [...state.users.values()],
    channels: [...state.channels.values()].filter((c) => !c.is_im || c.id === `D_${userId}`),
    messages: Object.fromEntries(
      [...state.channels.keys()].map((id) => [
        id,
        state.visibleMessages(id, userId).map((m) => ({ ...m, files: files(m.files) })),
      ]),
    ),
    modal: modal ? { ...viewObject(modal), errors: modal.errors ?? {} } : null,
    home: homeId ? viewObject(state.views.get(homeId)!) : null,
  };
}

function events(req: IncomingMessage, res: ServerResponse, state: EmulatorState): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  const send = (e: unknown) => res.write(`data: ${JSON.stringify(e)}\n\n`);
  state.on('change', send);
  req.on('close', () => state.off('change', send));
}

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

async function act(ctx: WorkspaceContext, action: string, b: Body): Promise<unknown> {
  const userId = str(b.userId) ?? '';
  const { state, toApp } = ctx;
  if (!state.users.has(userId)) throw new Error(`Unknown user ${userId}`);
  const connected = () => Boolean(toApp.appRequestUrl()) || (toApp.socket?.connections() ?? 0) > 0;
  const needsApp = () => {
    if (connected()) return false;
    const channelId = str(b.channelId);
    if (channelId)
      state.addMessage({
        channel: channelId,
        user: SLACKBOT,
        ephemeralFor: userId,
        text: 'No app is connected: start the bot, or pass appRequestUrl to the emulator.',
      });
    return true;
  };
  switch (action) {
    case 'command': {
      const text = (str(b.text) ?? '').trim();
      const channelId = str(b.channelId) ?? '';
      if (!text.startsWith('/')) return state.addMessage({ channel: channelId, user: userId, text });
      if (needsApp()) return { status: 0 };
      const [command = '', ...rest] = text.split(/\s+/);
      return sendSlashCommand(toApp, { command, text: rest.join(' '), userId, channelId });
    }
    case 'click':
      if (needsApp()) return { status: 0 };
      return clickButton(toApp, {
        userId,
        actionId: str(b.actionId) ?? '',
        ...(str(b.value) !== undefined ? { value: str(b.value) } : {}),
        ...(str(b.viewId) ? { viewId: str(b.viewId) } : { channelId: str(b.channelId), messageTs: str(b.messageTs) }),
      });
    case 'submit':
      return submitView(toApp, {
        userId,
        viewId: str(b.viewId) ?? '',
        values: (b.values ?? {}) as Record<string, Record<string, string>>,
      });
    case 'close': {
      const view = state.views.get(str(b.viewId) ?? '');
      if (view) state.saveView(Object.assign(view, { closed: true }));
      return { closed: Boolean(view) };
    }
    case 'home':
      if (!connected()) return { status: 0 };
      return openAppHome(toApp, userId);
    default:
      throw new Error(`Unknown action ${action}`);
  }
}

/** Answers the workspace routes; returns false for any other path so the server can 404. */
export async function handleWorkspace(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: WorkspaceContext,
): Promise<boolean> {
  if (req.method === 'GET' && url.pathname === '/') {
    sendText(res, 200, workspacePage(ctx.state.seed.teamName), 'text/html; charset=utf-8');
    return true;
  }
  if (req.method === 'GET' && url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return true;
  }
  if (req.method === 'GET' && url.pathname === '/workspace/state') {
    sendJson(res, 200, snapshot(ctx, url.searchParams.get('user') ?? ''));
    return true;
  }
  if (req.method === 'GET' && url.pathname === '/workspace/events') {
    events(req, res, ctx.state);
    return true;
  }
  const action = /^\/workspace\/(command|click|submit|close|home)$/.exec(url.pathname)?.[1];
  if (req.method !== 'POST' || !action) return false;
  const refusal = crossSiteRefusal(req, ctx.toApp.origin);
  if (refusal) {
    sendJson(res, 403, { error: refusal });
    return true;
  }
  try {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Body;
    sendJson(res, 200, (await act(ctx, action, body)) ?? {});
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
  return true;
}
