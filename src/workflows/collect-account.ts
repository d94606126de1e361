import { log, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { AdAccountId } from '../temporal/search-attributes.ts';
import { acts } from './activities.ts';
import { collectionProgressQuery, type CollectionProgress } from './messages.ts';

export interface CollectAccountResult {
  accountId: string;
  rowsWritten: number;
}

/** Collects one ad account's performance into PostgreSQL. Started by the account's Schedule or by /sync-now. */
export async function collectAccount(accountId: string): Promise<CollectAccountResult> {
  const progress: CollectionProgress = { phase: 'starting', rowsWritten: 0 };
  setHandler(collectionProgressQuery, () => progress);
  upsertSearchAttributes([{ key: AdAccountId, value: accountId }]);
  progress.phase = 'collecting';
  const rowsWritten = await acts.collectSampleSnapshot(accountId);
  progress.rowsWritten = rowsWritten;
  progress.phase = 'done';
  log.info('collection finished', { accountId, rowsWritten });
  return { accountId, rowsWritten };
}
