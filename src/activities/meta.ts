import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { MetaClient } from '../meta/client.ts';
import {
  MetaApiError,
  MetaAuthError,
  MetaInvalidParameterError,
  MetaPermissionError,
  MetaThrottleError,
  MetaTooMuchDataError,
} from '../meta/errors.ts';
import type { UsageSnapshot } from '../meta/usage.ts';
import { FailureType } from './failures.ts';
import type { EntityState, MetaGateway, MetaWriter } from './ports.ts';

export interface MetaAccess {
  /** Graph API base with version. */
  baseUrl: string;
  /**
   * The access token for an ad account, or undefined when the account has none configured. Resolved at call time
   * (the account's own token is read from the database and decrypted), so a token never enters a payload.
   */
  tokenFor(accountId: string): Promise<string | undefined> | string | undefined;
  reportPollMs?: number;
  /** Longest wait for one Graph API call (default 30 s). */
  requestTimeoutMs?: number;
  /** Async report runs for ad-level insights above this many ads. */
  asyncAboveAds?: number;
  /** Sees the usage headers of every call made for an account (business pacing reads them). */
  onUsage?: (accountId: string, usage: UsageSnapshot) => void;
}

/**
 * Turns Graph API errors into Temporal failures on the right channel: throttles retry after Meta's advertised
 * wait (nextRetryDelay), other transient errors use the retry policy's backoff, and permanent ones (token,
 * permission, invalid parameter) are non-retryable with a type the workflow can act on.
 */
export function toActivityFailure(error: unknown): unknown {
  if (!(error instanceof MetaApiError)) return error;
  if (error instanceof MetaThrottleError) {
    return ApplicationFailure.create({
      message: error.message,
      type: FailureType.MetaThrottle,
      nextRetryDelay: error.retryAfterMs ?? 60_000,
      nonRetryable: false,
    });
  }
  if (error instanceof MetaAuthError)
    return ApplicationFailure.nonRetryable(
      `The Meta access token is invalid or expired: ${error.message}`,
      FailureType.MetaAuth,
    );
  if (error instanceof MetaPermissionError)
    return ApplicationFailure.nonRetryable(`Missing Meta permission: ${error.message}`, FailureType.MetaPermission);
  if (error instanceof MetaInvalidParameterError)
    return ApplicationFailure.nonRetryable(error.message, FailureType.MetaInvalidParameter);
  if (error instanceof MetaTooMuchDataError)
    return ApplicationFailure.nonRetryable(error.message, FailureType.MetaTooMuchData);
  if (!error.transient) return ApplicationFailure.nonRetryable(error.message, FailureType.MetaPermanent);
  return ApplicationFailure.create({ message: error.message, type: FailureType.MetaTransient, nonRetryable: false });
}

/** Runs `fn`, rethrowing Graph API errors as the right Temporal failure. */
export async function metaCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toActivityFailure(error);
  }
}

/** The activity's cancellation signal, when running inside an activity (not in scripts and benchmarks). */
function activitySignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

export async function clientFor(access: MetaAccess, accountId: string): Promise<MetaClient> {
  const token = await access.tokenFor(accountId);
  if (!token)
    throw ApplicationFailure.nonRetryable(`No Meta access token is configured for ${accountId}`, FailureType.MetaAuth);
  const signal = activitySignal();
  return new MetaClient({
    baseUrl: access.baseUrl,
    accessToken: token,
    reportPollMs: access.reportPollMs ?? 2_000,
    ...(access.requestTimeoutMs ? { requestTimeoutMs: access.requestTimeoutMs } : {}),
    ...(signal ? { signal } : {}),
    ...(access.onUsage ? { onUsage: (usage: UsageSnapshot) => access.onUsage?.(accountId, usage) } : {}),
  });
}

const toState = (e: Awaited<ReturnType<MetaClient['getEntity']>>): EntityState => ({
  id: e.id,
  status: e.status,
  effectiveStatus: e.effectiveStatus,
  dailyBudgetMinor: e.dailyBudgetMinor,
  bidAmountMinor: e.bidAmountMinor,
  updatedTime: e.updatedTime,
  learningStage: e.learningStage,
});

/** The executor's view of Meta, over the real client (the emulator in demos and tests). */
export function createMetaGateway(access: MetaAccess): MetaGateway {
  return {
    async forAccount(accountId: string): Promise<MetaWriter> {
      const client = await clientFor(access, accountId);
      return {
        getEntity: (id) =>
          metaCall(async () =>
            toState(
              await client.getEntity(
                id,
                'id,name,status,effective_status,daily_budget,bid_amount,learning_stage_info,updated_time',
              ),
            ),
          ),
        setStatus: (id, status) => metaCall(() => client.updateStatus(id, status)),
        setDailyBudget: (id, minor) => metaCall(() => client.updateDailyBudget(id, minor)),
        setBidAmount: (id, minor) => metaCall(() => client.updateBidAmount(id, minor)),
        duplicate: (id) => metaCall(async () => ({ copiedId: await client.duplicate(id) })),
      };
    },
  };
}
