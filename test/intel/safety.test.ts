import { describe, expect, it } from '@jest/globals';
import { checkSafety, type SafetyInput, type SafetyLimits } from '../../src/intel/safety.ts';
import { HOUR } from '../../src/intel/time.ts';

const now = Date.UTC(2026, 10, 24, 12);
const limits: SafetyLimits = {
  intelligenceEnabled: true,
  executorEnabled: true,
  maxActionsPerHour: 10,
  maxBudgetChangePercent: 30,
  cooldownHours: 4,
  requireApprovalForDays: 30,
  minConfidenceForAuto: 0.85,
};
const input = (over: Partial<SafetyInput> = {}): SafetyInput => ({
  action: 'increase_budget',
  changePercent: 20,
  currentValueMinor: 10_000,
  mode: 'approved',
  confidence: 0.9,
  learningPhase: 'SUCCESS',
  lastEntityActionAt: null,
  actionsLastHour: 0,
  entityChangesLast24h: 0,
  accountConnectedAt: now - 90 * 24 * HOUR,
  now,
  ...over,
});

describe('checkSafety', () => {
  it('executes an approved 20% budget increase with the absolute target computed from the current budget', () => {
    expect(checkSafety(input(), limits)).toEqual({
      kind: 'execute',
      targetValueMinor: 12_000,
      changePercent: 20,
      reasons: [],
    });
  });

  it('caps a budget change at MAX_BUDGET_CHANGE_PERCENT and says so', () => {
    const v = checkSafety(input({ changePercent: 80 }), limits);
    expect(v).toMatchObject({ kind: 'execute', targetValueMinor: 13_000, changePercent: 30 });
    expect(v.reasons.join(' ')).toMatch(/capped from 80% to 30%/);
  });

  it('caps a decrease symmetrically', () => {
    expect(checkSafety(input({ action: 'decrease_budget', changePercent: -50 }), limits)).toMatchObject({
      targetValueMinor: 7_000,
      changePercent: -30,
    });
  });

  it('records only, writing nothing, when the executor is disabled', () => {
    const v = checkSafety(input(), { ...limits, executorEnabled: false });
    expect(v.kind).toBe('record_only');
    expect(v.reasons.join(' ')).toMatch(/ENABLE_ACTION_EXECUTOR is false/);
  });

  it('blocks everything when intelligence is off', () => {
    expect(checkSafety(input(), { ...limits, intelligenceEnabled: false }).kind).toBe('blocked');
  });

  it('blocks during the per-entity cooldown and names when it ends', () => {
    const v = checkSafety(input({ lastEntityActionAt: now - 3 * HOUR }), limits);
    expect(v.kind).toBe('blocked');
    expect(v.reasons[0]).toMatch(/Cooldown.*2026-11-24T13:00:00.000Z/);
    expect(checkSafety(input({ lastEntityActionAt: now - 5 * HOUR }), limits).kind).toBe('execute');
  });

  it('blocks when the account reached MAX_AUTO_ACTIONS_PER_HOUR', () => {
    expect(checkSafety(input({ actionsLastHour: 10 }), limits).kind).toBe('blocked');
    expect(checkSafety(input({ actionsLastHour: 9 }), limits).kind).toBe('execute');
  });

  it('escalates an entity already changed more than twice in 24 h', () => {
    expect(checkSafety(input({ entityChangesLast24h: 3, lastEntityActionAt: now - 5 * HOUR }), limits).kind).toBe(
      'escalate',
    );
    expect(checkSafety(input({ entityChangesLast24h: 2, lastEntityActionAt: now - 5 * HOUR }), limits).kind).toBe(
      'execute',
    );
  });

  it('holds a significant budget edit on an ad set in learning, but lets a small one through with a warning', () => {
    expect(checkSafety(input({ learningPhase: 'LEARNING', changePercent: 25 }), limits).kind).toBe('blocked');
    const small = checkSafety(input({ learningPhase: 'LEARNING', changePercent: 10 }), limits);
    expect(small.kind).toBe('execute');
    expect(small.reasons.join(' ')).toMatch(/learning phase/);
  });

  it('sends automatic actions to a person while the account is younger than REQUIRE_APPROVAL_FOR_DAYS', () => {
    expect(checkSafety(input({ mode: 'automatic', accountConnectedAt: now - 5 * 24 * HOUR }), limits).kind).toBe(
      'needs_approval',
    );
  });

  it('sends automatic actions below MIN_CONFIDENCE_FOR_AUTO to a person', () => {
    expect(checkSafety(input({ mode: 'automatic', confidence: 0.8 }), limits).kind).toBe('needs_approval');
    expect(checkSafety(input({ mode: 'automatic', confidence: 0.9 }), limits).kind).toBe('execute');
  });

  it('refuses a budget action whose current budget is unknown', () => {
    expect(checkSafety(input({ currentValueMinor: null }), limits).kind).toBe('blocked');
  });

  it('never writes for notify_only', () => {
    expect(checkSafety(input({ action: 'notify_only' }), limits).kind).toBe('record_only');
  });
});
