import { App } from '@slack/bolt';
import type { BotDeps } from './commands/index.ts';
import { registerCommands } from './listeners/commands.ts';
import { registerProposalActions } from './listeners/proposals.ts';
import { registerRecommendationActions } from './listeners/recommendations.ts';
import { registerAppHome } from './listeners/home.ts';

export type { BotDeps } from './commands/index.ts';

/**
 * The Bolt app: slash commands, proposal buttons and the reject modal. Every listener acks first (Slack's 3 s),
 * decisions go to the approval workflow (its validator decides who may decide and when), and failures reach the
 * person as a message.
 */
export function createBotApp(deps: BotDeps): App {
  const api = deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {};
  const app = new App({
    signingSecret: deps.signingSecret,
    token: deps.token,
    botId: 'B_ADPILOT',
    botUserId: 'U_ADPILOT',
    clientOptions: { ...api, retryConfig: { retries: 2 } },
    // Socket Mode: the receiver's own client opens the socket with the app-level token (installerOptions is
    // where Bolt's SocketModeReceiver takes its Web API options from).
    ...(deps.appToken ? { socketMode: true, appToken: deps.appToken, installerOptions: { clientOptions: api } } : {}),
  });
  registerCommands(app, deps);
  registerProposalActions(app, deps);
  registerRecommendationActions(app, deps);
  registerAppHome(app, deps);
  return app;
}
