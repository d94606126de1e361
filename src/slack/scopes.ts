/**
 * The bot scopes adpilot asks for, the same list as `oauth_config.scopes.bot` in manifest.yml and
 * manifest.socket-mode.yml (a test keeps them equal). Why each one:
 * - commands: the slash commands;
 * - chat:write: cards, replies, digests, and messages to a person's App Home Messages tab (chat.postMessage with a
 *   user id as channel: no conversations.open, so no im:write);
 * - files:write: the trend charts (files.uploadV2 → getUploadURLExternal / completeUploadExternal);
 * - users:read: users.info, to know workspace admins and owners;
 * - channels:read, groups:read: conversations.info on the public or private channel an account is bound to
 *   (the connect modal checks the bot is a member).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'files:write',
  'users:read',
  'channels:read',
  'groups:read',
] as const;
