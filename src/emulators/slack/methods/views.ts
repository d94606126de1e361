/** views.open / update / publish: modals and the App Home, validated against the view limits. */
import { createHash } from 'node:crypto';
import { validateView } from '../../../slack/blocks/limits.ts';
import { jsonArg, stringArg } from '../http.ts';
import type { StoredView } from '../types.ts';
import { ApiError, required, violationError, type Method, type MethodContext } from './context.ts';

/**
 * The `view` argument, parsed and checked. Slack answers broken views with `invalid_arguments` and pointers
 * under `/view`, not with `invalid_blocks`.
 * @throws ApiError invalid_arguments
 */
function viewArg(args: Record<string, unknown>): Record<string, unknown> {
  const parsed = jsonArg(args.view);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) throw new ApiError('invalid_arguments');
  const violations = validateView(parsed.value);
  if (violations.length > 0) throw violationError('invalid_arguments', violations, '/view');
  return parsed.value as Record<string, unknown>;
}

const hashOf = (v: unknown) =>
  `${Date.now()}.${createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 8)}`;

function store(
  ctx: MethodContext,
  view: Record<string, unknown>,
  base: Partial<StoredView> & { id: string; user_id: string },
): StoredView {
  const seed = ctx.state.seed;
  return ctx.state.saveView({
    team_id: seed.teamId,
    type: view.type as 'modal' | 'home',
    callback_id: stringArg(view.callback_id) ?? '',
    private_metadata: stringArg(view.private_metadata) ?? '',
    external_id: stringArg(view.external_id) ?? '',
    hash: hashOf(view),
    title: view.title,
    submit: view.submit,
    close: view.close,
    blocks: view.blocks as unknown[],
    state: { values: {} },
    root_view_id: base.root_view_id ?? base.id,
    previous_view_id: null,
    app_id: seed.appId,
    bot_id: seed.botId,
    ...base,
  });
}

/** The view as the Web API returns it (without the emulator's own fields). */
export function viewObject(v: StoredView): Record<string, unknown> {
  const { errors: _errors, closed: _closed, user_id: _user, ...rest } = v;
  return rest;
}

const open: Method = (args, ctx) => {
  const trigger = ctx.triggers.use(required(args, 'trigger_id'));
  if ('error' in trigger) throw new ApiError(trigger.error);
  const view = viewArg(args);
  if (view.type !== 'modal') throw new ApiError('invalid_arguments');
  return { view: viewObject(store(ctx, view, { id: ctx.state.newId('V'), user_id: trigger.userId })) };
};

const update: Method = (args, ctx) => {
  const id = stringArg(args.view_id);
  const externalId = stringArg(args.external_id);
  if (!id && !externalId) throw new ApiError('invalid_arguments');
  const existing = id
    ? ctx.state.views.get(id)
    : [...ctx.state.views.values()].find((v) => v.external_id === externalId);
  if (!existing || existing.closed) throw new ApiError('not_found');
  const hash = stringArg(args.hash);
  if (hash && hash !== existing.hash) throw new ApiError('hash_conflict');
  const view = viewArg(args);
  const saved = store(ctx, view, {
    id: existing.id,
    user_id: existing.user_id,
    root_view_id: existing.root_view_id,
    state: existing.state,
  });
  return { view: viewObject(saved) };
};

const publish: Method = (args, ctx) => {
  const userId = required(args, 'user_id');
  if (!ctx.state.users.get(userId)) throw new ApiError('user_not_found');
  const view = viewArg(args);
  if (view.type !== 'home') throw new ApiError('invalid_arguments');
  const existing = ctx.state.homes.get(userId);
  const hash = stringArg(args.hash);
  if (hash && existing && hash !== ctx.state.views.get(existing)?.hash) throw new ApiError('hash_conflict');
  return { view: viewObject(store(ctx, view, { id: existing ?? ctx.state.newId('V'), user_id: userId })) };
};

export const viewMethods: Record<string, Method> = {
  'views.open': open,
  'views.update': update,
  'views.publish': publish,
};
