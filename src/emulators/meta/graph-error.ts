/** Graph API errors as Meta sends them: an HTTP status and an `error` body with code, subcode and is_transient. */
import { randomBytes } from 'node:crypto';

export class GraphError extends Error {
  status: number;
  code: number;
  subcode: number | undefined;
  type: string;
  transient: boolean;
  regainMinutes: number | undefined;
  constructor(
    status: number,
    code: number,
    message: string,
    o: { subcode?: number; type?: string; transient?: boolean; regainMinutes?: number } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.subcode = o.subcode;
    this.type = o.type ?? 'OAuthException';
    this.transient = o.transient ?? false;
    this.regainMinutes = o.regainMinutes;
  }
}

/** Any other throw is the emulator's own bug; Meta answers its own with code 1, transient. */
export function asGraphError(error: unknown): GraphError {
  if (error instanceof GraphError) return error;
  return new GraphError(500, 1, `An unknown error occurred (${(error as Error).message})`, { transient: true });
}

export function errorBody(e: GraphError) {
  return {
    error: {
      message: e.message,
      type: e.type,
      code: e.code,
      ...(e.subcode === undefined ? {} : { error_subcode: e.subcode }),
      is_transient: e.transient,
      fbtrace_id: randomBytes(8).toString('base64url'),
    },
  };
}
