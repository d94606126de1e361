import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import type { BotHarnessOptions } from './bot-harness-types.ts';

/**
 * The demo account (act_demo) bound to #ads-ops (C_ADS) as `./adpilot start` binds it, its campaigns, ad sets and
 * ads stored, the bot and the worker on the real clock. Several test files share act_demo: only for tests that
 * create no Schedules for it.
 */
export const DEMO_ON_ADS = {
  scenarios: [scenarios.demo()],
  channels: { act_demo: 'C_ADS' },
  targets: { cpa: 25, roas: null },
  clock: 'real',
  collectEntities: true,
} satisfies BotHarnessOptions;
