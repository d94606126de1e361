/**
 * Channels: how the dashboards group ad entities. Three groupings, all from fields the Graph API returns:
 *
 * - `objective`: the campaign objective, with legacy objectives mapped onto the six ODAX outcomes
 *   (`OUTCOME_SALES` and `CONVERSIONS` → `sales`; `LINK_CLICKS` → `traffic`; …). Unknown → `other`.
 * - `platform`: the `publisher_platform` insights breakdown (`facebook`, `instagram`, `audience_network`,
 *   `messenger`, `threads`); unknown → `other`, missing → `unknown`. Rows must come from a breakdown query.
 * - `naming`: a naming convention on the campaign name (else the entity name): the first segment before
 *   ` | `, ` - `, `_`, `/` or `:`, lower-cased, with funnel aliases folded (`tof`, `prosp` → `prospecting`;
 *   `bof`, `rt`, `remarketing` → `retargeting`; `mof` → `consideration`). `namingPattern` overrides it: its
 *   first capture group (or whole match) is the channel. No match → `unassigned`.
 */

export type ChannelGrouping = 'objective' | 'platform' | 'naming';

export interface ChannelEntity {
  id: string;
  name?: string;
  campaignName?: string;
  /** Campaign objective as Meta returns it, e.g. `OUTCOME_SALES`. */
  objective?: string;
  /** Value of the `publisher_platform` breakdown for this row. */
  publisherPlatform?: string;
}

export interface ChannelOptions {
  namingPattern?: RegExp;
}

const OBJECTIVES: Record<string, string> = {
  OUTCOME_SALES: 'sales',
  CONVERSIONS: 'sales',
  PRODUCT_CATALOG_SALES: 'sales',
  OUTCOME_LEADS: 'leads',
  LEAD_GENERATION: 'leads',
  OUTCOME_TRAFFIC: 'traffic',
  LINK_CLICKS: 'traffic',
  OUTCOME_AWARENESS: 'awareness',
  REACH: 'awareness',
  BRAND_AWARENESS: 'awareness',
  OUTCOME_ENGAGEMENT: 'engagement',
  POST_ENGAGEMENT: 'engagement',
  VIDEO_VIEWS: 'engagement',
  MESSAGES: 'engagement',
  OUTCOME_APP_PROMOTION: 'app',
  APP_INSTALLS: 'app',
};

const PLATFORMS = new Set(['facebook', 'instagram', 'audience_network', 'messenger', 'threads']);

const FUNNEL_ALIASES: Record<string, string> = {
  tof: 'prospecting',
  prosp: 'prospecting',
  prospecting: 'prospecting',
  acquisition: 'prospecting',
  mof: 'consideration',
  consideration: 'consideration',
  bof: 'retargeting',
  rt: 'retargeting',
  retargeting: 'retargeting',
  remarketing: 'retargeting',
};

/** The channel of an entity under a grouping (see the module comment for the rules). Never throws. */
export function channelOf(entity: ChannelEntity, grouping: ChannelGrouping, options: ChannelOptions = {}): string {
  if (grouping === 'objective') return OBJECTIVES[(entity.objective ?? '').toUpperCase()] ?? 'other';
  if (grouping === 'platform') {
    const p = (entity.publisherPlatform ?? '').toLowerCase();
    return p === '' ? 'unknown' : PLATFORMS.has(p) ? p : 'other';
  }
  const name = entity.campaignName ?? entity.name ?? '';
  if (options.namingPattern) {
    const m = options.namingPattern.exec(name);
    return m ? (m[1] ?? m[0]).trim().toLowerCase() || 'unassigned' : 'unassigned';
  }
  const first =
    name
      .split(/\s[|\-–]\s|[|_/:]/)[0]
      ?.trim()
      .toLowerCase() ?? '';
  return first === '' ? 'unassigned' : (FUNNEL_ALIASES[first] ?? first);
}
