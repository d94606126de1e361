import { log, sleep } from '@temporalio/workflow';
import { acts } from './activities.ts';
import type { OutcomeInput, OutcomeResult } from './messages.ts';
import { HOUR } from '../intel/time.ts';

/**
 * Measures what happened 24, 48 and 72 h (configurable) after a decision: durable timers, then a reward per
 * horizon written as a training row. Rejected and expired proposals are measured too, as counterfactuals.
 */
export async function outcomeWorkflow(input: OutcomeInput): Promise<OutcomeResult> {
  const rewards: OutcomeResult['rewards'] = [];
  for (const horizonHours of [...input.horizonsHours].sort((a, b) => a - b)) {
    const due = input.fromTime + horizonHours * HOUR;
    if (due > Date.now()) await sleep(due - Date.now());
    const measured = await acts.measureOutcome(input.proposalId, horizonHours, input.decision);
    rewards.push({ horizonHours, reward: measured.reward });
    await acts.notifyOutcome(input.proposalId, horizonHours);
  }
  log.info('outcome measured', { proposalId: input.proposalId, rewards });
  return { proposalId: input.proposalId, rewards };
}
