/** Meta tokens resolved per account at call time: the account's own (decrypted), else the deployment's fallback. */
import type { DatabaseConnection } from 'slonik';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../config.ts';
import { readAccountToken } from '../db/account-tokens.ts';
import { createVault, VaultError, type Vault } from '../db/vault.ts';
import { FailureType } from './failures.ts';
import type { MetaAccess } from './meta.ts';

export const vaultFromConfig = (config: Pick<Config, 'ADPILOT_ENCRYPTION_KEYS'>): Vault =>
  createVault(config.ADPILOT_ENCRYPTION_KEYS);

/**
 * The fallback's access, with a tokenFor that reads the account's stored token first; the fallback's tokens (the
 * global META_ACCESS_TOKEN, or the demo emulator's) serve accounts without one. A token that no key opens is a
 * permanent fault of that account (non-retryable MetaAuth), not of the worker.
 */
export function storedTokenAccess(o: { db: DatabaseConnection; vault: Vault; fallback: MetaAccess }): MetaAccess {
  return {
    ...o.fallback,
    async tokenFor(accountId) {
      try {
        return (await readAccountToken(o.db, o.vault, accountId)) ?? (await o.fallback.tokenFor(accountId));
      } catch (error) {
        if (error instanceof VaultError) throw ApplicationFailure.nonRetryable(error.message, FailureType.MetaAuth);
        throw error;
      }
    },
  };
}
