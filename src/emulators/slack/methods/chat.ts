/** chat.* : post, update, delete and ephemeral messages, checked like Slack checks them. */
import { stringArg } from '../http.ts';
import { ApiError, messageContent, messageObject, required, type Method, type MethodContext } from './context.ts';

function channelOf(args: Record<string, unknown>, ctx: MethodContext) {
  const channel = ctx.state.resolveChannel(required(args, 'channel'));
  if (!channel) throw new ApiError('channel_not_found');
  return channel;
}

const postMessage: Method = (args, ctx) => {
  const channel = channelOf(args, ctx);
  const content = messageContent(args);
  const threadTs = stringArg(args.thread_ts);
  const { botUserId, botId } = ctx.state.seed;
  const m = ctx.state.addMessage({
    channel: channel.id,
    user: botUserId,
    bot_id: botId,
    ...content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  return { channel: channel.id, ts: m.ts, message: messageObject(m, ctx) };
};

const postEphemeral: Method = (args, ctx) => {
  const channel = channelOf(args, ctx);
  const user = required(args, 'user');
  if (!ctx.state.users.get(user)) throw new ApiError('user_not_found');
  const content = messageContent(args);
  const { botUserId, botId } = ctx.state.seed;
  const m = ctx.state.addMessage({
    channel: channel.id,
    user: botUserId,
    bot_id: botId,
    ephemeralFor: user,
    ...content,
  });
  return { message_ts: m.ts };
};

/** The bot may change only its own, non-ephemeral messages (ephemeral ones change through response_url). */
function ownMessage(args: Record<string, unknown>, ctx: MethodContext, verb: 'update' | 'delete') {
  const channel = channelOf(args, ctx);
  const ts = required(args, 'ts');
  const m = ctx.state.findMessage(channel.id, ts);
  if (!m) throw new ApiError('message_not_found');
  if (m.user !== ctx.state.seed.botUserId || m.ephemeralFor) throw new ApiError(`cant_${verb}_message`);
  return { channel, m };
}

const update: Method = (args, ctx) => {
  const { channel, m } = ownMessage(args, ctx, 'update');
  const content = messageContent(args);
  const updated = ctx.state.updateMessage(channel.id, m.ts, {
    text: content.text,
    blocks: content.blocks,
    edited: { user: ctx.state.seed.botUserId, ts: ctx.state.newTs() },
  })!;
  return { channel: channel.id, ts: m.ts, text: updated.text, message: messageObject(updated, ctx) };
};

const remove: Method = (args, ctx) => {
  const { channel, m } = ownMessage(args, ctx, 'delete');
  ctx.state.deleteMessage(channel.id, m.ts);
  return { channel: channel.id, ts: m.ts };
};

export const chatMethods: Record<string, Method> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': remove,
};
