import { viewObject } from '../methods/views.ts';
import { deliver, FORM, form, userRef, type Tamper, type ToAppContext } from './deliver.ts';
import type { AppAnswer, StoredView } from '../types.ts';

export interface ViewSubmission {
  viewId: string;
  userId: string;
  /**
   * block_id → action_id → what the person entered: a string (plain_text_input, static_select's option value,
   * conversations_select's channel id) or a list (multi_users_select). The view's own blocks give each its shape.
   */
  values: Record<string, Record<string, string | string[]>>;
  tamper?: Tamper;
}

/** A submitted value in the shape Slack gives the element of that block (view.state.values). */
function typedValue(view: StoredView, blockId: string, value: string | string[]): Record<string, unknown> {
  const block = (view.blocks as { block_id?: string; element?: { type?: string } }[]).find(
    (b) => b.block_id === blockId,
  );
  const type = block?.element?.type ?? 'plain_text_input';
  const one = Array.isArray(value) ? (value[0] ?? null) : value;
  switch (type) {
    case 'conversations_select':
      return { type, selected_conversation: one };
    case 'channels_select':
      return { type, selected_channel: one };
    case 'multi_users_select':
      return { type, selected_users: Array.isArray(value) ? value : [value] };
    case 'static_select':
      return { type, selected_option: one === null ? null : { text: { type: 'plain_text', text: one }, value: one } };
    default:
      return { type, value: one };
  }
}

function closeView(ctx: ToAppContext, view: StoredView): void {
  view.closed = true;
  ctx.state.saveView(view);
}

/**
 * Submits a modal with a `view_submission` payload and applies the ack: close (empty body), `errors` (stay open,
 * show them), `update` (replace the view), `clear` (close every modal of the user).
 * @throws Error when the view does not exist or is closed.
 */
export async function submitView(ctx: ToAppContext, s: ViewSubmission): Promise<AppAnswer> {
  const view = ctx.state.views.get(s.viewId);
  if (!view || view.closed || view.type !== 'modal') throw new Error(`No open modal ${s.viewId}`);
  const values = Object.fromEntries(
    Object.entries(s.values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, value]) => [actionId, typedValue(view, blockId, value)]),
      ),
    ]),
  );
  view.state = { values };
  const seed = ctx.state.seed;
  const payload = {
    type: 'view_submission',
    team: { id: seed.teamId, domain: seed.teamName },
    user: userRef(ctx, s.userId),
    api_app_id: seed.appId,
    token: 'emulator-verification-token',
    trigger_id: ctx.triggers.issue(s.userId),
    view: viewObject(view),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const answer = await deliver(ctx, form({ payload: JSON.stringify(payload) }), FORM, s.tamper);
  const reply = answer.json as
    { response_action?: string; errors?: Record<string, string>; view?: Record<string, unknown> } | undefined;
  if (answer.status !== 200) {
    view.errors = { '': 'We had some trouble connecting. Try again?' };
    ctx.state.saveView(view);
  } else if (reply?.response_action === 'errors') {
    view.errors = reply.errors ?? {};
    ctx.state.saveView(view);
  } else if (reply?.response_action === 'update' && reply.view) {
    // Slack replaces the whole view, its callback_id and private_metadata included (a multi-step modal relies on it).
    Object.assign(view, {
      callback_id: typeof reply.view.callback_id === 'string' ? reply.view.callback_id : '',
      private_metadata: typeof reply.view.private_metadata === 'string' ? reply.view.private_metadata : '',
      title: reply.view.title,
      submit: reply.view.submit,
      close: reply.view.close,
      blocks: reply.view.blocks,
      errors: undefined,
    });
    ctx.state.saveView(view);
  } else if (reply?.response_action === 'clear') {
    for (const v of ctx.state.views.values())
      if (v.type === 'modal' && v.user_id === s.userId && !v.closed) closeView(ctx, v);
  } else {
    closeView(ctx, view);
  }
  return answer;
}
