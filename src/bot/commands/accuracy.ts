import { localDay } from '../../intel/hourly-delta.ts';
import { accuracyCard } from '../../slack/blocks/index.ts';
import { loadAccuracyStats } from '../forecast/accuracy-stats.ts';
import type { Handler } from './types.ts';

/** /accuracy: how accurate past predictions were (MAE, accuracy, recent error), drift, and the fetcher's stats. */
export const accuracy: Handler<'accuracy'> = async (_cmd, { account, deps }) => {
  const now = (deps.now ?? Date.now)();
  const a = await loadAccuracyStats(
    deps.pool,
    account.id,
    localDay(now, account.timezone),
    deps.config.FORECAST_DRIFT_DAYS,
  );
  return accuracyCard({
    accountName: account.name,
    metrics: a.metrics,
    stats: a.stats,
    currency: account.currency,
    threshold: deps.config.FORECAST_DRIFT_THRESHOLD,
    days: deps.config.FORECAST_DRIFT_DAYS,
  });
};
