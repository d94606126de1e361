import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../simulator/simulator.ts';
import { entityJson, isAd, isAdSet, pick } from './entities.ts';
import { FaultInjector, type Fault } from './faults.ts';
import { insightRows, resolveRange, type Level } from './insights.ts';

export interface GraphEmulatorOptions {
  simulators: Simulator[];
  port?: number;
  host?: string;
  apiVersion?: string;
  /** Polls a report run needs before it completes. */
  reportPolls?: number;
  /** Send a report run's async_percent_completion as a string ("50"), as Meta has been seen to. */
  reportPercentAsText?: boolean;
  /** When given, the simulators follow this clock (advanced before every request), e.g. Date.now for demos. */
  clock?: () => number;
}

export interface GraphEmulator {
  /** Base URL without version, e.g. http://127.0.0.1:PORT */
  url: string;
  /** Base URL with the version, what the client's baseUrl is. */
  baseUrl: string;
  faults: FaultInjector;
  /** Requests served, by path (for benchmarks and exactly-once tests). */
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

class GraphError extends Error {
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

interface Request {
  method: string;
  path: string[];
  params: URLSearchParams;
  token: string | undefined;
}

interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const MAX_LIMIT = 5_000;

/**
 * A Graph API emulator on loopback, backed by ad-account simulators. It speaks Meta's wire format: string
 * numbers, `actions` arrays, cursor paging, async report runs, batch requests, usage headers and error bodies.
 */
export async function startGraphEmulator(options: GraphEmulatorOptions): Promise<GraphEmulator> {
  const version = options.apiVersion ?? 'v23.0';
  const faults = new FaultInjector();
  const requests: GraphEmulator['requests'] = [];
  const tokens = new Map(options.simulators.map((s) => [s.spec.token, s]));
  const reports = new Map<string, { sim: Simulator; rows: Record<string, unknown>[]; polls: number }>();
  let selfUrl = '';

  const simFor = (token: string | undefined): Simulator => {
    const sim = token ? tokens.get(token) : undefined;
    if (!sim)
      throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', { subcode: 463 });
    return sim;
  };

  const usageHeaders = (sim: Simulator | undefined, regainMinutes = 0): Record<string, string> => {
    const pct = faults.usagePercent;
    const biz = sim ? `biz_${sim.spec.accountId.replace(/^act_/, '')}` : 'biz_0';
    return {
      'x-business-use-case-usage': JSON.stringify({
        [biz]: [
          {
            type: 'ads_insights',
            call_count: pct,
            total_cputime: Math.round(pct / 2),
            total_time: Math.round(pct / 2),
            estimated_time_to_regain_access: regainMinutes,
            ads_api_access_tier: 'standard_access',
          },
        ],
      }),
      'x-ad-account-usage': JSON.stringify({
        acc_id_util_pct: pct,
        reset_time_duration: regainMinutes * 60,
        ads_api_access_tier: 'standard_access',
      }),
      'x-app-usage': JSON.stringify({
        call_count: pct,
        total_cputime: Math.round(pct / 2),
        total_time: Math.round(pct / 2),
      }),
      'x-fb-ads-insights-throttle': JSON.stringify({
        app_id_util_pct: pct,
        acc_id_util_pct: pct,
        ads_api_access_tier: 'standard_access',
      }),
    };
  };

  const paged = (rows: unknown[], req: Request, prefix: string): unknown => {
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
        (result.paging as Record<string, unknown>).next = `${selfUrl}/${version}/${prefix}?${next.toString()}`;
      }
    }
    return result;
  };

  const ownEntity = (sim: Simulator, id: string) => {
    const e = sim.byId.get(id);
    if (!e)
      throw new GraphError(
        400,
        100,
        `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        { subcode: 33, type: 'GraphMethodException' },
      );
    return e;
  };

  const applyFault = (fault: Fault): void => {
    switch (fault.kind) {
      case 'throttle':
        throw new GraphError(
          400,
          fault.code ?? 80004,
          fault.code === 17
            ? 'User request limit reached'
            : 'There have been too many calls to this ad-account. Wait a bit and try again.',
          {
            subcode: fault.code === 17 ? 2446079 : 2446079,
            transient: true,
            regainMinutes: fault.regainMinutes,
          },
        );
      case 'transient':
        throw new GraphError(400, fault.code, fault.message, { transient: true });
      case 'server_error':
        throw new GraphError(
          fault.status ?? 500,
          2,
          'An unexpected error has occurred. Please retry your request later.',
          { transient: true },
        );
      case 'expired_token':
        throw new GraphError(
          400,
          190,
          'Error validating access token: Session has expired on Monday, 23-Nov-26 10:00:00 PST.',
          { subcode: 463 },
        );
      case 'too_much_data':
        throw new GraphError(500, 1, "Please reduce the amount of data you're asking for, then retry your request", {
          transient: true,
        });
      case 'permission':
        throw new GraphError(403, 200, '(#200) Requires ads_management permission to manage the object', {
          type: 'OAuthException',
        });
      default:
        return;
    }
  };

  function handle(req: Request): Reply {
    const sim = req.path.length === 0 && req.method === 'POST' ? undefined : simFor(req.token);
    const [first, second] = req.path;
    if (req.path.length === 0 && req.method === 'POST') return batch(req);
    if (!sim || !first) throw new GraphError(400, 100, 'Unknown path components');
    const accountId = sim.spec.accountId;

    if (first === accountId) {
      if (!second && req.method === 'GET') {
        const acct = {
          id: accountId,
          account_id: accountId.replace(/^act_/, ''),
          name: sim.spec.name,
          currency: sim.spec.currency,
          timezone_name: sim.spec.timezone,
          account_status: 1,
          business: { id: `biz_${accountId.replace(/^act_/, '')}` },
        };
        return ok(sim, pick(acct, req.params.get('fields')));
      }
      if (second === 'campaigns' || second === 'adsets' || second === 'ads') {
        const list = second === 'campaigns' ? sim.campaigns : second === 'adsets' ? sim.adsets : sim.ads;
        return ok(
          sim,
          paged(
            list.map((e) => pick(entityJson(sim, e), req.params.get('fields'))),
            req,
            `${accountId}/${second}`,
          ),
        );
      }
      if (second === 'adspixels') {
        return ok(sim, paged([pick(pixelJson(sim), req.params.get('fields'))], req, `${accountId}/adspixels`));
      }
      if (second === 'insights') {
        const rows = insightsFor(sim, req);
        if (req.method === 'POST') {
          const id = String(6_000_000_000_000 + reports.size + Math.floor(Math.random() * 1000));
          reports.set(id, { sim, rows, polls: 0 });
          return ok(sim, { report_run_id: id });
        }
        return ok(sim, paged(rows, req, `${accountId}/insights`));
      }
      throw new GraphError(400, 100, `Tried accessing nonexisting field (${second}) on node type (AdAccount)`);
    }

    const report = reports.get(first);
    if (report) {
      if (report.sim !== sim) throw new GraphError(400, 200, '(#200) The report run belongs to another account');
      if (second === 'insights') return ok(sim, paged(report.rows, req, `${first}/insights`));
      report.polls++;
      const done = report.polls >= (options.reportPolls ?? 2);
      return ok(sim, {
        id: first,
        account_id: accountId.replace(/^act_/, ''),
        async_status: done ? 'Job Completed' : 'Job Running',
        async_percent_completion: options.reportPercentAsText ? String(done ? 100 : 50) : done ? 100 : 50,
      });
    }

    if (first === sim.spec.pixel.id) {
      if (second === 'stats') return ok(sim, pixelStats(sim, req));
      return ok(sim, pick(pixelJson(sim), req.params.get('fields')));
    }

    const entity = ownEntity(sim, first);
    if (req.method === 'GET' && !second) return ok(sim, pick(entityJson(sim, entity), req.params.get('fields')));
    if (req.method === 'POST' && second === 'copies') {
      const kind = isAd(entity) ? 'ad' : isAdSet(entity) ? 'adset' : 'campaign';
      return ok(sim, { [`copied_${kind}_id`]: `${entity.id}_copy_${randomBytes(3).toString('hex')}` });
    }
    if (req.method === 'POST' && !second) return ok(sim, update(sim, entity.id, req));
    throw new GraphError(400, 100, 'Unsupported request');
  }

  function update(sim: Simulator, id: string, req: Request): unknown {
    const p = req.params;
    const validateOnly = (p.get('execution_options') ?? '').includes('validate_only');
    const status = p.get('status');
    const budget = p.get('daily_budget');
    const bid = p.get('bid_amount');
    if (status !== null && status !== 'ACTIVE' && status !== 'PAUSED')
      throw new GraphError(400, 100, `(#100) Param status must be one of {ACTIVE, PAUSED, DELETED, ARCHIVED}`);
    const entity = sim.byId.get(id)!;
    if (budget !== null) {
      if (!/^\d+$/.test(budget) || Number(budget) < 100)
        throw new GraphError(400, 100, '(#100) The daily budget must be an integer number of cents of at least 100', {
          subcode: 1885272,
        });
      if (isAd(entity) || entity.dailyBudgetMinor === null)
        throw new GraphError(
          400,
          100,
          '(#100) Budget is set at the other level of this campaign (campaign budget optimisation)',
          { subcode: 1885621 },
        );
    }
    if (bid !== null && (!isAdSet(entity) || !/^\d+$/.test(bid)))
      throw new GraphError(400, 100, '(#100) bid_amount must be a positive integer on an ad set');
    if (validateOnly) return { success: true };
    if (status !== null) sim.setStatus(id, status);
    if (budget !== null) sim.setDailyBudget(id, Number(budget));
    if (bid !== null) sim.setBidAmount(id, Number(bid));
    return { success: true };
  }

  function insightsFor(sim: Simulator, req: Request): Record<string, unknown>[] {
    const level = (req.params.get('level') ?? 'account') as Level;
    if (!['account', 'campaign', 'adset', 'ad'].includes(level))
      throw new GraphError(400, 100, '(#100) level must be one of the following values: ad, adset, campaign, account');
    let range;
    try {
      range = resolveRange(sim, req.params.get('date_preset'), req.params.get('time_range'));
    } catch (error) {
      throw new GraphError(400, 100, (error as Error).message);
    }
    const breakdowns = req.params.get('breakdowns') ?? '';
    return insightRows(sim, {
      level,
      ...range,
      daily: req.params.get('time_increment') === '1',
      hourly: breakdowns.includes('hourly_stats_aggregated_by_advertiser_time_zone'),
    });
  }

  function batch(req: Request): Reply {
    const raw = req.params.get('batch');
    let items: { method?: string; relative_url?: string }[];
    try {
      items = JSON.parse(raw ?? '') as typeof items;
    } catch {
      throw new GraphError(400, 100, '(#100) The parameter batch is required and must be a JSON array');
    }
    if (!Array.isArray(items) || items.length > 50)
      throw new GraphError(400, 100, '(#100) Too many requests in batch message. Maximum batch size is 50');
    simFor(req.token);
    const results = items.map((item) => {
      const [pathPart = '', query = ''] = (item.relative_url ?? '').split('?');
      const params = new URLSearchParams(query);
      const path = pathPart
        .replace(/^\/?(v\d+\.\d+\/)?/, '')
        .split('/')
        .filter(Boolean);
      try {
        // Faults reach batch items too, so a test can fail one item and not the others.
        const fault = faults.take('/' + path.join('/'), (item.method ?? 'GET').toUpperCase());
        if (fault) applyFault(fault);
        const r = handle({
          method: (item.method ?? 'GET').toUpperCase(),
          path,
          params,
          token: params.get('access_token') ?? req.token,
        });
        return {
          code: r.status,
          headers: Object.entries(r.headers).map(([name, value]) => ({ name, value })),
          body: JSON.stringify(r.body),
        };
      } catch (error) {
        const e = asGraphError(error);
        return { code: e.status, headers: [], body: JSON.stringify(errorBody(e)) };
      }
    });
    return { status: 200, body: results, headers: usageHeaders(tokens.get(req.token ?? '')) };
  }

  const ok = (sim: Simulator, body: unknown): Reply => ({ status: 200, body, headers: usageHeaders(sim) });

  const server = http.createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      void (async () => {
        const url = new URL(incoming.url ?? '/', 'http://localhost');
        const params = new URLSearchParams(url.searchParams);
        const body = Buffer.concat(chunks).toString();
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
        const token = params.get('access_token') ?? auth;
        const segments = url.pathname.split('/').filter(Boolean);
        if (segments[0] && /^v\d+\.\d+$/.test(segments[0])) segments.shift();
        const method = (incoming.method ?? 'GET').toUpperCase();
        requests.push({ method, path: '/' + segments.join('/') });
        if (options.clock) for (const sim of options.simulators) sim.advanceTo(options.clock());
        let reply: Reply;
        try {
          const fault = faults.take('/' + segments.join('/'), method);
          if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
          if (fault?.kind === 'deleted') tokens.get(token ?? '')?.byId.delete(fault.id);
          if (fault) applyFault(fault);
          if (faults.usagePercent >= 100)
            throw new GraphError(
              400,
              80004,
              'There have been too many calls to this ad-account. Wait a bit and try again.',
              { transient: true, subcode: 2446079, regainMinutes: 1 },
            );
          reply = handle({ method, path: segments, params, token });
        } catch (error) {
          const e = asGraphError(error);
          reply = {
            status: e.status,
            body: errorBody(e),
            headers: usageHeaders(tokens.get(token ?? ''), e.regainMinutes ?? 0),
          };
        }
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  selfUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: selfUrl,
    baseUrl: `${selfUrl}/${version}`,
    faults,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function asGraphError(error: unknown): GraphError {
  if (error instanceof GraphError) return error;
  return new GraphError(500, 1, `An unknown error occurred (${(error as Error).message})`, { transient: true });
}

function errorBody(e: GraphError) {
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

function pixelJson(sim: Simulator): Record<string, unknown> {
  const p = sim.spec.pixel;
  const last = [...sim.pixelHours.entries()].reverse().find(([, v]) => v[0] > 0);
  const broken = p.breaksAtHour !== undefined && sim.hourIndex(sim.now) >= p.breaksAtHour + sim.spec.historyDays * 24;
  return {
    id: p.id,
    name: p.name,
    last_fired_time: last
      ? new Date(sim.origin + (last[0] + 1) * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+0000')
      : null,
    is_unavailable: false,
    data_use_setting: 'ADVERTISING_AND_ANALYTICS',
    event_match_quality: broken ? 2.1 : p.eventMatchQuality,
  };
}

/** `/{pixel_id}/stats?aggregation=event`: per hour, the count of each event name. */
function pixelStats(sim: Simulator, req: Request): unknown {
  if ((req.params.get('aggregation') ?? 'event') !== 'event')
    throw new GraphError(400, 100, '(#100) aggregation must be one of: event, ...');
  const HOUR = 3_600_000;
  const end = Number(req.params.get('end_time') ?? Math.floor(sim.now / 1000)) * 1000;
  const start = Number(req.params.get('start_time') ?? Math.floor((sim.now - 24 * HOUR) / 1000)) * 1000;
  const names = ['PageView', 'AddToCart', 'InitiateCheckout', 'Purchase'];
  const data = [];
  for (let t = Math.floor(start / HOUR) * HOUR; t < Math.min(end, sim.now); t += HOUR) {
    const v = sim.pixelHours.get(sim.hourIndex(t));
    if (!v) continue;
    data.push({
      start_time: new Date(t).toISOString().replace(/\.\d{3}Z$/, '+0000'),
      aggregation: 'event',
      data: names.map((value, i) => ({ value, count: v[i]! })).filter((d) => d.count > 0),
    });
  }
  return { data };
}
