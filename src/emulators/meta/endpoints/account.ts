/** `/act_{id}` and its edges: the account node, entity lists, pixels, and insights (synchronous or as a report run). */
import type { Simulator } from '../../simulator/simulator.ts';
import { ok, paged, type GraphContext, type GraphRequest, type Reply } from '../context.ts';
import { entityJson, pick } from '../entities.ts';
import { tooMuchData } from '../fault-errors.ts';
import { GraphError } from '../graph-error.ts';
import { insightRows, resolveRange, type Level } from '../insights.ts';
import { businessOf } from '../usage.ts';
import { pixelJson } from './pixel.ts';

/** @throws GraphError for an unknown edge, level or date range. */
export function accountEndpoint(ctx: GraphContext, sim: Simulator, req: GraphRequest, edge: string | undefined): Reply {
  const accountId = sim.spec.accountId;
  const fields = req.params.get('fields');
  if (!edge && req.method === 'GET') {
    const acct = {
      id: accountId,
      account_id: accountId.replace(/^act_/, ''),
      name: sim.spec.name,
      currency: sim.spec.currency,
      timezone_name: sim.spec.timezone,
      account_status: 1,
      disable_reason: 0,
      business: { id: businessOf(sim) },
    };
    return ok(ctx, sim, pick(acct, fields));
  }
  if (edge === 'campaigns' || edge === 'adsets' || edge === 'ads') {
    const list = edge === 'campaigns' ? sim.campaigns : edge === 'adsets' ? sim.adsets : sim.ads;
    const rows = list.map((e) => pick(entityJson(sim, e), fields));
    return ok(ctx, sim, paged(ctx, rows, req, `${accountId}/${edge}`));
  }
  if (edge === 'adspixels')
    return ok(ctx, sim, paged(ctx, [pick(pixelJson(sim), fields)], req, `${accountId}/adspixels`));
  if (edge === 'insights') {
    const rows = insightsFor(sim, req);
    if (req.method === 'POST') {
      const id = String(6_000_000_000_000 + ctx.reports.size + Math.floor(Math.random() * 1000));
      ctx.reports.set(id, { sim, rows, polls: 0 });
      return ok(ctx, sim, { report_run_id: id });
    }
    // Meta sizes a synchronous request by all it would return, not by the page asked for.
    if (!req.params.get('after') && rows.length > ctx.maxSyncInsightRows) throw tooMuchData();
    return ok(ctx, sim, paged(ctx, rows, req, `${accountId}/insights`));
  }
  throw new GraphError(400, 100, `Tried accessing nonexisting field (${edge}) on node type (AdAccount)`);
}

function insightsFor(sim: Simulator, req: GraphRequest): Record<string, unknown>[] {
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
  const campaigns = campaignFilter(req.params.get('filtering'));
  return insightRows(sim, {
    ...(campaigns ? { campaignIds: campaigns } : {}),
    level,
    ...range,
    daily: req.params.get('time_increment') === '1',
    hourly: breakdowns.includes('hourly_stats_aggregated_by_advertiser_time_zone'),
  });
}

/**
 * The campaign ids of a `filtering` on campaign.id (IN or EQUAL), the one filter the client sends.
 * @throws GraphError 100 for filtering that is not a JSON array of {field, operator, value}.
 */
function campaignFilter(filtering: string | null): Set<string> | null {
  if (!filtering) return null;
  let filters: { field?: unknown; operator?: unknown; value?: unknown }[];
  try {
    filters = JSON.parse(filtering) as typeof filters;
    if (!Array.isArray(filters)) throw new Error('not an array');
  } catch {
    throw new GraphError(400, 100, '(#100) param filtering must be an array.');
  }
  const f = filters.find((x) => x.field === 'campaign.id');
  if (!f) return null;
  const values = Array.isArray(f.value) ? f.value : [f.value];
  return new Set(values.map(String));
}
