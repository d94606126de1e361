import { z } from 'zod';
import { redact } from './errors.ts';
import { shapeError, type GraphTransport, type Params } from './transport.ts';

const pageSchema = z.object({
  data: z.array(z.unknown()),
  paging: z.object({ next: z.string().optional() }).passthrough().optional(),
});

/**
 * Every item of a paged edge, following `paging.next` to the end; each item is parsed on its own so the error
 * names the item that did not fit.
 * @throws the transport's typed errors; a non-transient MetaApiError for an item that does not match `item`.
 */
export async function getAll<T>(
  transport: GraphTransport,
  path: string,
  params: Params,
  item: z.ZodType<T>,
  pageSize: number,
): Promise<T[]> {
  const out: T[] = [];
  let page = await transport.request('GET', path, { limit: String(pageSize), ...params }, pageSchema);
  for (;;) {
    for (const raw of page.data) {
      const r = item.safeParse(raw);
      if (!r.success) throw shapeError('unexpected item', r.error.issues, 200, redact(path));
      out.push(r.data);
    }
    const next = page.paging?.next;
    if (!next) return out;
    page = await transport.request('GET', next, {}, pageSchema);
  }
}
