// The one place workflows reach activities: as types only, so no I/O code enters the workflow bundle.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';

export type Activities = ReturnType<typeof createActivities>;

type Duration = NonNullable<ActivityOptions['startToCloseTimeout']>;

/**
 * Every profile retries with exponential backoff (doubling from `first` up to `cap`, `attempts` in all); they differ
 * in those, in the start-to-close `timeout`, and in `extra` options such as a heartbeat timeout.
 */
const backoff = (timeout: Duration, first: Duration, cap: Duration, attempts: number, extra: ActivityOptions = {}) =>
  proxyActivities<Activities>({
    startToCloseTimeout: timeout,
    retry: { initialInterval: first, backoffCoefficient: 2, maximumInterval: cap, maximumAttempts: attempts },
    ...extra,
  });

/** Short database/API steps; permanent faults are non-retryable. */
export const acts = backoff('2 minutes', '1 second', '5 minutes', 10);

/**
 * Graph API collection steps: long for large accounts, so they heartbeat per page and a stuck worker is noticed
 * within a minute. Throttles retry after Meta's advertised wait (nextRetryDelay set by the activity).
 */
export const collectActs = backoff('20 minutes', '2 seconds', '10 minutes', 20, { heartbeatTimeout: '1 minute' });

/**
 * The executor's write to Meta: a few short calls. A tight timeout means a write whose worker died is retried in
 * seconds, not minutes; the retry reads the entity first and does not write twice (see executeAction).
 */
export const execActs = backoff('20 seconds', '1 second', '1 minute', 10);

/** Account intelligence: load, compute and store in one activity each (a 10,000-ad account: a few seconds each). */
export const intelActs = backoff('10 minutes', '2 seconds', '5 minutes', 5, { heartbeatTimeout: '2 minutes' });

/**
 * Slack posts made by a collection run (the digest): a few quick tries, then the run moves on; what was not
 * posted waits in the database for the next run, so a Slack outage never holds up or fails collection.
 */
export const slackActs = backoff('1 minute', '1 second', '10 seconds', 3);

/** Forecast regeneration: pure compute on a month or two of daily rows, seconds even for 10,000 ads. */
export const forecastActs = backoff('10 minutes', '2 seconds', '2 minutes', 5);

/**
 * Proposals a Slack click asks for: a few database writes while the person waits for the answer. A tight timeout
 * means an attempt whose worker died is retried in seconds; the writes are idempotent by key.
 */
export const proposeActs = backoff('15 seconds', '1 second', '30 seconds', 10);

/**
 * Slack card posts and updates from an approval: a few tries of their own, and a failure is logged by the workflow,
 * never fatal, so Slack being down never blocks or fails a decision, an execution or its record.
 */
export const notifyActs = backoff('1 minute', '1 second', '30 seconds', 5);
