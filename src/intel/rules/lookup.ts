import { ATTRIBUTE_FIELDS, TREND_BASE, type Field, type Window } from './fields.ts';
import type { EntityMetrics, MetricValues } from './types.ts';

/** Fields that carry their own window whatever the rule says. */
const FIXED_WINDOW: Partial<Record<Field, Window>> = {
  spend_today: 'today',
  conversions_today: 'today',
  spend_7d: '7d',
};
const BASE: Partial<Record<Field, Field>> = {
  spend_today: 'spend',
  spend_7d: 'spend',
  conversions_today: 'conversions',
};

/**
 * A cost per event whose event count is zero is not "unknown": it is at least the spend so far (the next event
 * could not make it cheaper than that). `noEvents` lets comparisons treat it so instead of reporting missing data.
 */
const COST_PER: Partial<Record<Field, Field>> = { cpa: 'conversions', cpc: 'clicks' };

const ATTRIBUTES = new Set(ATTRIBUTE_FIELDS);

export interface Looked {
  value: number | string | undefined;
  window: Window | null;
  /** cpa/cpc with zero events and some spend: `value` is the spend, a lower bound of the cost per event. */
  noEvents?: boolean;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads a metric from one bucket of values, deriving ratios from sums when the ratio itself is absent. */
export function readValue(values: MetricValues | undefined, field: Field): Omit<Looked, 'window'> {
  if (!values) return { value: undefined };
  const v = values[field];
  if (typeof v === 'string') return { value: v };
  if (num(v) !== undefined) return { value: v as number };
  const spend = num(values.spend);
  const events = COST_PER[field];
  if (events) {
    const n = num(values[events]);
    if (n === 0 && spend !== undefined) return { value: spend, noEvents: true };
    return { value: ratio(spend, n, 1) };
  }
  switch (field) {
    case 'roas':
      return { value: ratio(num(values.conversion_value), spend, 1) };
    case 'ctr':
      return { value: ratio(num(values.clicks), num(values.impressions), 1) };
    case 'cpm':
      return { value: ratio(spend, num(values.impressions), 1000) };
    case 'frequency':
      return { value: ratio(num(values.impressions), num(values.reach), 1) };
    default:
      return { value: undefined };
  }
}

const ratio = (a: number | undefined, b: number | undefined, k: number) =>
  a !== undefined && b !== undefined && b > 0 ? (a / b) * k : undefined;

/** A field's latest value for an entity: window-free attributes, or the metric in the condition's window. */
export function lookup(e: EntityMetrics, field: Field, window: Window): Looked {
  if (ATTRIBUTES.has(field)) {
    const v = e.attributes[field];
    if (v !== null && v !== undefined) return { value: v, window: null };
    const base = TREND_BASE[field];
    // A trend attribute nobody precomputed can still be read off the daily series.
    return { value: base ? trendPercent(e.daily, base, 7) : undefined, window: null };
  }
  const w = FIXED_WINDOW[field] ?? window;
  return { ...readValue(e.windows[w], BASE[field] ?? field), window: w };
}

/**
 * Percent change over the last `days` daily values, comparing the mean of the first third with the mean of the
 * last third: one noisy day at either end does not decide it. Needs 4 values.
 */
export function trendPercent(
  series: readonly { values: MetricValues }[] | undefined,
  field: Field,
  days: number,
): number | undefined {
  const values: number[] = [];
  for (const d of (series ?? []).slice(-days)) {
    const v = readValue(d.values, field);
    if (typeof v.value === 'number' && !v.noEvents) values.push(v.value);
  }
  if (values.length < 4) return undefined;
  const k = Math.max(1, Math.floor(values.length / 3));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(values.slice(0, k));
  const last = mean(values.slice(-k));
  if (first === 0) return last === 0 ? 0 : undefined;
  return ((last - first) / Math.abs(first)) * 100;
}
