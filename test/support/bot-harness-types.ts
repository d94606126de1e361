import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from '../../src/config.ts';
import type { NewProposal } from '../../src/db/actions.ts';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import type { LogRecord } from '../../src/log.ts';
import type { ScenarioSpec } from '../../src/emulators/simulator/scenario.ts';
import type { SlackEmulator } from '../../src/emulators/slack/index.ts';
import type { TestDatabase } from './db.ts';
import type { MetaHarness } from './meta.ts';
import type { TemporalHarness } from './temporal.ts';

export interface BotHarnessOptions {
  /** The accounts to connect, one per scenario; the first is `accountId`, the one `propose` proposes for. */
  scenarios: ScenarioSpec[];
  /** Binds accounts to channels of the emulator's seed (e.g. C_ADS); the others get a new `C_<account id>`. */
  channels?: Record<string, string>;
  /** Every account's approvers (default U_APPROVER). */
  approvers?: string[];
  /** Every account's targets (default CPA 25, ROAS 3; null: none). */
  targets?: { cpa?: number | null; roas?: number | null };
  /** Serve the local workspace page too (for browser tests). */
  workspace?: boolean;
  /** The app connects over the emulator's Socket Mode WebSocket instead of taking signed HTTP requests. */
  socketMode?: boolean;
  /** Environment overrides for parseConfig (TASK_QUEUE defaults to the harness's private task queue). */
  config?: Record<string, string>;
  /** 'simulated' (default): the bot and the worker run at the Meta emulator's fixed now; 'real': Date.now. */
  clock?: 'simulated' | 'real';
  /** Create each account's collection Schedule, paused, so only the test triggers it (default false). */
  schedules?: boolean;
  /** Store each account's campaigns, ad sets and ads before the app starts (no workflow, no insights). */
  collectEntities?: boolean;
  /** false: the worker records notifications in the database only, as without Slack (default true). */
  slackNotifier?: boolean;
  /**
   * Accounts the Graph API emulator serves but nobody connected yet (no row, and no fallback token: only a token
   * stored by connect reaches them); close() ends their work too.
   */
  unconnected?: ScenarioSpec[];
  /** More channels in the emulator's workspace (is_member false: the bot is not in it). */
  extraChannels?: { id: string; name: string; is_member?: boolean }[];
  /** Extra worker options (e.g. a short shutdownGraceTime). */
  workerOptions?: Partial<WorkerOptions>;
}

export interface BotHarness {
  db: TestDatabase;
  temporal: TemporalHarness;
  meta: MetaHarness;
  emu: SlackEmulator;
  app: App;
  config: Config;
  /** What the bot logged (info and above), in order: what operators would see. */
  logs: LogRecord[];
  /** The bot's own Web API client (what the Slack notifier uses). */
  slack: WebClient;
  secret: string;
  token: string;
  appToken: string;
  /** The Bolt app's HTTP port (undefined in Socket Mode). */
  port: number | undefined;
  /** The first scenario's account. */
  accountId: string;
  /** The channel an account is bound to. */
  channelOf(accountId: string): string;
  /** Inserts a proposal for `accountId` (default: pause the demo's ad set) and starts its approval workflow. */
  propose(key: string, p?: Partial<NewProposal>): Promise<number>;
  /** The ts of a proposal's card once the notifier has posted it. */
  cardTs(id: number): Promise<string>;
  /** Runs the collectAccount workflow for an account to its end. */
  collect(accountId: string): Promise<RunSummary>;
  close(): Promise<void>;
}
