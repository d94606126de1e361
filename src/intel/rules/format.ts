import { MONEY_FIELDS, type EntityType, type Field, type Window } from './fields.ts';

/** Words for people: money, percentages, windows and metric names in explanations and evidence. */

const SYMBOL: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', AUD: 'A$', CAD: 'C$', JPY: '¥', INR: '₹' };

export const money = (v: number, currency?: string | null) => {
  const c = (currency ?? 'USD').toUpperCase();
  return `${SYMBOL[c] ?? `${c} `}${v.toFixed(2)}`;
};

export function formatValue(field: Field, v: number | string | null | undefined, currency?: string | null): string {
  if (typeof v !== 'number') return String(v);
  if (MONEY_FIELDS.includes(field)) return money(v, currency);
  if (field === 'ctr') return `${(v * 100).toFixed(2)}%`;
  if (field === 'roas' || field === 'frequency') return v.toFixed(2);
  if (field.endsWith('_trend_7d')) return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

export const NOUN: Record<Field, string> = {
  spend: 'spend',
  spend_today: 'spend today',
  spend_7d: 'spend over 7 days',
  conversions: 'purchases',
  conversions_today: 'purchases today',
  conversion_value: 'purchase value',
  cpa: 'CPA',
  cpc: 'CPC',
  cpm: 'CPM',
  roas: 'ROAS',
  ctr: 'CTR',
  frequency: 'frequency',
  impressions: 'impressions',
  reach: 'reach',
  clicks: 'clicks',
  effective_status: 'status',
  learning_phase: 'learning phase',
  days_active: 'days active',
  hours_since_conversion: 'hours since the last purchase',
  ctr_trend_7d: 'CTR trend over 7 days',
  cpa_trend_7d: 'CPA trend over 7 days',
  roas_trend_7d: 'ROAS trend over 7 days',
  fatigue_forecast: 'fatigue forecast',
};

export function windowPhrase(w: Window | null): string {
  if (w === null) return '';
  if (w === 'today') return ' today';
  if (w === 'lifetime') return ' over its lifetime';
  if (w === '7d') return ' in the last 7 days';
  return ` in the last ${w.slice(0, -1)} h`;
}

/** "spent $120.00 in the last 48 h", "had a CPA of $61.00 in the last 7 days", "is ACTIVE". */
export function metricPhrase(field: Field, shown: string, w: Window | null): string {
  const wp = windowPhrase(w);
  switch (field) {
    case 'spend':
    case 'spend_today':
    case 'spend_7d':
      return `spent ${shown}${field === 'spend' ? wp : field === 'spend_today' ? ' today' : ' in the last 7 days'}`;
    case 'conversions':
    case 'conversions_today':
      return `had ${shown} purchase${shown === '1' ? '' : 's'}${field === 'conversions' ? wp : ' today'}`;
    case 'conversion_value':
      return `brought ${shown} of purchase value${wp}`;
    case 'impressions':
    case 'clicks':
      return `had ${shown} ${field}${wp}`;
    case 'reach':
      return `reached ${shown} people${wp}`;
    case 'days_active':
      return `has been running for ${shown} days`;
    case 'hours_since_conversion':
      return `had its last purchase ${shown} h ago`;
    case 'effective_status':
    case 'learning_phase':
    case 'fatigue_forecast':
      return `${NOUN[field]} is ${shown}`;
    default:
      return `had a ${NOUN[field]} of ${shown}${wp}`;
  }
}

export const OPERATOR_WORDS: Record<string, string> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
  '=': 'equal to',
  '!=': 'other than',
};

const KIND: Record<EntityType, string> = { campaign: 'Campaign', adset: 'Ad set', ad: 'Ad' };

const list = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/**
 * "Ad set 'Summer - Broad' spent $120.00 in the last 48 h with 0 purchases (threshold: $100.00)." A purchase
 * count of zero reads better folded into the spend phrase of the same window, as the stop-loss rule puts it.
 */
export function explain(
  kind: EntityType,
  name: string,
  evidence: readonly { field: Field; window: Window | null; actual: unknown; text: string }[],
): string {
  const zero = evidence.find((e) => e.field === 'conversions' && e.actual === 0);
  const spend = zero && evidence.find((e) => e.field === 'spend' && e.window === zero.window);
  const phrases = evidence
    .filter((e) => !(spend && e === zero))
    .map((e) => (e === spend ? e.text.replace(/( \(threshold|$)/, ' with 0 purchases$1') : e.text));
  return `${KIND[kind]} '${name}' ${list(phrases)}.`;
}
