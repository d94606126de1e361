import type { DatabaseConnection } from 'slonik';
import type { HistoryPoint } from '../intel/rules/index.ts';
import { buildEntityMetrics } from './entity-metrics.ts';
import { DAY } from '../intel/time.ts';

/**
 * The account as the rules engine would have seen it at the same time of day on each of the last `days` days,
 * oldest first, rebuilt from stored snapshots (for a rule backtest). Hourly windows older than the hourly
 * retention (7 days) come back without data, and the backtest counts them as insufficient rather than guessing.
 */
export async function ruleHistory(
  db: DatabaseConnection,
  accountId: string,
  now: number,
  days: number,
): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  for (let k = days - 1; k >= 0; k--) {
    const at = now - k * DAY;
    points.push({
      day: new Date(at).toISOString().slice(0, 10),
      now: at,
      entities: await buildEntityMetrics(db, accountId, at),
    });
  }
  return points;
}
