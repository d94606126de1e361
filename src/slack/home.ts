/**
 * App Home from the rows src/db/home.ts loads: the accounts, what waits for a decision (buttons for approvers
 * only), recent decisions. Pure, so the bot and the notifier activity build the same view.
 */
import type { ActionRow } from '../db/actions.ts';
import type { HomeAccountRows } from '../db/home.ts';
import { appHome, type HomeAccount, type HomePending, type HomeRecent, type HomeView } from './blocks/index.ts';
import { actionLabel } from './views.ts';

// Statuses a person still has to decide; approved/executing ones are past the buttons.
const WAITING = new Set(['proposed', 'reconfirm', 'escalated']);
const RECENT_PER_ACCOUNT = 10;
/** Latest actions to load per account: twice what Home lists, since the still-open ones are left out. */
export const HOME_RECENT_ACTIONS = RECENT_PER_ACCOUNT * 2;

function recentItem(row: ActionRow): HomeRecent {
  const measured = row.outcome_score === null ? '' : `, reward ${row.outcome_score.toFixed(2)}`;
  return {
    id: row.id,
    summary: `${actionLabel(row)}: ${row.entity_name ?? row.entity_id}`,
    outcome: `${row.status}${measured}`,
    at: row.human_decided_at ?? row.updated_at,
  };
}

/** The Home view for one user, from the rows of loadHomeRows(db, HOME_RECENT_ACTIONS). */
export function homeView(rows: readonly HomeAccountRows[], userId: string, now: number): HomeView {
  const accounts: HomeAccount[] = [];
  const pending: HomePending[] = [];
  const recent: HomeRecent[] = [];
  for (const a of rows) {
    const approver = a.account.approver_user_ids.includes(userId);
    const open = a.open.filter((p) => WAITING.has(p.status));
    accounts.push({
      name: a.account.name,
      ...(a.score === undefined ? {} : { score: a.score }),
      pending: open.length,
      ...(a.lastSyncAt ? { lastSyncAt: a.lastSyncAt } : {}),
    });
    for (const p of open)
      pending.push({
        id: p.id,
        action: actionLabel(p),
        entityName: p.entity_name ?? p.entity_id,
        confidence: p.confidence ?? 0.5,
        canDecide: approver,
      });
    const decided = a.recent.filter((r) => !WAITING.has(r.status));
    recent.push(...decided.slice(0, RECENT_PER_ACCOUNT).map(recentItem));
  }
  recent.sort((x, y) => y.at - x.at);
  return appHome({
    userId,
    canApprove: rows.some((a) => a.account.approver_user_ids.includes(userId)),
    accounts,
    pending,
    recent,
    updatedAt: now,
  });
}
