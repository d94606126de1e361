/** Meta's rate-limit usage headers, all driven by the fault injector's one usage percentage. */
import type { Simulator } from '../simulator/simulator.ts';

/** The business id Meta reports for an account: the scenario's, or one of the account's own. */
export const businessOf = (sim: Simulator): string =>
  sim.spec.businessId ?? `biz_${sim.spec.accountId.replace(/^act_/, '')}`;

export function usageHeaders(pct: number, sim: Simulator | undefined, regainMinutes = 0): Record<string, string> {
  const biz = sim ? businessOf(sim) : 'biz_0';
  return {
    'x-business-use-case-usage': JSON.stringify({
      [biz]: [
        {
          type: 'ads_insights',
          call_count: pct,
          total_cputime: Math.round(pct / 2),
          total_time: Math.round(pct / 2),
          estimated_time_to_regain_access: regainMinutes,
          ads_api_access_tier: 'standard_access',
        },
      ],
    }),
    'x-ad-account-usage': JSON.stringify({
      acc_id_util_pct: pct,
      reset_time_duration: regainMinutes * 60,
      ads_api_access_tier: 'standard_access',
    }),
    'x-app-usage': JSON.stringify({
      call_count: pct,
      total_cputime: Math.round(pct / 2),
      total_time: Math.round(pct / 2),
    }),
    'x-fb-ads-insights-throttle': JSON.stringify({
      app_id_util_pct: pct,
      acc_id_util_pct: pct,
      ads_api_access_tier: 'standard_access',
    }),
  };
}
