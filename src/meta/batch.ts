import { z } from 'zod';
import { classifyMetaError, MetaApiError, redact } from './errors.ts';
import type { GraphErrorBody, GraphTransport } from './transport.ts';

/** Meta's limit on the requests of one batch call. */
export const MAX_BATCH = 50;

const itemsSchema = z.array(z.object({ code: z.number(), body: z.string() }).nullable());

/**
 * Up to 50 GET requests in one call. Each result is parsed, or is the typed error of that item; a failed item
 * does not fail the others.
 * @throws RangeError above 50 requests; the transport's typed errors when the batch call itself fails.
 */
export async function batchGet<T>(
  transport: GraphTransport,
  relativeUrls: string[],
  schema: z.ZodType<T>,
): Promise<(T | MetaApiError)[]> {
  if (relativeUrls.length > MAX_BATCH) throw new RangeError('a Graph API batch holds at most 50 requests');
  const items = await transport.request(
    'POST',
    '',
    { batch: JSON.stringify(relativeUrls.map((relative_url) => ({ method: 'GET', relative_url }))) },
    itemsSchema,
  );
  return items.map((item, i) => batchItem(item, redact(relativeUrls[i] ?? ''), schema));
}

function batchItem<T>(item: z.infer<typeof itemsSchema>[number], path: string, schema: z.ZodType<T>): T | MetaApiError {
  // Meta answers null for an item it did not get to within the batch's time.
  if (!item)
    return new MetaApiError({ message: 'batch item timed out', code: 1, httpStatus: 0, transient: true, path });
  const body = JSON.parse(item.body) as GraphErrorBody;
  if (item.code !== 200 || body.error) {
    return classifyMetaError({
      message: redact(body.error?.message ?? `HTTP ${item.code}`),
      code: body.error?.code ?? -1,
      subcode: body.error?.error_subcode,
      type: body.error?.type,
      fbtraceId: body.error?.fbtrace_id,
      httpStatus: item.code,
      // Meta marks an item's error as worth retrying the same way it does a whole call's.
      isTransient: body.error?.is_transient,
      path,
    });
  }
  const r = schema.safeParse(body);
  return r.success
    ? r.data
    : new MetaApiError({ message: 'unexpected batch item shape', code: -2, httpStatus: 200, transient: false, path });
}
