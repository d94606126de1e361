import type { z } from 'zod';
import { classifyMetaError, MetaApiError, redact } from './errors.ts';
import { backoffBeforeNextCall, parseUsage, type UsageSnapshot } from './usage.ts';

export interface TransportOptions {
  /** Graph API base with version, e.g. https://graph.facebook.com/v23.0 */
  baseUrl: string;
  accessToken: string;
  fetch?: typeof fetch;
  onUsage?: (usage: UsageSnapshot) => void;
  /** Injected for tests; the transport sleeps before a call when usage runs high. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborts calls in flight, e.g. an activity's cancellation signal when its worker shuts down. */
  signal?: AbortSignal;
  /** Longest wait for one call, answer body included (default 30 s); a call past it fails as transient. */
  requestTimeoutMs?: number;
}

/** Default bound on one Graph API call: a hung connection must fail the call, not the activity's whole timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface ClientStats {
  calls: number;
  throttledWaitMs: number;
}

export type Params = Record<string, string | undefined>;

/** Meta's error envelope, as sent on a failed call and inside a failed batch item. */
export interface GraphErrorBody {
  error?: {
    message?: string;
    code?: number;
    error_subcode?: number;
    type?: string;
    fbtrace_id?: string;
    is_transient?: boolean;
  };
}

/** A response that does not match its schema: Meta changed shape, which retrying will not fix. */
export function shapeError(what: string, issues: z.core.$ZodIssue[], httpStatus: number, path: string): MetaApiError {
  const issue = issues[0];
  return new MetaApiError({
    message: `${what} at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    code: -2,
    httpStatus,
    transient: false,
    path,
  });
}

/**
 * One Graph API call at a time: authorisation, usage pacing, and the classification of what comes back into
 * parsed data or a typed error. Paging, batches and report runs are built on `request`.
 */
export class GraphTransport {
  readonly stats: ClientStats = { calls: 0, throttledWaitMs: 0 };
  readonly sleep: (ms: number) => Promise<void>;
  private readonly options: TransportOptions;
  private readonly fetchFn: typeof fetch;
  private pauseMs = 0;

  constructor(options: TransportOptions) {
    this.options = options;
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private url(path: string, params: Params = {}): string {
    const u = new URL(
      path.startsWith('http') ? path : `${this.options.baseUrl.replace(/\/$/, '')}/${path.replace(/^\//, '')}`,
    );
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  /**
   * One Graph API call.
   * @throws MetaThrottleError (with retryAfterMs), MetaAuthError, MetaPermissionError, MetaInvalidParameterError or
   * MetaApiError (transient or not); a response that does not match its schema is a non-transient MetaApiError.
   */
  async request<T>(method: 'GET' | 'POST', pathOrUrl: string, params: Params, schema: z.ZodType<T>): Promise<T> {
    if (this.pauseMs > 0) {
      this.stats.throttledWaitMs += this.pauseMs;
      await this.sleep(this.pauseMs);
    }
    const url = method === 'GET' ? this.url(pathOrUrl, params) : this.url(pathOrUrl);
    const path = redact(new URL(url).pathname);
    this.stats.calls++;
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    const { response, text } = await this.send(method, url, params, path, signal);
    const usage = parseUsage(response.headers);
    this.pauseMs = backoffBeforeNextCall(usage);
    this.options.onUsage?.(usage);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MetaApiError({
        message: `non-JSON response (HTTP ${response.status})`,
        code: -1,
        httpStatus: response.status,
        transient: response.status >= 500,
        path,
      });
    }
    const err = (body as GraphErrorBody).error;
    if (!response.ok || err) {
      throw classifyMetaError({
        message: redact(err?.message ?? `HTTP ${response.status}`),
        code: err?.code ?? (response.status >= 500 ? 2 : -1),
        subcode: err?.error_subcode,
        type: err?.type,
        fbtraceId: err?.fbtrace_id,
        httpStatus: response.status,
        isTransient: err?.is_transient,
        retryAfterMs: usage.regainAccessMs > 0 ? usage.regainAccessMs : undefined,
        path,
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw shapeError('unexpected response shape', parsed.error.issues, response.status, path);
    return parsed.data;
  }

  /** Sends the call and reads its body under `signal`; a timeout or network failure is a transient error. */
  private async send(
    method: 'GET' | 'POST',
    url: string,
    params: Params,
    path: string,
    signal: AbortSignal,
  ): Promise<{ response: Response; text: string }> {
    try {
      const response = await this.fetchFn(url, {
        method,
        signal,
        headers: {
          authorization: `Bearer ${this.options.accessToken}`,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'POST'
          ? {
              body: new URLSearchParams(
                Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
              ).toString(),
            }
          : {}),
      });
      return { response, text: await response.text() };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new MetaApiError({
        message: timedOut
          ? `no answer within ${this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS} ms`
          : `network error: ${redact((error as Error).message)}`,
        code: -1,
        httpStatus: 0,
        transient: true,
        path,
      });
    }
  }
}
