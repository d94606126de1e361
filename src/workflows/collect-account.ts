import {
  ActivityFailure,
  ApplicationFailure,
  log,
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
  await acts.beginCollectionRun(accountId, workflowId, runId, trigger);
  try {
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
    };
    progress.phase = 'done';
    await acts.finishCollectionRun(workflowId, runId, { status: 'completed', summary });
    await acts.markAccountHealthy(accountId);
    log.info('collection finished', { accountId, rowsWritten: summary.rowsWritten, apiCalls: summary.apiCalls });
    return summary;
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    if (cause instanceof ApplicationFailure && cause.nonRetryable) {
      progress.phase = 'failed';
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
}
