import { createCollectionActivities, type CollectionDeps } from './collection.ts';

export type ActivityDeps = CollectionDeps;

/** Builds every activity with its dependencies; the worker is the only caller. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCollectionActivities(deps),
  };
}
