/** `/{report_run_id}`: an async insights run completes after a few polls; `/insights` on it pages the rows. */
import type { Simulator } from '../../simulator/simulator.ts';
import { ok, paged, type GraphContext, type GraphRequest, type ReportRun, type Reply } from '../context.ts';
import { GraphError } from '../graph-error.ts';

/** @throws GraphError 200 when the run belongs to another account's token. */
export function reportEndpoint(
  ctx: GraphContext,
  sim: Simulator,
  req: GraphRequest,
  id: string,
  report: ReportRun,
  edge: string | undefined,
): Reply {
  if (report.sim !== sim) throw new GraphError(400, 200, '(#200) The report run belongs to another account');
  if (edge === 'insights') return ok(ctx, sim, paged(ctx, report.rows, req, `${id}/insights`));
  report.polls++;
  const done = report.polls >= ctx.reportPolls;
  return ok(ctx, sim, {
    id,
    account_id: sim.spec.accountId.replace(/^act_/, ''),
    async_status: done ? 'Job Completed' : 'Job Running',
    async_percent_completion: ctx.reportPercentAsText ? String(done ? 100 : 50) : done ? 100 : 50,
  });
}
