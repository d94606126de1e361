// The one place workflows reach activities: as types only, so no I/O code enters the workflow bundle.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';

export type Activities = ReturnType<typeof createActivities>;

/** Short database/API steps. Retries use Temporal's exponential backoff; permanent faults are non-retryable. */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * Graph API collection steps: long for large accounts, so they heartbeat per page and a stuck worker is noticed
 * within a minute. Throttles retry after Meta's advertised wait (nextRetryDelay set by the activity).
 */
export const collectActs = proxyActivities<Activities>({
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

/**
 * The executor's write to Meta: a few short calls. A tight timeout means a write whose worker died is retried in
 * seconds, not minutes; the retry reads the entity first and does not write twice (see executeAction).
 */
export const execActs = proxyActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Forecast regeneration: pure compute on a month or two of daily rows, seconds even for 10,000 ads. */
export const forecastActs = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});
