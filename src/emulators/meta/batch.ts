/** Graph batch requests (`POST /` with `batch=[…]`): up to 50 relative requests, each answered on its own. */
import { simFor, type GraphContext, type GraphRequest, type Reply } from './context.ts';
import { applyFault } from './fault-errors.ts';
import { asGraphError, errorBody, GraphError } from './graph-error.ts';
import { usageHeaders } from './usage.ts';

/**
 * Runs each item through `handle`; an item's error is its own result, not the batch's.
 * @throws GraphError 100 for a missing or oversized batch, 190 for a bad token.
 */
export function batch(ctx: GraphContext, req: GraphRequest, handle: (req: GraphRequest) => Reply): Reply {
  let items: { method?: string; relative_url?: string }[];
  try {
    items = JSON.parse(req.params.get('batch') ?? '') as typeof items;
  } catch {
    throw new GraphError(400, 100, '(#100) The parameter batch is required and must be a JSON array');
  }
  if (!Array.isArray(items) || items.length > 50)
    throw new GraphError(400, 100, '(#100) Too many requests in batch message. Maximum batch size is 50');
  simFor(ctx, req.token);
  const results = items.map((item) => {
    const [pathPart = '', query = ''] = (item.relative_url ?? '').split('?');
    const params = new URLSearchParams(query);
    const path = pathPart
      .replace(/^\/?(v\d+\.\d+\/)?/, '')
      .split('/')
      .filter(Boolean);
    try {
      // Faults reach batch items too, so a test can fail one item and not the others.
      const fault = ctx.faults.take('/' + path.join('/'), (item.method ?? 'GET').toUpperCase());
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
  return {
    status: 200,
    body: results,
    headers: usageHeaders(ctx.faults.usagePercent, ctx.tokens.get(req.token ?? '')),
  };
}
