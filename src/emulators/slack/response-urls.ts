/**
 * response_url: each slash command and click gets one. It works 5 times within 30 minutes and can answer
 * ephemerally, in the channel, or replace / delete the message that was clicked.
 */
import { validateMessage } from '../../slack/blocks/limits.ts';
import type { EmulatorState } from './state.ts';

const MAX_USES = 5;
const TTL_MS = 30 * 60_000;

interface Target {
  channelId: string;
  userId: string;
  /** The message whose button was clicked; absent for slash commands. */
  messageTs?: string;
  createdAt: number;
  uses: number;
}

export interface ResponseBody {
  text?: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean | string;
  delete_original?: boolean | string;
  thread_ts?: string;
}

const yes = (v: unknown) => v === true || v === 'true';

export class ResponseUrls {
  private readonly targets = new Map<string, Target>();
  private seq = 0;

  issue(origin: string, target: Omit<Target, 'createdAt' | 'uses'>): string {
    this.seq += 1;
    const id = `R${this.seq}${Math.random().toString(36).slice(2, 10)}`;
    this.targets.set(id, { ...target, createdAt: Date.now(), uses: 0 });
    return `${origin}/response/${id}`;
  }

  /** The channel a response URL answers in (its workspace owns that channel). */
  channelOf(id: string): string | undefined {
    return this.targets.get(id)?.channelId;
  }

  /** Applies a response_url post; the answer is the HTTP status and JSON body Slack would give. */
  handle(state: EmulatorState, id: string, body: ResponseBody): { status: number; body: Record<string, unknown> } {
    const t = this.targets.get(id);
    if (!t || t.uses >= MAX_USES || Date.now() - t.createdAt > TTL_MS)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    t.uses += 1;
    const original = t.messageTs ? state.findMessage(t.channelId, t.messageTs) : undefined;
    if (yes(body.delete_original)) {
      if (original) state.deleteMessage(t.channelId, original.ts);
      return { status: 200, body: { ok: true } };
    }
    const text = body.text ?? '';
    if (text === '' && !body.blocks?.length) return { status: 400, body: { ok: false, error: 'no_text' } };
    const violations = validateMessage({ text, blocks: body.blocks });
    if (violations.length > 0) return { status: 400, body: { ok: false, error: 'invalid_blocks', errors: violations } };
    const content = { text, ...(body.blocks ? { blocks: body.blocks } : { blocks: undefined }) };
    if (yes(body.replace_original) && original) {
      state.updateMessage(t.channelId, original.ts, content);
      return { status: 200, body: { ok: true } };
    }
    const { botUserId, botId } = state.seed;
    state.addMessage({
      channel: t.channelId,
      user: botUserId,
      bot_id: botId,
      ...content,
      ...(body.response_type === 'in_channel' ? {} : { ephemeralFor: t.userId }),
      ...(body.thread_ts ? { thread_ts: body.thread_ts } : {}),
    });
    return { status: 200, body: { ok: true } };
  }
}
