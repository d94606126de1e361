import { validateMessage, validateView } from '../../../slack/blocks/limits.ts';
import { jsonArg } from '../http.ts';
import { chatMethods } from './chat.ts';
import { ApiError, type Method } from './context.ts';
import { directoryMethods } from './directory.ts';
import { fileMethods } from './files.ts';
import { viewMethods } from './views.ts';

/** blocks.validate: Slack's own checker, answered here by the same validator the emulator enforces. */
const blocksValidate: Method = (args) => {
  const pick = (name: string) => (args[name] === undefined ? undefined : jsonArg(args[name]));
  const blocks = pick('blocks');
  const message = pick('message');
  const view = pick('view');
  const violations = view?.ok
    ? validateView(view.value)
    : message?.ok
      ? validateMessage(message.value as { text?: unknown; blocks?: unknown })
      : blocks?.ok
        ? validateMessage({ text: 'x', blocks: blocks.value })
        : undefined;
  if (!violations) throw new ApiError('invalid_arguments');
  if (violations.length > 0)
    throw new ApiError('invalid_blocks', {
      errors: violations.map((v) => ({ pointer: v.path, code: 'invalid', message: v.message })),
    });
  return {};
};

export const METHODS: Record<string, Method> = {
  ...directoryMethods,
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
  'blocks.validate': blocksValidate,
};

export { ApiError, type MethodContext } from './context.ts';
