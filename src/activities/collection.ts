import type { RunSummary } from '../db/collection-runs.ts';
import { createBusinessPacing } from './business-pacing.ts';
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
export function createCollectionActivities(deps: CollectionDeps & { businessConcurrency?: number }) {
  // Meta's waits are wall-clock time, not the (possibly simulated) collection clock.
  const pacing = createBusinessPacing({ pool: deps.pool, concurrency: deps.businessConcurrency ?? 4 });
  const context = collectionContext({ ...deps, meta: { ...deps.meta, onUsage: pacing.observe } });
  return {
    ...createRunActivities(context),
    // The steps that call Meta: paced per Meta business (shared rate limits), across workers.
    ...pacing.pacedAll(createEntityActivities(context)),
    ...pacing.pacedAll(createInsightActivities(context)),
    ...pacing.pacedAll(createPixelActivities(context)),
    ...pacing.pacedAll(createSufficiencyActivities(context)),
    ...createRollupActivities(context),
  };
}

export type { CollectionDeps, StepStats } from './collection/context.ts';
export type { EntitiesResult } from './collection/entities.ts';
export type { InsightsResult } from './collection/insights.ts';
export type { RunSummary };
