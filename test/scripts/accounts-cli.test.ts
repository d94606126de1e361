import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readAccountToken } from '../../src/db/account-tokens.ts';
import { getAdAccount } from '../../src/db/accounts.ts';
import { listAudit } from '../../src/db/audit.ts';
import { createVault } from '../../src/db/vault.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { collectScheduleId, forecastScheduleId, intelScheduleId } from '../../src/workflows/ids.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startMeta, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, type TemporalHarness } from '../support/temporal.ts';

// The operator CLI as a child process (scripts/accounts.ts, what `./adpilot accounts` runs), on a real database,
// the shared Temporal dev server and the Graph API emulator.
const TOKEN = 'EAAGcli-operator-token-5150';
const spec = generatedScenario({
  accountId: 'act_9100200500',
  token: TOKEN,
  campaigns: 1,
  adsetsPerCampaign: 1,
  adsPerAdset: 1,
  seed: 9,
  historyDays: 2,
});
const KEY = { id: 'k1', secret: randomBytes(32).toString('base64') };
let db: TestDatabase;
let meta: MetaHarness;
let temporal: TemporalHarness;
let dir: string;

beforeAll(async () => {
  [db, meta, temporal] = await Promise.all([createTestDatabase(), startMeta([spec]), connectTemporal()]);
  dir = await mkdtemp(path.join(tmpdir(), 'adpilot-cli-'));
}, 60_000);
afterAll(async () => {
  for (const id of [collectScheduleId, intelScheduleId, forecastScheduleId])
    await temporal.client.schedule
      .getHandle(id(spec.accountId))
      .delete()
      .catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  await temporal.close();
  await meta.close();
  await db.drop();
});

function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const child = spawn(process.execPath, ['scripts/accounts.ts', ...args], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporal.address,
      TASK_QUEUE: temporal.taskQueue,
      META_GRAPH_URL: meta.emulator.url,
      ADPILOT_ENCRYPTION_KEYS: `${KEY.id}:${KEY.secret}`,
      // No worker listens on this task queue: the triggered first collection waits, and the test ends it.
      ENABLE_INSIGHTS_COLLECTION: 'false',
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, out, err })));
}

const add = ['add', spec.accountId, '--workspace', 'T_CLI', '--channel', 'C_CLI', '--approvers', 'U_A,U_B'];

describe('./adpilot accounts', () => {
  it('refuses a token on the command line and saves nothing', async () => {
    const r = await cli([...add, '--token', TOKEN]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('never taken from the command line');
    expect(await getAdAccount(db.pool, spec.accountId)).toBeNull();
  });

  it('refuses a token Meta rejects, with the modal message, and saves nothing', async () => {
    const r = await cli(add, 'someone-elses-token');
    expect(r.code).toBe(1);
    expect(r.err).toContain('token: Meta rejected this token');
    expect(await getAdAccount(db.pool, spec.accountId)).toBeNull();
  });

  it('adds an account with the token from stdin: checked, sealed, audited and scheduled', async () => {
    const r = await cli([...add, '--target-cpa', '20'], `${TOKEN}\n`);
    expect(r.err).not.toContain(TOKEN);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`connected ${spec.name} (${spec.accountId})`);
    expect(await getAdAccount(db.pool, spec.accountId)).toMatchObject({
      workspace_id: 'T_CLI',
      slack_channel_id: 'C_CLI',
      approver_user_ids: ['U_A', 'U_B'],
      target_cpa: 20,
      status: 'active',
    });
    expect(await readAccountToken(db.pool, createVault([KEY]), spec.accountId)).toBe(TOKEN);
    expect((await listAudit(db.pool, 'T_CLI'))[0]).toMatchObject({
      action: 'account.connect',
      actor_user_id: 'operator:cli',
    });
    await temporal.client.schedule.getHandle(collectScheduleId(spec.accountId)).describe();
  }, 60_000);

  it('reads the token from --token-file too, and refuses an account that is already connected', async () => {
    const file = path.join(dir, 'token');
    await writeFile(file, TOKEN, { mode: 0o600 });
    const r = await cli([...add, '--token-file', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('already connected here');
  });

  it('lists accounts with •••• and the last four only', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${spec.accountId}\tT_CLI\tactive\tC_CLI\t•••• 5150 (key k1)`);
    expect(r.out).not.toContain('cli-operator');
  });

  it('removes an account: status removed, Schedules deleted', async () => {
    const r = await cli(['remove', spec.accountId]);
    expect(r.code).toBe(0);
    expect((await getAdAccount(db.pool, spec.accountId))?.status).toBe('removed');
    await expect(temporal.client.schedule.getHandle(collectScheduleId(spec.accountId)).describe()).rejects.toThrow();
  }, 60_000);
});
