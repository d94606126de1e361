import { ApplicationFailure } from '@temporalio/common';
import type { DatabasePool } from 'slonik';
import { getAdAccount } from '../../db/accounts.ts';
import { getAction, type ActionRow } from '../../db/actions.ts';
import { formatMinor } from '../../intel/money.ts';
import { FailureType } from '../failures.ts';
import type { EntityState } from '../ports.ts';

/** The proposal's row. @throws a non-retryable NotFound when it does not exist. */
export async function mustGet(pool: DatabasePool, id: number): Promise<ActionRow> {
  const row = await getAction(pool, id);
  if (!row) throw ApplicationFailure.nonRetryable(`proposal ${id} does not exist`, FailureType.NotFound);
  return row;
}

export /** The change in percent a budget/bid action asks for (modify decisions override the rule's). */
function requestedChangePercent(row: ActionRow): number | undefined {
  const p = row.params;
  const raw = p.change_percent ?? p.percent;
  if (typeof raw !== 'number') return undefined;
  return row.action_type === 'decrease_budget' ? -Math.abs(raw) : raw;
}

export function sameState(a: EntityState, b: Partial<EntityState>): boolean {
  return a.status === b.status && a.dailyBudgetMinor === b.dailyBudgetMinor && a.bidAmountMinor === b.bidAmountMinor;
}

/** Budgets and bids for the audit text, in the account's currency (a JPY budget of 600 is 600 JPY, not 6.00). */
export async function moneyOf(pool: DatabasePool, accountId: string) {
  const currency = (await getAdAccount(pool, accountId))?.currency ?? 'USD';
  return (v: number | null | undefined) => (v == null ? '-' : formatMinor(v, currency));
}
