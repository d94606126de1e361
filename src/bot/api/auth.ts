/** Bearer-token check of the dashboard API: constant-time, and the token never appears in a response or log. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string) => createHash('sha256').update(s).digest();

export type AuthResult = 'ok' | 'off' | 'unauthorized';

/** 'off' when no token is configured (the API is disabled), 'unauthorized' for a missing or wrong token. */
export function authorize(req: IncomingMessage, token: string | undefined): AuthResult {
  if (!token) return 'off';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  // Hashing first gives equal lengths, so timingSafeEqual never throws and the length leaks nothing.
  return m && timingSafeEqual(digest(m[1]!), digest(token)) ? 'ok' : 'unauthorized';
}
