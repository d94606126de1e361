/**
 * The Slack emulator: a Web API on loopback with Slack's shapes and error codes, the upload and response_url
 * endpoints, signed requests to the app, and (optionally) the local workspace page at `/`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { handleWorkspace } from './workspace/routes.ts';
import { readBody, sendJson, sendText } from './http.ts';
import { RateLimiter, type RateLimitOptions, type ScriptedFailure } from './rate-limits.ts';
import { ResponseUrls, type ResponseBody } from './response-urls.ts';
import { OAuthFlow, type OAuthAppOptions } from './oauth.ts';
import { manifestBotScopes } from './scopes.ts';
import { DEFAULT_SEED, EmulatorState, type WorkspaceSeed } from './state.ts';
import { Teams } from './teams.ts';
import {
  clickButton,
  openAppHome,
  sendSlashCommand,
  submitView,
  type ButtonClick,
  type SlashCommand,
  type Tamper,
  type ToAppContext,
  type ViewSubmission,
} from './to-app.ts';
import { TriggerStore } from './triggers.ts';
import type { AppAnswer, RecordedCall } from './types.ts';
import { handleUpload, serveFile } from './uploads.ts';
import { handleWebApi } from './web-api.ts';
import { SocketModeHub, type DisconnectReason } from './socket-mode/hub.ts';

export interface SlackEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  botToken: string;
  signingSecret: string;
  /** The app's request URL (Bolt's `/slack/events`); can be set later through `emulator.appRequestUrl`. */
  appRequestUrl?: string;
  rateLimits?: RateLimitOptions;
  /** Serve the workspace page at `/` (default true). */
  workspace?: boolean;
  seed?: Partial<WorkspaceSeed>;
  /** How long Slack waits for the app's ack (3 s) and for views.open after a trigger (3 s). */
  ackTimeoutMs?: number;
  triggerTtlMs?: number;
  /** The app-level token (xapp-) apps.connections.open accepts; without one, Socket Mode is refused. */
  appToken?: string;
  /** Scopes granted to `botToken` (default: the bot scopes of manifest.yml, as an install of that manifest grants). */
  scopes?: string[];
  /** More workspaces besides the seed's (e.g. SECOND_TEAM_SEED), reachable through their tokens and `team()`. */
  teams?: WorkspaceSeed[];
  /** The app's OAuth credentials: enables /oauth/v2/authorize and oauth.v2.access. */
  oauth?: OAuthAppOptions;
}

/** manifest.yml at the repository root: the scopes an app created from it is granted on install. */
export const MANIFEST_PATH = path.resolve(import.meta.dirname, '../../../manifest.yml');

/** Drives one workspace's people: their commands, clicks, submissions and App Home go out with that team's ids. */
export interface TeamHandle {
  state: EmulatorState;
  sendSlashCommand(c: SlashCommand): Promise<AppAnswer>;
  clickButton(c: ButtonClick): Promise<AppAnswer>;
  submitView(s: ViewSubmission): Promise<AppAnswer>;
  openAppHome(userId: string, tamper?: Tamper): Promise<AppAnswer>;
  calls(method?: string): RecordedCall[];
}

export interface SlackEmulator {
  /** Web API base for `slackApiUrl`, e.g. `http://127.0.0.1:41234/api/`. */
  url: string;
  /** `http://127.0.0.1:41234`: the workspace page and the file, upload and response URLs live here. */
  origin: string;
  state: EmulatorState;
  appRequestUrl: string | undefined;
  sendSlashCommand(c: SlashCommand): Promise<AppAnswer>;
  clickButton(c: ButtonClick): Promise<AppAnswer>;
  submitView(s: ViewSubmission): Promise<AppAnswer>;
  openAppHome(userId: string, tamper?: Tamper): Promise<AppAnswer>;
  /** The next `times` calls of `method` fail: `{ rateLimited: seconds }`, `{ error: code }` or `{ httpStatus }`. */
  failNext(method: string, failure: ScriptedFailure, times?: number): void;
  calls(method?: string): RecordedCall[];
  /**
   * Resolves with the first call (past or future) of `method` that matches.
   * @throws Error after `timeoutMs` (default 5000) without one.
   */
  waitForCall(method: string, match?: (c: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Socket Mode: open connections, and Slack's `disconnect` message (the app reconnects). */
  socketMode: { connections(): number; disconnect(reason: DisconnectReason): void; hub: SocketModeHub };
  /**
   * Another workspace of the emulator.
   * @throws Error for a team the emulator was not started with.
   */
  team(teamId: string): TeamHandle;
  /** Registers a token for a team with these scopes (e.g. one without chat:write). */
  grantToken(token: string, teamId: string, scopes: readonly string[]): void;
  /** The OAuth app's redirect URL (known once the app listens); the authorize page redirects there. */
  oauthRedirectUri: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the emulator on loopback.
 * @throws the listen error (e.g. EADDRINUSE for a fixed port).
 */
export async function startSlackEmulator(opts: SlackEmulatorOptions): Promise<SlackEmulator> {
  const state = new EmulatorState({ ...DEFAULT_SEED, ...opts.seed });
  const teams = new Teams(state, opts.teams ?? []);
  teams.grant(opts.botToken, state.seed.teamId, opts.scopes ?? manifestBotScopes(MANIFEST_PATH));
  const oauth = opts.oauth ? new OAuthFlow({ ...opts.oauth }, teams) : undefined;
  const triggers = new TriggerStore(opts.triggerTtlMs);
  const responseUrls = new ResponseUrls();
  const limiter = new RateLimiter(opts.rateLimits);
  const socket = new SocketModeHub({ appToken: opts.appToken, appId: state.seed.appId });
  let origin = '';
  let appRequestUrl = opts.appRequestUrl;
  const toApp = (teamState: EmulatorState = state): ToAppContext => ({
    state: teamState,
    triggers,
    responseUrls,
    origin,
    signingSecret: opts.signingSecret,
    appRequestUrl: () => appRequestUrl,
    ackTimeoutMs: opts.ackTimeoutMs ?? 3000,
    socket,
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [root, a, b] = parts;
    if (root === 'api' && a && (req.method === 'POST' || req.method === 'GET'))
      return handleWebApi(req, res, url, a, { state, triggers, origin, teams, oauth, limiter, socket });
    if (oauth && req.method === 'GET' && url.pathname === '/oauth/v2/authorize') return oauth.authorize(res, url);
    if (root === 'upload' && a === 'v1' && b && req.method === 'POST') return handleUpload(req, res, state, b);
    if (root === 'response' && a && req.method === 'POST') {
      let body: ResponseBody;
      try {
        body = JSON.parse((await readBody(req)).toString('utf8')) as ResponseBody;
      } catch {
        return sendJson(res, 400, { ok: false, error: 'invalid_json' });
      }
      const answer = responseUrls.handle(teams.byChannel(responseUrls.channelOf(a)) ?? state, a, body);
      return sendJson(res, answer.status, answer.body);
    }
    if (root === 'files' && a && req.method === 'GET') return serveFile(res, state, a);
    if (opts.workspace !== false && (await handleWorkspace(req, res, url, { state, toApp: toApp() }))) return;
    sendText(res, 404, 'not found');
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, String(error));
      else res.end();
    });
  });
  server.on('upgrade', (req, sock, head) => socket.handleUpgrade(req, sock, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  const emulator: SlackEmulator = {
    url: `${origin}/api/`,
    origin,
    state,
    get appRequestUrl() {
      return appRequestUrl;
    },
    set appRequestUrl(value: string | undefined) {
      appRequestUrl = value;
    },
    sendSlashCommand: (c) => sendSlashCommand(toApp(), c),
    clickButton: (c) => clickButton(toApp(), c),
    submitView: (s) => submitView(toApp(), s),
    openAppHome: (userId, tamper) => openAppHome(toApp(), userId, tamper),
    failNext: (method, failure, times) => limiter.failNext(method, failure, times),
    calls: (method) => state.calls.filter((c) => method === undefined || c.method === method),
    waitForCall: (method, match = () => true, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const find = () => state.calls.find((c) => c.method === method && match(c));
        const found = find();
        if (found) return resolve(found);
        const timer = setInterval(() => {
          const c = find();
          if (c) {
            clearInterval(timer);
            clearTimeout(deadline);
            resolve(c);
          }
        }, 10);
        const deadline = setTimeout(() => {
          clearInterval(timer);
          reject(new Error(`No ${method} call matched within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    team(teamId) {
      const teamState = teams.state(teamId);
      if (!teamState) throw new Error(`The emulator has no team ${teamId}`);
      return {
        state: teamState,
        sendSlashCommand: (c) => sendSlashCommand(toApp(teamState), c),
        clickButton: (c) => clickButton(toApp(teamState), c),
        submitView: (s) => submitView(toApp(teamState), s),
        openAppHome: (userId, tamper) => openAppHome(toApp(teamState), userId, tamper),
        calls: (method) => teamState.calls.filter((c) => method === undefined || c.method === method),
      };
    },
    grantToken: (token, teamId, scopes) => teams.grant(token, teamId, scopes),
    get oauthRedirectUri() {
      return oauth?.app.redirectUri;
    },
    set oauthRedirectUri(value: string | undefined) {
      if (oauth) oauth.app.redirectUri = value;
    },
    socketMode: {
      connections: () => socket.connections(),
      disconnect: (reason) => socket.disconnectAll(reason),
      hub: socket,
    },
    close: async () => {
      // Upgraded sockets are not the HTTP server's connections any more.
      await socket.close();
      return new Promise<void>((resolve, reject) => {
        // Server-Sent Event streams from the workspace page would keep close() waiting forever.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
  return emulator;
}
