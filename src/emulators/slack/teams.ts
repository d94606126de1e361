/**
 * Several workspaces in one emulator: each team has its own state (users, channels, messages, views), and each
 * token belongs to one team with the scopes it was granted, so a call with team B's token acts in team B.
 */
import { randomBytes } from 'node:crypto';
import { EmulatorState, type WorkspaceSeed } from './state.ts';

/** A second workspace for multi-workspace tests: its own admin, member, channels and bot user. */
export const SECOND_TEAM_SEED: WorkspaceSeed = {
  teamId: 'T_SECOND',
  teamName: 'second-team',
  appId: 'A_ADPILOT',
  botId: 'B_SECOND',
  botUserId: 'U_ADPILOT_SECOND',
  users: [
    { id: 'U_B_ADMIN', name: 'robin', real_name: 'Robin (admin, second team)', is_bot: false, is_admin: true },
    { id: 'U_B_MEMBER', name: 'kim', real_name: 'Kim (second team)', is_bot: false },
  ],
  channels: [
    { id: 'C_B_ADS', name: 'ads' },
    { id: 'C_B_GENERAL', name: 'general' },
  ],
};

export interface TokenGrant {
  teamId: string;
  scopes: string[];
}

export class Teams {
  readonly primary: EmulatorState;
  private readonly states = new Map<string, EmulatorState>();
  private readonly tokens = new Map<string, TokenGrant>();

  constructor(primary: EmulatorState, others: readonly WorkspaceSeed[]) {
    this.primary = primary;
    this.states.set(primary.seed.teamId, primary);
    for (const seed of others) this.states.set(seed.teamId, new EmulatorState(seed));
  }

  state(teamId: string): EmulatorState | undefined {
    return this.states.get(teamId);
  }

  /** The workspace a channel belongs to (ids are unique across the emulator's teams). */
  byChannel(channelId: string | undefined): EmulatorState | undefined {
    if (channelId === undefined) return undefined;
    return [...this.states.values()].find((s) => s.channels.has(channelId));
  }

  /** Registers a token for a team (the configured bot token, or one a test makes with fewer scopes). */
  grant(token: string, teamId: string, scopes: readonly string[]): void {
    if (!this.states.has(teamId)) throw new Error(`Unknown team ${teamId}`);
    this.tokens.set(token, { teamId, scopes: [...scopes] });
  }

  /** A new bot token for an installation, shaped like Slack's (xoxb-…). */
  issue(teamId: string, scopes: readonly string[]): string {
    const token = `xoxb-${teamId}-${randomBytes(12).toString('hex')}`;
    this.grant(token, teamId, scopes);
    return token;
  }

  lookup(token: string): (TokenGrant & { state: EmulatorState }) | undefined {
    const grant = this.tokens.get(token);
    const state = grant && this.states.get(grant.teamId);
    return grant && state ? { ...grant, state } : undefined;
  }
}
