import type { NewProposal } from '../../src/db/actions.ts';
import type { ScenarioSpec } from '../../src/emulators/simulator/scenario.ts';
import { MetaClient } from '../../src/meta/client.ts';
import type { MetaHarness } from './meta.ts';

let seq = 0;

/**
 * A proposal row as the rules engine records it: an approval-required change to one ad set with no evidence, and
 * `p` giving what the test is about. The idempotency key is unique in the file unless `p` names one.
 */
export function testProposal(
  p: Pick<NewProposal, 'accountId' | 'entityId' | 'expiresAt'> & Partial<NewProposal>,
): NewProposal {
  return {
    idempotencyKey: `test:${++seq}:${Date.now()}`,
    ruleId: null,
    entityType: 'adset',
    entityName: p.entityId,
    actionType: 'pause',
    params: {},
    executionMode: 'approval_required',
    evidence: [],
    explanation: 'test',
    expiryPolicy: 'drop',
    ...p,
  };
}

/**
 * A proposal on an ad set of `spec`'s account seen against the entity's live state on the Graph API emulator (its
 * name, and `observed_state` in the params, as the re-check compares), for `percent` when it changes a budget or bid.
 */
export async function observedProposal(
  meta: MetaHarness,
  spec: ScenarioSpec,
  o: { entityId: string; actionType: string; percent?: number; expiresAt: number } & Partial<NewProposal>,
): Promise<NewProposal> {
  const { percent, ...p } = o;
  const live = await new MetaClient({ baseUrl: meta.emulator.baseUrl, accessToken: spec.token }).getEntity(o.entityId);
  return testProposal({
    accountId: spec.accountId,
    entityName: live.name,
    params: {
      ...(percent === undefined ? {} : { change_percent: percent }),
      observed_state: {
        status: live.status,
        dailyBudgetMinor: live.dailyBudgetMinor,
        bidAmountMinor: live.bidAmountMinor,
      },
    },
    explanation: 'test proposal',
    ...p,
  });
}
