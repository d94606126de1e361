import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { LogContext, Logger } from '../../log.ts';
import type { Message } from '../../slack/blocks/index.ts';
import type { Reply } from '../commands/index.ts';

/** Sends an answer to the person who typed or clicked. */
export type Answer = (m: { response_type: 'ephemeral'; text: string; blocks?: Message['blocks'] }) => Promise<unknown>;

/**
 * Where a click's answer goes. A click in a message comes with a response_url (ephemeral reply under it); a click
 * in App Home has none, so the answer goes to the person's DM with the app instead of nowhere.
 */
export function replyTo(respond: RespondFn | undefined, client: WebClient, userId: string): Answer {
  if (respond) return respond;
  return (m) => client.chat.postMessage({ channel: userId, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
}

/**
 * Sends a handler's reply (null: nothing to say) as an ephemeral message. A failure becomes a message too, never
 * silence, and an error record for operators with the ids in `context`; the handler may add ids to `context` as it
 * learns them (the account a command resolved to), so the record carries them.
 */
export async function replySafely(
  respond: Answer,
  log: Logger,
  context: LogContext,
  fn: () => Promise<Reply | null>,
): Promise<void> {
  try {
    const m = await fn();
    if (!m) return; // nothing to say (e.g. a modal opened instead)
    await respond({ response_type: 'ephemeral', text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
  } catch (error) {
    log.error('Slack listener failed; the user was told', { ...context, error });
    await respond({ response_type: 'ephemeral', text: `Something went wrong: ${(error as Error).message}` });
  }
}

type Ids = { id?: string } | string | undefined;
const idOf = (...candidates: Ids[]) => {
  for (const c of candidates) {
    const id = typeof c === 'string' ? c : c?.id;
    if (id) return id;
  }
  return undefined;
};

/** Team, user and channel of any Slack payload Bolt hands a listener (command, action, view, event). */
export function slackIds(body: unknown): LogContext {
  const b = (body ?? {}) as {
    team_id?: string;
    team?: Ids;
    user_id?: string;
    user?: Ids;
    channel_id?: string;
    channel?: Ids;
    container?: { channel_id?: string };
    event?: { user?: Ids; channel?: Ids };
  };
  const ids = {
    teamId: idOf(b.team_id, b.team),
    userId: idOf(b.user_id, b.user, b.event?.user),
    channelId: idOf(b.channel_id, b.channel, b.container?.channel_id, b.event?.channel),
  };
  return Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined));
}
