/** `POST /api/<method>`: token check, rate limits, the method, and Slack's response shape (HTTP 200 unless 429). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs, readBody, sendJson, sendText } from './http.ts';
import { ApiError, METHODS, type MethodContext } from './methods/index.ts';
import type { OAuthFlow } from './oauth.ts';
import type { RateLimiter } from './rate-limits.ts';
import { missingScope } from './scopes.ts';
import type { SocketModeHub } from './socket-mode/hub.ts';
import type { Teams } from './teams.ts';

function tokenOf(req: IncomingMessage, args: Record<string, unknown>): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return typeof args.token === 'string' ? args.token : undefined;
}

/** Call arguments without secrets or raw bytes, for `emulator.calls`. */
function recordable(args: Record<string, unknown>, files: Record<string, Buffer>): Record<string, unknown> {
  const { token: _token, ...rest } = args;
  for (const [k, v] of Object.entries(files)) rest[k] = `<${v.length} bytes>`;
  return rest;
}

export async function handleWebApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
  ctx: MethodContext & { teams: Teams; oauth?: OAuthFlow; limiter: RateLimiter; socket: SocketModeHub },
): Promise<void> {
  const body = await readBody(req);
  let parsed;
  try {
    parsed = await parseArgs(req, body, url);
  } catch {
    return sendJson(res, 200, { ok: false, error: 'invalid_json' });
  }
  const { args, files } = parsed;
  let calls = ctx.state.calls;
  const record = (ok: boolean, error?: string) =>
    calls.push({ method, args: recordable(args, files), ok, ...(error ? { error } : {}), at: Date.now() });
  const fail = (error: string, extra: Record<string, unknown> = {}) => {
    record(false, error);
    sendJson(res, 200, { ok: false, error, ...extra });
  };
  const token = tokenOf(req, args);
  if (method === 'apps.connections.open') {
    if (!token) return fail('not_authed');
    const opened = ctx.socket.connectionsOpen(token, ctx.origin);
    if (!opened.ok) return fail(opened.error);
    record(true);
    return sendJson(res, 200, { ok: true, url: opened.url });
  }
  if (method === 'oauth.v2.access') {
    // Authenticated by the client id and secret, not by a token.
    if (!ctx.oauth) return fail('invalid_client_id');
    const answer = ctx.oauth.access(req, args);
    if ('error' in answer && typeof answer.error === 'string') return fail(answer.error);
    record(true);
    return sendJson(res, 200, { ok: true, ...answer });
  }
  const impl = METHODS[method];
  if (!impl) return fail('unknown_method');
  if (!token) return fail('not_authed');
  // An app-level token only opens sockets; Slack refuses it for everything else.
  if (token.startsWith('xapp-')) return fail('not_allowed_token_type');
  const grant = ctx.teams.lookup(token);
  if (!grant) return fail('invalid_auth');
  // The call acts in the token's workspace.
  const team: MethodContext = { ...ctx, state: grant.state };
  calls = grant.state.calls;
  const lacking = missingScope(method, args, grant.state, grant.scopes);
  if (lacking) return fail('missing_scope', lacking);
  const verdict = ctx.limiter.check(method);
  if (verdict.kind === 'rate_limited') {
    record(false, 'ratelimited');
    return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(verdict.retryAfter) });
  }
  if (verdict.kind === 'http') {
    record(false, `http_${verdict.status}`);
    return sendText(res, verdict.status, 'scripted failure');
  }
  if (verdict.kind === 'error') return fail(verdict.error);
  try {
    const result = impl(args, team, files);
    record(true);
    sendJson(res, 200, { ok: true, ...result });
  } catch (error) {
    if (error instanceof ApiError) return fail(error.code, error.extra);
    fail('internal_error', { detail: String(error) });
  }
}
