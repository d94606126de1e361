import { z } from 'zod';
import { groupSchema } from './condition-schema.ts';
import { ACTIONS, EDIT_ACTIONS, ENTITY_TYPES, EXECUTION_MODES, WINDOWS } from './fields.ts';

export type { ActionType, ExecutionMode, Field, Operator, Window } from './fields.ts';
export type { Condition, ConditionGroup, ConditionNode } from './condition-schema.ts';

const actionSchema = z
  .object({
    type: z.enum(ACTIONS),
    params: z
      .object({
        /** Budget or bid change in percent of the current value (the safety gate caps it further). */
        percent: z.number().positive().max(100).optional(),
        /** notify_only: while this rule matches an entity, budget and bid changes on it are held back. */
        block_edits: z.boolean().optional(),
        /** A suggestion shown with the notification, e.g. "refresh the creative". */
        note: z.string().max(300).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

const expirySchema = z
  .object({
    /** What happens to a proposal nobody decided on: dropped, or escalated to the approvers. */
    policy: z.enum(['drop', 'escalate']).default('drop'),
    expires_in_hours: z
      .number()
      .min(1)
      .max(24 * 14)
      .optional(),
    /** Older spelling of expires_in_hours; stored rules use it. */
    hours: z
      .number()
      .min(1)
      .max(24 * 14)
      .optional(),
  })
  .strict()
  .transform((e) => ({ policy: e.policy, hours: e.expires_in_hours ?? e.hours ?? 24 }));

const minDataSchema = z
  .object({
    min_spend: z.number().min(0).default(0),
    min_impressions: z.number().int().min(0).default(0),
    min_conversions: z.number().min(0).default(0),
  })
  .strict();

export const ruleSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(500).optional(),
    applies_to: z.enum(ENTITY_TYPES),
    /** Default metric window of the conditions and of the minimum-data guards. */
    window: z.enum(WINDOWS).default('7d'),
    conditions: groupSchema,
    action: actionSchema,
    execution_mode: z.enum(EXECUTION_MODES).default('approval_required'),
    /** 1–100; matches are ordered highest first. */
    priority: z.number().int().min(1).max(100).default(50),
    /** Guards in the rule's window: below any of them the entity is reported as insufficient_data. */
    min_data: minDataSchema.default({ min_spend: 0, min_impressions: 0, min_conversions: 0 }),
    expiry: expirySchema.default({ policy: 'drop', hours: 24 }),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((r, ctx) => {
    const { type, params } = r.action;
    const isEdit = EDIT_ACTIONS.includes(type);
    if (isEdit && params.percent === undefined)
      ctx.addIssue({ code: 'custom', path: ['action', 'params', 'percent'], message: `${type} needs a percent` });
    if (!isEdit && params.percent !== undefined)
      ctx.addIssue({ code: 'custom', path: ['action', 'params', 'percent'], message: `${type} takes no percent` });
    if (isEdit && type !== 'adjust_bid' && r.applies_to === 'ad')
      ctx.addIssue({
        code: 'custom',
        path: ['action', 'type'],
        message: `ads have no budget of their own; apply ${type} to adsets or campaigns`,
      });
    if (params.block_edits && type !== 'notify_only')
      ctx.addIssue({
        code: 'custom',
        path: ['action', 'params', 'block_edits'],
        message: 'only notify_only rules can block edits',
      });
  });

/** A validated rule, defaults filled in. Plain JSON: it crosses Temporal payloads and is stored as jsonb. */
export type Rule = z.output<typeof ruleSchema>;
/** A rule as authors write it (defaults optional). */
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleAction = Rule['action'];
