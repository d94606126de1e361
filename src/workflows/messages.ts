import { defineQuery } from '@temporalio/workflow';

export interface CollectionProgress {
  phase: 'starting' | 'collecting' | 'done' | 'failed';
  rowsWritten: number;
}

/** Progress of a collection run, for /sync-now's message and the Temporal UI. */
export const collectionProgressQuery = defineQuery<CollectionProgress>('collectionProgress');
