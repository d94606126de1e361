import { createDecisionChecks } from './decisions/checks.ts';
import type { DecisionDeps } from './decisions/deps.ts';
import { createExecutor } from './decisions/execute.ts';
import { createDecisionNotifications } from './decisions/notify.ts';
import { createDecisionRecords } from './decisions/records.ts';
import { createUndo } from './decisions/undo.ts';

export type { DecisionDeps } from './decisions/deps.ts';
export { requestedChangePercent } from './decisions/common.ts';

/** The approval workflow's activities: records, checks, the one write to Meta, Undo and the card notifications. */
export function createDecisionActivities(deps: DecisionDeps) {
  return {
    ...createDecisionRecords(deps),
    ...createDecisionChecks(deps),
    ...createExecutor(deps),
    ...createUndo(deps),
    ...createDecisionNotifications(deps),
  };
}
