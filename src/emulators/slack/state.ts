/** The emulator's memory: users, channels, messages, views, files, and change events for the workspace page. */
import { EventEmitter } from 'node:events';
import type {
  ChangeEvent,
  RecordedCall,
  SlackChannel,
  SlackUser,
  StoredFile,
  StoredMessage,
  StoredView,
} from './types.ts';

export interface WorkspaceSeed {
  teamId: string;
  teamName: string;
  appId: string;
  botId: string;
  botUserId: string;
  users: SlackUser[];
  channels: { id: string; name: string; is_private?: boolean; is_member?: boolean }[];
}

export const SLACKBOT = 'USLACKBOT';

export const DEFAULT_SEED: WorkspaceSeed = {
  teamId: 'T_ADPILOT',
  teamName: 'adpilot-local',
  appId: 'A_ADPILOT',
  botId: 'B_ADPILOT',
  botUserId: 'U_ADPILOT',
  users: [
    {
      id: 'U_APPROVER',
      name: 'alex',
      real_name: 'Alex (approver)',
      is_bot: false,
      title: 'may approve proposals',
    },
    { id: 'U_VIEWER', name: 'sam', real_name: 'Sam', is_bot: false, title: 'may view, not approve' },
    {
      id: 'U_ADMIN',
      name: 'jordan',
      real_name: 'Jordan (workspace admin)',
      is_bot: false,
      is_admin: true,
      title: 'may connect accounts and change rules, not approve',
    },
  ],
  channels: [
    { id: 'C_ADS', name: 'ads-ops' },
    { id: 'C_GENERAL', name: 'general' },
  ],
};

export class EmulatorState extends EventEmitter<{ change: [ChangeEvent] }> {
  readonly seed: WorkspaceSeed;
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, SlackChannel>();
  /** Per channel, in ts order. */
  readonly messages = new Map<string, StoredMessage[]>();
  readonly views = new Map<string, StoredView>();
  /** App Home view id per user. */
  readonly homes = new Map<string, string>();
  readonly files = new Map<string, StoredFile>();
  readonly calls: RecordedCall[] = [];
  private lastTs = 0;
  private seq = 0;

  constructor(seed: WorkspaceSeed) {
    super();
    this.seed = seed;
    const created = Math.floor(Date.now() / 1000);
    const bot: SlackUser = { id: seed.botUserId, name: 'adpilot', real_name: 'adpilot', is_bot: true };
    // Slack itself speaks as Slackbot, e.g. "/score failed with the error "operation_timeout"".
    const slackbot: SlackUser = { id: SLACKBOT, name: 'slackbot', real_name: 'Slackbot', is_bot: true };
    for (const u of [bot, slackbot, ...seed.users]) this.users.set(u.id, u);
    for (const c of seed.channels)
      this.channels.set(c.id, {
        id: c.id,
        name: c.name,
        is_private: c.is_private ?? false,
        is_im: false,
        created,
        is_member: c.is_member ?? true,
      });
  }

  /** Slack ids look like `F0A1B2C3D4`; a counter keeps them unique and readable in test output. */
  newId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(9, '0')}`;
  }

  /** Message timestamps are unique per channel and increase; microseconds make room for bursts. */
  newTs(): string {
    const now = Date.now() * 1000;
    this.lastTs = Math.max(now, this.lastTs + 1);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  /** Resolves a channel id, a `#name`, or a user id (the app's DM with that user, opened on first use). */
  resolveChannel(ref: string): SlackChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    for (const c of this.channels.values()) if (c.name === name && !c.is_im) return c;
    const user = this.users.get(ref);
    if (user && !user.is_bot) {
      const id = `D_${user.id}`;
      if (!this.channels.has(id))
        this.channels.set(id, {
          id,
          name: user.name,
          is_private: true,
          is_im: true,
          created: Math.floor(Date.now() / 1000),
        });
      return this.channels.get(id);
    }
    return undefined;
  }

  addMessage(m: Omit<StoredMessage, 'ts'> & { ts?: string }): StoredMessage {
    const message: StoredMessage = { ...m, ts: m.ts ?? this.newTs() };
    const list = this.messages.get(message.channel) ?? [];
    list.push(message);
    this.messages.set(message.channel, list);
    this.emit('change', { type: 'message', channel: message.channel, ts: message.ts });
    return message;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  updateMessage(channel: string, ts: string, patch: Partial<StoredMessage>): StoredMessage | undefined {
    const m = this.findMessage(channel, ts);
    if (!m) return undefined;
    Object.assign(m, patch);
    this.emit('change', { type: 'message_changed', channel, ts });
    return m;
  }

  deleteMessage(channel: string, ts: string): boolean {
    const list = this.messages.get(channel);
    const i = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    this.emit('change', { type: 'message_deleted', channel, ts });
    return true;
  }

  /** Messages a user can see in a channel: everything public plus their own ephemeral messages. */
  visibleMessages(channel: string, userId?: string): StoredMessage[] {
    return (this.messages.get(channel) ?? []).filter((m) => !m.ephemeralFor || m.ephemeralFor === userId);
  }

  saveView(view: StoredView): StoredView {
    this.views.set(view.id, view);
    if (view.type === 'home') this.homes.set(view.user_id, view.id);
    this.emit('change', { type: 'view', viewId: view.id, userId: view.user_id });
    return view;
  }

  /** The modal a user has open (the newest one not closed), if any. */
  openModal(userId: string): StoredView | undefined {
    return [...this.views.values()].reverse().find((v) => v.type === 'modal' && v.user_id === userId && !v.closed);
  }

  fileChanged(fileId: string): void {
    this.emit('change', { type: 'file', fileId });
  }
}
