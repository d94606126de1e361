/**
 * Which Slack token an activity posts with: the one bot token (one workspace), or the installation of the
 * account's workspace (OAuth, several workspaces), looked up when the activity runs, never carried in a payload.
 */
import { WebClient } from '@slack/web-api';
import type { DatabasePool } from 'slonik';
import { findInstallation } from '../db/slack-installations.ts';
import type { Vault } from '../db/vault.ts';

/** The Web API client for a workspace (an ad account's workspace_id is its Slack team id). */
export type SlackClientFor = (workspaceId: string) => Promise<WebClient>;

/** One workspace: every account posts with the same client. */
export const singleWorkspace =
  (client: WebClient): SlackClientFor =>
  () =>
    Promise.resolve(client);

/** Thrown when an account's workspace has no installation: a permanent fault until someone installs the app. */
export class NotInstalledError extends Error {
  constructor(workspaceId: string) {
    super(`adpilot is not installed in Slack workspace ${workspaceId}: install it with "Add to Slack"`);
    this.name = 'NotInstalledError';
  }
}

/**
 * Several workspaces: the installation's token, read at each call so a re-install's new token is used at once.
 * Clients are kept per token (a WebClient holds its own retry and rate-limit queue).
 * @throws NotInstalledError from the returned function for a workspace without an installation.
 */
export function installationClients(deps: { pool: DatabasePool; vault: Vault; slackApiUrl?: string }): SlackClientFor {
  const clients = new Map<string, WebClient>();
  return async (workspaceId) => {
    const installation = await findInstallation(deps.pool, deps.vault, { teamId: workspaceId });
    if (!installation) throw new NotInstalledError(workspaceId);
    let client = clients.get(installation.botToken);
    if (!client) {
      client = new WebClient(installation.botToken, deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {});
      clients.set(installation.botToken, client);
    }
    return client;
  };
}
