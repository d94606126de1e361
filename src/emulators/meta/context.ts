/** What every Graph endpoint of the emulator shares: the token → simulator map, report runs, paging, replies. */
import type { Simulator } from '../simulator/simulator.ts';
import type { FaultInjector } from './faults.ts';
import { GraphError } from './graph-error.ts';
import { usageHeaders } from './usage.ts';

export interface GraphRequest {
  method: string;
  path: string[];
  params: URLSearchParams;
  token: string | undefined;
}

export interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface ReportRun {
  sim: Simulator;
  rows: Record<string, unknown>[];
  polls: number;
}

export interface GraphContext {
  version: string;
  faults: FaultInjector;
  tokens: Map<string, Simulator>;
  reports: Map<string, ReportRun>;
  /** Polls a report run needs before it completes. */
  reportPolls: number;
  /** Send a report run's async_percent_completion as a string ("50"), as Meta has been seen to. */
  reportPercentAsText: boolean;
  /**
   * Rows a synchronous insights request may ask for; above it the request fails with Meta's code 1 "Please reduce
   * the amount of data you're asking for" (report runs are not limited). Infinity when not set.
   */
  maxSyncInsightRows: number;
  /** Known only once the server listens; paging `next` links need it. */
  selfUrl: string;
}

const MAX_LIMIT = 5_000;

/** @throws GraphError 190/463 for a token no simulated account has. */
export function simFor(ctx: GraphContext, token: string | undefined): Simulator {
  const sim = token ? ctx.tokens.get(token) : undefined;
  if (!sim) throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', { subcode: 463 });
  return sim;
}

export const ok = (ctx: GraphContext, sim: Simulator, body: unknown): Reply => ({
  status: 200,
  body,
  headers: usageHeaders(ctx.faults.usagePercent, sim),
});

/** Cursor paging as Meta does it: base64 cursors, and a `next` URL (without the token) while rows remain. */
export function paged(ctx: GraphContext, rows: unknown[], req: GraphRequest, prefix: string): unknown {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(req.params.get('limit') ?? 25)));
  const after = req.params.get('after');
  const offset = after ? Number(Buffer.from(after, 'base64').toString()) || 0 : 0;
  const data = rows.slice(offset, offset + limit);
  const cursor = (n: number) => Buffer.from(String(n)).toString('base64');
  const result: Record<string, unknown> = { data };
  if (rows.length > 0) {
    result.paging = { cursors: { before: cursor(offset), after: cursor(offset + data.length) } };
    if (offset + limit < rows.length) {
      const next = new URLSearchParams(req.params);
      next.set('after', cursor(offset + limit));
      next.set('limit', String(limit));
      next.delete('access_token');
      (result.paging as Record<string, unknown>).next = `${ctx.selfUrl}/${ctx.version}/${prefix}?${next.toString()}`;
    }
  }
  return result;
}
