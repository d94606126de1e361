/** Meta's usage headers, read after every call so the client slows down before the limit instead of after. */

export interface UsageSnapshot {
  /** Highest utilisation percentage across the usage headers (0–100+). */
  maxPercent: number;
  /** Meta's advertised wait before access is regained, in ms (from X-Business-Use-Case-Usage). */
  regainAccessMs: number;
  raw: Record<string, unknown>;
}

const HEADERS = ['x-business-use-case-usage', 'x-ad-account-usage', 'x-app-usage', 'x-fb-ads-insights-throttle'];

function numbers(value: unknown, out: { pct: number[]; regain: number[] }): void {
  if (Array.isArray(value)) for (const v of value) numbers(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'number') {
        if (k === 'estimated_time_to_regain_access') out.regain.push(v);
        else if (/(call_count|total_cputime|total_time|util_pct)$/.test(k)) out.pct.push(v);
      } else numbers(v, out);
    }
  }
}

export function parseUsage(headers: Headers): UsageSnapshot {
  const out = { pct: [] as number[], regain: [] as number[] };
  const raw: Record<string, unknown> = {};
  for (const name of HEADERS) {
    const value = headers.get(name);
    if (!value) continue;
    try {
      raw[name] = JSON.parse(value);
      numbers(raw[name], out);
    } catch {
      // A malformed usage header must not fail the call it came with.
    }
  }
  return { maxPercent: Math.max(0, ...out.pct), regainAccessMs: Math.max(0, ...out.regain) * 60_000, raw };
}

/**
 * How long to pause before the next call: nothing below 75% utilisation, then a delay growing steeply toward
 * the limit (Meta recommends backing off before throttling rather than after).
 */
export function backoffBeforeNextCall(usage: UsageSnapshot): number {
  if (usage.maxPercent < 75) return 0;
  if (usage.maxPercent >= 95) return 10_000;
  return Math.round(((usage.maxPercent - 75) / 20) ** 2 * 5_000);
}

/**
 * Per business, Meta's advertised wait from X-Business-Use-Case-Usage, whose keys are business ids: what every
 * account of that business must wait out, since they share the budget.
 */
export function businessUsage(usage: UsageSnapshot): { businessId: string; regainAccessMs: number }[] {
  const header = usage.raw['x-business-use-case-usage'];
  if (!header || typeof header !== 'object' || Array.isArray(header)) return [];
  return Object.entries(header as Record<string, unknown>).map(([businessId, entries]) => {
    const out = { pct: [] as number[], regain: [] as number[] };
    numbers(entries, out);
    return { businessId, regainAccessMs: Math.max(0, ...out.regain) * 60_000 };
  });
}
