import type { Condition } from './condition-schema.ts';
import { STRING_FIELDS, TREND_BASE, type Field, type Window } from './fields.ts';
import { NOUN, OPERATOR_WORDS, formatValue, metricPhrase, money, windowPhrase } from './format.ts';
import { lookup, readValue, trendPercent, type Looked } from './lookup.ts';
import { resolveThreshold } from './threshold.ts';
import type { AccountContext, EntityMetrics, Evidence } from './types.ts';

/** Three-valued: a condition holds, does not, or cannot be judged for lack of data. */
export type Tri = { result: true | false | 'missing'; evidence: Evidence[]; missing: string[] };
export type Check = (e: EntityMetrics) => Tri;

export const FALSE: Tri = Object.freeze({ result: false, evidence: [], missing: [] });
const missing = (...what: string[]): Tri => ({ result: 'missing', evidence: [], missing: what });
/** How a missing value is listed: `reach (7d)`, `learning_phase`. */
const label = (field: Field, w: Window | null) => (w ? `${field} (${w})` : field);

// Ratios computed from sums differ in the last bits; `=` should not depend on that.
const eq = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function compare(op: string, l: Looked & { value: number }, t: number): boolean {
  if (l.noEvents) return op === '>' ? l.value > t : op === '>=' ? l.value >= t : op === '!=';
  const a = l.value;
  if (op === '>') return a > t;
  if (op === '<') return a < t;
  if (op === '>=') return a >= t;
  if (op === '<=') return a <= t;
  return op === '=' ? eq(a, t) : !eq(a, t);
}

/**
 * Turns one condition into a check over entities. Thresholds are resolved once per evaluation, not per entity: an
 * unset account target makes the condition unjudgeable for every entity, and says which target.
 */
export function compileCondition(c: Condition, ruleWindow: Window, ctx: AccountContext): Check {
  const cur = ctx.currency;
  const show = (v: number | string | null | undefined) => formatValue(c.field, v, cur);
  const window = c.window ?? ruleWindow;
  const resolve = (v: unknown) => resolveThreshold(v as number | string, ctx);
  const evidence = (
    actual: Evidence['actual'],
    threshold: Evidence['threshold'],
    text: string,
    w: Window | null,
    series?: (number | null)[],
  ): Tri => ({
    result: true,
    evidence: [
      { field: c.field, window: w, operator: c.operator, actual, threshold, ...(series ? { series } : {}), text },
    ],
    missing: [],
  });
  const noEvents = (l: Looked, t: string) =>
    `had no ${c.field === 'cpa' ? 'purchases' : 'clicks'} for ${money(l.value as number, cur)} of spend${windowPhrase(l.window)} (${NOUN[c.field]} threshold: ${t})`;

  switch (c.operator) {
    case '>':
    case '<':
    case '>=':
    case '<=':
    case '=':
    case '!=': {
      if (STRING_FIELDS.includes(c.field))
        return text(c, window, (a) => (c.operator === '=' ? a === c.value : a !== c.value));
      const t = resolve(c.value);
      if ('missing' in t) return () => missing(...t.missing);
      return (e) => {
        const l = lookup(e, c.field, window);
        if (l.value === undefined) return missing(label(c.field, l.window));
        if (typeof l.value !== 'number') return missing(`${c.field} as a number`);
        if (!compare(c.operator, l as Looked & { value: number }, t.value)) return FALSE;
        if (l.noEvents) return evidence(null, t.value, noEvents(l, show(t.value)), l.window);
        return evidence(
          l.value,
          t.value,
          `${metricPhrase(c.field, show(l.value), l.window)} (threshold: ${c.operator === '=' || c.operator === '!=' ? `${c.operator} ` : ''}${show(t.value)})`,
          l.window,
        );
      };
    }
    case 'between': {
      const [lo, hi] = (c.value as unknown[]).map(resolve);
      if (!lo || !hi) return FALSE_CHECK;
      if ('missing' in lo || 'missing' in hi)
        return () => missing(...('missing' in lo ? lo.missing : []), ...('missing' in hi ? hi.missing : []));
      return (e) => {
        const l = lookup(e, c.field, window);
        if (typeof l.value !== 'number') return missing(label(c.field, l.window));
        if (l.noEvents || l.value < lo.value || l.value > hi.value) return FALSE;
        return evidence(
          l.value,
          [lo.value, hi.value],
          `${metricPhrase(c.field, show(l.value), l.window)} (range: ${show(lo.value)}–${show(hi.value)})`,
          l.window,
        );
      };
    }
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

/** for_hours / for_days: the inner comparison held in every one of the latest N buckets. */
function compileFor(c: Condition, ctx: AccountContext): Check {
  const hours = c.operator === 'for_hours';
  const n = (hours ? c.hours : c.days)!;
  const unit = hours ? 'hours' : 'days';
  const inner = c.inner!;
  const t = resolveThreshold(inner.value, ctx);
  if ('missing' in t) return () => missing(...t.missing);
  const show = (v: number) => formatValue(c.field, v, ctx.currency);
  return (e) => {
    const buckets = (hours ? e.hourly : e.daily) ?? [];
    if (buckets.length < n) return missing(`${c.field} (${n} ${unit} of history; ${buckets.length} available)`);
    const series: (number | null)[] = [];
    for (const b of buckets.slice(-n)) {
      const l = readValue(b.values, c.field);
      if (typeof l.value !== 'number') return missing(`${c.field} (${unit === 'hours' ? 'hourly' : 'daily'} values)`);
      if (!compare(inner.operator, { ...l, window: null, value: l.value }, t.value)) return FALSE;
      series.push(l.noEvents ? null : l.value);
    }
    const shown = series.map((v) => (v === null ? 'no purchases' : show(v))).join(', ');
    return {
      result: true,
      evidence: [
        {
          field: c.field,
          window: null,
          operator: c.operator,
          actual: series.at(-1) ?? null,
          threshold: t.value,
          series,
          text: `${NOUN[c.field]} was ${OPERATOR_WORDS[inner.operator]} ${show(t.value)} in each of the last ${n} ${unit} (${shown})`,
        },
      ],
      missing: [],
    };
  };
}

/** increasing / decreasing / stable: percent change over the daily series (or the precomputed *_trend_7d). */
function compileTrend(c: Condition): Check {
  const days = c.days ?? 7;
  const pct = typeof c.value === 'number' ? c.value : 10;
  const isTrendField = TREND_BASE[c.field] !== undefined;
  const subject = isTrendField ? NOUN[TREND_BASE[c.field] as Field] : NOUN[c.field];
  return (e) => {
    const v = isTrendField ? lookup(e, c.field, '7d').value : trendPercent(e.daily, c.field, days);
    if (typeof v !== 'number') return missing(`${c.field} (${days} days of daily data)`);
    const ok = c.operator === 'increasing' ? v >= pct : c.operator === 'decreasing' ? v <= -pct : Math.abs(v) < pct;
    if (!ok) return FALSE;
    const moved =
      c.operator === 'stable'
        ? `moved ${Math.abs(v).toFixed(1)}%`
        : `${v >= 0 ? 'rose' : 'fell'} ${Math.abs(v).toFixed(1)}%`;
    const text = `${subject} ${moved} over ${days} days (threshold: ${c.operator === 'stable' ? 'within ' : ''}${pct}%)`;
    return {
      result: true,
      evidence: [
        { field: c.field, window: null, operator: c.operator, actual: Math.round(v * 10) / 10, threshold: pct, text },
      ],
      missing: [],
    };
  };
}
