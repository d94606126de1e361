import type { Condition } from './condition-schema.ts';
import { TREND_BASE, type Field } from './fields.ts';
import { NOUN, OPERATOR_WORDS, formatValue } from './format.ts';
import { lookup, readValue, trendPercent } from './lookup.ts';
import { resolveThreshold } from './threshold.ts';
import { compare, FALSE, missing, type Check } from './tri.ts';
import type { AccountContext } from './types.ts';

/** for_hours / for_days: the inner comparison held in every one of the latest N buckets. */
export function compileFor(c: Condition, ctx: AccountContext): Check {
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
export function compileTrend(c: Condition): Check {
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
