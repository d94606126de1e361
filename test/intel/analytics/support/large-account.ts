/**
 * A large account generated directly from the simulator's laws (no hour-by-hour simulation), for benchmarks:
 * Michaelis–Menten delivery per ad set with a budget random walk (±15% a day), frequency against a finite
 * audience, CTR decaying after a fatigue onset, an evening conversion peak. Deterministic from the seed.
 */
import { mulberry32 } from '../../../../src/emulators/simulator/random.ts';
import type {
  AccountInput,
  AdInput,
  AdSetInput,
  HourPoint,
  MetricPoint,
} from '../../../../src/intel/analytics/types.ts';
import { poisson } from './synthetic.ts';
import { DAY, HOUR } from '../../../../src/intel/time.ts';

const cvrByHour = Array.from({ length: 24 }, (_, h) => 1 + 0.35 * Math.cos((2 * Math.PI * (h - 21)) / 24));
const trafficByHour = Array.from({ length: 24 }, (_, h) => 1 + 0.55 * Math.cos((2 * Math.PI * (h - 20)) / 24));

export function largeAccount(o: {
  seed: number;
  campaigns: number;
  adsetsPerCampaign: number;
  adsPerAdset: number;
  days: number;
}) {
  const rnd = mulberry32(o.seed);
  const start = Date.UTC(2026, 0, 5);
  const now = start + o.days * DAY;
  const adsets: AdSetInput[] = [];
  const ads: AdInput[] = [];
  const hourly: HourPoint[] = Array.from({ length: o.days * 24 }, (_, i) => ({
    t: start + i * HOUR,
    hour: i % 24,
    weekday: Math.floor(i / 24) % 7,
    impressions: 0,
    clicks: 0,
    spend: 0,
    conversions: 0,
    value: 0,
  }));
  for (let c = 0; c < o.campaigns; c++)
    for (let s = 0; s < o.adsetsPerCampaign; s++) {
      const id = `as_${c}_${s}`;
      const k = 40 + 200 * rnd();
      const maxImp = 20_000 + 80_000 * rnd();
      const cvr = 0.005 + 0.04 * rnd();
      const aov = 30 + 90 * rnd();
      const audience = 30_000 + 1_000_000 * rnd();
      let budget = 30 + 300 * rnd();
      const adSpecs = Array.from({ length: o.adsPerAdset }, (_, a) => ({
        id: `ad_${c}_${s}_${a}`,
        ctr: 0.006 + 0.012 * rnd(),
        onset: rnd() < 0.3 ? 1.8 + 2 * rnd() : Infinity,
        rate: 0.2 + 0.5 * rnd(),
        cum: 0,
        daily: [] as AdInput['daily'],
      }));
      const setDaily: MetricPoint[] = [];
      for (let d = 0; d < o.days; d++) {
        budget *= 0.85 + 0.3 * rnd();
        const t = start + d * DAY;
        const imps = (maxImp * budget) / (budget + k) / adSpecs.length;
        const day: MetricPoint = { t, impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0 };
        for (const ad of adSpecs) {
          const reachBefore = audience * (1 - Math.exp(-ad.cum / audience));
          const f = reachBefore > 0 ? ad.cum / reachBefore : 1;
          const ctr = f <= ad.onset ? ad.ctr : ad.ctr * Math.exp(-ad.rate * (f - ad.onset));
          const impressions = poisson(imps, rnd);
          const clicks = poisson(impressions * ctr, rnd);
          const conversions = poisson(clicks * cvr, rnd);
          const spend = budget / adSpecs.length;
          ad.cum += impressions;
          const reach = audience * (1 - Math.exp(-ad.cum / audience));
          const p = { t, impressions, clicks, spend, conversions, value: conversions * aov };
          ad.daily.push({ ...p, frequency: reach > 0 ? ad.cum / reach : 0 });
          for (const key of ['impressions', 'clicks', 'spend', 'conversions', 'value'] as const) day[key] += p[key];
          // Spread the day over hours by traffic (and conversions by the hour's conversion rate) for patterns.
          for (let h = 0; h < 24; h++) {
            const row = hourly[d * 24 + h]!;
            row.impressions += (impressions * trafficByHour[h]!) / 24;
            row.clicks += (clicks * trafficByHour[h]!) / 24;
            row.spend += (spend * trafficByHour[h]!) / 24;
            row.value += (p.value * trafficByHour[h]! * cvrByHour[h]!) / 24 / 1.093;
          }
        }
        setDaily.push(day);
      }
      for (const ad of adSpecs) ads.push({ id: ad.id, name: ad.id, adsetId: id, status: 'ACTIVE', daily: ad.daily });
      adsets.push({
        id,
        name: id,
        campaignId: `c_${c}`,
        status: 'ACTIVE',
        learningStage: rnd() < 0.15 ? 'LEARNING_LIMITED' : rnd() < 0.1 ? 'LEARNING' : 'SUCCESS',
        dailyBudget: budget,
        daily: setDaily,
      });
    }
  // Hourly conversions drawn once per account hour from the expected profile (Poisson), not per ad.
  const totalConv = adsets.reduce((a, s) => a + s.daily.reduce((b, p) => b + p.conversions, 0), 0);
  const weights = hourly.map((h) => trafficByHour[h.hour]! * cvrByHour[h.hour]!);
  const wSum = weights.reduce((a, b) => a + b, 0);
  hourly.forEach((h, i) => (h.conversions = poisson((totalConv * weights[i]!) / wSum, rnd)));
  const input: AccountInput = {
    accountId: 'act_bench',
    now,
    targets: { roas: 2 },
    sufficiency: { sufficient: true },
    adsets,
    ads,
  };
  return { input, hourly };
}
