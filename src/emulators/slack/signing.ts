/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's signing secret. The emulator signs what
 * it sends to the app with this. Verifying is Bolt's job: tests check these headers with Bolt's own exported
 * `verifySlackRequest`/`isValidSlackRequest`, so the emulator cannot drift from what Bolt accepts. Bolt exports
 * no signing helper, hence this one HMAC.
 */
import { createHmac } from 'node:crypto';

// A type alias, not an interface, so it fits `Record<string, string>` header parameters.
export type SignedHeaders = {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
};

/** Headers for a request Slack would send; `timestamp` is in seconds and defaults to now. */
export function signRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): SignedHeaders {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}
