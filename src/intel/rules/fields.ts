/** The vocabulary of rules: what a condition may test, how, over which window, and what a match may do. */

/** Metric and attribute fields a rule may test (seed design §3.3, §8). */
export const FIELDS = [
  'spend',
  'spend_today',
  'spend_7d',
  'conversions',
  'conversions_today',
  'conversion_value',
  'cpa',
  'cpc',
  'cpm',
  'roas',
  'ctr',
  'frequency',
  'impressions',
  'reach',
  'clicks',
  'effective_status',
  'learning_phase',
  'days_active',
  'hours_since_conversion',
  'ctr_trend_7d',
  'cpa_trend_7d',
  'roas_trend_7d',
  'fatigue_forecast',
] as const;
export type Field = (typeof FIELDS)[number];

/**
 * `fatigue_forecast` (ads): the predictive fatigue detector's verdict at the last scoring, `fatiguing`, `at_risk` or
 * `none`; `unknown` without a fresh verdict (thin history, or not scored yet).
 */
export const STRING_FIELDS: readonly Field[] = ['effective_status', 'learning_phase', 'fatigue_forecast'];
export const MONEY_FIELDS: readonly Field[] = [
  'spend',
  'spend_today',
  'spend_7d',
  'conversion_value',
  'cpa',
  'cpc',
  'cpm',
];

/** Fields that are properties of the entity now, not sums over a window. */
export const ATTRIBUTE_FIELDS: readonly Field[] = [
  'effective_status',
  'learning_phase',
  'days_active',
  'hours_since_conversion',
  'ctr_trend_7d',
  'cpa_trend_7d',
  'roas_trend_7d',
  'fatigue_forecast',
];

/** `*_trend_7d` fields are a percent change of this daily metric over 7 days. */
export const TREND_BASE: Partial<Record<Field, Field>> = {
  ctr_trend_7d: 'ctr',
  cpa_trend_7d: 'cpa',
  roas_trend_7d: 'roas',
};

export const OPERATORS = [
  '>',
  '<',
  '>=',
  '<=',
  '=',
  '!=',
  'between',
  'for_hours',
  'for_days',
  'increasing',
  'decreasing',
  'stable',
  'is',
  'is_not',
  'in',
  'not_in',
] as const;
export type Operator = (typeof OPERATORS)[number];
export const COMPARISONS = ['>', '<', '>=', '<=', '=', '!='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const WINDOWS = ['today', '24h', '48h', '72h', '7d', 'lifetime'] as const;
export type Window = (typeof WINDOWS)[number];

export const ACTIONS = [
  'pause',
  'activate',
  'increase_budget',
  'decrease_budget',
  'adjust_bid',
  'duplicate',
  'notify_only',
] as const;
export type ActionType = (typeof ACTIONS)[number];
/** Actions that change delivery settings and so restart Meta's learning phase ("significant edits"). */
export const EDIT_ACTIONS: readonly ActionType[] = ['increase_budget', 'decrease_budget', 'adjust_bid'];

export const EXECUTION_MODES = ['approval_required', 'automatic', 'suggestion_only'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

export const ENTITY_TYPES = ['campaign', 'adset', 'ad'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
