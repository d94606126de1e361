import type { DatabaseConnection } from 'slonik';
import { latestAccountScore } from './account-score.ts';
import type { AdAccount } from './accounts.ts';
import { listOpenProposals, listRecentActions, type ActionRow } from './actions.ts';
import { recentCollectionRuns } from './collection-runs.ts';

/** What App Home shows of one active account; src/slack/home.ts turns it into the view. */
export interface HomeAccountRows {
  account: AdAccount;
  /** The latest overall score, when one was computed. */
  score?: number;
  /** When the last completed collection run of the latest few finished. */
  lastSyncAt?: number;
  open: readonly ActionRow[];
  /** The account's latest actions, newest first, open ones included. */
  recent: readonly ActionRow[];
}

/** The rows App Home is built from, for the accounts the person may see (src/slack/roles.ts decides which). */
export async function loadHomeRows(
  db: DatabaseConnection,
  accounts: readonly AdAccount[],
  recentActions: number,
): Promise<HomeAccountRows[]> {
  const out: HomeAccountRows[] = [];
  for (const account of accounts) {
    const [score, runs, open, recent] = await Promise.all([
      latestAccountScore(db, account.id),
      recentCollectionRuns(db, account.id, 5),
      listOpenProposals(db, account.id),
      listRecentActions(db, account.id, recentActions),
    ]);
    const lastSyncAt = runs.find((r) => r.status === 'completed')?.finished_at ?? undefined;
    out.push({
      account,
      ...(score === undefined ? {} : { score }),
      ...(lastSyncAt ? { lastSyncAt } : {}),
      open,
      recent,
    });
  }
  return out;
}
