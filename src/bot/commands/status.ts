import { recentCollectionRuns } from '../../db/collection-runs.ts';
import { lastSufficiency } from '../../db/sufficiency.ts';
import { statusCard } from '../blocks/index.ts';
import type { Handler } from './types.ts';

/** /status: the last collection runs, the schedule, feature switches and data sufficiency. */
export const status: Handler<'status'> = async (_cmd, { account, deps }) => {
  const runs = await recentCollectionRuns(deps.pool, account.id, 5);
  const suff = await lastSufficiency(deps.pool, account.id);
  return statusCard({
    accountName: account.name,
    runs: runs.map((r) => ({
      startedAt: r.started_at,
      status: r.status,
      ...(typeof r.summary.rowsWritten === 'number' ? { rowsWritten: r.summary.rowsWritten } : {}),
      ...(typeof r.summary.durationMs === 'number' ? { durationMs: r.summary.durationMs } : {}),
      ...(r.error_message ? { error: r.error_message } : {}),
    })),
    schedule: {
      every: `${deps.config.INSIGHTS_COLLECTION_INTERVAL} min`,
      paused: !deps.config.ENABLE_INSIGHTS_COLLECTION,
    },
    switches: [
      { name: 'Intelligence', on: deps.config.ENABLE_INTELLIGENCE },
      { name: 'Rules engine', on: deps.config.ENABLE_RULES_ENGINE },
      { name: 'Executor (writes to Meta)', on: deps.config.ENABLE_ACTION_EXECUTOR },
      { name: 'ML shadow mode', on: deps.config.ML_SHADOW_MODE },
    ],
    ...(suff ? { dataSufficiency: suff.detail.message } : {}),
  });
};
