import { z } from 'zod';
import { classifyMetaError, MetaApiError, redact } from './errors.ts';
import {
  ENTITY_FIELDS,
  entitySchema,
  INSIGHT_FIELDS,
  insightRowSchema,
  pixelSchema,
  pixelStatsSchema,
  type InsightRow,
  type MetaEntity,
  type MetaPixel,
  type PixelStats,
} from './parse.ts';
import { backoffBeforeNextCall, parseUsage, type UsageSnapshot } from './usage.ts';

export interface MetaClientOptions {
  /** Graph API base with version, e.g. https://graph.facebook.com/v23.0 */
  baseUrl: string;
  accessToken: string;
  fetch?: typeof fetch;
  onUsage?: (usage: UsageSnapshot) => void;
  /** Poll interval for async report runs. */
  reportPollMs?: number;
  /** Upper bound on how long to wait for a report run. */
  reportTimeoutMs?: number;
  /** Page size for lists and insights. */
  pageSize?: number;
  /** Injected for tests; the client sleeps before a call when usage runs high. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborts calls in flight, e.g. an activity's cancellation signal when its worker shuts down. */
  signal?: AbortSignal;
}

export interface InsightsParams {
  level: 'account' | 'campaign' | 'adset' | 'ad';
  datePreset?: 'today' | 'yesterday' | 'last_3d' | 'last_7d' | 'last_14d' | 'last_30d' | 'maximum';
  timeRange?: { since: string; until: string };
  timeIncrement?: 1;
  hourly?: boolean;
  fields?: string;
  actionAttributionWindows?: string[];
  /** Run as an async report (POST, poll, read): for large accounts and long ranges. */
  async?: boolean;
}

export interface ClientStats {
  calls: number;
  throttledWaitMs: number;
}

export interface WriteOptions {
  /** Meta's execution_options=["validate_only"]: checks the write without applying it. */
  validateOnly?: boolean;
}

const pageSchema = z.object({
  data: z.array(z.unknown()),
  paging: z.object({ next: z.string().optional() }).passthrough().optional(),
});
const successSchema = z.object({ success: z.boolean() });

/**
 * A typed Graph API client (fetch + zod). Reads follow paging cursors to the end; large insights go through
 * async report runs; usage headers slow it down before the limit; errors are typed and carry no token.
 */
export class MetaClient {
  readonly stats: ClientStats = { calls: 0, throttledWaitMs: 0 };
  private readonly options: MetaClientOptions;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private pauseMs = 0;

  constructor(options: MetaClientOptions) {
    this.options = options;
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private url(path: string, params: Record<string, string | undefined> = {}): string {
    const u = new URL(
      path.startsWith('http') ? path : `${this.options.baseUrl.replace(/\/$/, '')}/${path.replace(/^\//, '')}`,
    );
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  /**
   * One Graph API call.
   * @throws MetaThrottleError (with retryAfterMs), MetaAuthError, MetaPermissionError, MetaInvalidParameterError or
   * MetaApiError (transient or not); a response that does not match its schema is a non-transient MetaApiError.
   */
  async request<T>(
    method: 'GET' | 'POST',
    pathOrUrl: string,
    params: Record<string, string | undefined>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    if (this.pauseMs > 0) {
      this.stats.throttledWaitMs += this.pauseMs;
      await this.sleep(this.pauseMs);
    }
    const url = method === 'GET' ? this.url(pathOrUrl, params) : this.url(pathOrUrl);
    const path = redact(new URL(url).pathname);
    this.stats.calls++;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
        headers: {
          authorization: `Bearer ${this.options.accessToken}`,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'POST'
          ? {
              body: new URLSearchParams(
                Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
              ).toString(),
            }
          : {}),
      });
    } catch (error) {
      throw new MetaApiError({
        message: `network error: ${redact((error as Error).message)}`,
        code: -1,
        httpStatus: 0,
        transient: true,
        path,
      });
    }
    const usage = parseUsage(response.headers);
    this.pauseMs = backoffBeforeNextCall(usage);
    this.options.onUsage?.(usage);
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MetaApiError({
        message: `non-JSON response (HTTP ${response.status})`,
        code: -1,
        httpStatus: response.status,
        transient: response.status >= 500,
        path,
      });
    }
    const err = (
      body as {
        error?: {
          message?: string;
          code?: number;
          error_subcode?: number;
          type?: string;
          fbtrace_id?: string;
          is_transient?: boolean;
        };
      }
    ).error;
    if (!response.ok || err) {
      throw classifyMetaError({
        message: redact(err?.message ?? `HTTP ${response.status}`),
        code: err?.code ?? (response.status >= 500 ? 2 : -1),
        subcode: err?.error_subcode,
        type: err?.type,
        fbtraceId: err?.fbtrace_id,
        httpStatus: response.status,
        isTransient: err?.is_transient,
        retryAfterMs: usage.regainAccessMs > 0 ? usage.regainAccessMs : undefined,
        path,
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MetaApiError({
        message: `unexpected response shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
        code: -2,
        httpStatus: response.status,
        transient: false,
        path,
      });
    }
    return parsed.data;
  }

  /** Every item of a paged edge, following `paging.next` to the end. */
  async getAll<T>(path: string, params: Record<string, string | undefined>, item: z.ZodType<T>): Promise<T[]> {
    const out: T[] = [];
    let page = await this.request('GET', path, { limit: String(this.options.pageSize ?? 500), ...params }, pageSchema);
    for (;;) {
      for (const raw of page.data) out.push(this.parseItem(item, raw, path));
      const next = page.paging?.next;
      if (!next) return out;
      page = await this.request('GET', next, {}, pageSchema);
    }
  }

  private parseItem<T>(schema: z.ZodType<T>, raw: unknown, path: string): T {
    const r = schema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new MetaApiError({
        message: `unexpected item at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
        code: -2,
        httpStatus: 200,
        transient: false,
        path: redact(path),
      });
    }
    return r.data;
  }

  getAdAccount(accountId: string) {
    return this.request(
      'GET',
      accountId,
      { fields: 'id,account_id,name,currency,timezone_name,account_status,business' },
      z.object({
        id: z.string(),
        name: z.string(),
        currency: z.string(),
        timezone_name: z.string(),
        account_status: z.number(),
        business: z.object({ id: z.string() }).optional(),
      }),
    );
  }

  listCampaigns(accountId: string): Promise<MetaEntity[]> {
    return this.getAll(`${accountId}/campaigns`, { fields: ENTITY_FIELDS.campaigns }, entitySchema);
  }
  listAdSets(accountId: string): Promise<MetaEntity[]> {
    return this.getAll(`${accountId}/adsets`, { fields: ENTITY_FIELDS.adsets }, entitySchema);
  }
  listAds(accountId: string): Promise<MetaEntity[]> {
    return this.getAll(`${accountId}/ads`, { fields: ENTITY_FIELDS.ads }, entitySchema);
  }

  /** One campaign, ad set or ad, re-read before a write. */
  getEntity(id: string, fields = `${ENTITY_FIELDS.adsets},objective`): Promise<MetaEntity> {
    return this.request('GET', id, { fields }, entitySchema);
  }

  private insightsParams(p: InsightsParams): Record<string, string | undefined> {
    return {
      level: p.level,
      fields: p.fields ?? INSIGHT_FIELDS,
      date_preset: p.timeRange ? undefined : (p.datePreset ?? 'today'),
      time_range: p.timeRange ? JSON.stringify(p.timeRange) : undefined,
      time_increment: p.timeIncrement ? String(p.timeIncrement) : undefined,
      breakdowns: p.hourly ? 'hourly_stats_aggregated_by_advertiser_time_zone' : undefined,
      action_attribution_windows: p.actionAttributionWindows ? JSON.stringify(p.actionAttributionWindows) : undefined,
    };
  }

  /** Insights rows, parsed: numbers, not strings; absent metrics as null; actions kept as arrays. */
  async getInsights(accountId: string, p: InsightsParams): Promise<InsightRow[]> {
    if (!p.async) return this.getAll(`${accountId}/insights`, this.insightsParams(p), insightRowSchema);
    const run = await this.request(
      'POST',
      `${accountId}/insights`,
      this.insightsParams(p),
      z.object({ report_run_id: z.string() }),
    );
    const deadline = Date.now() + (this.options.reportTimeoutMs ?? 10 * 60_000);
    for (;;) {
      const status = await this.request(
        'GET',
        run.report_run_id,
        {},
        z.object({ async_status: z.string(), async_percent_completion: z.number() }),
      );
      if (status.async_status === 'Job Completed') break;
      if (status.async_status === 'Job Failed' || status.async_status === 'Job Skipped') {
        throw new MetaApiError({
          message: `report run ${run.report_run_id} ended as ${status.async_status}`,
          code: 1,
          httpStatus: 200,
          transient: true,
          path: `${accountId}/insights`,
        });
      }
      if (Date.now() > deadline)
        throw new MetaApiError({
          message: `report run ${run.report_run_id} did not finish in time`,
          code: 1,
          httpStatus: 200,
          transient: true,
          path: `${accountId}/insights`,
        });
      await this.sleep(this.options.reportPollMs ?? 2_000);
    }
    return this.getAll(`${run.report_run_id}/insights`, {}, insightRowSchema);
  }

  async listPixels(accountId: string): Promise<MetaPixel[]> {
    return this.getAll(
      `${accountId}/adspixels`,
      { fields: 'id,name,last_fired_time,event_match_quality' },
      pixelSchema,
    );
  }

  async getPixel(pixelId: string): Promise<MetaPixel> {
    return this.request('GET', pixelId, { fields: 'id,name,last_fired_time,event_match_quality' }, pixelSchema);
  }

  /** Per-hour event counts of a pixel between two instants (epoch ms). */
  async getPixelStats(pixelId: string, from: number, to: number): Promise<PixelStats> {
    const r = await this.request(
      'GET',
      `${pixelId}/stats`,
      { aggregation: 'event', start_time: String(Math.floor(from / 1000)), end_time: String(Math.floor(to / 1000)) },
      pixelStatsSchema,
    );
    return r.data;
  }

  /**
   * Up to 50 GET requests in one call (Meta's batch limit). Each result is parsed, or is the typed error of
   * that item; a failed item does not fail the others.
   */
  async batchGet<T>(relativeUrls: string[], schema: z.ZodType<T>): Promise<(T | MetaApiError)[]> {
    if (relativeUrls.length > 50) throw new RangeError('a Graph API batch holds at most 50 requests');
    const items = await this.request(
      'POST',
      '',
      { batch: JSON.stringify(relativeUrls.map((relative_url) => ({ method: 'GET', relative_url }))) },
      z.array(z.object({ code: z.number(), body: z.string() }).nullable()),
    );
    return items.map((item, i) => {
      const path = redact(relativeUrls[i] ?? '');
      if (!item)
        return new MetaApiError({ message: 'batch item timed out', code: 1, httpStatus: 0, transient: true, path });
      const body = JSON.parse(item.body) as {
        error?: { message?: string; code?: number; error_subcode?: number; type?: string; fbtrace_id?: string };
      };
      if (item.code !== 200 || body.error) {
        return classifyMetaError({
          message: redact(body.error?.message ?? `HTTP ${item.code}`),
          code: body.error?.code ?? -1,
          subcode: body.error?.error_subcode,
          type: body.error?.type,
          fbtraceId: body.error?.fbtrace_id,
          httpStatus: item.code,
          path,
        });
      }
      const r = schema.safeParse(body);
      return r.success
        ? r.data
        : new MetaApiError({
            message: 'unexpected batch item shape',
            code: -2,
            httpStatus: 200,
            transient: false,
            path,
          });
    });
  }

  // ----- writes: only the executor calls these -----

  private async write(id: string, params: Record<string, string>, o: WriteOptions): Promise<void> {
    const r = await this.request(
      'POST',
      id,
      { ...params, ...(o.validateOnly ? { execution_options: '["validate_only"]' } : {}) },
      successSchema,
    );
    if (!r.success)
      throw new MetaApiError({
        message: 'write was not applied',
        code: -3,
        httpStatus: 200,
        transient: false,
        path: id,
      });
  }

  updateStatus(id: string, status: 'ACTIVE' | 'PAUSED', o: WriteOptions = {}): Promise<void> {
    return this.write(id, { status }, o);
  }
  /** Daily budget of an ad set (or of a campaign that uses campaign budget optimisation), in minor units. */
  updateDailyBudget(id: string, minor: number, o: WriteOptions = {}): Promise<void> {
    if (!Number.isInteger(minor) || minor <= 0)
      throw new RangeError(`a daily budget is a positive whole number of minor units, not ${minor}`);
    return this.write(id, { daily_budget: String(minor) }, o);
  }
  updateBidAmount(id: string, minor: number, o: WriteOptions = {}): Promise<void> {
    if (!Number.isInteger(minor) || minor <= 0)
      throw new RangeError(`a bid amount is a positive whole number of minor units, not ${minor}`);
    return this.write(id, { bid_amount: String(minor) }, o);
  }
  /** Copies a campaign, ad set or ad (the `copies` edge), paused. @returns the new object's id. */
  async duplicate(id: string, o: WriteOptions = {}): Promise<string> {
    const r = await this.request(
      'POST',
      `${id}/copies`,
      { status_option: 'PAUSED', ...(o.validateOnly ? { execution_options: '["validate_only"]' } : {}) },
      z.record(z.string(), z.unknown()),
    );
    const copied = Object.entries(r).find(([k]) => k.startsWith('copied_'))?.[1];
    if (typeof copied !== 'string')
      throw new MetaApiError({
        message: 'copies returned no id',
        code: -2,
        httpStatus: 200,
        transient: false,
        path: `${id}/copies`,
      });
    return copied;
  }
}
