import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { sql } from 'slonik';
import { z } from 'zod';
import { storedTokenAccess } from '../../src/activities/meta-tokens.ts';
import {
  assertStoredTokensOpen,
  readAccountToken,
  storeAccountToken,
  tokenLast4,
  tokensByKey,
} from '../../src/db/account-tokens.ts';
import { getAdAccount, upsertAdAccount } from '../../src/db/accounts.ts';
import { createVault } from '../../src/db/vault.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const k1 = { id: 'k1', secret: randomBytes(32).toString('base64') };
const k2 = { id: 'k2', secret: randomBytes(32).toString('base64') };
const TOKEN = 'EAAGsystemusertoken-very-secret-9f3a';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const id of ['act_tok1', 'act_tok2', 'act_plain'])
    await upsertAdAccount(db.pool, { id, workspaceId: 'T_TOK', name: id });
});
afterAll(() => db?.drop());

describe('stored Meta tokens', () => {
  it('are stored encrypted: the row holds neither the token nor any long part of it', async () => {
    await storeAccountToken(db.pool, createVault([k1]), 'act_tok1', TOKEN);
    const raw = await db.pool.one(sql.type(z.object({ row: z.string() }))`
      SELECT row_to_json(a)::text AS row FROM ad_account a WHERE id = 'act_tok1'`);
    expect(raw.row).not.toContain('systemusertoken');
    expect(raw.row).not.toContain(Buffer.from(TOKEN).toString('hex').slice(0, 16));
    expect(await tokenLast4(db.pool, 'act_tok1')).toBe('9f3a');
  });

  it('are never part of the account rows other queries return', async () => {
    expect(JSON.stringify(await getAdAccount(db.pool, 'act_tok1'))).not.toMatch(/token|9f3a/);
  });

  it('resolve at call time to the account’s own token, else the fallback', async () => {
    const access = storedTokenAccess({
      db: db.pool,
      vault: createVault([k1]),
      fallback: { baseUrl: 'x', tokenFor: () => 'global' },
    });
    expect(await access.tokenFor('act_tok1')).toBe(TOKEN);
    expect(await access.tokenFor('act_plain')).toBe('global');
  });

  it('keep opening after a rotation, and new ones use the new key', async () => {
    const rotated = createVault([k2, k1]);
    await storeAccountToken(db.pool, rotated, 'act_tok2', 'second-token-7777');
    expect(await readAccountToken(db.pool, rotated, 'act_tok1')).toBe(TOKEN);
    expect(await readAccountToken(db.pool, rotated, 'act_tok2')).toBe('second-token-7777');
    expect(Object.fromEntries(await tokensByKey(db.pool))).toEqual({ k1: 1, k2: 1 });
    await expect(assertStoredTokensOpen(db.pool, rotated)).resolves.toBeUndefined();
  });

  it('stop start-up with a clear message when no configured key opens them', async () => {
    await expect(assertStoredTokensOpen(db.pool, createVault([k2]))).rejects.toThrow(
      /key id\(s\) k1 \(1 account\(s\)\), which ADPILOT_ENCRYPTION_KEYS does not hold/,
    );
    await expect(assertStoredTokensOpen(db.pool, createVault([]))).rejects.toThrow(/ADPILOT_ENCRYPTION_KEYS/);
  });

  it('turn an unopenable token into a non-retryable MetaAuth failure of that account only', async () => {
    const access = storedTokenAccess({
      db: db.pool,
      vault: createVault([k2]),
      fallback: { baseUrl: 'x', tokenFor: () => undefined },
    });
    await expect(access.tokenFor('act_tok1')).rejects.toMatchObject({ type: 'MetaAuth', nonRetryable: true });
    expect(await access.tokenFor('act_plain')).toBeUndefined();
  });
});
