import { z } from 'zod';
import { batchGet } from './batch.ts';
import { MetaApiError } from './errors.ts';
import { getAll } from './paging.ts';
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
import { runReport } from './reports.ts';
import { GraphTransport, type ClientStats, type Params, type TransportOptions } from './transport.ts';

export type { ClientStats } from './transport.ts';

export interface MetaClientOptions extends TransportOptions {
  /** Poll interval for async report runs. */
  reportPollMs?: number;
  /** Upper bound on how long to wait for a report run. */
  reportTimeoutMs?: number;
  /** Page size for lists and insights. */
  pageSize?: number;
}

export interface InsightsParams {
  level: 'account' | 'campaign' | 'adset' | 'ad';
  datePreset?: 'today' | 'yesterday' | 'last_3d' | 'last_7d' | 'last_14d' | 'last_30d' | 'maximum';
  timeRange?: { since: string; until: string };
  timeIncrement?: 1;
  hourly?: boolean;
  fields?: string;
  actionAttributionWindows?: string[];
  /** Only these campaigns (Meta's `filtering` on campaign.id): how an oversized request is split. */
  campaignIds?: readonly string[];
  /** Run as an async report (POST, poll, read): for large accounts and long ranges. */
  async?: boolean;
}

export interface WriteOptions {
  /** Meta's execution_options=["validate_only"]: checks the write without applying it. */
  validateOnly?: boolean;
}

const successSchema = z.object({ success: z.boolean() });

/**
 * A typed Graph API client (fetch + zod). Reads follow paging cursors to the end; large insights go through
 * async report runs; usage headers slow it down before the limit; errors are typed and carry no token.
 */
export class MetaClient {
  readonly stats: ClientStats;
  private readonly options: MetaClientOptions;
  private readonly transport: GraphTransport;

  constructor(options: MetaClientOptions) {
    this.options = options;
    this.transport = new GraphTransport(options);
    this.stats = this.transport.stats;
  }

  /** One Graph API call; see GraphTransport.request for what it throws. */
  request<T>(method: 'GET' | 'POST', pathOrUrl: string, params: Params, schema: z.ZodType<T>): Promise<T> {
    return this.transport.request(method, pathOrUrl, params, schema);
  }

  /** Every item of a paged edge, following `paging.next` to the end. */
  getAll<T>(path: string, params: Params, item: z.ZodType<T>): Promise<T[]> {
    return getAll(this.transport, path, params, item, this.options.pageSize ?? 500);
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

  private insightsParams(p: InsightsParams): Params {
    return {
      level: p.level,
      fields: p.fields ?? INSIGHT_FIELDS,
      date_preset: p.timeRange ? undefined : (p.datePreset ?? 'today'),
      time_range: p.timeRange ? JSON.stringify(p.timeRange) : undefined,
      time_increment: p.timeIncrement ? String(p.timeIncrement) : undefined,
      breakdowns: p.hourly ? 'hourly_stats_aggregated_by_advertiser_time_zone' : undefined,
      action_attribution_windows: p.actionAttributionWindows ? JSON.stringify(p.actionAttributionWindows) : undefined,
      filtering: p.campaignIds
        ? JSON.stringify([{ field: 'campaign.id', operator: 'IN', value: p.campaignIds }])
        : undefined,
    };
  }

  /** Insights rows, parsed: numbers, not strings; absent metrics as null; actions kept as arrays. */
  async getInsights(accountId: string, p: InsightsParams): Promise<InsightRow[]> {
    if (!p.async) return this.getAll(`${accountId}/insights`, this.insightsParams(p), insightRowSchema);
    const runId = await runReport(this.transport, accountId, this.insightsParams(p), {
      pollMs: this.options.reportPollMs ?? 2_000,
      timeoutMs: this.options.reportTimeoutMs ?? 10 * 60_000,
    });
    return this.getAll(`${runId}/insights`, {}, insightRowSchema);
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

  /** Up to 50 GET requests in one call; see batchGet. */
  batchGet<T>(relativeUrls: string[], schema: z.ZodType<T>): Promise<(T | MetaApiError)[]> {
    return batchGet(this.transport, relativeUrls, schema);
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
