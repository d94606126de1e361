import { log } from '@temporalio/workflow';
import { acts } from './activities.ts';
import type { MaintenanceResult } from './messages.ts';

/** Nightly rollups (exact, to days and weeks) and retention, started by the daily maintenance Schedule. */
export async function nightlyMaintenance(): Promise<MaintenanceResult> {
  const result = await acts.nightlyMaintenance();
  log.info('maintenance done', { rolledUp: result.rolledUp, deleted: result.deleted });
  return { rolledUp: result.rolledUp, deletedHourly: result.deleted.deletedHourly };
}
