import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../src/config.ts';
import { createVault, VaultError } from '../../src/db/vault.ts';

const key = () => randomBytes(32).toString('base64');
const k1 = { id: 'k1', secret: key() };
const k2 = { id: 'k2', secret: key() };

describe('vault', () => {
  it('opens what it sealed, and the blob does not contain the token', () => {
    const vault = createVault([k1]);
    const sealed = vault.seal('EAAB-secret-token-1234', 'act_1');
    expect(sealed.keyId).toBe('k1');
    expect(sealed.blob.toString('latin1')).not.toContain('secret-token');
    expect(vault.open(sealed, 'act_1')).toBe('EAAB-secret-token-1234');
  });

  it('seals with the first key and still opens what an older key sealed (rotation)', () => {
    const old = createVault([k1]).seal('old-token', 'act_1');
    const rotated = createVault([k2, k1]);
    expect(rotated.open(old, 'act_1')).toBe('old-token');
    expect(rotated.seal('new-token', 'act_1').keyId).toBe('k2');
  });

  it('refuses a tampered ciphertext (the auth tag fails)', () => {
    const vault = createVault([k1]);
    const sealed = vault.seal('token-abcd', 'act_1');
    const blob = Buffer.from(sealed.blob);
    blob[blob.length - 1]! ^= 1;
    expect(() => vault.open({ ...sealed, blob }, 'act_1')).toThrow(VaultError);
  });

  it("refuses a ciphertext moved onto another account's row", () => {
    const vault = createVault([k1]);
    expect(() => vault.open(vault.seal('token-abcd', 'act_1'), 'act_2')).toThrow(/does not authenticate/);
  });

  it('refuses a key id it does not hold, and a key with the same id but other bytes', () => {
    const sealed = createVault([k1]).seal('token-abcd', 'act_1');
    expect(() => createVault([k2]).open(sealed, 'act_1')).toThrow(/no configured encryption key has the id k1/i);
    expect(() => createVault([{ id: 'k1', secret: key() }]).open(sealed, 'act_1')).toThrow(VaultError);
  });

  it('cannot seal without a key', () => {
    const vault = createVault([]);
    expect(vault.canEncrypt).toBe(false);
    expect(() => vault.seal('t', 'act_1')).toThrow(/ADPILOT_ENCRYPTION_KEYS/);
  });
});

describe('ADPILOT_ENCRYPTION_KEYS', () => {
  const env = (v: string) => ({ DATABASE_URL: 'postgres://localhost/x', ADPILOT_ENCRYPTION_KEYS: v });

  it('parses id:base64 pairs in order, the first being the one that encrypts', () => {
    const config = parseConfig(env(`k2:${k2.secret}, k1:${k1.secret}`));
    expect(config.ADPILOT_ENCRYPTION_KEYS.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('rejects a short key without echoing it', () => {
    let message = '';
    try {
      parseConfig(env('k1:c2hvcnQta2V5LXNlY3JldA=='));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('ADPILOT_ENCRYPTION_KEYS');
    expect(message).not.toContain('c2hvcnQta2V5LXNlY3JldA');
  });

  it('rejects a repeated key id', () => {
    expect(() => parseConfig(env(`k1:${k1.secret},k1:${k2.secret}`))).toThrow(/unique/);
  });
});
