import type { App } from '@slack/bolt';
import { esc, section, type HomeView } from '../../slack/blocks/index.ts';
import { loadHomeRows } from '../../db/home.ts';
import { HOME_RECENT_ACTIONS, homeView } from '../../slack/home.ts';
import { visibleAccounts } from '../access.ts';
import type { BotDeps } from '../commands/index.ts';
import { slackIds } from './reply.ts';

const unavailable = (reason: string): HomeView => ({
  type: 'home',
  callback_id: 'adpilot_home',
  blocks: [section(`adpilot could not load your Home just now (${esc(reason, 300)}). Open the tab again to retry.`)],
});

/**
 * App Home: Slack sends `app_home_opened` each time a user opens the tab; the view is published fresh from the
 * database then (Slack keeps the last published view, so a stale one would otherwise linger). A failure is shown
 * in the tab itself: an event has no one else to tell.
 */
export function registerAppHome(app: App, deps: BotDeps): void {
  const now = deps.now ?? Date.now;
  app.event('app_home_opened', async ({ event, client, body }) => {
    if (event.tab !== 'home') return;
    try {
      // Home is private to the person: their team's accounts they administer or approve, nothing else.
      const req = { teamId: body.team_id, userId: event.user, channelId: undefined };
      const accounts = await visibleAccounts(deps.pool, client, deps.config, req);
      const rows = await loadHomeRows(deps.pool, accounts, HOME_RECENT_ACTIONS);
      await client.views.publish({ user_id: event.user, view: homeView(rows, event.user, now()) });
    } catch (error) {
      deps.log.error('App Home not published; the user sees why', {
        event: 'app_home_opened',
        ...slackIds(body),
        error,
      });
      await client.views.publish({ user_id: event.user, view: unavailable((error as Error).message) });
    }
  });
}
