import type { MetaAccess } from '../../src/activities/meta.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { DEFAULT_SEED } from '../../src/emulators/slack/state.ts';
import { startGraphEmulator, type GraphEmulator } from '../../src/emulators/meta/server.ts';
import type { ScenarioSpec } from '../../src/emulators/simulator/scenario.ts';
import { Simulator } from '../../src/emulators/simulator/simulator.ts';
import type { DatabasePool } from 'slonik';

export interface MetaHarness {
  /** The simulated "now" (22:00 UTC today, 17:00 in New York), so tests never straddle a local midnight; pass it to activities as `now`. */
  now: () => number;
  sims: Map<string, Simulator>;
  emulator: GraphEmulator;
  access: MetaAccess;
  close(): Promise<void>;
}

/** Simulators for scenarios (at 22:00 UTC today), behind one Graph API emulator, with the tokens they expect. */
export async function startMeta(
  scenarios: ScenarioSpec[],
  o: { seed?: number; tokenOverrides?: Record<string, string> } = {},
): Promise<MetaHarness> {
  const today = new Date();
  const fixedNow = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 22);
  const sims = new Map(
    scenarios.map((s) => [s.accountId, new Simulator(s, { seed: o.seed ?? 1, startTime: fixedNow })]),
  );
  const emulator = await startGraphEmulator({ simulators: [...sims.values()], reportPolls: 1 });
  return {
    now: () => fixedNow,
    sims,
    emulator,
    access: {
      baseUrl: emulator.baseUrl,
      tokenFor: (id) => o.tokenOverrides?.[id] ?? sims.get(id)?.spec.token,
      reportPollMs: 20,
      asyncAboveAds: 50,
    },
    close: () => emulator.close(),
  };
}

export function testConfig(databaseUrl: string, extra: Record<string, string> = {}): Config {
  return parseConfig({ DATABASE_URL: databaseUrl, ...extra });
}

/** Registers a scenario's account in the database with its timezone. */
export async function connectAccount(
  pool: DatabasePool,
  spec: ScenarioSpec,
  extra: { approvers?: string[]; targetCpa?: number; targetRoas?: number } = {},
) {
  return upsertAdAccount(pool, {
    id: spec.accountId,
    workspaceId: DEFAULT_SEED.teamId, // the emulated Slack team: reads are scoped to the request's team
    name: spec.name,
    timezone: spec.timezone,
    currency: spec.currency,
    slackChannelId: `C_${spec.accountId}`,
    approverUserIds: extra.approvers ?? ['U_APPROVER'],
    targetCpa: extra.targetCpa ?? 25,
    targetRoas: extra.targetRoas ?? 3,
  });
}
