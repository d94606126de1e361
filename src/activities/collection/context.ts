import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DatabasePool } from 'slonik';
import type { z } from 'zod';
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

function currentContext(): Context | undefined {
  // Activities also run outside a worker in benchmarks; heartbeat only when there is a context.
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

// Heartbeat details are last-write-wins, so every heartbeat of an attempt carries its checkpoint along; keyed by
// the attempt's context because activities of several accounts run at once in one worker.
const checkpoints = new WeakMap<Context, unknown>();

export function heartbeat(detail: unknown): void {
  const ctx = currentContext();
  if (!ctx) return;
  const checkpoint = checkpoints.get(ctx);
  ctx.heartbeat(checkpoint === undefined ? detail : { detail, checkpoint });
}

/** Records how far this attempt got; a retry of the same activity reads it back with `resumeFrom`. */
export function saveCheckpoint(checkpoint: unknown): void {
  const ctx = currentContext();
  if (!ctx) return;
  checkpoints.set(ctx, checkpoint);
  ctx.heartbeat({ checkpoint });
}

/** The checkpoint the previous attempt heartbeated last, if any and if it parses. */
export function resumeFrom<T>(schema: z.ZodType<T>): T | undefined {
  const details: unknown = currentContext()?.info.heartbeatDetails;
  if (!details || typeof details !== 'object' || !('checkpoint' in details)) return undefined;
  const parsed = schema.safeParse(details.checkpoint);
  return parsed.success ? parsed.data : undefined;
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
