import { HOUR } from '../time.ts';

/** One change made to an entity (an executed action), at epoch milliseconds. */
export interface EntityChange {
  entityId: string;
  at: number;
  /** An ActionType; notify_only is not counted. */
  actionType?: string;
}

/**
 * Whether a new change to `entityId` should go to a person instead of being made: rules that undo each other
 * (see findRuleConflicts) would otherwise flip an entity back and forth, and every budget change restarts Meta's
 * learning. Escalates when the entity was already changed `maxChanges` times (default 2) in the `windowHours`
 * (default 24) before `now`, so that this change would make it more than twice. Notifications are not changes.
 * Throws nothing.
 */
export function shouldEscalate(
  changeHistory: readonly EntityChange[],
  entityId: string,
  now: number,
  { maxChanges = 2, windowHours = 24 }: { maxChanges?: number; windowHours?: number } = {},
): boolean {
  const since = now - windowHours * HOUR;
  let n = 0;
  for (const c of changeHistory)
    if (c.entityId === entityId && c.at > since && c.at <= now && c.actionType !== 'notify_only') n++;
  return n >= maxChanges;
}
