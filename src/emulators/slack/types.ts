/** The emulator's in-memory workspace, shaped like the objects Slack returns. */

export interface SlackUser {
  id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  /** Not a Slack field: the workspace page shows it so people know whom to pick when trying approvals. */
  title?: string;
}

export interface SlackChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_im: boolean;
  created: number;
  /** Whether the bot is in the channel (conversations.info is_member); default true. */
  is_member?: boolean;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  /** Author's user id: a person, or the bot user for the app's messages. */
  user: string;
  bot_id?: string;
  text: string;
  blocks?: unknown[];
  files?: string[];
  /** Set for ephemeral messages: only this user sees them, and they vanish on reload in real Slack. */
  ephemeralFor?: string;
  edited?: { user: string; ts: string };
  /** Set for the "/command text" echo Slack shows before an in_channel answer. */
  command?: string;
}

export interface StoredView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  user_id: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  hash: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  state: { values: Record<string, Record<string, unknown>> };
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
  /** Field errors from a `response_action: 'errors'` ack, shown under the inputs. */
  errors?: Record<string, string>;
  closed?: boolean;
}

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  alt_text?: string;
  length: number;
  mimetype: string;
  created: number;
  user: string;
  bytes?: Buffer;
  channels: string[];
  completed: boolean;
}

/** One Web API call as the emulator saw it, for tests that assert on what the bot sent. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  at: number;
}

export type ChangeEvent =
  | { type: 'message'; channel: string; ts: string }
  | { type: 'message_changed'; channel: string; ts: string }
  | { type: 'message_deleted'; channel: string; ts: string }
  | { type: 'view'; viewId: string; userId: string }
  | { type: 'file'; fileId: string };

/** What the app answered to a request the emulator delivered (over HTTP or Socket Mode). */
export interface AppAnswer {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON. */
  json?: unknown;
  durationMs: number;
  /** Set when the app did not answer in time or could not be reached (status is then 0). */
  error?: 'operation_timeout' | 'dispatch_failed';
}
