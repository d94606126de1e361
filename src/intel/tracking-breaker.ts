/**
 * The tracking-health breaker around the rules engine: while an account's pixel stops counting purchases, a rule
 * that reads conversions would see a collapse that is not real (CPA up, ROAS down, "no purchase for 24 h") and
 * propose pausing healthy ads. Such rules are held back for that account; delivery-only rules still run.
 */
import { trackingHealth, type PixelHourPoint, type TrackingHealth } from './analytics/index.ts';
import type { Rule } from './rules/index.ts';

/** Fields whose value comes from the pixel's purchase events. */
export const CONVERSION_FIELDS: ReadonlySet<string> = new Set([
  'conversions',
  'conversions_today',
  'conversion_value',
  'cpa',
  'roas',
  'hours_since_conversion',
  'cpa_trend_7d',
  'roas_trend_7d',
]);

/** Every `field` a rule's condition tree tests (the tree's shape is left to the rule schema). */
function fieldsOf(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) fieldsOf(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === 'field' && typeof v === 'string') out.add(v);
      else fieldsOf(v, out);
    }
  return out;
}

/** True when the rule reads conversions: a condition on a conversion field, or a minimum-conversions guard. */
export function usesConversions(rule: Pick<Rule, 'conditions' | 'min_data'>): boolean {
  if ((rule.min_data?.min_conversions ?? 0) > 0) return true;
  for (const f of fieldsOf(rule.conditions, new Set())) if (CONVERSION_FIELDS.has(f)) return true;
  return false;
}

/**
 * The account's verdict over its pixels: broken when any pixel is broken (its reason names the pixel), otherwise
 * ok with the first pixel's reason. Null when the account has no pixel data (nothing to judge).
 */
export function accountTrackingHealth(
  pixels: ReadonlyMap<string, readonly PixelHourPoint[]>,
  now: number,
): TrackingHealth | null {
  let first: TrackingHealth | null = null;
  for (const [pixelId, hours] of pixels) {
    const h = trackingHealth(hours, now);
    if (h.status === 'broken') return { ...h, reason: `Pixel ${pixelId}: ${h.reason}` };
    first ??= h;
  }
  return first;
}
