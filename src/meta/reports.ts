import { z } from 'zod';
import { MetaApiError } from './errors.ts';
import type { GraphTransport, Params } from './transport.ts';

export interface ReportOptions {
  /** Poll interval for async report runs. */
  pollMs: number;
  /** Upper bound on how long to wait for a report run. */
  timeoutMs: number;
}

// Only async_status decides; the percentage is informational, and Meta has sent it as a string ("45"), so anything
// that is not a number reads as unknown instead of failing the run as a permanent shape error.
const statusSchema = z.object({
  async_status: z.string(),
  async_percent_completion: z
    .union([z.number(), z.string()])
    .optional()
    .transform((v) => {
      const n = typeof v === 'string' ? Number(v) : v;
      return n === undefined || !Number.isFinite(n) ? null : n;
    }),
});

/**
 * Starts an async insights report run and waits until Meta says it completed.
 * @returns the report run id, whose `insights` edge holds the rows.
 * @throws a transient MetaApiError when the run failed, was skipped or did not finish in `timeoutMs`.
 */
export async function runReport(
  transport: GraphTransport,
  accountId: string,
  params: Params,
  o: ReportOptions,
): Promise<string> {
  const path = `${accountId}/insights`;
  const run = await transport.request('POST', path, params, z.object({ report_run_id: z.string() }));
  const failed = (message: string) => new MetaApiError({ message, code: 1, httpStatus: 200, transient: true, path });
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const status = await transport.request('GET', run.report_run_id, {}, statusSchema);
    if (status.async_status === 'Job Completed') return run.report_run_id;
    if (status.async_status === 'Job Failed' || status.async_status === 'Job Skipped')
      throw failed(`report run ${run.report_run_id} ended as ${status.async_status}`);
    if (Date.now() > deadline) throw failed(`report run ${run.report_run_id} did not finish in time`);
    await transport.sleep(o.pollMs);
  }
}
