/**
 * Slack's per-method rate tiers (per app per workspace per minute; https://docs.slack.dev/apis/web-api/rate-limits,
 * tiers per method from slackapi/java-slack-sdk MethodsRateLimits.java), plus scripted failures so a test can
 * make the next call fail exactly the way it wants.
 */

export const METHOD_TIERS: Record<string, number> = {
  'auth.test': 100,
  'chat.postMessage': 60, // "special": about one a second per channel; per minute here
  'chat.update': 50,
  'chat.delete': 50,
  'chat.postEphemeral': 100,
  'conversations.info': 100,
  'conversations.list': 20,
  'conversations.history': 50,
  'users.info': 100,
  'views.open': 100,
  'views.update': 100,
  'views.publish': 100,
  'files.getUploadURLExternal': 100,
  'files.completeUploadExternal': 100,
  'files.info': 100,
};

export interface RateLimitOptions {
  /** Enforce METHOD_TIERS. Off by default so fast test suites are not throttled by accident. */
  enforceTiers?: boolean;
  /** Requests per minute for particular methods; these are enforced even without `enforceTiers`. */
  perMinute?: Record<string, number>;
}

export type ScriptedFailure =
  | { rateLimited: number /* Retry-After seconds */ }
  | { error: string /* e.g. 'channel_not_found' */ }
  | { httpStatus: number };

export type Verdict =
  | { kind: 'pass' }
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number };

export class RateLimiter {
  private readonly opts: RateLimitOptions;
  private readonly windows = new Map<string, number[]>();
  private readonly scripted = new Map<string, { failure: ScriptedFailure; times: number }[]>();

  constructor(opts: RateLimitOptions = {}) {
    this.opts = opts;
  }

  /** The next `times` calls of `method` fail as scripted, before any real check. */
  failNext(method: string, failure: ScriptedFailure, times = 1): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), { failure, times }]);
  }

  check(method: string, now = Date.now()): Verdict {
    const queue = this.scripted.get(method);
    const head = queue?.[0];
    if (queue && head) {
      head.times -= 1;
      if (head.times <= 0) queue.shift();
      const f = head.failure;
      if ('rateLimited' in f) return { kind: 'rate_limited', retryAfter: f.rateLimited };
      if ('error' in f) return { kind: 'error', error: f.error };
      return { kind: 'http', status: f.httpStatus };
    }
    const limit = this.opts.perMinute?.[method] ?? (this.opts.enforceTiers ? METHOD_TIERS[method] : undefined);
    if (limit === undefined) return { kind: 'pass' };
    const window = (this.windows.get(method) ?? []).filter((t) => t > now - 60_000);
    if (window.length >= limit) {
      this.windows.set(method, window);
      return { kind: 'rate_limited', retryAfter: Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000)) };
    }
    window.push(now);
    this.windows.set(method, window);
    return { kind: 'pass' };
  }
}
