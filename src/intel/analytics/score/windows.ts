/** Seven-day windows per entity: the unit every score component reads. */
import { DAY_MS, totals, within, type Totals } from '../stats.ts';
import type { AccountInput, AdInput, AdSetInput } from '../types.ts';

export interface WindowStats extends Totals {
  roas: number | null;
  cpa: number | null;
}

export const stats = (t: Totals): WindowStats => ({
  ...t,
  roas: t.spend > 0 ? t.value / t.spend : null,
  cpa: t.conversions > 0 ? t.spend / t.conversions : null,
});

export interface AdSetWindow {
  adset: AdSetInput;
  last: WindowStats;
  previous: WindowStats;
}

export interface AdWindow {
  ad: AdInput;
  last: WindowStats;
  /** The ad's first seven days in the data: its own CTR baseline. */
  first: WindowStats;
  frequency: number;
}

export interface Windows {
  adsets: AdSetWindow[];
  ads: AdWindow[];
  account: { last: WindowStats; previous: WindowStats; history: WindowStats };
}

/** Last 7 days [now − 7d, now), the 7 before, and the 21 before those (for accounts without targets). */
export function windows(input: AccountInput): Windows {
  const { now } = input;
  const w = 7 * DAY_MS;
  const adsets = input.adsets.map((adset) => ({
    adset,
    last: stats(totals(within(adset.daily, now - w, now))),
    previous: stats(totals(within(adset.daily, now - 2 * w, now - w))),
  }));
  const ads = input.ads.map((ad) => {
    const past = ad.daily.filter((p) => p.t < now);
    const start = past[0]?.t ?? now;
    return {
      ad,
      last: stats(totals(within(past, now - w, now))),
      first: stats(totals(within(past, start, start + w))),
      frequency: past.at(-1)?.frequency ?? 0,
    };
  });
  const sum = (pick: (a: AdSetWindow) => WindowStats) => stats(totals(adsets.map((a) => ({ t: 0, ...pick(a) }))));
  const history = stats(totals(input.adsets.flatMap((a) => within(a.daily, now - 4 * w, now - w))));
  return { adsets, ads, account: { last: sum((a) => a.last), previous: sum((a) => a.previous), history } };
}
