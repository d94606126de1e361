export { startSlackEmulator, type SlackEmulator, type SlackEmulatorOptions } from './server.ts';
export { DEFAULT_SEED, SLACKBOT, EmulatorState, type WorkspaceSeed } from './state.ts';
export type { ButtonClick, SlashCommand, Tamper, ViewSubmission } from './to-app.ts';
export type { RateLimitOptions, ScriptedFailure } from './rate-limits.ts';
export type * from './types.ts';
