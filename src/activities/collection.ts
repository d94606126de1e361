import type { RunSummary } from '../db/collection-runs.ts';
import { collectionContext, type CollectionDeps } from './collection/context.ts';
import { createEntityActivities } from './collection/entities.ts';
import { createInsightActivities } from './collection/insights.ts';
import { createPixelActivities } from './collection/pixels.ts';
import { createRollupActivities } from './collection/rollups.ts';
import { createRunActivities } from './collection/runs.ts';
import { createSufficiencyActivities } from './collection/sufficiency.ts';

/**
 * The activities collectAccount and nightlyMaintenance run, one file per concept under ./collection/: run
 * bookkeeping, entities, insights, pixels, sufficiency with its backfill, rollups.
 */
export function createCollectionActivities(deps: CollectionDeps) {
  const context = collectionContext(deps);
  return {
    ...createRunActivities(context),
    ...createEntityActivities(context),
    ...createInsightActivities(context),
    ...createPixelActivities(context),
    ...createSufficiencyActivities(context),
    ...createRollupActivities(context),
  };
}

export type { CollectionDeps, StepStats } from './collection/context.ts';
export type { EntitiesResult } from './collection/entities.ts';
export type { InsightsResult } from './collection/insights.ts';
export type { RunSummary };
