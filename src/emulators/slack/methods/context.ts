/** What every Web API method handler gets, and how it fails the way Slack fails. */
import { validateMessage, type Violation } from '../../../slack/blocks/limits.ts';
import { jsonArg, stringArg } from '../http.ts';
import type { EmulatorState } from '../state.ts';
import type { StoredFile, StoredMessage } from '../types.ts';
import type { TriggerStore } from '../triggers.ts';

export interface MethodContext {
  state: EmulatorState;
  triggers: TriggerStore;
  /** `http://127.0.0.1:<port>`, for upload and file URLs. */
  origin: string;
}

export type MethodResult = Record<string, unknown>;
export type Method = (args: Record<string, unknown>, ctx: MethodContext, files: Record<string, Buffer>) => MethodResult;

/** A Slack `{ ok: false, error }` answer; `extra` adds Slack's detail fields (errors, response_metadata). */
export class ApiError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;
  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
  }
}

/** Slack prints each violation as `[ERROR] <message> [json-pointer:<path>]`. */
export function violationError(code: string, violations: Violation[], prefix = ''): ApiError {
  const messages = violations.map((v) => `[ERROR] ${v.message} [json-pointer:${prefix}${v.path}]`);
  return new ApiError(code, { errors: messages, response_metadata: { messages } });
}

/** @throws ApiError('invalid_arguments') naming the missing argument. */
export function required(args: Record<string, unknown>, name: string): string {
  const v = stringArg(args[name]);
  if (v === undefined || v === '')
    throw new ApiError('invalid_arguments', {
      response_metadata: { messages: [`[ERROR] missing required field: ${name}`] },
    });
  return v;
}

/**
 * The text and blocks of a message, checked like chat.postMessage checks them.
 * @throws ApiError invalid_blocks_format | no_text | msg_too_long | invalid_blocks
 */
export function messageContent(args: Record<string, unknown>): { text: string; blocks?: unknown[] } {
  let blocks: unknown[] | undefined;
  if (args.blocks !== undefined && args.blocks !== '') {
    const parsed = jsonArg(args.blocks);
    if (!parsed.ok || !Array.isArray(parsed.value)) throw new ApiError('invalid_blocks_format');
    blocks = parsed.value;
  }
  const text = stringArg(args.text) ?? '';
  if (text === '' && (!blocks || blocks.length === 0)) throw new ApiError('no_text');
  if (text.length > 40_000) throw new ApiError('msg_too_long');
  const violations = validateMessage({ text, blocks });
  if (violations.length > 0) throw violationError('invalid_blocks', violations);
  return { text, ...(blocks ? { blocks } : {}) };
}

export function fileObject(f: StoredFile, origin: string): MethodResult {
  const url = `${origin}/files/${f.id}/${encodeURIComponent(f.name)}`;
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.title,
    mimetype: f.mimetype,
    filetype: f.name.split('.').pop() ?? 'binary',
    user: f.user,
    size: f.bytes?.length ?? f.length,
    url_private: url,
    url_private_download: `${url}?download=1`,
    permalink: url,
    channels: f.channels,
    ...(f.alt_text ? { alt_txt: f.alt_text } : {}),
  };
}

/** A stored message as the Web API shows it (`message` in chat.postMessage, items of conversations.history). */
export function messageObject(m: StoredMessage, ctx: MethodContext): MethodResult {
  const { state } = ctx;
  return {
    type: 'message',
    ts: m.ts,
    user: m.user,
    text: m.text,
    team: state.seed.teamId,
    ...(m.bot_id ? { bot_id: m.bot_id, app_id: state.seed.appId } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.edited ? { edited: m.edited } : {}),
    ...(m.files
      ? {
          files: m.files
            .map((id) => state.files.get(id))
            .filter((f) => f)
            .map((f) => fileObject(f!, ctx.origin)),
        }
      : {}),
  };
}
