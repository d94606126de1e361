export {
  MANIFEST_PATH,
  startSlackEmulator,
  type SlackEmulator,
  type SlackEmulatorOptions,
  type TeamHandle,
} from './server.ts';
export { manifestBotScopes } from './scopes.ts';
export { SECOND_TEAM_SEED } from './teams.ts';
export { DEFAULT_SEED, SLACKBOT, EmulatorState, type WorkspaceSeed } from './state.ts';
export type { ButtonClick, SlashCommand, Tamper, ViewSubmission } from './to-app.ts';
export type { RateLimitOptions, ScriptedFailure } from './rate-limits.ts';
export type * from './types.ts';
