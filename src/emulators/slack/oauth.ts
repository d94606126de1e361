/**
 * OAuth v2 install ("Add to Slack"): the authorize page redirects back to the app with a one-time code, and
 * oauth.v2.access trades the code (with the client id and secret) for a bot token of the chosen team.
 * Real Slack asks the person which workspace to install into; here the query names it (`team`, `user`).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText, stringArg } from './http.ts';
import type { Teams } from './teams.ts';

export interface OAuthAppOptions {
  clientId: string;
  clientSecret: string;
  /** The app's configured redirect URL, used when the authorize request names none (Slack does the same). */
  redirectUri?: string;
}

interface Grant {
  teamId: string;
  userId: string;
  scopes: string[];
  redirectUri: string;
}

export class OAuthFlow {
  readonly app: OAuthAppOptions;
  private readonly teams: Teams;
  private readonly codes = new Map<string, Grant>();
  constructor(app: OAuthAppOptions, teams: Teams) {
    this.app = app;
    this.teams = teams;
  }

  /** GET /oauth/v2/authorize: 302 to the redirect URL with `code` and `state`, or 400 naming what is wrong. */
  authorize(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    if (q.get('client_id') !== this.app.clientId) return sendText(res, 400, 'invalid_client_id');
    const redirectUri = q.get('redirect_uri') ?? this.app.redirectUri;
    if (!redirectUri) return sendText(res, 400, 'bad_redirect_uri: no redirect_uri and none configured');
    const state = this.teams.state(q.get('team') ?? this.teams.primary.seed.teamId);
    if (!state) return sendText(res, 400, 'unknown team');
    const userId = q.get('user') ?? [...state.users.values()].find((u) => u.is_admin)?.id;
    if (!userId || !state.users.has(userId)) return sendText(res, 400, 'unknown user');
    const scopes = (q.get('scope') ?? '').split(',').filter(Boolean);
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { teamId: state.seed.teamId, userId, scopes, redirectUri });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const oauthState = q.get('state');
    if (oauthState !== null) target.searchParams.set('state', oauthState);
    res.writeHead(302, { location: target.toString() }).end();
  }

  /** oauth.v2.access: the code's team gets a new bot token. Returns Slack's answer, or its error code. */
  access(req: IncomingMessage, args: Record<string, unknown>): { error: string } | Record<string, unknown> {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = stringArg(args.client_id) ?? basicId;
    const clientSecret = stringArg(args.client_secret) ?? basicSecret;
    if (clientId !== this.app.clientId) return { error: 'invalid_client_id' };
    if (clientSecret !== this.app.clientSecret) return { error: 'bad_client_secret' };
    const code = stringArg(args.code) ?? '';
    const grant = this.codes.get(code);
    if (!grant) return { error: 'invalid_code' };
    this.codes.delete(code);
    const redirectUri = stringArg(args.redirect_uri);
    if (redirectUri !== undefined && redirectUri !== grant.redirectUri) return { error: 'bad_redirect_uri' };
    const state = this.teams.state(grant.teamId)!;
    return {
      app_id: state.seed.appId,
      authed_user: { id: grant.userId },
      scope: grant.scopes.join(','),
      token_type: 'bot',
      access_token: this.teams.issue(grant.teamId, grant.scopes),
      bot_user_id: state.seed.botUserId,
      team: { id: state.seed.teamId, name: state.seed.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  }
}
