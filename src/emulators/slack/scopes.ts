/**
 * The OAuth scopes Slack requires per Web API method (docs.slack.dev/reference/methods/<method>, "Required scopes"
 * for bot tokens), checked against the scopes granted to the calling token. Methods absent here need no scope
 * (auth.test, views.*, blocks.validate); conversations.* need the scope of the conversation's type.
 */
import { readFileSync } from 'node:fs';
import { stringArg } from './http.ts';
import type { EmulatorState } from './state.ts';

const FIXED: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'files.info': 'files:read',
  'users.info': 'users:read',
};

/** conversations.* by conversation type: public channel, private channel, DM, group DM. */
const BY_TYPE: Record<string, Record<'public' | 'private' | 'im', string>> = {
  'conversations.info': { public: 'channels:read', private: 'groups:read', im: 'im:read' },
  'conversations.list': { public: 'channels:read', private: 'groups:read', im: 'im:read' },
  'conversations.history': { public: 'channels:history', private: 'groups:history', im: 'im:history' },
};

const LIST_TYPES: Record<string, 'public' | 'private' | 'im'> = {
  public_channel: 'public',
  private_channel: 'private',
  im: 'im',
};

/** The scopes a call needs, all of them (empty: none). Unknown channels need nothing here: the method answers them. */
export function neededScopes(method: string, args: Record<string, unknown>, state: EmulatorState): string[] {
  const fixed = FIXED[method];
  if (fixed) return [fixed];
  const byType = BY_TYPE[method];
  if (!byType) return [];
  if (method === 'conversations.list') {
    const types = (stringArg(args.types) ?? 'public_channel').split(',').map((t) => LIST_TYPES[t.trim()]);
    return [...new Set(types.filter((t) => t !== undefined).map((t) => byType[t]))];
  }
  const ref = stringArg(args.channel);
  // A DM is opened on first use by resolveChannel; only look, so a refused call leaves no trace.
  const channel = ref ? state.channels.get(ref) : undefined;
  if (!channel) return ref?.startsWith('D') ? [byType.im] : [];
  return [channel.is_im ? byType.im : channel.is_private ? byType.private : byType.public];
}

/** Slack's missing_scope answer: the first scope lacking, and every scope the token has (comma-separated). */
export function missingScope(
  method: string,
  args: Record<string, unknown>,
  state: EmulatorState,
  granted: readonly string[],
): { needed: string; provided: string } | undefined {
  const lacking = neededScopes(method, args, state).find((s) => !granted.includes(s));
  return lacking ? { needed: lacking, provided: granted.join(',') } : undefined;
}

/**
 * The bot scopes of a Slack app manifest (`oauth_config.scopes.bot`). A reader for exactly that list, not YAML at
 * large: the manifests are ours and keep it as a block sequence.
 * @throws Error when the file has no such list.
 */
export function manifestBotScopes(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const path_ = ['oauth_config', 'scopes', 'bot'];
  let depth = 0;
  let indent = -1;
  const scopes: string[] = [];
  for (const line of lines) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const lead = line.length - line.trimStart().length;
    if (depth === path_.length) {
      const item = /^\s*-\s*(\S+)\s*$/.exec(line);
      if (lead > indent && item) {
        scopes.push(item[1]!.replace(/^['"]|['"]$/g, ''));
        continue;
      }
      break;
    }
    if (line.trim() === `${path_[depth]}:` && lead > indent) {
      depth += 1;
      indent = lead;
    }
  }
  if (scopes.length === 0) throw new Error(`${path} has no oauth_config.scopes.bot list`);
  return scopes;
}
