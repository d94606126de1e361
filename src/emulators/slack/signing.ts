/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's signing secret, and a 5-minute
 * replay window. The emulator signs with it; a receiver (or a test) verifies with it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-slack-signature';
export const TIMESTAMP_HEADER = 'x-slack-request-timestamp';
/** Bolt rejects timestamps older than this; a future timestamp is not rejected (Bolt does the same). */
export const MAX_AGE_SECONDS = 5 * 60;

// A type alias, not an interface, so it fits `Record<string, string>` header parameters.
export type SignedHeaders = {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
};

function sign(secret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Headers for a request Slack would send; `timestamp` is in seconds and defaults to now. */
export function signRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): SignedHeaders {
  return { [SIGNATURE_HEADER]: sign(secret, body, timestamp), [TIMESTAMP_HEADER]: String(timestamp) };
}

export type VerifyResult =
  { ok: true } | { ok: false; reason: 'missing_headers' | 'stale_timestamp' | 'bad_signature' };

type Headers = Record<string, string | string[] | undefined>;
const header = (h: Headers, name: string) => {
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Checks a request's signature over the raw body exactly as received (re-serialised JSON would not match).
 * `headers` takes Node's `req.headers` as they are. Never throws.
 */
export function verifySlackSignature(
  signingSecret: string,
  rawBody: string,
  headers: Headers,
  nowMs = Date.now(),
): VerifyResult {
  const signature = header(headers, SIGNATURE_HEADER);
  const ts = Number(header(headers, TIMESTAMP_HEADER));
  if (!signature || !Number.isInteger(ts)) return { ok: false, reason: 'missing_headers' };
  if (ts < Math.floor(nowMs / 1000) - MAX_AGE_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(sign(signingSecret, rawBody, ts));
  const given = Buffer.from(signature);
  // Constant-time compare; lengths must match first or timingSafeEqual throws.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
