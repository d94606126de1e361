import { ApplicationFailure } from '@temporalio/common';
import type { DatabasePool } from 'slonik';
import {
  blockBusinessUntil,
  businessBlockedUntil,
  businessOf,
  releaseBusinessSlot,
  setBusinessOf,
  tryBusinessSlot,
} from '../db/business-pacing.ts';
import { businessUsage, type UsageSnapshot } from '../meta/usage.ts';
import { FailureType } from './failures.ts';

/** How long an activity waits before it tries again for a slot of its business. */
export const BUSY_RETRY_MS = 15_000;

export interface BusinessPacingDeps {
  pool: DatabasePool;
  /** Activities of one business that may call Meta at once, across all workers. */
  concurrency: number;
  now?: () => number;
}

interface Seen {
  businessId: string;
  regainAccessMs: number;
}

/**
 * Paces the collection activities of all accounts of one Meta business together, because Meta's business-use-case
 * limits are shared by them. PostgreSQL holds the state every worker sees: the account's business (learnt from the
 * X-Business-Use-Case-Usage header, whose keys are business ids, so it costs no extra call), session advisory locks
 * as the business's concurrency slots, and the time until which Meta asked the business to stay away.
 *
 * Why PostgreSQL and not Temporal: a task queue per business needs a worker polling each business's queue (workers
 * would have to be created as businesses are discovered); a mutex workflow per business adds signals and a workflow
 * type that every collection must version against. Advisory locks are cross-worker, end with a crashed worker's
 * session, and need nothing new to deploy; a blocked activity fails as retryable with `nextRetryDelay`, so Temporal
 * does the waiting and no worker slot is held.
 */
export function createBusinessPacing(deps: BusinessPacingDeps) {
  const now = deps.now ?? Date.now;
  const seen = new Map<string, Seen>();

  /** The client's usage hook: remembers the business and its advertised wait (reset per activity by `paced`). */
  function observe(accountId: string, usage: UsageSnapshot): void {
    for (const b of businessUsage(usage)) {
      const prev = seen.get(accountId);
      seen.set(accountId, {
        businessId: b.businessId,
        regainAccessMs: Math.max(prev?.businessId === b.businessId ? prev.regainAccessMs : 0, b.regainAccessMs),
      });
    }
  }

  async function record(accountId: string, known: string | null, error: unknown): Promise<void> {
    const s = seen.get(accountId);
    seen.delete(accountId);
    const businessId = s?.businessId ?? known;
    if (s && s.businessId !== known) await setBusinessOf(deps.pool, accountId, s.businessId);
    if (!businessId) return;
    const throttleMs =
      error instanceof ApplicationFailure && error.type === FailureType.MetaThrottle
        ? Number(error.nextRetryDelay ?? 0)
        : 0;
    const waitMs = Math.max(s?.regainAccessMs ?? 0, throttleMs);
    if (waitMs > 0)
      await blockBusinessUntil(deps.pool, businessId, now() + waitMs, `throttled while collecting ${accountId}`);
  }

  /** Runs `run`, then records what it taught about the business's pacing, whether it succeeded or threw. */
  async function recorded<R>(accountId: string, businessId: string | null, run: () => Promise<R>): Promise<R> {
    let failure: unknown;
    try {
      return await run();
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      await record(accountId, businessId, failure);
    }
  }

  /**
   * Wraps an activity whose first argument is the account id.
   * @throws a retryable MetaThrottle ApplicationFailure (nextRetryDelay: the business's remaining wait) while the
   * business is blocked, and a retryable MetaBusinessBusy one while all its slots are taken; else what `fn` throws.
   */
  function paced<A extends unknown[], R>(fn: (accountId: string, ...rest: A) => Promise<R>) {
    return async (accountId: string, ...rest: A): Promise<R> => {
      const businessId = await businessOf(deps.pool, accountId);
      if (!businessId) {
        // Not seen yet (the first run): run unpaced once, to learn the business from the usage header.
        return recorded(accountId, null, () => fn(accountId, ...rest));
      }
      const until = await businessBlockedUntil(deps.pool, businessId);
      if (until !== null && until > now())
        throw ApplicationFailure.create({
          message: `Meta business ${businessId} is throttled for another ${Math.ceil((until - now()) / 1000)} s`,
          type: FailureType.MetaThrottle,
          nextRetryDelay: until - now(),
        });
      return deps.pool.connect(async (conn) => {
        const slot = await tryBusinessSlot(conn, businessId, deps.concurrency);
        if (slot === null)
          throw ApplicationFailure.create({
            message: `all ${deps.concurrency} collection slots of Meta business ${businessId} are taken`,
            type: FailureType.MetaBusinessBusy,
            nextRetryDelay: BUSY_RETRY_MS,
          });
        return recorded(accountId, businessId, async () => {
          try {
            return await fn(accountId, ...rest);
          } finally {
            await releaseBusinessSlot(conn, businessId, slot);
          }
        });
      });
    };
  }

  /** `paced` applied to each activity of a group (each takes the account id first). */
  function pacedAll<T extends Record<string, (accountId: string, ...rest: never[]) => Promise<unknown>>>(group: T): T {
    return Object.fromEntries(Object.entries(group).map(([name, fn]) => [name, paced(fn)])) as T;
  }

  return { observe, paced, pacedAll };
}
