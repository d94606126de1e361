/**
 * The same requests the HTTP path signs and posts, sent as Socket Mode envelopes instead: a slash command's form
 * fields become the `slash_commands` payload, an interaction's `payload=<json>` the `interactive` payload, an
 * event callback the `events_api` payload. The ack's payload plays the part of the HTTP response body.
 */
import type { AppAnswer } from '../types.ts';
import type { EnvelopeType, SocketModeHub } from './hub.ts';

function envelopeOf(body: string, contentType: string): { type: EnvelopeType; payload: unknown; accepts: boolean } {
  if (contentType.startsWith('application/json'))
    return { type: 'events_api', payload: JSON.parse(body), accepts: false };
  const fields = new URLSearchParams(body);
  const interaction = fields.get('payload');
  if (interaction !== null) {
    const payload = JSON.parse(interaction) as { type?: string };
    // Only interactions whose ack can carry an answer say so (view_submission's response_action).
    return { type: 'interactive', payload, accepts: payload.type === 'view_submission' };
  }
  return { type: 'slash_commands', payload: Object.fromEntries(fields), accepts: true };
}

export async function deliverOverSocket(
  hub: SocketModeHub,
  body: string,
  contentType: string,
  timeoutMs: number,
): Promise<AppAnswer> {
  const { type, payload, accepts } = envelopeOf(body, contentType);
  const started = Date.now();
  const answer = await hub.deliver(type, payload, accepts, timeoutMs);
  if (!answer.ok) return { status: 0, body: 'no ack', durationMs: Date.now() - started, error: 'operation_timeout' };
  const empty = !answer.payload || Object.keys(answer.payload).length === 0;
  return {
    status: 200,
    body: empty ? '' : JSON.stringify(answer.payload),
    ...(empty ? {} : { json: answer.payload }),
    durationMs: Date.now() - started,
  };
}
