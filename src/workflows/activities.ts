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

/** Account intelligence: load, compute and store in one activity each (a 10,000-ad account: a few seconds each). */
export const intelActs = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

/**
 * Slack posts made by a collection run (the digest): a few quick tries, then the run moves on; what was not
 * posted waits in the database for the next run, so a Slack outage never holds up or fails collection.
 */
export const slackActs = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/** Forecast regeneration: pure compute on a month or two of daily rows, seconds even for 10,000 ads. */
export const forecastActs = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});

/**
 * Proposals a Slack click asks for: a few database writes while the person waits for the answer. A tight timeout
 * means an attempt whose worker died is retried in seconds; the writes are idempotent by key.
 */
export const proposeActs = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/**
 * Slack card posts and updates from an approval: a few tries of their own, and a failure is logged by the workflow,
 * never fatal, so Slack being down never blocks or fails a decision, an execution or its record.
 */
export const notifyActs = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});
