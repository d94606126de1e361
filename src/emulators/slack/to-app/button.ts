import { viewObject } from '../methods/views.ts';
import { deliver, FORM, form, userRef, type Tamper, type ToAppContext } from './deliver.ts';
import type { AppAnswer } from '../types.ts';

type ButtonFound = { blockId: string; text: unknown; value?: string; style?: string };

function findButton(blocks: unknown[] | undefined, actionId: string, value?: string): ButtonFound | undefined {
  for (const [i, b] of (blocks ?? []).entries()) {
    const block = b as { block_id?: string; elements?: unknown[]; accessory?: unknown };
    const els = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])] as Record<string, unknown>[];
    const el = els.find((e) => e.action_id === actionId && (value === undefined || e.value === value));
    if (el)
      return {
        blockId: block.block_id ?? `b${i}`,
        text: el.text,
        ...(typeof el.value === 'string' ? { value: el.value } : {}),
        ...(typeof el.style === 'string' ? { style: el.style } : {}),
      };
  }
  return undefined;
}

export interface ButtonClick {
  userId: string;
  actionId: string;
  /** Picks among buttons sharing an action_id (a list with one Approve per row). */
  value?: string;
  /** A button in a message... */
  channelId?: string;
  messageTs?: string;
  /** ...or in a view (App Home, modal). */
  viewId?: string;
  tamper?: Tamper;
}

/**
 * Clicks a button that exists in a stored message or view, sending a `block_actions` payload.
 * @throws Error when the message, view or button does not exist (Slack could not have sent that click).
 */
export async function clickButton(ctx: ToAppContext, c: ButtonClick): Promise<AppAnswer> {
  const { state } = ctx;
  const seed = state.seed;
  let container: Record<string, unknown>;
  let extra: Record<string, unknown>;
  let blocks: unknown[] | undefined;
  let responseUrl: string | undefined;
  if (c.viewId) {
    const view = state.views.get(c.viewId);
    if (!view) throw new Error(`No view ${c.viewId}`);
    blocks = view.blocks;
    container = { type: 'view', view_id: view.id };
    extra = { view: viewObject(view) };
  } else {
    if (!c.channelId || !c.messageTs) throw new Error('clickButton needs channelId and messageTs, or viewId');
    const message = state.findMessage(c.channelId, c.messageTs);
    if (!message) throw new Error(`No message ${c.messageTs} in ${c.channelId}`);
    blocks = message.blocks;
    container = {
      type: 'message',
      message_ts: message.ts,
      channel_id: c.channelId,
      is_ephemeral: Boolean(message.ephemeralFor),
    };
    responseUrl = ctx.responseUrls.issue(ctx.origin, {
      channelId: c.channelId,
      userId: c.userId,
      messageTs: message.ts,
    });
    const channel = state.channels.get(c.channelId);
    extra = {
      channel: { id: c.channelId, name: channel?.name ?? c.channelId },
      message: {
        type: 'message',
        ts: message.ts,
        user: message.user,
        text: message.text,
        blocks: message.blocks,
        ...(message.bot_id ? { bot_id: message.bot_id, app_id: seed.appId } : {}),
      },
      response_url: responseUrl,
    };
  }
  const button = findButton(blocks, c.actionId, c.value);
  if (!button) throw new Error(`No button with action_id ${c.actionId}${c.value ? ` and value ${c.value}` : ''}`);
  const payload = {
    type: 'block_actions',
    user: userRef(ctx, c.userId),
    api_app_id: seed.appId,
    token: 'emulator-verification-token',
    container,
    trigger_id: ctx.triggers.issue(c.userId),
    team: { id: seed.teamId, domain: seed.teamName },
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    ...extra,
    actions: [
      {
        type: 'button',
        action_id: c.actionId,
        block_id: button.blockId,
        text: button.text,
        ...(button.value !== undefined ? { value: button.value } : {}),
        ...(button.style ? { style: button.style } : {}),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return deliver(ctx, form({ payload: JSON.stringify(payload) }), FORM, c.tamper);
}
