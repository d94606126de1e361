/**
 * Bolt's InstallationStore on PostgreSQL: the OAuth callback stores each workspace's installation, and Bolt's
 * authorize fetches it for every incoming request, so each request is answered with its own team's bot token.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { DatabasePool } from 'slonik';
import {
  findInstallation,
  removeInstallation,
  saveInstallation,
  type InstallationKey,
} from '../db/slack-installations.ts';
import type { Vault } from '../db/vault.ts';

/** An org-wide install is keyed by its enterprise alone; a workspace install by its team (and org, on Grid). */
function keyOf(q: InstallationQuery<boolean>): InstallationKey {
  return { enterpriseId: q.enterpriseId ?? '', teamId: q.isEnterpriseInstall ? '' : (q.teamId ?? '') };
}

/** @throws Error when Slack's answer has no bot token (adpilot asks for bot scopes only). */
function recordOf(installation: Installation<'v1' | 'v2', boolean>) {
  const bot = installation.bot;
  if (!bot?.token || !bot.userId) throw new Error('The installation has no bot token: adpilot needs bot scopes');
  // Neither the bot token nor a user token goes into the JSON column: only the sealed column holds a secret.
  const { bot: _bot, user, ...rest } = installation;
  return {
    ...keyOf({
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall ?? false,
    }),
    isEnterpriseInstall: installation.isEnterpriseInstall ?? false,
    appId: installation.appId ?? null,
    botId: bot.id ?? null,
    botUserId: bot.userId,
    botScopes: bot.scopes ?? [],
    botToken: bot.token,
    installerUserId: user.id ?? null,
    details: { ...rest, user: { id: user.id } } as Record<string, unknown>,
  };
}

export function createInstallationStore(deps: { pool: DatabasePool; vault: Vault }): InstallationStore {
  return {
    async storeInstallation(installation) {
      await saveInstallation(deps.pool, deps.vault, recordOf(installation));
    },
    /** @throws Error when the workspace has not installed the app (Bolt then answers the request unauthorized). */
    async fetchInstallation(query) {
      const key = keyOf(query);
      const found = await findInstallation(deps.pool, deps.vault, {
        enterpriseId: key.enterpriseId,
        teamId: query.teamId ?? '',
      });
      if (!found)
        throw new Error(`No Slack installation for team ${query.teamId ?? '-'} / ${query.enterpriseId ?? '-'}`);
      return {
        ...(found.details as unknown as Installation<'v2', boolean>),
        bot: { token: found.botToken, userId: found.botUserId, id: found.botId ?? '', scopes: found.botScopes },
      };
    },
    async deleteInstallation(query) {
      await removeInstallation(deps.pool, keyOf(query));
    },
  };
}
