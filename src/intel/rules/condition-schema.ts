import { z } from 'zod';
import { parseExpression } from './expression.ts';
import { COMPARISONS, FIELDS, OPERATORS, STRING_FIELDS, TREND_BASE, WINDOWS } from './fields.ts';

/** A number, or an expression over the account's targets in braces; the issue names what is wrong with it. */
export const thresholdSchema = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) ctx.addIssue({ code: 'custom', message: 'expected a finite number' });
    return;
  }
  if (!v.trim().startsWith('{')) {
    ctx.addIssue({ code: 'custom', message: 'expected a number or an expression like {target_cpa * 2}' });
    return;
  }
  try {
    parseExpression(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `invalid expression ${v}: ${(e as Error).message}` });
  }
});

const NUMBER_MESSAGE = 'expected a number or an expression like {target_cpa * 2}';

export const conditionSchema = z
  .object({
    field: z.enum(FIELDS, { error: `expected one of: ${FIELDS.join(', ')}` }),
    operator: z.enum(OPERATORS, { error: `expected one of: ${OPERATORS.join(' ')}` }),
    value: z.unknown().optional(),
    /** The metric window; defaults to the rule's. Ignored by fields that carry their own (spend_today, spend_7d). */
    window: z.enum(WINDOWS).optional(),
    /** for_hours: how many of the latest hourly buckets must satisfy `inner`. */
    hours: z.number().int().min(1).max(168).optional(),
    /** for_days: how many of the latest days must satisfy `inner`; trends: how many days to compare (default 7). */
    days: z.number().int().min(1).max(30).optional(),
    /** for_hours / for_days: the comparison that must hold in every bucket. */
    inner: z
      .object({ operator: z.enum(COMPARISONS), value: thresholdSchema })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const isString = STRING_FIELDS.includes(c.field);
    const need = (ok: boolean, message: string, path: (string | number)[] = ['value']) => {
      if (!ok) ctx.addIssue({ code: 'custom', message, path });
    };
    // Report the threshold's own problem (bad expression) rather than a generic one.
    const numeric = (v: unknown, path: (string | number)[]) => {
      if (typeof v !== 'number' && typeof v !== 'string') return need(false, NUMBER_MESSAGE, path);
      const r = thresholdSchema.safeParse(v);
      if (!r.success) need(false, r.error.issues[0]?.message ?? NUMBER_MESSAGE, path);
    };
    switch (c.operator) {
      case '>':
      case '<':
      case '>=':
      case '<=':
        if (isString) return need(false, `${c.field} is text; use is, is_not, in or not_in`, ['operator']);
        return numeric(c.value, ['value']);
      case '=':
      case '!=':
        if (isString) return need(typeof c.value === 'string', `expected a text value for ${c.field}`);
        return numeric(c.value, ['value']);
      case 'between': {
        if (isString) return need(false, `${c.field} is text and has no range`, ['operator']);
        if (!Array.isArray(c.value) || c.value.length !== 2) return need(false, 'expected [low, high]');
        c.value.forEach((v, i) => numeric(v, ['value', i]));
        if (typeof c.value[0] === 'number' && typeof c.value[1] === 'number')
          need(c.value[0] <= c.value[1], 'expected [low, high] with low ≤ high');
        return;
      }
      case 'is':
      case 'is_not':
        return need(
          typeof c.value === (isString ? 'string' : 'number'),
          `expected a ${isString ? 'text' : 'number'} value for ${c.field}`,
        );
      case 'in':
      case 'not_in': {
        const kind = isString ? 'string' : 'number';
        return need(
          Array.isArray(c.value) && c.value.length > 0 && c.value.every((v) => typeof v === kind),
          `expected a non-empty list of ${isString ? 'text values' : 'numbers'}`,
        );
      }
      case 'for_hours':
      case 'for_days': {
        if (isString) need(false, `${c.field} is text; for_hours and for_days compare numbers`, ['operator']);
        const key = c.operator === 'for_hours' ? 'hours' : 'days';
        need(c[key] !== undefined, `${c.operator} needs ${key} (${key === 'hours' ? '1–168' : '1–30'})`, [key]);
        need(c.inner !== undefined, `${c.operator} needs inner: { operator, value }`, ['inner']);
        need(c.value === undefined, `${c.operator} takes its threshold in inner.value`);
        return;
      }
      case 'increasing':
      case 'decreasing':
      case 'stable':
        if (isString) return need(false, `${c.field} is text and has no trend`, ['operator']);
        need(
          c.value === undefined || (typeof c.value === 'number' && c.value > 0 && c.value < 1000),
          'expected a percentage threshold, e.g. 20',
        );
        need(
          c.days === undefined || TREND_BASE[c.field] === undefined || c.days === 7,
          `${c.field} is already a 7-day trend; omit days`,
          ['days'],
        );
        return;
    }
  });
export type Condition = z.infer<typeof conditionSchema>;

export type ConditionNode = Condition | ConditionGroup;
export type ConditionGroup = { all: ConditionNode[] } | { any: ConditionNode[] };

export const isGroup = (n: ConditionNode): n is ConditionGroup => 'all' in n || 'any' in n;
const looksLikeGroup = (v: unknown) => typeof v === 'object' && v !== null && ('all' in v || 'any' in v);

/**
 * Validates with the schema the value itself asks for (a group when it has `all`/`any`, else a condition), so an
 * error points inside the node the author wrote instead of at a failed union of both shapes.
 */
function dispatch<T>(pick: (v: unknown) => z.ZodType<T>): z.ZodType<T> {
  return z.unknown().transform((v, ctx) => {
    const r = pick(v).safeParse(v);
    if (r.success) return r.data;
    for (const i of r.error.issues)
      ctx.addIssue({ code: 'custom', message: i.message, path: i.path.filter((p) => typeof p !== 'symbol') });
    return z.NEVER;
  });
}

const members = () => z.array(nodeSchema).min(1, 'a group needs at least one condition');
const allSchema = z.lazy(() => z.object({ all: members() }).strict());
const anySchema = z.lazy(() => z.object({ any: members() }).strict());

const notAGroup = z.never({ error: 'expected a group { all: [...] } or { any: [...] }' });

export const groupSchema: z.ZodType<ConditionGroup> = dispatch<ConditionGroup>((v) =>
  !looksLikeGroup(v) ? notAGroup : 'any' in (v as object) && !('all' in (v as object)) ? anySchema : allSchema,
);
const nodeSchema: z.ZodType<ConditionNode> = dispatch<ConditionNode>((v) =>
  looksLikeGroup(v) ? groupSchema : conditionSchema,
);
