/** auth.test, conversations.*, users.info: the minimal directory a bot reads. */
import { stringArg } from '../http.ts';
import type { SlackChannel, SlackUser } from '../types.ts';
import { ApiError, messageObject, required, type Method, type MethodContext } from './context.ts';

function channelObject(c: SlackChannel) {
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.is_im && !c.is_private,
    is_group: false,
    is_im: c.is_im,
    is_private: c.is_private,
    is_archived: false,
    is_member: c.is_member ?? true,
    created: c.created,
    ...(c.is_im ? { user: c.id.replace(/^D_/, '') } : {}),
  };
}

function userObject(u: SlackUser, ctx: MethodContext) {
  return {
    id: u.id,
    team_id: ctx.state.seed.teamId,
    name: u.name,
    real_name: u.real_name,
    is_bot: u.is_bot,
    // Slack's role flags (users.info); adpilot reads them to know workspace admins and owners.
    is_admin: u.is_admin ?? false,
    is_owner: u.is_owner ?? false,
    is_primary_owner: u.is_owner ?? false,
    deleted: false,
    tz: 'Europe/Berlin',
    profile: { real_name: u.real_name, display_name: u.name, title: u.title ?? '' },
  };
}

const authTest: Method = (_args, ctx) => ({
  url: `${ctx.origin}/`,
  team: ctx.state.seed.teamName,
  user: 'adpilot',
  team_id: ctx.state.seed.teamId,
  user_id: ctx.state.seed.botUserId,
  bot_id: ctx.state.seed.botId,
  is_enterprise_install: false,
});

const info: Method = (args, ctx) => {
  const c = ctx.state.resolveChannel(required(args, 'channel'));
  if (!c) throw new ApiError('channel_not_found');
  return { channel: channelObject(c) };
};

const list: Method = (_args, ctx) => ({
  channels: [...ctx.state.channels.values()].filter((c) => !c.is_im).map(channelObject),
  response_metadata: { next_cursor: '' },
});

const history: Method = (args, ctx) => {
  const c = ctx.state.resolveChannel(required(args, 'channel'));
  if (!c) throw new ApiError('channel_not_found');
  const limit = Number(stringArg(args.limit) ?? 100);
  const messages = ctx.state
    .visibleMessages(c.id)
    .filter((m) => !m.ephemeralFor)
    .reverse()
    .slice(0, limit);
  return {
    messages: messages.map((m) => messageObject(m, ctx)),
    has_more: false,
    response_metadata: { next_cursor: '' },
  };
};

const usersInfo: Method = (args, ctx) => {
  const u = ctx.state.users.get(required(args, 'user'));
  if (!u) throw new ApiError('user_not_found');
  return { user: userObject(u, ctx) };
};

export const directoryMethods: Record<string, Method> = {
  'auth.test': authTest,
  'conversations.info': info,
  'conversations.list': list,
  'conversations.history': history,
  'users.info': usersInfo,
};
