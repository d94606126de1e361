import { deliver, FORM, form, slackbotSays, type Tamper, type ToAppContext } from './deliver.ts';
import type { AppAnswer } from '../types.ts';

export interface SlashCommand {
  command: string;
  text?: string;
  userId: string;
  channelId: string;
  tamper?: Tamper;
}

/** A slash command; a non-empty ack body lands in the channel (ephemeral unless `response_type: in_channel`). */
export async function sendSlashCommand(ctx: ToAppContext, c: SlashCommand): Promise<AppAnswer> {
  const channel = ctx.state.resolveChannel(c.channelId);
  if (!channel) throw new Error(`Unknown channel ${c.channelId}`);
  const command = c.command.startsWith('/') ? c.command : `/${c.command}`;
  const text = c.text ?? '';
  const { seed } = ctx.state;
  const body = form({
    token: 'emulator-verification-token',
    team_id: seed.teamId,
    team_domain: seed.teamName,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: c.userId,
    user_name: ctx.state.users.get(c.userId)?.name ?? c.userId,
    command,
    text,
    api_app_id: seed.appId,
    is_enterprise_install: 'false',
    response_url: ctx.responseUrls.issue(ctx.origin, { channelId: channel.id, userId: c.userId }),
    trigger_id: ctx.triggers.issue(c.userId),
  });
  const answer = await deliver(ctx, body, FORM, c.tamper);
  if (answer.error || answer.status !== 200) {
    slackbotSays(ctx, channel.id, c.userId, `${command} failed with the error "${answer.error ?? 'dispatch_failed'}"`);
  } else if (answer.body.trim() !== '') {
    const reply = (answer.json ?? { text: answer.body }) as {
      text?: string;
      blocks?: unknown[];
      response_type?: string;
    };
    const inChannel = reply.response_type === 'in_channel';
    if (inChannel)
      ctx.state.addMessage({ channel: channel.id, user: c.userId, text: `${command} ${text}`.trim(), command });
    ctx.state.addMessage({
      channel: channel.id,
      user: seed.botUserId,
      bot_id: seed.botId,
      text: reply.text ?? '',
      ...(reply.blocks ? { blocks: reply.blocks } : {}),
      ...(inChannel ? {} : { ephemeralFor: c.userId }),
    });
  }
  return answer;
}
