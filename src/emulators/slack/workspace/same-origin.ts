/**
 * The workspace page acts as any person in the workspace (commands, approvals), so another site open in the same
 * browser must not be able to make those requests. A cross-site form or fetch carries its own Origin (or
 * Sec-Fetch-Site: cross-site), and a "simple" cross-site request cannot send Content-Type application/json without a
 * CORS preflight, which this server never answers.
 */
import type { IncomingMessage } from 'node:http';

/** The page's own origins: the one it listens on, and the same port as localhost when it listens on 127.0.0.1. */
function ownOrigins(origin: string): string[] {
  const url = new URL(origin);
  return url.hostname === '127.0.0.1' ? [origin, `${url.protocol}//localhost:${url.port}`] : [origin];
}

/** Why a state-changing request is refused, or undefined when it comes from the page itself. */
export function crossSiteRefusal(req: IncomingMessage, origin: string): string | undefined {
  const from = req.headers.origin;
  if (from === undefined) {
    if (req.headers['sec-fetch-site'] !== 'same-origin')
      return 'Refused: a request that changes the workspace needs an Origin header of this page (or Sec-Fetch-Site: same-origin).';
  } else if (!ownOrigins(origin).includes(from)) {
    return `Refused: cross-site request from ${from}; only this page (${origin}) may act in the workspace.`;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return 'Refused: the body must be sent as Content-Type application/json.';
  return undefined;
}
