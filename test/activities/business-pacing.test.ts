import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { FailureType } from '../../src/activities/failures.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { businessOf } from '../../src/db/business-pacing.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { startMeta, type MetaHarness } from '../support/meta.ts';

// Three businesses: two accounts share "shared", two share "busy" (for the concurrency slot), one is alone.
const accounts = {
  act_pa: 'biz_shared',
  act_pb: 'biz_shared',
  act_pc: 'biz_other',
  act_pd: 'biz_busy',
  act_pe: 'biz_busy',
} as const;
type AccountId = keyof typeof accounts;

let db: TestDatabase;
let meta: MetaHarness;
let acts: ReturnType<typeof createCollectionActivities>;

const callsOf = (id: AccountId) => meta.emulator.requests.filter((r) => r.path.includes(id)).length;

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

beforeAll(async () => {
  db = await createTestDatabase();
  meta = await startMeta(
    Object.entries(accounts).map(([accountId, businessId], i) => ({
      ...generatedScenario({
        accountId,
        token: `${accountId}-token`,
        campaigns: 1,
        adsetsPerCampaign: 1,
        adsPerAdset: 2,
        seed: i,
      }),
      businessId,
    })),
  );
  for (const id of Object.keys(accounts))
    await upsertAdAccount(db.pool, { id, workspaceId: 'T_PACE', name: id, timezone: 'UTC' });
  acts = createCollectionActivities({ pool: db.pool, meta: meta.access, now: meta.now, businessConcurrency: 1 });
  // A first collection learns each account's business from Meta's usage header, at no extra call.
  for (const id of Object.keys(accounts)) await acts.collectPixels(id);
});

afterAll(async () => {
  await meta.close();
  await db.drop();
});

describe('collection paced per Meta business', () => {
  it("stores each account's business from the X-Business-Use-Case-Usage header", async () => {
    for (const [id, business] of Object.entries(accounts)) expect(await businessOf(db.pool, id)).toBe(business);
  });

  it("makes every account of a throttled business wait out Meta's advertised time, without calling Meta", async () => {
    meta.emulator.faults.inject({ kind: 'throttle', regainMinutes: 5 }, { match: 'act_pa/' });
    const first = await failureOf(acts.collectPixels('act_pa'));
    expect(first.type).toBe(FailureType.MetaThrottle);
    expect(first.nextRetryDelay).toBe(5 * 60_000);

    const before = callsOf('act_pb');
    const second = await failureOf(acts.collectPixels('act_pb'));
    expect(second.type).toBe(FailureType.MetaThrottle);
    // One wait for the business: the second account retries when the first one's wait ends, not after its own.
    expect(Number(second.nextRetryDelay)).toBeLessThanOrEqual(5 * 60_000);
    expect(Number(second.nextRetryDelay)).toBeGreaterThan(4 * 60_000);
    expect(callsOf('act_pb')).toBe(before);
  });

  it('lets an account of another business collect while one business is throttled', async () => {
    await expect(acts.collectPixels('act_pc')).resolves.toMatchObject({ pixels: 1 });
  });

  it("holds a business's second account while its slots are taken, and frees the slot when the first ends", async () => {
    meta.emulator.faults.inject({ kind: 'slow', ms: 5_000 }, { match: 'act_pd/adspixels' });
    const before = meta.emulator.requests.length;
    const running = acts.collectPixels('act_pd');
    await eventually(
      () => (meta.emulator.requests.slice(before).some((r) => r.path.includes('act_pd/adspixels')) ? true : undefined),
      15_000,
      'act_pd calling Meta',
    );
    const busy = await failureOf(acts.collectPixels('act_pe'));
    expect(busy.type).toBe(FailureType.MetaBusinessBusy);
    await expect(acts.collectPixels('act_pc')).resolves.toMatchObject({ pixels: 1 });
    await running;
    await expect(acts.collectPixels('act_pe')).resolves.toMatchObject({ pixels: 1 });
  });
});
