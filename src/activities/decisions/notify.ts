import type { DecisionDeps } from './deps.ts';

/** The approval's Slack cards and thread messages, through the notifier port. */
export function createDecisionNotifications(deps: Pick<DecisionDeps, 'notifier'>) {
  return {
    async notifyProposal(id: number): Promise<void> {
      await deps.notifier.proposal(id);
    },
    async notifyDecision(id: number): Promise<void> {
      await deps.notifier.decision(id);
    },
    async notifyOutcome(id: number, horizonHours: number): Promise<void> {
      await deps.notifier.outcome(id, horizonHours);
    },
    async notifyEscalation(id: number, reason: string): Promise<void> {
      await deps.notifier.escalation(id, reason);
    },
  };
}
