import { describe, expect, it } from '@jest/globals';
import { defaultRuleTemplates, findRuleConflicts, type RuleInput } from '../../../src/intel/rules/index.ts';
import { rule } from './fixtures.ts';

const up = (conditions: RuleInput['conditions'], o: Partial<RuleInput> = {}) =>
  rule({ name: 'up', action: { type: 'increase_budget', params: { percent: 20 } }, conditions, ...o });
const down = (conditions: RuleInput['conditions'], o: Partial<RuleInput> = {}) =>
  rule({ name: 'down', action: { type: 'decrease_budget', params: { percent: 20 } }, conditions, ...o });

describe('findRuleConflicts', () => {
  it('flags raise vs lower budget on overlapping conditions', () => {
    const c = findRuleConflicts([
      up({ all: [{ field: 'roas', operator: '>', value: 4 }] }),
      down({ all: [{ field: 'roas', operator: '>', value: 2 }] }),
    ]);
    expect(c).toEqual([{ a: 'up', b: 'down', reason: expect.stringContaining('can both hold') }]);
  });

  it('flags pause vs activate', () => {
    const pause = rule({ name: 'p', action: { type: 'pause' } });
    const activate = rule({ name: 'a', action: { type: 'activate' } });
    expect(findRuleConflicts([pause, activate])).toHaveLength(1);
  });

  it('clears a pair provably disjoint on a shared numeric field', () => {
    expect(
      findRuleConflicts([
        up({ all: [{ field: 'roas', operator: '>', value: 4 }] }),
        down({ all: [{ field: 'roas', operator: '<', value: 1 }] }),
      ]),
    ).toEqual([]);
  });

  it('treats > 4 and <= 4 as disjoint but >= 4 and <= 4 as overlapping', () => {
    const a = up({ all: [{ field: 'roas', operator: '>', value: 4 }] });
    const b = up({ all: [{ field: 'roas', operator: '>=', value: 4 }] });
    const low = down({ all: [{ field: 'roas', operator: '<=', value: 4 }] });
    expect(findRuleConflicts([a, low])).toHaveLength(0);
    expect(findRuleConflicts([b, low])).toHaveLength(1);
  });

  it('does not count fields compared in different windows as shared', () => {
    const a = up({ all: [{ field: 'roas', operator: '>', value: 4, window: '24h' }] });
    const b = down({ all: [{ field: 'roas', operator: '<', value: 1 }] });
    expect(findRuleConflicts([a, b])).toHaveLength(1);
  });

  it('does not count a condition inside an OR as required', () => {
    const a = up({
      any: [
        { field: 'roas', operator: '>', value: 4 },
        { field: 'ctr', operator: '>', value: 0.05 },
      ],
    });
    expect(findRuleConflicts([a, down({ all: [{ field: 'roas', operator: '<', value: 1 }] })])).toHaveLength(1);
  });

  it('clears a pair disjoint on a text field', () => {
    const a = up({ all: [{ field: 'learning_phase', operator: 'is', value: 'SUCCESS' }] });
    const b = down({ all: [{ field: 'learning_phase', operator: 'in', value: ['LEARNING', 'FAIL'] }] });
    expect(findRuleConflicts([a, b])).toEqual([]);
  });

  it('resolves expressions only when given the targets', () => {
    const a = up({ all: [{ field: 'cpa', operator: '<', value: '{target_cpa}' }] });
    const b = down({ all: [{ field: 'cpa', operator: '>', value: '{target_cpa * 2}' }] });
    expect(findRuleConflicts([a, b])).toHaveLength(1);
    expect(findRuleConflicts([a, b], { target_cpa: 25 })).toHaveLength(0);
  });

  it('ignores rules on different entity types', () => {
    const a = up({ all: [{ field: 'roas', operator: '>', value: 4 }] }, { applies_to: 'campaign' });
    expect(findRuleConflicts([a, down({ all: [{ field: 'roas', operator: '>', value: 4 }] })])).toEqual([]);
  });

  it('names rules by id when they have one', () => {
    const c = findRuleConflicts([
      { ...up({ all: [{ field: 'spend', operator: '>', value: 1 }] }), id: 'r1' },
      { ...down({ all: [{ field: 'spend', operator: '>', value: 1 }] }), id: 'r2' },
    ]);
    expect([c[0]?.a, c[0]?.b]).toEqual(['r1', 'r2']);
  });

  it('flags the CPA and ROAS templates, which can both hold on a high order value', () => {
    expect(findRuleConflicts(Object.values(defaultRuleTemplates)).map((c) => [c.a, c.b])).toEqual([
      ['CPA over 2× target', 'Scale ROAS winners'],
    ]);
  });
});
