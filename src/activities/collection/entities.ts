import { upsertEntities, type EntityInput } from '../../db/entities.ts';
import type { MetaEntity } from '../../meta/parse.ts';
import { clientFor, metaCall } from '../meta.ts';
import { inPages, stats, type CollectionContext, type StepStats } from './context.ts';

export interface EntitiesResult extends StepStats {
  campaigns: number;
  adsets: number;
  ads: number;
}

const toEntity = (accountId: string, type: 'campaign' | 'adset' | 'ad', e: MetaEntity): EntityInput => ({
  accountId,
  entityType: type,
  entityId: e.id,
  name: e.name,
  parentId: type === 'ad' ? e.adsetId : type === 'adset' ? e.campaignId : null,
  campaignId: type === 'campaign' ? e.id : e.campaignId,
  status: e.status,
  effectiveStatus: e.effectiveStatus,
  dailyBudgetMinor: e.dailyBudgetMinor,
  lifetimeBudgetMinor: e.lifetimeBudgetMinor,
  bidStrategy: e.bidStrategy,
  bidAmountMinor: e.bidAmountMinor,
  optimizationGoal: e.optimizationGoal,
  learningStage: e.learningStage,
  learningConversions: e.learningConversions,
  lastSignificantEditAt: e.lastSignificantEditAt,
  issues: e.issues,
  creativeId: e.creativeId,
  createdTime: e.createdTime,
  updatedTime: e.updatedTime,
  objective: e.objective,
});

export function createEntityActivities(deps: CollectionContext) {
  const { pool, page } = deps;
  return {
    /** Campaigns, ad sets and ads with status, budgets and learning stage; one upsert statement per page. */
    async collectEntities(accountId: string): Promise<EntitiesResult> {
      const client = await clientFor(deps.meta, accountId);
      const campaigns = await metaCall(() => client.listCampaigns(accountId));
      const adsets = await metaCall(() => client.listAdSets(accountId));
      const ads = await metaCall(() => client.listAds(accountId));
      const rows = [
        ...campaigns.map((e) => toEntity(accountId, 'campaign', e)),
        ...adsets.map((e) => toEntity(accountId, 'adset', e)),
        ...ads.map((e) => toEntity(accountId, 'ad', e)),
      ];
      await inPages(rows, page, (p) => upsertEntities(pool, p));
      return { campaigns: campaigns.length, adsets: adsets.length, ads: ads.length, ...stats(client) };
    },
  };
}
