import { describe, expect, it } from '@jest/globals';
import { DecisionRefused, validateDecision, validateUndo, type DecisionState } from '../../src/intel/approval.ts';

const now = Date.UTC(2026, 10, 24, 12);
const state = (over: Partial<DecisionState> = {}): DecisionState => ({
  status: 'proposed',
  expiresAt: now + 3_600_000,
  approverUserIds: ['U_ALEX'],
  actionType: 'increase_budget',
  ...over,
});

describe('validateDecision', () => {
  it('accepts an approver deciding an open proposal', () => {
    expect(() => validateDecision(state(), { kind: 'approve', userId: 'U_ALEX' }, now)).not.toThrow();
  });

  it('refuses someone who is not an approver and names the approvers', () => {
    expect(() => validateDecision(state(), { kind: 'approve', userId: 'U_SAM' }, now)).toThrow(/approvers.*<@U_ALEX>/);
  });

  it('refuses a second decision and says who decided first', () => {
    const decided = state({ status: 'approved', decidedBy: 'U_ALEX', decidedAt: now - 60_000 });
    expect(() => validateDecision(decided, { kind: 'reject', userId: 'U_ALEX' }, now)).toThrow(
      /already decided by <@U_ALEX> at 2026-11-24 11:59 UTC/,
    );
  });

  it('refuses a decision after expiry', () => {
    expect(() => validateDecision(state({ expiresAt: now }), { kind: 'approve', userId: 'U_ALEX' }, now)).toThrow(
      DecisionRefused,
    );
  });

  it('accepts a decision on a proposal waiting for reconfirmation', () => {
    expect(() =>
      validateDecision(state({ status: 'reconfirm' }), { kind: 'approve', userId: 'U_ALEX' }, now),
    ).not.toThrow();
  });

  it('refuses a modify without a usable change, and on an action that has no amount', () => {
    expect(() => validateDecision(state(), { kind: 'modify', userId: 'U_ALEX', changePercent: 0 }, now)).toThrow(
      /between -100% and 100%/,
    );
    expect(() =>
      validateDecision(state({ actionType: 'pause' }), { kind: 'modify', userId: 'U_ALEX', changePercent: 10 }, now),
    ).toThrow(/Only budget and bid/);
    expect(() => validateDecision(state(), { kind: 'modify', userId: 'U_ALEX', changePercent: 15 }, now)).not.toThrow();
  });
});

describe('validateUndo', () => {
  it('accepts an approver inside the window of an executed action', () => {
    expect(() =>
      validateUndo({ status: 'executed', undoUntil: now + 1, approverUserIds: ['U_ALEX'] }, 'U_ALEX', now),
    ).not.toThrow();
  });
  it('refuses after the window closed', () => {
    expect(() =>
      validateUndo({ status: 'executed', undoUntil: now, approverUserIds: ['U_ALEX'] }, 'U_ALEX', now),
    ).toThrow(/closed/);
  });
  it('refuses when nothing was executed', () => {
    expect(() => validateUndo({ status: 'recorded', approverUserIds: ['U_ALEX'] }, 'U_ALEX', now)).toThrow(
      /Only an executed action/,
    );
  });
});
