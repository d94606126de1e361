import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DatabasePool } from 'slonik';
import { getAdAccount } from '../../db/accounts.ts';
import type { MetaClient } from '../../meta/client.ts';
import { FailureType } from '../failures.ts';
import type { MetaAccess } from '../meta.ts';
import type { Notifier } from '../ports.ts';

export interface CollectionDeps {
  pool: DatabasePool;
  meta: MetaAccess;
  now?: () => number;
  initialHistoricalDays?: number;
  pageSize?: number;
  /** Tells the account's admins when collection stops working. */
  notifier?: Pick<Notifier, 'accountNeedsAttention'>;
}

/** The dependencies with their defaults applied, plus the helpers every collection step shares. */
export interface CollectionContext extends CollectionDeps {
  now: () => number;
  /** Rows per upsert statement. */
  page: number;
  /**
   * The connected account.
   * @throws a non-retryable NotFound ApplicationFailure when it is not connected.
   */
  account: (accountId: string) => Promise<NonNullable<Awaited<ReturnType<typeof getAdAccount>>>>;
}

export { HOUR } from '../../intel/time.ts';

export interface StepStats {
  apiCalls: number;
  throttleWaitMs: number;
}

export function collectionContext(deps: CollectionDeps): CollectionContext {
  const { pool } = deps;
  async function account(accountId: string) {
    const a = await getAdAccount(pool, accountId);
    if (!a) throw ApplicationFailure.nonRetryable(`ad account ${accountId} is not connected`, FailureType.NotFound);
    return a;
  }
  return { ...deps, now: deps.now ?? Date.now, page: deps.pageSize ?? 1_000, account };
}

export const stats = (c: MetaClient): StepStats => ({
  apiCalls: c.stats.calls,
  throttleWaitMs: c.stats.throttledWaitMs,
});

export function heartbeat(detail: unknown): void {
  // Activities also run outside a worker in benchmarks; heartbeat only when there is a context.
  try {
    Context.current().heartbeat(detail);
  } catch {
    /* not in an activity */
  }
}

export async function inPages<T>(
  rows: readonly T[],
  size: number,
  write: (page: readonly T[]) => Promise<number>,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += size) {
    n += await write(rows.slice(i, i + size));
    heartbeat({ written: i + size, of: rows.length });
  }
  return n;
}
