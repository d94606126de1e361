import { describe, expect, it } from '@jest/globals';
import { parseRuleText } from '../../../src/intel/rules/index.ts';

const ok = (text: string) => {
  const r = parseRuleText(text);
  if (!r.ok) throw new Error(r.error);
  return r.rule;
};
const error = (text: string) => {
  const r = parseRuleText(text);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.error;
};

describe('parseRuleText', () => {
  it('reads the issue’s example into the engine’s schema', () => {
    const rule = ok('if spend 48h > 100 and conversions 48h = 0 then pause adset');
    expect(rule).toMatchObject({
      applies_to: 'adset',
      window: '48h',
      action: { type: 'pause', params: {} },
      conditions: {
        all: [
          { field: 'spend', window: '48h', operator: '>', value: 100 },
          { field: 'conversions', window: '48h', operator: '=', value: 0 },
        ],
      },
    });
  });

  it('binds AND tighter than OR, and parentheses group', () => {
    expect(ok('if cpa > 50 or roas < 1 and spend > 10 then notify ad').conditions).toEqual({
      any: [
        { field: 'cpa', operator: '>', value: 50 },
        {
          all: [
            { field: 'roas', operator: '<', value: 1 },
            { field: 'spend', operator: '>', value: 10 },
          ],
        },
      ],
    });
    expect(ok('if (cpa > 50 or roas < 1) and spend > 10 then notify ad').conditions).toEqual({
      all: [
        {
          any: [
            { field: 'cpa', operator: '>', value: 50 },
            { field: 'roas', operator: '<', value: 1 },
          ],
        },
        { field: 'spend', operator: '>', value: 10 },
      ],
    });
  });

  it('reads budget ± percent, expressions in braces, text fields and Slack’s escaped >', () => {
    const up = ok('if roas 7d &gt;= {target_roas * 1.5} and effective_status is ACTIVE then budget +20% adset');
    expect(up.action).toEqual({ type: 'increase_budget', params: { percent: 20 } });
    expect(up.conditions).toEqual({
      all: [
        { field: 'roas', window: '7d', operator: '>=', value: '{target_roas * 1.5}' },
        { field: 'effective_status', operator: 'is', value: 'ACTIVE' },
      ],
    });
    expect(ok('if cpa for_days 3 > {target_cpa * 2} then budget -15% campaign').action).toEqual({
      type: 'decrease_budget',
      params: { percent: 15 },
    });
  });

  it('points at the misspelt field and suggests the right one', () => {
    expect(error('if spnd 48h > 100 then pause adset')).toBe("unknown field 'spnd' at word 2; did you mean spend?");
  });

  it('refuses a window the field does not support, naming the word', () => {
    expect(error('if spend 48h > 1 and learning_phase 24h is LEARNING then pause adset')).toBe(
      'learning_phase is a current attribute and takes no window; drop 24h at word 8',
    );
    expect(error('if spend 36h > 1 then pause adset')).toContain("unknown window '36h' at word 3");
  });

  it('refuses an unknown operator, a missing value and a bad expression at their words', () => {
    expect(error('if spend 48h >> 1 then pause adset')).toContain("unknown operator '>>' at word 4");
    expect(error('if spend 48h > then pause adset')).toBe('expected a value at word 5');
    expect(error('if cpa > {target_cpa * } then pause adset')).toMatch(/invalid expression .* at word 2/);
  });

  it('refuses an action that does not fit the level, and a rule without level or action', () => {
    expect(error('if spend > 1 then budget +10% ad')).toContain('ads have no budget of their own');
    expect(error('if spend > 1 then pause')).toContain('expected the level');
    expect(error('if spend > 1 then adset')).toContain('expected an action');
    expect(error('if spend > 1 then pasue adset')).toBe(
      "unknown word 'pasue' at word 6 in the action; did you mean pause?",
    );
  });

  it('refuses a budget change without a percent through the engine’s own check', () => {
    expect(error('if spend > 1 then budget adset')).toBe('increase_budget needs a percent');
  });
});
