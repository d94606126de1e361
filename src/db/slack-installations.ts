/**
 * Slack installations (OAuth "Add to Slack"), one per workspace or Enterprise Grid org. The bot token is sealed with
 * the vault (the installation's key as additional authenticated data, so a ciphertext moved to another row does not
 * open) and is only ever returned to the code that calls Slack with it.
 */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { Vault } from './vault.ts';

/** Where an installation lives: a workspace (team), or an org-wide install (teamId ''). */
export interface InstallationKey {
  enterpriseId: string;
  teamId: string;
}

export interface InstallationRecord extends InstallationKey {
  isEnterpriseInstall: boolean;
  appId: string | null;
  botId: string | null;
  botUserId: string;
  botScopes: string[];
  botToken: string;
  installerUserId: string | null;
  /** The rest of Bolt's Installation, without tokens. */
  details: Record<string, unknown>;
}

const rowSchema = z.object({
  enterprise_id: z.string(),
  team_id: z.string(),
  is_enterprise_install: z.boolean(),
  app_id: z.string().nullable(),
  bot_id: z.string().nullable(),
  bot_user_id: z.string(),
  bot_scopes: z.array(z.string()),
  bot_token_ciphertext: z.instanceof(Buffer),
  bot_token_key_id: z.string(),
  installer_user_id: z.string().nullable(),
  installation: z.record(z.string(), z.unknown()),
});

const context = (k: InstallationKey) => `slack-installation:${k.enterpriseId}:${k.teamId}`;

/** Creates or replaces the installation (a re-install brings a new token and scopes). Idempotent on its key. */
export async function saveInstallation(db: DatabaseConnection, vault: Vault, r: InstallationRecord): Promise<void> {
  const sealed = vault.seal(r.botToken, context(r));
  await db.query(sql.unsafe`
    INSERT INTO slack_installation (enterprise_id, team_id, is_enterprise_install, app_id, bot_id, bot_user_id,
      bot_scopes, bot_token_ciphertext, bot_token_key_id, installer_user_id, installation)
    VALUES (${r.enterpriseId}, ${r.teamId}, ${r.isEnterpriseInstall}, ${r.appId}, ${r.botId}, ${r.botUserId},
      ${sql.array(r.botScopes, 'text')}, ${sql.binary(sealed.blob)}, ${sealed.keyId}, ${r.installerUserId},
      ${sql.jsonb(r.details as never)})
    ON CONFLICT (enterprise_id, team_id) DO UPDATE SET is_enterprise_install = EXCLUDED.is_enterprise_install,
      app_id = EXCLUDED.app_id, bot_id = EXCLUDED.bot_id, bot_user_id = EXCLUDED.bot_user_id,
      bot_scopes = EXCLUDED.bot_scopes, bot_token_ciphertext = EXCLUDED.bot_token_ciphertext,
      bot_token_key_id = EXCLUDED.bot_token_key_id, installer_user_id = EXCLUDED.installer_user_id,
      installation = EXCLUDED.installation, installed_at = now(), updated_at = now()`);
}

/**
 * The installation that serves a workspace: its own row, else its org's org-wide install. Without an enterprise id
 * (an ad account knows only its team), the team's row.
 * @throws VaultError when no configured key opens the stored token.
 */
export async function findInstallation(
  db: DatabaseConnection,
  vault: Vault,
  q: { enterpriseId?: string; teamId?: string },
): Promise<InstallationRecord | null> {
  const where =
    q.enterpriseId === undefined || q.enterpriseId === ''
      ? sql.fragment`team_id = ${q.teamId ?? ''}`
      : sql.fragment`enterprise_id = ${q.enterpriseId} AND team_id IN (${q.teamId ?? ''}, '')`;
  const row = await db.maybeOne(sql.type(rowSchema)`
    SELECT enterprise_id, team_id, is_enterprise_install, app_id, bot_id, bot_user_id, bot_scopes,
           bot_token_ciphertext, bot_token_key_id, installer_user_id, installation
    FROM slack_installation WHERE ${where}
    ORDER BY team_id DESC LIMIT 1`);
  if (!row) return null;
  const key = { enterpriseId: row.enterprise_id, teamId: row.team_id };
  return {
    ...key,
    isEnterpriseInstall: row.is_enterprise_install,
    appId: row.app_id,
    botId: row.bot_id,
    botUserId: row.bot_user_id,
    botScopes: row.bot_scopes,
    botToken: vault.open({ keyId: row.bot_token_key_id, blob: row.bot_token_ciphertext }, context(key)),
    installerUserId: row.installer_user_id,
    details: row.installation,
  };
}

/** Forgets an installation (the app was uninstalled or its tokens revoked). */
export async function removeInstallation(db: DatabaseConnection, k: InstallationKey): Promise<void> {
  await db.query(
    sql.unsafe`DELETE FROM slack_installation WHERE enterprise_id = ${k.enterpriseId} AND team_id = ${k.teamId}`,
  );
}
