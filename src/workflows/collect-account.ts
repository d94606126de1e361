import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { FailureType } from '../intel/failures.ts';
import { AdAccountId } from './search-attributes.ts';
import { startApproval } from './start-approval.ts';
import { acts, collectActs, slackActs } from './activities.ts';
import { collectionProgressQuery, type CollectionProgress, type CollectionResult } from './messages.ts';

/**
 * Collects one ad account into PostgreSQL: entities, insights (hourly from cumulative pulls), pixel health, data
 * sufficiency (with backfill), rollups. Started by the account's Schedule or by /sync-now through it. Every
 * step is an idempotent upsert, so retries, a worker restart or an overlapping run never duplicate a row.
 * A permanent Graph API error fails this account's run (non-retryable) and marks the account for attention.
 */
export async function collectAccount(accountId: string, trigger = 'schedule'): Promise<CollectionResult> {
  const { workflowId, runId } = workflowInfo();
  const progress: CollectionProgress = { phase: 'starting', rowsWritten: 0 };
  setHandler(collectionProgressQuery, () => progress);
  upsertSearchAttributes([{ key: AdAccountId, value: accountId }]);
  const started = Date.now();
  try {
    // Inside the try: a cancel that lands while the row is being written must still finish it.
    await acts.beginCollectionRun(accountId, workflowId, runId, trigger);
    progress.phase = 'entities';
    const entities = await collectActs.collectEntities(accountId);
    progress.phase = 'insights';
    const insights = await collectActs.collectInsights(accountId, entities.ads);
    progress.rowsWritten = insights.rowsWritten;
    progress.phase = 'pixels';
    const pixels = await collectActs.collectPixels(accountId);
    progress.phase = 'storing';
    const sufficiency = await collectActs.ensureSufficiency(accountId);
    await acts.rollupRecent(accountId);
    progress.phase = 'evaluating';
    const proposals = await acts.proposeActions(accountId);
    for (const input of proposals) await startApproval(input);
    try {
      // Notes that need no decision go out as one digest per run, not a message each.
      await slackActs.postDigest(accountId);
    } catch (error) {
      // Slack being down must not fail a collection that succeeded; the notes stay claimed for the next run.
      log.warn('digest not posted', { accountId, error: String(error) });
    }
    const summary: CollectionResult = {
      accountId,
      entities: { campaigns: entities.campaigns, adsets: entities.adsets, ads: entities.ads },
      rowsWritten: insights.rowsWritten,
      rowsChanged: insights.rowsChanged,
      apiCalls: entities.apiCalls + insights.apiCalls + pixels.apiCalls + sufficiency.apiCalls,
      throttleWaitMs:
        entities.throttleWaitMs + insights.throttleWaitMs + pixels.throttleWaitMs + sufficiency.throttleWaitMs,
      failures: {},
      durationMs: Date.now() - started,
      totals: insights.totals,
      pixels: pixels.pixels,
      sufficiency: sufficiency.level,
      backfilledDays: sufficiency.backfilledDays,
      proposalsCreated: proposals.length,
      ...(insights.split?.refused ? { split: insights.split } : {}),
    };
    progress.phase = 'done';
    await acts.finishCollectionRun(workflowId, runId, { status: 'completed', summary });
    await acts.markAccountHealthy(accountId);
    log.info('collection finished', {
      accountId,
      rowsWritten: summary.rowsWritten,
      apiCalls: summary.apiCalls,
      ...(summary.split ? { split: summary.split } : {}),
    });
    return summary;
  } catch (error) {
    progress.phase = 'failed';
    if (!patched(FINISH_ON_ANY_FAILURE)) return await failedV1(accountId, error);
    await finishFailedRun(accountId, error);
    throw isCancellation(error) ? error : asCollectionFailure(accountId, error);
  }
}

/** Histories before this patch left the run `running` on exhausted retries and cancellation. */
export const FINISH_ON_ANY_FAILURE = 'collection-finish-on-any-failure';

const causeOf = (error: unknown): unknown => (error instanceof ActivityFailure ? error.cause : error);
const failureType = (cause: unknown): string =>
  (cause instanceof ApplicationFailure ? cause.type : undefined) ?? FailureType.CollectionFailed;

function asCollectionFailure(accountId: string, error: unknown): ApplicationFailure {
  const cause = causeOf(error);
  const message = cause instanceof Error ? cause.message : String(cause);
  return ApplicationFailure.nonRetryable(`Collection of ${accountId} failed: ${message}`, failureType(cause));
}

/**
 * Finishes the run row as failed with its reason, whatever ended it: a non-retryable fault, retries exhausted on a
 * retryable one, or a cancellation. In a non-cancellable scope, so a cancelled run still records how it ended. Only
 * a failure that outlived the activity's retries (not a person's cancel) flags the account for its admins.
 */
async function finishFailedRun(accountId: string, error: unknown): Promise<void> {
  const { workflowId, runId } = workflowInfo();
  const cancelled = isCancellation(error);
  const cause = causeOf(error);
  const message = cancelled
    ? 'the collection run was cancelled'
    : cause instanceof Error
      ? cause.message
      : String(cause);
  const kind = cancelled ? FailureType.CollectionCancelled : failureType(cause);
  await CancellationScope.nonCancellable(async () => {
    if (!cancelled) await acts.markAccountNeedsAttention(accountId, message);
    await acts.finishCollectionRun(workflowId, runId, { status: 'failed', errorKind: kind, errorMessage: message });
  });
  log.warn('collection failed', { accountId, errorKind: kind, error: message });
}

/** The pre-patch catch block, kept verbatim for replaying histories recorded before FINISH_ON_ANY_FAILURE. */
async function failedV1(accountId: string, error: unknown): Promise<never> {
  const { workflowId, runId } = workflowInfo();
  const cause = causeOf(error);
  if (cause instanceof ApplicationFailure && cause.nonRetryable) {
    const kind = cause.type ?? FailureType.CollectionFailed;
    await acts.markAccountNeedsAttention(accountId, cause.message);
    await acts.finishCollectionRun(workflowId, runId, {
      status: 'failed',
      errorKind: kind,
      errorMessage: cause.message,
    });
    throw ApplicationFailure.nonRetryable(`Collection of ${accountId} failed: ${cause.message}`, kind);
  }
  throw error;
}
