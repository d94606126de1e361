import type { Condition } from './condition-schema.ts';
import { compileFor, compileTrend } from './condition-series.ts';
import { STRING_FIELDS, type Window } from './fields.ts';
import { formatValue, metricPhrase, money, NOUN, windowPhrase } from './format.ts';
import { lookup, type Looked } from './lookup.ts';
import { resolveThreshold } from './threshold.ts';
import { compare, eq, FALSE, label, missing, type Check, type Tri } from './tri.ts';
import type { AccountContext, Evidence } from './types.ts';

export { FALSE, type Check, type Tri } from './tri.ts';

/**
 * Turns one condition into a check over entities. Thresholds are resolved once per evaluation, not per entity: an
 * unset account target makes the condition unjudgeable for every entity, and says which target.
 */
export function compileCondition(c: Condition, ruleWindow: Window, ctx: AccountContext): Check {
  const window = c.window ?? ruleWindow;
  switch (c.operator) {
    case '>':
    case '<':
    case '>=':
    case '<=':
    case '=':
    case '!=':
      if (STRING_FIELDS.includes(c.field))
        return text(c, window, (a) => (c.operator === '=' ? a === c.value : a !== c.value));
      return compileComparison(c, window, ctx);
    case 'between':
      return compileBetween(c, window, ctx);
    case 'is':
    case 'is_not':
      return text(
        c,
        window,
        (a) =>
          (typeof a === 'number' && typeof c.value === 'number' ? eq(a, c.value) : a === c.value) ===
          (c.operator === 'is'),
      );
    case 'in':
    case 'not_in': {
      const list = c.value as (string | number)[];
      return text(
        c,
        window,
        (a) =>
          list.some((x) => (typeof a === 'number' && typeof x === 'number' ? eq(a, x) : a === x)) ===
          (c.operator === 'in'),
      );
    }
    case 'for_hours':
    case 'for_days':
      return compileFor(c, ctx);
    case 'increasing':
    case 'decreasing':
    case 'stable':
      return compileTrend(c);
  }
}

const resolve = (v: unknown, ctx: AccountContext) => resolveThreshold(v as number | string, ctx);

/** A met condition with the one piece of evidence that shows it. */
function evidence(
  c: Condition,
  actual: Evidence['actual'],
  threshold: Evidence['threshold'],
  text: string,
  w: Window | null,
): Tri {
  return {
    result: true,
    evidence: [{ field: c.field, window: w, operator: c.operator, actual, threshold, text }],
    missing: [],
  };
}

/** A numeric comparison against a number or an account target. */
function compileComparison(c: Condition, window: Window, ctx: AccountContext): Check {
  const cur = ctx.currency;
  const show = (v: number | string | null | undefined) => formatValue(c.field, v, cur);
  const t = resolve(c.value, ctx);
  if ('missing' in t) return () => missing(...t.missing);
  const noEvents = (l: Looked, shown: string) =>
    `had no ${c.field === 'cpa' ? 'purchases' : 'clicks'} for ${money(l.value as number, cur)} of spend${windowPhrase(l.window)} (${NOUN[c.field]} threshold: ${shown})`;
  return (e) => {
    const l = lookup(e, c.field, window);
    if (l.value === undefined) return missing(label(c.field, l.window));
    if (typeof l.value !== 'number') return missing(`${c.field} as a number`);
    if (!compare(c.operator, l as Looked & { value: number }, t.value)) return FALSE;
    if (l.noEvents) return evidence(c, null, t.value, noEvents(l, show(t.value)), l.window);
    return evidence(
      c,
      l.value,
      t.value,
      `${metricPhrase(c.field, show(l.value), l.window)} (threshold: ${c.operator === '=' || c.operator === '!=' ? `${c.operator} ` : ''}${show(t.value)})`,
      l.window,
    );
  };
}

function compileBetween(c: Condition, window: Window, ctx: AccountContext): Check {
  const show = (v: number | string | null | undefined) => formatValue(c.field, v, ctx.currency);
  const [lo, hi] = (c.value as unknown[]).map((v) => resolve(v, ctx));
  if (!lo || !hi) return FALSE_CHECK;
  if ('missing' in lo || 'missing' in hi)
    return () => missing(...('missing' in lo ? lo.missing : []), ...('missing' in hi ? hi.missing : []));
  return (e) => {
    const l = lookup(e, c.field, window);
    if (typeof l.value !== 'number') return missing(label(c.field, l.window));
    if (l.noEvents || l.value < lo.value || l.value > hi.value) return FALSE;
    return evidence(
      c,
      l.value,
      [lo.value, hi.value],
      `${metricPhrase(c.field, show(l.value), l.window)} (range: ${show(lo.value)}–${show(hi.value)})`,
      l.window,
    );
  };
}

const FALSE_CHECK: Check = () => FALSE;

/** is / is_not / in / not_in, and `=` / `!=` on text: the value itself is the evidence. */
function text(c: Condition, window: Window, ok: (actual: number | string) => boolean): Check {
  const wanted = Array.isArray(c.value) ? c.value.join(', ') : String(c.value);
  const negated = c.operator === 'is_not' || c.operator === 'not_in' || c.operator === '!=';
  return (e) => {
    const l = lookup(e, c.field, window);
    if (l.value === undefined) return missing(label(c.field, l.window));
    if (!ok(l.value)) return FALSE;
    const shown = formatValue(c.field, l.value);
    const note = negated ? ` (not ${wanted})` : Array.isArray(c.value) ? ` (one of: ${wanted})` : '';
    return {
      result: true,
      evidence: [
        {
          field: c.field,
          window: l.window,
          operator: c.operator,
          actual: l.value,
          threshold: c.value as Evidence['threshold'],
          text: `${metricPhrase(c.field, shown, l.window)}${note}`,
        },
      ],
      missing: [],
    };
  };
}
