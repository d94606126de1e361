import { z } from 'zod';

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
] as const;
export type Field = (typeof FIELDS)[number];

export const STRING_FIELDS: readonly Field[] = ['effective_status', 'learning_phase'];
export const MONEY_FIELDS: readonly Field[] = [
  'spend',
  'spend_today',
  'spend_7d',
  'conversion_value',
  'cpa',
  'cpc',
  'cpm',
];

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
export const EXECUTION_MODES = ['approval_required', 'automatic', 'suggestion_only'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

/**
 * A number, or an expression over the account's targets: `{target_cpa * 2}`, `{target_roas}`, with an optional
 * fallback when the target is not set: `{target_cpa * 2 ?? 100}`.
 */
export const EXPRESSION =
  /^\{\s*(target_cpa|target_roas)\s*(?:([*/+-])\s*(\d+(?:\.\d+)?))?\s*(?:\?\?\s*(\d+(?:\.\d+)?))?\s*\}$/;
const numberOrExpr = z.union([
  z.number(),
  z.string().regex(EXPRESSION, 'expected a number or an expression like {target_cpa * 2}'),
]);
const comparison = z.enum(['>', '<', '>=', '<=', '=', '!=']);

export const conditionSchema = z
  .object({
    field: z.enum(FIELDS, { error: `expected one of: ${FIELDS.join(', ')}` }),
    operator: z.enum(OPERATORS, { error: `expected one of: ${OPERATORS.join(' ')}` }),
    value: z.unknown().optional(),
    window: z.enum(WINDOWS).optional(),
    /** for_hours / for_days: how long the inner comparison must have held; trends: days compared (default 7). */
    hours: z.number().int().min(1).max(168).optional(),
    days: z.number().int().min(1).max(30).optional(),
    /** for_hours / for_days: the comparison that must hold in every bucket. */
    inner: z.object({ operator: comparison, value: numberOrExpr }).optional(),
  })
  .superRefine((c, ctx) => {
    const isString = STRING_FIELDS.includes(c.field);
    const need = (ok: boolean, message: string, path: (string | number)[] = ['value']) =>
      ok || ctx.addIssue({ code: 'custom', message, path });
    switch (c.operator) {
      case '>':
      case '<':
      case '>=':
      case '<=':
        need(!isString, `${c.field} is text; use is, is_not, in or not_in`, ['operator']);
        need(numberOrExpr.safeParse(c.value).success, 'expected a number or an expression like {target_cpa * 2}');
        break;
      case '=':
      case '!=':
        need(
          isString ? typeof c.value === 'string' : numberOrExpr.safeParse(c.value).success,
          isString ? 'expected a text value' : 'expected a number or an expression',
        );
        break;
      case 'between':
        need(
          Array.isArray(c.value) && c.value.length === 2 && c.value.every((v) => numberOrExpr.safeParse(v).success),
          'expected [low, high]',
        );
        break;
      case 'is':
      case 'is_not':
        need(isString && typeof c.value === 'string', `expected a text value for ${c.field}`);
        break;
      case 'in':
      case 'not_in':
        need(
          Array.isArray(c.value) && c.value.length > 0 && c.value.every((v) => typeof v === 'string'),
          'expected a non-empty list of text values',
        );
        break;
      case 'for_hours':
        need(c.hours !== undefined, 'for_hours needs hours (1–168)', ['hours']);
        need(c.inner !== undefined, 'for_hours needs inner: { operator, value }', ['inner']);
        break;
      case 'for_days':
        need(c.days !== undefined, 'for_days needs days (1–30)', ['days']);
        need(c.inner !== undefined, 'for_days needs inner: { operator, value }', ['inner']);
        break;
      case 'increasing':
      case 'decreasing':
      case 'stable':
        need(!isString, `${c.field} is text and has no trend`, ['operator']);
        need(
          c.value === undefined || (typeof c.value === 'number' && c.value > 0 && c.value < 1000),
          'expected a percentage threshold, e.g. 20',
        );
        break;
    }
  });
export type Condition = z.infer<typeof conditionSchema>;

export type ConditionGroup = { all: (Condition | ConditionGroup)[] } | { any: (Condition | ConditionGroup)[] };
export const groupSchema: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.union(
    [
      z
        .object({
          all: z.array(z.union([conditionSchema, groupSchema])).min(1, 'a group needs at least one condition'),
        })
        .strict(),
      z
        .object({
          any: z.array(z.union([conditionSchema, groupSchema])).min(1, 'a group needs at least one condition'),
        })
        .strict(),
    ],
    { error: 'expected a group { all: [...] } or { any: [...] }' },
  ),
);

export const ruleSchema = z
  .object({
    name: z.string().min(1).max(120),
    description: z.string().max(500).optional(),
    applies_to: z.enum(['campaign', 'adset', 'ad']),
    window: z.enum(WINDOWS).default('7d'),
    conditions: groupSchema,
    action: z.object({
      type: z.enum(ACTIONS),
      params: z
        .object({ percent: z.number().positive().max(100).optional() })
        .strict()
        .default({}),
    }),
    execution_mode: z.enum(EXECUTION_MODES).default('approval_required'),
    priority: z.number().int().min(1).max(100).default(50),
    min_data: z
      .object({
        min_spend: z.number().min(0).default(0),
        min_impressions: z.number().int().min(0).default(0),
        min_conversions: z.number().min(0).default(0),
      })
      .default({ min_spend: 0, min_impressions: 0, min_conversions: 0 }),
    expiry: z
      .object({
        policy: z.enum(['drop', 'escalate']).default('drop'),
        hours: z
          .number()
          .min(1)
          .max(24 * 14)
          .default(24),
      })
      .default({ policy: 'drop', hours: 24 }),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    const needsPercent =
      r.action.type === 'increase_budget' || r.action.type === 'decrease_budget' || r.action.type === 'adjust_bid';
    if (needsPercent && r.action.params.percent === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['action', 'params', 'percent'],
        message: `${r.action.type} needs a percent`,
      });
  });
export type Rule = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;

/** An invalid rule; the message lists each problem with the path to the bad part. */
export class RuleValidationError extends Error {
  override name = 'RuleValidationError';
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`Invalid rule:\n${issues.map((i) => `  ${i.path || '(rule)'}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

/**
 * Validates a rule definition.
 * @throws RuleValidationError pointing at each bad part (e.g. `conditions.all[1].value: expected a number …`).
 */
export function parseRule(input: unknown): Rule {
  const r = ruleSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = flatten(r.error.issues).map((i) => ({
    path: i.path.reduce<string>(
      (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      '',
    ),
    message: i.message,
  }));
  throw new RuleValidationError(issues);
}

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/**
 * A union (a condition, or a nested group) fails as one "invalid union" issue; point at the bad part instead, by
 * taking the alternative whose issues go deepest (the one the author most likely meant).
 */
function flatten(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && i.errors?.length) {
      const branches = i.errors.map((b) => flatten(b, path));
      const depth = (b: { path: PropertyKey[] }[]) => Math.max(...b.map((x) => x.path.length));
      return branches.reduce((best, b) => (depth(b) > depth(best) ? b : best));
    }
    return [{ path, message: i.message }];
  });
}
