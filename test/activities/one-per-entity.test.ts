import { describe, expect, it } from '@jest/globals';
import { onePerEntity } from '../../src/activities/proposals.ts';
import type { RuleMatch } from '../../src/intel/rules/index.ts';

type R = { rule: { name: string; execution_mode: string } };
const rule = (name: string, mode = 'approval_required'): R => ({ rule: { name, execution_mode: mode } });
const match = (entityId: string, type: string) => ({ entityId, action: { type, params: {} } }) as unknown as RuleMatch;

describe('one action per entity', () => {
  const scale = rule('scale');
  const trim = rule('trim');
  const stop = rule('stop');
  const fatigue = rule('fatigue note', 'suggestion_only');
  const matches = new Map<R['rule'], RuleMatch[]>([
    [scale.rule, [match('a', 'increase_budget'), match('b', 'increase_budget')]],
    [trim.rule, [match('a', 'decrease_budget')]],
    [stop.rule, [match('a', 'pause'), match('c', 'pause')]],
    [fatigue.rule, [match('a', 'notify_only')]],
  ]);
  const run = (busy: string[]) =>
    onePerEntity([scale, trim, stop, fatigue], (r) => matches.get(r) ?? [], new Set(busy)).map(
      (x) => `${x.m.entityId}:${x.m.action.type}`,
    );

  it('keeps the most protective of several actions on one entity, and every suggestion', () => {
    expect(run([]).sort()).toEqual(['a:notify_only', 'a:pause', 'b:increase_budget', 'c:pause']);
  });

  it('proposes nothing that acts on an entity that already has an open proposal', () => {
    expect(run(['a', 'c']).sort()).toEqual(['a:notify_only', 'b:increase_budget']);
  });
});
