/**
 * Secrets at rest (Meta access tokens): AES-256-GCM with a key id stored beside each ciphertext, so keys can be
 * rotated. The first key encrypts; every key decrypts. The ad account id is the additional authenticated data, so
 * a ciphertext copied onto another account's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface VaultKey {
  id: string;
  /** 32 bytes, base64. */
  secret: string;
}

export interface Sealed {
  keyId: string;
  /** iv (12 bytes) ‖ auth tag (16 bytes) ‖ ciphertext. */
  blob: Buffer;
}

export interface Vault {
  /** Whether a key is configured at all (without one, nothing can be stored). */
  readonly canEncrypt: boolean;
  hasKey(keyId: string): boolean;
  seal(plain: string, context: string): Sealed;
  /** @throws VaultError when the key id is unknown or the blob was tampered with (the auth tag fails). */
  open(sealed: Sealed, context: string): string;
}

export class VaultError extends Error {}

const IV = 12;
const TAG = 16;

/** @throws VaultError when a key is not 32 bytes or a key id repeats. */
export function createVault(keys: readonly VaultKey[]): Vault {
  const byId = new Map<string, Buffer>();
  for (const k of keys) {
    const key = Buffer.from(k.secret, 'base64');
    if (key.length !== 32) throw new VaultError(`Encryption key ${k.id} is not 32 bytes of base64`);
    if (byId.has(k.id)) throw new VaultError(`Encryption key id ${k.id} is given twice`);
    byId.set(k.id, key);
  }
  const current = keys[0]?.id;
  return {
    canEncrypt: current !== undefined,
    hasKey: (keyId) => byId.has(keyId),
    seal(plain, context) {
      if (current === undefined) throw new VaultError('No encryption key is configured (ADPILOT_ENCRYPTION_KEYS)');
      const iv = randomBytes(IV);
      const cipher = createCipheriv('aes-256-gcm', byId.get(current)!, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { keyId: current, blob: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    open({ keyId, blob }, context) {
      const key = byId.get(keyId);
      if (!key) throw new VaultError(`No configured encryption key has the id ${keyId}`);
      if (blob.length < IV + TAG) throw new VaultError('The stored secret is truncated');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(blob.subarray(IV, IV + TAG));
        return Buffer.concat([decipher.update(blob.subarray(IV + TAG)), decipher.final()]).toString('utf8');
      } catch {
        // Node's message ("Unsupported state or unable to authenticate data") says nothing an operator can act on.
        throw new VaultError(`The stored secret does not authenticate with key ${keyId} (wrong key or tampered)`);
      }
    },
  };
}

/** The last four characters, all adpilot ever shows of a token. */
export const last4 = (token: string): string => token.slice(-4);
