/** Builds the score's plain input from a simulated run, the way the collector would from its rollups. */
import { adSetDaysFromAds } from '../../../../src/intel/account-input.ts';
import type { AccountInput, AdInput, AdSetInput } from '../../../../src/intel/analytics/types.ts';
import { toDaily, type SimulatedRun } from './simulated-ads.ts';

export function accountInput(run: SimulatedRun, o: Pick<AccountInput, 'targets' | 'sufficiency'>): AccountInput {
  const { sim } = run;
  const ads: AdInput[] = sim.ads.map((a) => ({
    id: a.id,
    name: a.name,
    adsetId: a.adset.id,
    status: a.status,
    daily: toDaily(run.hourly.get(a.id)!),
  }));
  const adsetDays = adSetDaysFromAds(ads);
  const adsets: AdSetInput[] = sim.adsets.map((s) => {
    return {
      id: s.id,
      name: s.name,
      campaignId: s.campaign.id,
      status: s.status,
      learningStage: s.learningStage === 'FAIL' ? 'LEARNING_LIMITED' : s.learningStage,
      dailyBudget: sim.budgetOf(s),
      daily: adsetDays.get(s.id) ?? [],
    };
  });
  return { accountId: sim.spec.accountId, now: sim.now, ...o, adsets, ads };
}
