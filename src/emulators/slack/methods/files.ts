/**
 * The external upload flow @slack/web-api's filesUploadV2 uses: getUploadURLExternal → POST bytes to the
 * upload URL → completeUploadExternal, which shares the file into a channel as a message from the bot.
 */
import { jsonArg, stringArg } from '../http.ts';
import { ApiError, fileObject, messageContent, required, type Method } from './context.ts';

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
};

const getUploadUrl: Method = (args, ctx) => {
  const filename = required(args, 'filename');
  const length = Number(required(args, 'length'));
  if (!Number.isInteger(length) || length <= 0) throw new ApiError('invalid_arguments');
  const id = ctx.state.newId('F');
  ctx.state.files.set(id, {
    id,
    name: filename,
    title: filename,
    // Slack's reference names it alt_txt; @slack/web-api sends alt_text. Accept both.
    alt_text: stringArg(args.alt_text) ?? stringArg(args.alt_txt),
    length,
    mimetype: MIME[filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream',
    created: Math.floor(Date.now() / 1000),
    user: ctx.state.seed.botUserId,
    channels: [],
    completed: false,
  });
  return { upload_url: `${ctx.origin}/upload/v1/${id}`, file_id: id };
};

const complete: Method = (args, ctx) => {
  const parsed = jsonArg(args.files);
  if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.length === 0) throw new ApiError('invalid_arguments');
  const entries = parsed.value as { id?: string; title?: string }[];
  const files = entries.map((e) => {
    const f = e.id ? ctx.state.files.get(e.id) : undefined;
    if (!f || !f.bytes) throw new ApiError('file_not_found');
    return { f, title: e.title };
  });
  const channelId = stringArg(args.channel_id);
  const channel = channelId ? ctx.state.resolveChannel(channelId) : undefined;
  if (channelId && !channel) throw new ApiError('channel_not_found');
  const comment = stringArg(args.initial_comment);
  // Slack ignores blocks when an initial_comment is given (research notes §2, step 3).
  const content = comment
    ? { text: comment }
    : args.blocks
      ? messageContent({ blocks: args.blocks, text: ' ' })
      : { text: '' };
  for (const { f, title } of files) {
    f.title = title ?? f.title;
    f.completed = true;
    if (channel) f.channels.push(channel.id);
    ctx.state.fileChanged(f.id);
  }
  if (channel) {
    const threadTs = stringArg(args.thread_ts);
    ctx.state.addMessage({
      channel: channel.id,
      user: ctx.state.seed.botUserId,
      bot_id: ctx.state.seed.botId,
      text: content.text.trim(),
      ...('blocks' in content && content.blocks ? { blocks: content.blocks } : {}),
      files: files.map(({ f }) => f.id),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }
  return { files: files.map(({ f }) => fileObject(f, ctx.origin)) };
};

const info: Method = (args, ctx) => {
  const f = ctx.state.files.get(required(args, 'file'));
  if (!f || !f.completed) throw new ApiError('file_not_found');
  return { file: fileObject(f, ctx.origin) };
};

export const fileMethods: Record<string, Method> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': complete,
  'files.info': info,
};
