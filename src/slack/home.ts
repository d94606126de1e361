/** App Home from real data: the accounts, what waits for a decision (buttons for approvers only), recent decisions. */
import type { WebClient } from '@slack/web-api';
import type { DatabasePool } from 'slonik';
import { latestAccountScore } from '../db/account-score.ts';
import { listActiveAdAccounts, type AdAccount } from '../db/accounts.ts';
import { listOpenProposals, listRecentActions, type ActionRow } from '../db/actions.ts';
import { recentCollectionRuns } from '../db/collection-runs.ts';
import { appHome, type HomeAccount, type HomePending, type HomeRecent, type HomeView } from './blocks/index.ts';
import { actionLabel } from './views.ts';

// Statuses a person still has to decide; approved/executing ones are past the buttons.
const WAITING = new Set(['proposed', 'reconfirm', 'escalated']);
const RECENT_PER_ACCOUNT = 10;

function recentItem(row: ActionRow): HomeRecent {
  const measured = row.outcome_score === null ? '' : `, reward ${row.outcome_score.toFixed(2)}`;
  return {
    id: row.id,
    summary: `${actionLabel(row)}: ${row.entity_name ?? row.entity_id}`,
    outcome: `${row.status}${measured}`,
    at: row.human_decided_at ?? row.updated_at,
  };
}

async function accountSummary(pool: DatabasePool, a: AdAccount, waiting: number): Promise<HomeAccount> {
  const [score, runs] = await Promise.all([latestAccountScore(pool, a.id), recentCollectionRuns(pool, a.id, 5)]);
  const synced = runs.find((r) => r.status === 'completed')?.finished_at;
  return {
    name: a.name,
    ...(score === undefined ? {} : { score }),
    pending: waiting,
    ...(synced ? { lastSyncAt: synced } : {}),
  };
}

/** The Home view for one user, built from the database. */
export async function buildHomeView(pool: DatabasePool, userId: string, now: number): Promise<HomeView> {
  const accounts = await listActiveAdAccounts(pool);
  const homeAccounts: HomeAccount[] = [];
  const pending: HomePending[] = [];
  const recent: HomeRecent[] = [];
  for (const a of accounts) {
    const approver = a.approver_user_ids.includes(userId);
    const open = (await listOpenProposals(pool, a.id)).filter((p) => WAITING.has(p.status));
    homeAccounts.push(await accountSummary(pool, a, open.length));
    for (const p of open)
      pending.push({
        id: p.id,
        action: actionLabel(p),
        entityName: p.entity_name ?? p.entity_id,
        confidence: p.confidence ?? 0.5,
        canDecide: approver,
      });
    const decided = (await listRecentActions(pool, a.id, RECENT_PER_ACCOUNT * 2)).filter((r) => !WAITING.has(r.status));
    recent.push(...decided.slice(0, RECENT_PER_ACCOUNT).map(recentItem));
  }
  recent.sort((x, y) => y.at - x.at);
  return appHome({
    userId,
    canApprove: accounts.some((a) => a.approver_user_ids.includes(userId)),
    accounts: homeAccounts,
    pending,
    recent,
    updatedAt: now,
  });
}

/**
 * Publishes (replaces) the user's Home tab.
 * @throws the Web API error (e.g. invalid_arguments when the view breaks Slack's limits).
 */
export async function publishHome(client: WebClient, pool: DatabasePool, userId: string, now: number): Promise<void> {
  await client.views.publish({ user_id: userId, view: await buildHomeView(pool, userId, now) });
}
