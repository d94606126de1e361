import { viewObject } from '../methods/views.ts';
import { deliver, type Tamper, type ToAppContext } from './deliver.ts';
import type { AppAnswer } from '../types.ts';

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
