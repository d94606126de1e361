import { App } from '@slack/bolt';
import { createLogger, type Logger } from '../log.ts';
import { dashboardApiRoutes } from './api/routes.ts';
import { boltLogger } from './bolt-logger.ts';
import type { BotDeps } from './commands/index.ts';
import { registerAccountListeners } from './listeners/accounts.ts';
import { registerCommands } from './listeners/commands.ts';
import { registerBudgetActions } from './listeners/budget.ts';
import { registerProposalActions } from './listeners/proposals.ts';
import { registerRecommendationActions } from './listeners/recommendations.ts';
import { registerAppHome } from './listeners/home.ts';
import { registerRuleBuilder } from './listeners/rule-builder.ts';
import { slackIds } from './listeners/reply.ts';
import { BOT_SCOPES } from '../slack/scopes.ts';

export type { BotDeps, BotOAuth } from './commands/index.ts';
/** The bot's dependencies; without `log`, records go to stdout/stderr at LOG_LEVEL. */
export type BotOptions = Omit<BotDeps, 'log'> & { log?: Logger };

/**
 * One workspace: its bot token. Several: Bolt's OAuth install flow, whose authorize looks up the request's team in
 * the installation store for every request (so listeners' `client` carries that team's token).
 */
function authorization(deps: BotDeps) {
  if (!deps.oauth) return { token: deps.token, botId: 'B_ADPILOT', botUserId: 'U_ADPILOT' };
  const { clientId, clientSecret, stateSecret, installationStore } = deps.oauth;
  return { clientId, clientSecret, stateSecret, installationStore, scopes: [...BOT_SCOPES] };
}

/** "Add to Slack" sends people to Slack's authorize page, or to the emulator's when the Web API is the emulator. */
function installer(deps: BotDeps) {
  if (!deps.oauth || !deps.slackApiUrl) return {};
  return { authorizationUrl: new URL('/oauth/v2/authorize', deps.slackApiUrl).toString() };
}

/**
 * The Bolt app: slash commands, proposal buttons and the reject modal. Every listener acks first (Slack's 3 s),
 * decisions go to the approval workflow (its validator decides who may decide and when), and failures reach the
 * person as a message and to operators as an error record. Bolt and its Web API client log through our logger.
 */
export function createBotApp(options: BotOptions): App {
  const deps: BotDeps = { ...options, log: options.log ?? createLogger({ level: options.config.LOG_LEVEL }) };
  const api = deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {};
  const app = new App({
    signingSecret: deps.signingSecret,
    ...authorization(deps),
    logger: boltLogger(deps.log.child({ component: 'bolt' })),
    // The extended handler gets the request's body, so an error no listener caught is logged with its ids.
    extendedErrorHandler: true,
    clientOptions: { ...api, retryConfig: { retries: 2 } },
    ...(deps.appToken
      ? {
          // Socket Mode: the receiver's own client opens the socket with the app-level token (installerOptions is
          // where Bolt's SocketModeReceiver takes its Web API options from). It serves custom routes on an HTTP
          // server of its own (installerOptions.port), so the dashboard API is only started there when enabled.
          socketMode: true,
          appToken: deps.appToken,
          installerOptions: { ...installer(deps), clientOptions: api, port: deps.config.BOT_PORT },
          ...(deps.config.DASHBOARD_API_TOKEN ? { customRoutes: dashboardApiRoutes(deps) } : {}),
        }
      : { customRoutes: dashboardApiRoutes(deps), installerOptions: installer(deps) }),
  });
  registerCommands(app, deps);
  registerProposalActions(app, deps);
  registerRecommendationActions(app, deps);
  registerAppHome(app, deps);
  registerBudgetActions(app, deps);
  registerRuleBuilder(app, deps);
  app.error(async ({ error, body }: { error: Error; body: unknown }) => {
    deps.log.error('Slack listener failed with no reply to the user', { ...slackIds(body), error });
    // Rejecting keeps Bolt's own handling (the receiver answers Slack with an error when nothing acked).
    throw error;
  });
  registerAccountListeners(app, deps);
  return app;
}
