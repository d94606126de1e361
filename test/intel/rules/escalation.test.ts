import { describe, expect, it } from '@jest/globals';
import { shouldEscalate } from '../../../src/intel/rules/index.ts';

const H = 3_600_000;
const now = Date.UTC(2026, 10, 24, 12);
const change = (hoursAgo: number, entityId = 'as_1', actionType = 'increase_budget') => ({
  entityId,
  at: now - hoursAgo * H,
  actionType,
});

describe('shouldEscalate', () => {
  it('lets a second change in 24 h through', () => {
    expect(shouldEscalate([change(3)], 'as_1', now)).toBe(false);
  });

  it('escalates a change that would be the third in 24 h', () => {
    expect(shouldEscalate([change(3), change(20)], 'as_1', now)).toBe(true);
  });

  it('forgets changes older than 24 h', () => {
    expect(shouldEscalate([change(3), change(24)], 'as_1', now)).toBe(false);
  });

  it('counts only the entity asked about', () => {
    expect(shouldEscalate([change(3), change(4, 'as_2')], 'as_1', now)).toBe(false);
  });

  it('does not count notifications as changes', () => {
    expect(shouldEscalate([change(3), change(4, 'as_1', 'notify_only')], 'as_1', now)).toBe(false);
  });

  it('takes the limit and window as options', () => {
    expect(shouldEscalate([change(30)], 'as_1', now, { maxChanges: 1, windowHours: 48 })).toBe(true);
  });
});
