import type { DatabasePool } from 'slonik';
import { getAction } from '../db/actions.ts';
import { recordNotification } from '../db/notifications.ts';
import type { Notifier } from './ports.ts';

/**
 * The notifier used when Slack is not wired: every notification is recorded (intel_notification) so nothing is
 * lost, and the Slack notifier can be swapped in without changing the workflows.
 */
export function createRecordingNotifier(pool: DatabasePool): Notifier {
  const record = async (
    actionId: number,
    kind: 'proposal' | 'decision' | 'outcome' | 'escalation',
    suffix: string,
    payload: Record<string, unknown>,
  ) => {
    const action = await getAction(pool, actionId);
    if (!action) return;
    // Keyed by the proposal's state, so a retried activity records once and a later state records anew.
    const key = `${kind}:${actionId}:${action.status}:${suffix || action.updated_at}`;
    await recordNotification(pool, {
      dedupeKey: key,
      accountId: action.account_id,
      kind,
      actionId,
      payload: { status: action.status, ...payload },
    });
  };
  return {
    proposal: (id) => record(id, 'proposal', '', {}),
    decision: (id) => record(id, 'decision', '', {}),
    outcome: (id, h) => record(id, 'outcome', `${h}h`, { horizonHours: h }),
    escalation: (id, reason) => record(id, 'escalation', '', { reason }),
    // Called on the transition only, so the time in the key makes each transition its own alert.
    accountNeedsAttention: async (accountId, reason) => {
      await recordNotification(pool, {
        dedupeKey: `needs_attention:${accountId}:${new Date().toISOString()}`,
        accountId,
        kind: 'alert',
        payload: { reason },
      });
    },
  };
}
