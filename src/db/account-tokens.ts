/**
 * Each ad account's Meta access token, sealed by the vault. Only these functions touch the token columns: the
 * account queries (src/db/accounts.ts) never select them, so no listing can carry a token by accident.
 */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import { last4, VaultError, type Vault } from './vault.ts';

/** Stores (or replaces) an account's token, encrypted with the vault's current key. */
export async function storeAccountToken(db: DatabaseConnection, vault: Vault, accountId: string, token: string) {
  const { keyId, blob } = vault.seal(token, accountId);
  await db.query(sql.unsafe`
    UPDATE ad_account SET token_ciphertext = ${sql.binary(blob)}, token_key_id = ${keyId},
      token_last4 = ${last4(token)}, updated_at = now()
    WHERE id = ${accountId}`);
}

const sealedRow = z.object({ token_ciphertext: z.instanceof(Buffer), token_key_id: z.string() });

/**
 * The account's own token, decrypted; undefined when it has none.
 * @throws VaultError when no configured key opens it.
 */
export async function readAccountToken(
  db: DatabaseConnection,
  vault: Vault,
  accountId: string,
): Promise<string | undefined> {
  const row = await db.maybeOne(sql.type(sealedRow)`
    SELECT token_ciphertext, token_key_id FROM ad_account WHERE id = ${accountId} AND token_ciphertext IS NOT NULL`);
  return row ? vault.open({ keyId: row.token_key_id, blob: row.token_ciphertext }, accountId) : undefined;
}

/** What is shown of an account's token: its last four characters, or null without one. */
export async function tokenLast4(db: DatabaseConnection, accountId: string): Promise<string | null> {
  return db.maybeOneFirst(sql.type(z.object({ token_last4: z.string().nullable() }))`
    SELECT token_last4 FROM ad_account WHERE id = ${accountId}`);
}

/** How many stored tokens use each key id (rotation: an old key may go once nothing uses it). */
export async function tokensByKey(db: DatabaseConnection): Promise<ReadonlyMap<string, number>> {
  const rows = await db.any(sql.type(z.object({ token_key_id: z.string(), n: z.number() }))`
    SELECT token_key_id, count(*)::int AS n FROM ad_account WHERE token_key_id IS NOT NULL GROUP BY 1`);
  return new Map(rows.map((r) => [r.token_key_id, r.n]));
}

/**
 * For start-up: every stored token must open with a configured key, else activities would fail account by account.
 * @throws VaultError naming the key ids no configured key matches, or the accounts whose token does not authenticate.
 */
export async function assertStoredTokensOpen(db: DatabaseConnection, vault: Vault): Promise<void> {
  const missing = [...(await tokensByKey(db)).entries()].filter(([id]) => !vault.hasKey(id));
  if (missing.length)
    throw new VaultError(
      `Stored Meta tokens are encrypted with key id(s) ${missing.map(([id, n]) => `${id} (${n} account(s))`).join(', ')}, ` +
        'which ADPILOT_ENCRYPTION_KEYS does not hold: add the key(s) back (id:<base64>) or reconnect those accounts.',
    );
  const ids = await db.anyFirst(sql.type(z.object({ id: z.string() }))`
    SELECT id FROM ad_account WHERE token_ciphertext IS NOT NULL ORDER BY id`);
  const broken: string[] = [];
  for (const id of ids)
    await readAccountToken(db, vault, id).catch((error: unknown) => {
      if (!(error instanceof VaultError)) throw error;
      broken.push(id);
    });
  if (broken.length)
    throw new VaultError(
      `The stored Meta tokens of ${broken.join(', ')} do not decrypt with the configured ADPILOT_ENCRYPTION_KEYS ` +
        '(a key with the same id but other bytes?): restore the key or reconnect with /adpilot settings.',
    );
}
