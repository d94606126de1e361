import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Decision, ProposalStatus } from '../intel/approval.ts';

export interface CollectionProgress {
  phase: 'starting' | 'entities' | 'insights' | 'pixels' | 'storing' | 'evaluating' | 'done' | 'failed';
  rowsWritten: number;
  pagesDone?: number;
  pagesTotal?: number;
}

/** Progress of a collection run, for /sync-now's message and the Temporal UI. */
export const collectionProgressQuery = defineQuery<CollectionProgress>('collectionProgress');

export interface ProposalView {
  proposalId: number;
  status: ProposalStatus;
  decidedBy?: string;
  decidedAt?: number;
  expiresAt: number;
  undoUntil?: number;
  reasons: string[];
}

export interface DecisionAccepted {
  accepted: true;
  status: ProposalStatus;
}

/** A person's decision on a proposal (Slack button or modal). The validator refuses what may not be decided. */
export const decideUpdate = defineUpdate<DecisionAccepted, [Decision]>('decide');
/** Restores the state before an executed action, inside the undo window. */
export const undoUpdate = defineUpdate<{ undone: boolean; detail: string }, [{ userId: string }]>('undo');
export const proposalStatusQuery = defineQuery<ProposalView>('proposalStatus');
