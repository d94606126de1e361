/** Scriptable faults for the Graph API emulator: tests queue them, the next matching requests get them. */

export type Fault =
  | { kind: 'throttle'; code?: 17 | 4 | 613 | 80000 | 80004; regainMinutes: number }
  | { kind: 'server_error'; status?: 500 | 503 }
  | { kind: 'slow'; ms: number }
  | { kind: 'expired_token' }
  | { kind: 'too_much_data' }
  | { kind: 'deleted'; id: string }
  | { kind: 'permission' }
  /** An error Meta marks `is_transient` although its code alone would not say so. */
  | { kind: 'transient'; code: number; message: string };

interface Entry {
  fault: Fault;
  /** Requests it applies to: a substring of the path, or any. */
  match?: string;
  /** Only requests with this method. */
  method?: 'GET' | 'POST';
  /** Only requests with these parameter values, e.g. { level: 'ad' }. */
  params?: Record<string, string>;
  remaining: number;
}

export class FaultInjector {
  private entries: Entry[] = [];
  /** Usage percentage reported in the usage headers (0–100); ≥ 100 means throttled by the emulator itself. */
  usagePercent = 5;

  /** Applies `fault` to the next `times` requests whose path contains `match` (all requests when omitted). */
  inject(
    fault: Fault,
    options: { times?: number; match?: string; method?: 'GET' | 'POST'; params?: Record<string, string> } = {},
  ): void {
    this.entries.push({
      fault,
      match: options.match,
      method: options.method,
      params: options.params,
      remaining: options.times ?? 1,
    });
  }

  clear(): void {
    this.entries = [];
    this.usagePercent = 5;
  }

  /** The fault for this request, if any (consumes one use). */
  take(path: string, method: string, params?: URLSearchParams): Fault | undefined {
    const entry = this.entries.find(
      (e) =>
        e.remaining > 0 &&
        (e.match === undefined || path.includes(e.match)) &&
        (e.method === undefined || e.method === method) &&
        Object.entries(e.params ?? {}).every(([k, v]) => params?.get(k) === v) &&
        (e.fault.kind !== 'deleted' || method === 'POST'),
    );
    if (!entry) return undefined;
    entry.remaining--;
    return entry.fault;
  }
}
