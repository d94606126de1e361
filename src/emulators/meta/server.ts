/**
 * A Graph API emulator on loopback, backed by ad-account simulators. It speaks Meta's wire format: string
 * numbers, `actions` arrays, cursor paging, async report runs, batch requests, usage headers and error bodies.
 * This file is the HTTP edge (parsing, faults, the error reply); routes.ts and endpoints/ answer the requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../simulator/simulator.ts';
import type { GraphContext, GraphRequest, Reply } from './context.ts';
import { applyFault, throwIfOverLimit } from './fault-errors.ts';
import { FaultInjector } from './faults.ts';
import { asGraphError, errorBody } from './graph-error.ts';
import { route } from './routes.ts';
import { usageHeaders } from './usage.ts';

export interface GraphEmulatorOptions {
  simulators: Simulator[];
  port?: number;
  host?: string;
  apiVersion?: string;
  /** Polls a report run needs before it completes. */
  reportPolls?: number;
  /** Send a report run's async_percent_completion as a string ("50"), as Meta has been seen to. */
  reportPercentAsText?: boolean;
  /** Rows a synchronous insights request may ask for before Meta's code 1 "reduce the amount of data" (default: no limit). */
  maxSyncInsightRows?: number;
  /** When given, the simulators follow this clock (advanced before every request), e.g. Date.now for demos. */
  clock?: () => number;
}

export interface GraphEmulator {
  /** Base URL without version, e.g. http://127.0.0.1:PORT */
  url: string;
  /** Base URL with the version, what the client's baseUrl is. */
  baseUrl: string;
  faults: FaultInjector;
  /** Changes the synchronous insights row limit (see GraphEmulatorOptions.maxSyncInsightRows). */
  setMaxSyncInsightRows(rows: number): void;
  /** Requests served, by path, with their parameters minus the token (for benchmarks and exactly-once tests). */
  requests: { method: string; path: string; params: URLSearchParams }[];
  /** Milliseconds spent answering requests (parse, simulate, serialise), so a benchmark can tell its time apart. */
  readonly busyMs: number;
  close(): Promise<void>;
}

/** Query string, then the form or JSON body on top (Meta reads parameters from either). */
function parseRequest(incoming: http.IncomingMessage, body: string): GraphRequest {
  const url = new URL(incoming.url ?? '/', 'http://localhost');
  const params = new URLSearchParams(url.searchParams);
  if (body) {
    const type = incoming.headers['content-type'] ?? '';
    const extra = type.includes('json')
      ? new URLSearchParams(
          Object.entries(JSON.parse(body) as Record<string, unknown>).map(([k, v]): [string, string] => [
            k,
            typeof v === 'string' ? v : JSON.stringify(v),
          ]),
        )
      : new URLSearchParams(body);
    for (const [k, v] of extra) params.set(k, v);
  }
  const auth = incoming.headers.authorization?.replace(/^(Bearer|OAuth)\s+/i, '');
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] && /^v\d+\.\d+$/.test(segments[0])) segments.shift();
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    path: segments,
    params,
    token: params.get('access_token') ?? auth,
  };
}

/** A queued fault first (it may delay, delete an entity or fail the request), then the route. */
async function answer(ctx: GraphContext, req: GraphRequest): Promise<Reply> {
  try {
    const fault = ctx.faults.take('/' + req.path.join('/'), req.method, req.params);
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'deleted') ctx.tokens.get(req.token ?? '')?.byId.delete(fault.id);
    if (fault) applyFault(fault);
    throwIfOverLimit(ctx.faults.usagePercent);
    return route(ctx, req);
  } catch (error) {
    const e = asGraphError(error);
    return {
      status: e.status,
      body: errorBody(e),
      headers: usageHeaders(ctx.faults.usagePercent, ctx.tokens.get(req.token ?? ''), e.regainMinutes ?? 0),
    };
  }
}

export async function startGraphEmulator(options: GraphEmulatorOptions): Promise<GraphEmulator> {
  const ctx: GraphContext = {
    version: options.apiVersion ?? 'v23.0',
    faults: new FaultInjector(),
    tokens: new Map(options.simulators.map((s) => [s.spec.token, s])),
    reports: new Map(),
    reportPolls: options.reportPolls ?? 2,
    reportPercentAsText: options.reportPercentAsText ?? false,
    maxSyncInsightRows: options.maxSyncInsightRows ?? Infinity,
    selfUrl: '',
  };
  const requests: GraphEmulator['requests'] = [];
  let busyMs = 0;
  const server = http.createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      void (async () => {
        const t0 = performance.now();
        const req = parseRequest(incoming, Buffer.concat(chunks).toString());
        const params = new URLSearchParams(req.params);
        params.delete('access_token');
        requests.push({ method: req.method, path: '/' + req.path.join('/'), params });
        if (options.clock) for (const sim of options.simulators) sim.advanceTo(options.clock());
        const reply = await answer(ctx, req);
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
        res.end(JSON.stringify(reply.body));
        busyMs += performance.now() - t0;
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ctx.selfUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: ctx.selfUrl,
    baseUrl: `${ctx.selfUrl}/${ctx.version}`,
    faults: ctx.faults,
    setMaxSyncInsightRows: (rows) => {
      ctx.maxSyncInsightRows = rows;
    },
    requests,
    get busyMs() {
      return busyMs;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
