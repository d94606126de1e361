/** Builds the score's plain input from a simulated run, the way the collector would from its rollups. */
import type { AccountInput, AdInput, AdSetInput, MetricPoint } from '../../../../src/intel/analytics/types.ts';
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
  const adsets: AdSetInput[] = sim.adsets.map((s) => {
    const days = new Map<number, MetricPoint>();
    for (const ad of ads.filter((a) => a.adsetId === s.id))
      for (const p of ad.daily) {
        const d = days.get(p.t) ?? { t: p.t, impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0 };
        d.impressions += p.impressions;
        d.clicks += p.clicks;
        d.spend += p.spend;
        d.conversions += p.conversions;
        d.value += p.value;
        days.set(p.t, d);
      }
    return {
      id: s.id,
      name: s.name,
      campaignId: s.campaign.id,
      status: s.status,
      learningStage: s.learningStage === 'FAIL' ? 'LEARNING_LIMITED' : s.learningStage,
      dailyBudget: sim.budgetOf(s),
      daily: [...days.values()].sort((a, b) => a.t - b.t),
    };
  });
  return { accountId: sim.spec.accountId, now: sim.now, ...o, adsets, ads };
}
