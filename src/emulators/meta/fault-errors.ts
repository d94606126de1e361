/** The Graph error each queued fault turns into, with Meta's codes, subcodes and wording. */
import type { Fault } from './faults.ts';
import { GraphError } from './graph-error.ts';

/** @throws GraphError for every fault that is an error; returns for the others (slow, deleted). */
export function applyFault(fault: Fault): void {
  switch (fault.kind) {
    case 'throttle':
      throw new GraphError(
        400,
        fault.code ?? 80004,
        fault.code === 17
          ? 'User request limit reached'
          : 'There have been too many calls to this ad-account. Wait a bit and try again.',
        { subcode: 2446079, transient: true, regainMinutes: fault.regainMinutes },
      );
    case 'transient':
      throw new GraphError(400, fault.code, fault.message, { transient: true });
    case 'server_error':
      throw new GraphError(
        fault.status ?? 500,
        2,
        'An unexpected error has occurred. Please retry your request later.',
        {
          transient: true,
        },
      );
    case 'expired_token':
      throw new GraphError(
        400,
        190,
        'Error validating access token: Session has expired on Monday, 23-Nov-26 10:00:00 PST.',
        { subcode: 463 },
      );
    case 'too_much_data':
      throw tooMuchData();
    case 'permission':
      throw new GraphError(403, 200, '(#200) Requires ads_management permission to manage the object', {
        type: 'OAuthException',
      });
    default:
      return;
  }
}

/** Usage at 100 % throttles every request, as Meta does until the window resets. */
export function throwIfOverLimit(usagePercent: number): void {
  if (usagePercent >= 100)
    throw new GraphError(400, 80004, 'There have been too many calls to this ad-account. Wait a bit and try again.', {
      transient: true,
      subcode: 2446079,
      regainMinutes: 1,
    });
}

/** Meta's answer to a request over its size limit: HTTP 500, code 1, always the same wording. */
export function tooMuchData(): GraphError {
  return new GraphError(500, 1, "Please reduce the amount of data you're asking for, then retry your request", {
    transient: true,
  });
}
