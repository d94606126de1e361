/** Typed Graph API errors. Messages never contain the access token (URLs are redacted before they get here). */

export interface MetaErrorInit {
  message: string;
  code: number;
  subcode?: number;
  type?: string;
  fbtraceId?: string;
  httpStatus: number;
  transient: boolean;
  retryAfterMs?: number;
  path: string;
}

export class MetaApiError extends Error {
  override name = 'MetaApiError';
  readonly code: number;
  readonly subcode: number | undefined;
  readonly type: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly httpStatus: number;
  /** Worth retrying: Temporal's retry policy handles it. Permanent errors are not retried. */
  readonly transient: boolean;
  /** How long Meta asked us to wait before trying again. */
  readonly retryAfterMs: number | undefined;
  readonly path: string;
  constructor(init: MetaErrorInit) {
    super(
      `Meta API ${init.path}: ${init.message} (code ${init.code}${init.subcode ? `/${init.subcode}` : ''}${init.fbtraceId ? `, fbtrace_id ${init.fbtraceId}` : ''})`,
    );
    this.code = init.code;
    this.subcode = init.subcode;
    this.type = init.type;
    this.fbtraceId = init.fbtraceId;
    this.httpStatus = init.httpStatus;
    this.transient = init.transient;
    this.retryAfterMs = init.retryAfterMs;
    this.path = init.path;
  }
}
/** Rate limited (codes 4, 17, 32, 613, 80000–80014): retry after `retryAfterMs`. */
export class MetaThrottleError extends MetaApiError {
  override name = 'MetaThrottleError';
}
/** Invalid or expired access token (190): permanent until someone reconnects the account. */
export class MetaAuthError extends MetaApiError {
  override name = 'MetaAuthError';
}
/** Missing permission (200, 10, 368 policy block): permanent. */
export class MetaPermissionError extends MetaApiError {
  override name = 'MetaPermissionError';
}
/** Invalid parameter or object gone (100): permanent for this request. */
export class MetaInvalidParameterError extends MetaApiError {
  override name = 'MetaInvalidParameterError';
}

/**
 * Code 1 "Please reduce the amount of data you're asking for": the same request fails again however often it is
 * retried; a smaller one (shorter range, fewer campaigns) succeeds. Callers split it (see split.ts).
 */
export class MetaTooMuchDataError extends MetaApiError {
  override name = 'MetaTooMuchDataError';
}

const TOO_MUCH_DATA = /reduce the amount of data/i;

const THROTTLE_CODES = new Set([4, 17, 32, 613]);
const TRANSIENT_CODES = new Set([1, 2]);

/** Picks the class for an error body, as Meta documents its codes. */
export function classifyMetaError(init: Omit<MetaErrorInit, 'transient'> & { isTransient?: boolean }): MetaApiError {
  const { code } = init;
  const throttled = THROTTLE_CODES.has(code) || (code >= 80000 && code <= 80014);
  if (throttled) return new MetaThrottleError({ ...init, transient: true, retryAfterMs: init.retryAfterMs ?? 60_000 });
  if (code === 190 || code === 102) return new MetaAuthError({ ...init, transient: false });
  if (code === 200 || code === 10 || code === 368 || (code >= 200 && code <= 299))
    return new MetaPermissionError({ ...init, transient: false });
  if (code === 100) return new MetaInvalidParameterError({ ...init, transient: false });
  if (code === 1 && TOO_MUCH_DATA.test(init.message)) return new MetaTooMuchDataError({ ...init, transient: false });
  const transient = TRANSIENT_CODES.has(code) || init.httpStatus >= 500 || init.isTransient === true;
  return new MetaApiError({ ...init, transient });
}

/** Replaces access tokens in a URL or text, so nothing that reaches a log carries one. */
export function redact(text: string): string {
  return text
    .replace(/(access_token=)[^&\s"]+/g, '$1[redacted]')
    .replace(/\b(Bearer|OAuth) [A-Za-z0-9._-]{12,}/g, '$1 [redacted]');
}
