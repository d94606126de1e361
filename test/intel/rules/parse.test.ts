import { describe, expect, it } from '@jest/globals';
import { parseRule, RuleValidationError } from '../../../src/intel/rules/index.ts';
import { cond, rule } from './fixtures.ts';

const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RuleValidationError);
    return (e as RuleValidationError).issues;
  }
  throw new Error('expected a RuleValidationError');
};

describe('parseRule', () => {
  it('fills in the defaults', () => {
    expect(rule()).toMatchObject({
      execution_mode: 'approval_required',
      priority: 50,
      min_data: { min_spend: 0, min_impressions: 0, min_conversions: 0 },
      expiry: { policy: 'drop', hours: 24 },
      enabled: true,
      action: { type: 'notify_only', params: {} },
    });
  });

  it('reads expires_in_hours into expiry.hours', () => {
    expect(rule({ expiry: { policy: 'escalate', expires_in_hours: 6 } }).expiry).toEqual({
      policy: 'escalate',
      hours: 6,
    });
  });

  it('returns plain JSON that parses back to the same rule', () => {
    const r = rule({ conditions: { any: [{ field: 'cpa', operator: '>', value: '{target_cpa * 2}' }] } });
    expect(parseRule(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('points at the bad value of a nested condition', () => {
    const issues = issuesOf(() =>
      rule({
        conditions: {
          all: [
            { field: 'spend', operator: '>', value: 1 },
            { any: [{ field: 'cpa', operator: '>', value: 'lots' as never }] },
          ],
        },
      }),
    );
    expect(issues).toEqual([
      { path: 'conditions.all[1].any[0].value', message: 'expected a number or an expression like {target_cpa * 2}' },
    ]);
  });

  it('puts each problem on its own line of the message', () => {
    expect(() =>
      parseRule({ name: '', applies_to: 'keyword', conditions: { all: [] }, action: { type: 'pause' } }),
    ).toThrow(
      /Invalid rule:\n {2}name: .+\n {2}applies_to: .+\n {2}conditions\.all: a group needs at least one condition/,
    );
  });

  it.each([
    [{ field: 'mood', operator: '>', value: 1 }, 'conditions.all[0].field', /expected one of: spend/],
    [{ field: 'spend', operator: '~', value: 1 }, 'conditions.all[0].operator', /expected one of: >/],
    [{ field: 'spend', operator: '>', valeu: 1 }, 'conditions.all[0]', /Unrecognized key: "valeu"/],
    [
      { field: 'spend', operator: '>', value: '{target_cpc * 2}' },
      'conditions.all[0].value',
      /unknown variable "target_cpc"/,
    ],
    [{ field: 'spend', operator: 'between', value: [1, 'x'] }, 'conditions.all[0].value[1]', /expected a number/],
    [{ field: 'spend', operator: 'between', value: [5, 1] }, 'conditions.all[0].value', /low ≤ high/],
    [{ field: 'effective_status', operator: '>', value: 1 }, 'conditions.all[0].operator', /is text/],
    [{ field: 'effective_status', operator: 'is', value: 1 }, 'conditions.all[0].value', /expected a text value/],
    [{ field: 'learning_phase', operator: 'in', value: [] }, 'conditions.all[0].value', /non-empty list/],
    [
      { field: 'spend', operator: 'for_hours', inner: { operator: '>', value: 1 } },
      'conditions.all[0].hours',
      /needs hours/,
    ],
    [{ field: 'cpa', operator: 'for_days', days: 3 }, 'conditions.all[0].inner', /needs inner/],
    [{ field: 'ctr', operator: 'decreasing', value: -5 }, 'conditions.all[0].value', /percentage/],
    [{ field: 'spend', operator: '>', value: 1, window: '3d' }, 'conditions.all[0].window', /.+/],
  ])('refuses condition %j at %s', (c, path, message) => {
    const issues = issuesOf(() => cond(c));
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)?.message).toMatch(message);
  });

  it('refuses a group that is neither all nor any', () => {
    expect(issuesOf(() => rule({ conditions: { some: [] } }))[0]).toEqual({
      path: 'conditions',
      message: 'expected a group { all: [...] } or { any: [...] }',
    });
  });

  it('refuses a budget action without a percent', () => {
    expect(issuesOf(() => rule({ action: { type: 'increase_budget' } }))).toEqual([
      { path: 'action.params.percent', message: 'increase_budget needs a percent' },
    ]);
  });

  it('refuses a budget change on ads, which have no budget', () => {
    expect(
      issuesOf(() => rule({ applies_to: 'ad', action: { type: 'decrease_budget', params: { percent: 10 } } }))[0]?.path,
    ).toBe('action.type');
  });

  it('refuses block_edits on an action other than notify_only', () => {
    expect(issuesOf(() => rule({ action: { type: 'pause', params: { block_edits: true } } }))[0]?.path).toBe(
      'action.params.block_edits',
    );
  });

  it('refuses a priority outside 1–100', () => {
    expect(issuesOf(() => rule({ priority: 0 }))[0]?.path).toBe('priority');
  });
});
