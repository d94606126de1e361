import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Message } from '../../slack/blocks/index.ts';

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
