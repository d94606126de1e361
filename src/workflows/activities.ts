// The one place workflows reach activities: as types only, so no I/O code enters the workflow bundle.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';

export type Activities = ReturnType<typeof createActivities>;

/** Short database/API steps. Retries use Temporal's exponential backoff; permanent faults are non-retryable. */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});
