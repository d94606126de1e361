/** `/act_{id}` and its edges: the account node, entity lists, pixels, and insights (synchronous or as a report run). */
import type { Simulator } from '../../simulator/simulator.ts';
import { ok, paged, type GraphContext, type GraphRequest, type Reply } from '../context.ts';
import { entityJson, pick } from '../entities.ts';
import { GraphError } from '../graph-error.ts';
import { insightRows, resolveRange, type Level } from '../insights.ts';
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
      business: { id: `biz_${accountId.replace(/^act_/, '')}` },
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
  return insightRows(sim, {
    level,
    ...range,
    daily: req.params.get('time_increment') === '1',
    hourly: breakdowns.includes('hourly_stats_aggregated_by_advertiser_time_zone'),
  });
}
