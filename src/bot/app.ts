import { App } from '@slack/bolt';
import { dashboardApiRoutes } from './api/routes.ts';
import type { BotDeps } from './commands/index.ts';
import { registerCommands } from './listeners/commands.ts';
import { registerBudgetActions } from './listeners/budget.ts';
import { registerProposalActions } from './listeners/proposals.ts';

export type { BotDeps } from './commands/index.ts';

/**
 * The Bolt app: slash commands, proposal buttons and the reject modal. Every listener acks first (Slack's 3 s),
 * decisions go to the approval workflow (its validator decides who may decide and when), and failures reach the
 * person as a message.
 */
export function createBotApp(deps: BotDeps): App {
  const app = new App({
    signingSecret: deps.signingSecret,
    token: deps.token,
    botId: 'B_ADPILOT',
    botUserId: 'U_ADPILOT',
    customRoutes: dashboardApiRoutes(deps),
    clientOptions: { ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}), retryConfig: { retries: 2 } },
  });
  registerCommands(app, deps);
  registerProposalActions(app, deps);
  registerBudgetActions(app, deps);
  return app;
}
