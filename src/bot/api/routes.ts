/**
 * The read-only dashboard API on the bot's HTTP server (Bolt `customRoutes`), for teams that chart adpilot's
 * forecasts elsewhere. Every route needs `Authorization: Bearer $DASHBOARD_API_TOKEN`; with no token configured the
 * API answers 503. Errors are JSON `{ "error": … }`.
 *
 *   GET /api/v1/accounts/:accountId/dashboards/:name            data (JSON) of one dashboard
 *   GET /api/v1/accounts/:accountId/dashboards/:name/chart.png  the chart as a PNG
 *   GET /api/v1/accounts/:accountId/status                      last forecast runs (status, duration)
 *   GET /api/v1/accounts/:accountId/accuracy                    accuracy per metric, drift, fetcher stats
 *
 * `:name` is one of roi-forecast, roi-timeseries, reach-ctr-timeseries, budget-allocation.
 */
import type { CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getAdAccount, type AdAccount } from '../../db/accounts.ts';
import { recentForecastRuns } from '../../db/forecast-runs.ts';
import { localDay } from '../../intel/hourly-delta.ts';
import type { BotDeps } from '../commands/types.ts';
import { loadAccuracyStats } from '../forecast/accuracy-stats.ts';
import { DASHBOARDS, loadStoredDashboards, type DashboardName, type StoredDashboards } from '../forecast/dashboards.ts';
import { renderDashboard } from '../forecast/pngs.ts';
import { authorize } from './auth.ts';

type Params = Record<string, string | string[] | undefined>;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const dataOf = (d: StoredDashboards, name: DashboardName) => {
  const common = { accountId: d.accountId, generatedAt: new Date(d.generatedAt).toISOString(), dashboard: name };
  if (name === 'roi-forecast') return { ...common, data: d.roiForecast };
  if (name === 'roi-timeseries') return { ...common, data: d.roiTimeseries };
  if (name === 'reach-ctr-timeseries') return { ...common, data: d.reachCtrTimeseries };
  return { ...common, data: d.budgetAllocation };
};

/** The API's routes; each handler authenticates first and never throws (a failure is a 500 without details, logged). */
export function dashboardApiRoutes(deps: BotDeps): CustomRoute[] {
  const now = () => (deps.now ?? Date.now)();
  const guarded =
    (handle: (account: AdAccount, params: Record<string, string>, res: ServerResponse) => Promise<void>) =>
    (req: IncomingMessage & { params?: Params }, res: ServerResponse): void => {
      const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('/') : (v ?? ''));
      const auth = authorize(req, deps.config.DASHBOARD_API_TOKEN);
      if (auth === 'off')
        return json(res, 503, { error: 'The dashboard API is off: set DASHBOARD_API_TOKEN to enable it.' });
      if (auth === 'unauthorized')
        return json(res, 401, { error: 'Missing or invalid bearer token.' }, { 'www-authenticate': 'Bearer' });
      const params = Object.fromEntries(Object.entries(req.params ?? {}).map(([k, v]) => [k, one(v)]));
      void (async () => {
        const account = await getAdAccount(deps.pool, params.accountId ?? '');
        if (!account) return json(res, 404, { error: `Unknown account ${JSON.stringify(params.accountId ?? '')}.` });
        await handle(account, params, res);
      })().catch((error: unknown) => {
        // The client gets no details; operators get the error with the route and account (never the token).
        deps.log.error('dashboard API request failed', {
          route: req.url?.split('?')[0],
          method: req.method,
          accountId: params.accountId,
          error,
        });
        if (!res.headersSent) json(res, 500, { error: 'Internal error.' });
        else res.end();
      });
    };
  const dashboards = async (account: AdAccount, params: Record<string, string>, res: ServerResponse) => {
    const name = params.name as DashboardName;
    if (!DASHBOARDS.includes(name)) {
      json(res, 404, { error: `Unknown dashboard "${params.name ?? ''}"; one of ${DASHBOARDS.join(', ')}.` });
      return null;
    }
    const d = await loadStoredDashboards(deps.pool, account.id, localDay(now(), account.timezone));
    if (!d) json(res, 404, { error: `No forecast stored for ${account.id} yet.` });
    return d ? { d, name } : null;
  };
  const base = '/api/v1/accounts/:accountId';
  return [
    {
      path: `${base}/dashboards/:name`,
      method: 'GET',
      handler: guarded(async (account, params, res) => {
        const found = await dashboards(account, params, res);
        if (found) json(res, 200, dataOf(found.d, found.name));
      }),
    },
    {
      path: `${base}/dashboards/:name/chart.png`,
      method: 'GET',
      handler: guarded(async (account, params, res) => {
        const found = await dashboards(account, params, res);
        if (!found) return;
        const png = await renderDashboard(found.d, found.name, account.currency);
        res.writeHead(200, {
          'content-type': 'image/png',
          'content-length': String(png.length),
          'cache-control': 'no-store',
        });
        res.end(png);
      }),
    },
    {
      path: `${base}/status`,
      method: 'GET',
      handler: guarded(async (account, _params, res) => {
        const runs = await recentForecastRuns(deps.pool, account.id, 10);
        const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
        const view = runs.map((r) => ({
          runId: r.run_id,
          trigger: r.trigger,
          status: r.status,
          startedAt: iso(r.started_at),
          finishedAt: iso(r.finished_at),
          durationMs: r.duration_ms,
          summary: r.summary,
        }));
        json(res, 200, {
          accountId: account.id,
          lastRun: view.find((r) => r.status !== 'running') ?? null,
          running: view.some((r) => r.status === 'running'),
          intervalMinutes: deps.config.FORECAST_INTERVAL_MINUTES,
          predictionsEnabled: deps.config.ENABLE_ML_PREDICTIONS,
          runs: view,
        });
      }),
    },
    {
      path: `${base}/accuracy`,
      method: 'GET',
      handler: guarded(async (account, _params, res) => {
        const a = await loadAccuracyStats(
          deps.pool,
          account.id,
          localDay(now(), account.timezone),
          deps.config.FORECAST_DRIFT_DAYS,
        );
        json(res, 200, {
          ...a,
          driftRule: { threshold: deps.config.FORECAST_DRIFT_THRESHOLD, days: deps.config.FORECAST_DRIFT_DAYS },
        });
      }),
    },
  ];
}
