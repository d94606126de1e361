/** `/{campaign|adset|ad id}`: read, copy, and the writes the executor makes (status, daily budget, bid). */
import { randomBytes } from 'node:crypto';
import type { Simulator } from '../../simulator/simulator.ts';
import { ok, type GraphContext, type GraphRequest, type Reply } from '../context.ts';
import { entityJson, isAd, isAdSet, pick } from '../entities.ts';
import { GraphError } from '../graph-error.ts';

/** @throws GraphError 100/33 for an id the token's account does not have, 100 for a bad write. */
export function entityEndpoint(
  ctx: GraphContext,
  sim: Simulator,
  req: GraphRequest,
  id: string,
  edge: string | undefined,
): Reply {
  const entity = sim.byId.get(id);
  if (!entity)
    throw new GraphError(
      400,
      100,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      { subcode: 33, type: 'GraphMethodException' },
    );
  if (req.method === 'GET' && !edge) return ok(ctx, sim, pick(entityJson(sim, entity), req.params.get('fields')));
  if (req.method === 'POST' && edge === 'copies') {
    const kind = isAd(entity) ? 'ad' : isAdSet(entity) ? 'adset' : 'campaign';
    return ok(ctx, sim, { [`copied_${kind}_id`]: `${entity.id}_copy_${randomBytes(3).toString('hex')}` });
  }
  if (req.method === 'POST' && !edge) return ok(ctx, sim, update(sim, entity.id, req));
  throw new GraphError(400, 100, 'Unsupported request');
}

function update(sim: Simulator, id: string, req: GraphRequest): unknown {
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
        {
          subcode: 1885621,
        },
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
