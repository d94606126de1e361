import { parseRule } from './parse.ts';
import type { Rule, RuleInput } from './schema.ts';

/** The five default rules installed for a new account (seed design §8), keyed by template id. */
export const TEMPLATE_INPUTS: Record<string, RuleInput> = {
  zero_conversion_stop_loss: {
    name: 'Zero-conversion stop loss',
    description:
      'Pause an ad set that spent more than 2× target CPA (or $100 without a target) in 48 h with no purchase.',
    applies_to: 'adset',
    window: '48h',
    conditions: {
      all: [
        { field: 'spend', operator: '>', value: '{target_cpa * 2 ?? 100}' },
        { field: 'conversions', operator: '=', value: 0 },
        { field: 'effective_status', operator: 'is', value: 'ACTIVE' },
      ],
    },
    action: { type: 'pause' },
    // Losing money outranks everything else, and a pause is allowed even in learning (see EDIT_ACTIONS).
    priority: 90,
  },
  cpa_over_twice_target: {
    name: 'CPA over 2× target',
    description: 'Lower the budget 20% of an ad set whose CPA stayed above twice the target for 3 days.',
    applies_to: 'adset',
    window: '72h',
    conditions: {
      all: [
        { field: 'cpa', operator: 'for_days', days: 3, inner: { operator: '>', value: '{target_cpa * 2}' } },
        { field: 'learning_phase', operator: 'is_not', value: 'LEARNING' },
        { field: 'effective_status', operator: 'is', value: 'ACTIVE' },
      ],
    },
    action: { type: 'decrease_budget', params: { percent: 20 } },
    priority: 70,
    min_data: { min_spend: 50 },
  },
  scale_roas_winners: {
    name: 'Scale ROAS winners',
    description:
      'Raise the budget 20% of an ad set with ROAS at least 1.5× target (or 3) for 3 days and 10+ purchases, out of learning.',
    applies_to: 'adset',
    window: '72h',
    conditions: {
      all: [
        { field: 'roas', operator: 'for_days', days: 3, inner: { operator: '>=', value: '{target_roas * 1.5 ?? 3}' } },
        { field: 'conversions', operator: '>=', value: 10 },
        { field: 'learning_phase', operator: 'is_not', value: 'LEARNING' },
        { field: 'effective_status', operator: 'is', value: 'ACTIVE' },
      ],
    },
    action: { type: 'increase_budget', params: { percent: 20 } },
    priority: 60,
  },
  protect_learning_phase: {
    name: 'Protect learning phase',
    description: 'Hold back budget and bid changes on ad sets in the learning phase: a significant edit restarts it.',
    applies_to: 'adset',
    window: '24h',
    conditions: {
      all: [
        { field: 'learning_phase', operator: 'is', value: 'LEARNING' },
        { field: 'effective_status', operator: 'is', value: 'ACTIVE' },
      ],
    },
    action: {
      type: 'notify_only',
      params: { block_edits: true, note: 'In learning: budget and bid changes wait until it exits.' },
    },
    execution_mode: 'suggestion_only',
    priority: 40,
  },
  creative_fatigue_alert: {
    name: 'Creative fatigue alert',
    description:
      'Flag ads the fatigue detector sees sliding (frequency rising, CTR falling) before CTR collapses, or shown more ' +
      'than 3.5 times per person with a CTR down 20% over 7 days: time for a new creative.',
    applies_to: 'ad',
    window: '7d',
    conditions: {
      any: [
        { field: 'fatigue_forecast', operator: 'in', value: ['at_risk', 'fatiguing'] },
        {
          all: [
            { field: 'frequency', operator: '>', value: 3.5 },
            { field: 'ctr_trend_7d', operator: 'decreasing', value: 20 },
          ],
        },
      ],
    },
    action: { type: 'notify_only', params: { note: 'Refresh the creative: the audience has seen it too often.' } },
    execution_mode: 'suggestion_only',
    priority: 50,
    min_data: { min_impressions: 5_000 },
  },
};

/** The default templates, validated (parsing them at import also proves they stay valid). */
export const defaultRuleTemplates: Readonly<Record<string, Rule>> = Object.freeze(
  Object.fromEntries(Object.entries(TEMPLATE_INPUTS).map(([id, r]) => [id, parseRule(r)])),
);

/** A default template by id, or undefined. Throws nothing. */
export function templateById(id: string): Rule | undefined {
  return Object.hasOwn(defaultRuleTemplates, id) ? defaultRuleTemplates[id] : undefined;
}
