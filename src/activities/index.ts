import type { DatabasePool } from 'slonik';
import type { Config } from '../config.ts';
import { createApproverActivities } from './approvers.ts';
import { createCollectionActivities } from './collection.ts';
import { createDecisionActivities } from './decisions.ts';
import { createIntelligenceActivities } from './intelligence.ts';
import { createDigestActivities } from './digest.ts';
import { createForecastAccuracyActivities } from './forecast-accuracy.ts';
import { createForecastActivities } from './forecasts.ts';
import { createMetaGateway, type MetaAccess } from './meta.ts';
import { createOutcomeActivities } from './outcomes.ts';
import { createProposalActivities } from './proposals.ts';
import { createBudgetProposalActivities } from './budget-proposals.ts';
import { createRecommendationProposalActivities } from './recommendation-proposals.ts';
import type { Notifier } from './ports.ts';
import { createRecordingNotifier } from './recording-notifier.ts';
import { createRepairActivities } from './repair.ts';

export interface ActivityDeps {
  pool: DatabasePool;
  config: Config;
  meta: MetaAccess;
  /** Posts cards to Slack; defaults to recording notifications in the database only. */
  notifier?: Notifier;
  now?: () => number;
}

/** Builds every activity with its dependencies; the worker is the only caller. */
export function createActivities(deps: ActivityDeps) {
  const common = { pool: deps.pool, now: deps.now };
  const proposals = createProposalActivities({ ...common, config: deps.config });
  const notifier = deps.notifier ?? createRecordingNotifier(deps.pool);
  return {
    ...proposals,
    ...createCollectionActivities({
      ...common,
      meta: deps.meta,
      notifier,
      initialHistoricalDays: deps.config.INITIAL_HISTORICAL_DAYS,
      businessConcurrency: deps.config.META_BUSINESS_CONCURRENCY,
    }),
    ...createDecisionActivities({
      ...common,
      config: deps.config,
      meta: createMetaGateway(deps.meta),
      notifier,
      reevaluate: (action) => proposals.reevaluateProposal(action),
    }),
    ...createOutcomeActivities(common),
    ...createIntelligenceActivities(common),
    ...createDigestActivities({ notifier: deps.notifier }),
    ...createForecastActivities({ ...common, config: deps.config }),
    ...createForecastAccuracyActivities({ ...common, config: deps.config }),
    ...createRecommendationProposalActivities({ ...common, config: deps.config }),
    ...createBudgetProposalActivities(common),
    ...createRepairActivities(common),
    ...createApproverActivities(common),
  };
}
