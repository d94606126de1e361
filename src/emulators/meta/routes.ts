/** Routes a parsed Graph request to its endpoint family by the first path segment. */
import { batch } from './batch.ts';
import { ok, simFor, type GraphContext, type GraphRequest, type Reply } from './context.ts';
import { accountEndpoint } from './endpoints/account.ts';
import { entityEndpoint } from './endpoints/entity.ts';
import { pixelEndpoint } from './endpoints/pixel.ts';
import { reportEndpoint } from './endpoints/report.ts';
import { GraphError } from './graph-error.ts';

/** @throws GraphError with Meta's code for anything Meta would refuse. */
export function route(ctx: GraphContext, req: GraphRequest): Reply {
  if (req.path.length === 0 && req.method === 'POST') return batch(ctx, req, (item) => route(ctx, item));
  const sim = simFor(ctx, req.token);
  const [first, second] = req.path;
  if (!first) throw new GraphError(400, 100, 'Unknown path components');
  // What the token was granted (adpilot's connect check): Meta lists each permission with its status.
  if (first === 'me' && second === 'permissions' && req.method === 'GET') {
    const granted = sim.spec.permissions ?? ['ads_read', 'ads_management'];
    return ok(ctx, sim, { data: granted.map((permission) => ({ permission, status: 'granted' })) });
  }
  if (first === sim.spec.accountId) return accountEndpoint(ctx, sim, req, second);
  const report = ctx.reports.get(first);
  if (report) return reportEndpoint(ctx, sim, req, first, report, second);
  if (first === sim.spec.pixel.id) return pixelEndpoint(ctx, sim, req, second);
  return entityEndpoint(ctx, sim, req, first, second);
}
