import { log, patched } from '@temporalio/workflow';
import { acts, collectActs } from './activities.ts';
import type { MaintenanceResult } from './messages.ts';

/**
 * Nightly rollups (exact, to days and weeks) and retention, started by the daily maintenance Schedule; then the
 * repair of proposals whose workflow is gone, so every proposal row has a live workflow or a final state.
 */
export async function nightlyMaintenance(): Promise<MaintenanceResult> {
  const result = await acts.nightlyMaintenance();
  log.info('maintenance done', { rolledUp: result.rolledUp, deleted: result.deleted });
  const out: MaintenanceResult = { rolledUp: result.rolledUp, deletedHourly: result.deleted.deletedHourly };
  if (patched('maintenance-repair')) {
    // Long-running with a heartbeat per row: collectActs' timeouts fit a few thousand describes.
    out.repair = await collectActs.repairOrphanedProposals();
    log.info('proposal repair done', {
      checked: out.repair.checked,
      finished: out.repair.finished.length,
      restarted: out.repair.restarted.length,
    });
  }
  return out;
}
