import { describe, expect, it } from '@jest/globals';
import { RULE_LISTS, readRuleForm } from '../../../src/bot/rule-form.ts';
import { parseRule, parseRuleText } from '../../../src/intel/rules/index.ts';
import { ruleFingerprint } from '../../../src/bot/commands/rule-save.ts';
import { rulePreviewModal, ruleBuilderModal, validateView } from '../../../src/slack/blocks/index.ts';

describe('the rule builder views', () => {
  it('stay within Slack’s view limits, filled or empty', () => {
    expect(validateView(ruleBuilderModal(RULE_LISTS, '{"accountId":"act_1"}'))).toEqual([]);
    expect(
      validateView(
        ruleBuilderModal(RULE_LISTS, '{}', {
          name: 'x'.repeat(120),
          c1_field: 'cpa',
          c1_op: '>',
          c1_value: '{target_cpa * 2}',
        }),
      ),
    ).toEqual([]);
    const many = Array.from({ length: 400 }, (_, i) => ({ name: `Ad set ${i} ${'&'.repeat(60)}` }));
    const preview = rulePreviewModal(
      {
        ruleName: 'r'.repeat(300),
        currency: 'EUR',
        matchingNow: many,
        evaluatedNow: 400,
        backtest: { days: 30, totalMatches: 9000, entitiesAffected: 400, spendInvolved: 123456.789 },
        conflicts: Array.from({ length: 20 }, (_, i) => ({
          otherRule: `Rule ${i}`,
          entities: many.map((m) => m.name),
        })),
      },
      '{}',
    );
    expect(validateView(preview)).toEqual([]);
  });
});

describe('readRuleForm', () => {
  it('gives the same rule as the text form (all but the name it is given)', () => {
    const form = readRuleForm({
      name: 'Stop loss',
      level: 'adset',
      join: 'all',
      c1_field: 'spend',
      c1_window: '48h',
      c1_op: '>',
      c1_value: '100',
      c2_field: 'conversions',
      c2_window: '48h',
      c2_op: '=',
      c2_value: '0',
      action: 'pause',
      mode: 'approval_required',
      priority: '50',
      expiry: 'drop',
      expiry_hours: '24',
      backtest_days: '14',
    });
    const text = parseRuleText('if spend 48h > 100 and conversions 48h = 0 then pause adset');
    if (!form.ok || !text.ok) throw new Error('expected both to parse');
    expect(ruleFingerprint(parseRule(form.definition))).toBe(ruleFingerprint(text.rule));
  });

  it('refuses an OR row set with a text value on a numeric field, on that field', () => {
    const r = readRuleForm({
      name: 'x',
      level: 'campaign',
      join: 'any',
      c1_field: 'cpa',
      c1_op: '>',
      c1_value: 'lots',
      action: 'notify_only',
      mode: 'suggestion_only',
      priority: '10',
      expiry_hours: '24',
      backtest_days: '30',
    });
    expect(r).toEqual({ ok: false, errors: { c1_value: 'expected a number or an expression like {target_cpa * 2}' } });
  });
});
