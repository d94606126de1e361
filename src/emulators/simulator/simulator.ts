import { localDaysBetween, localHourAndWeekday, localMidnight, shiftLocalDays } from '../../intel/local-time.ts';
import { hash32, mulberry32, noisyCount } from './random.ts';
import { buildEntities } from './build.ts';
import {
  ctrAt,
  cvrByHour,
  cvrByWeekday,
  reportedShare,
  trafficByHour,
  type SimAd,
  type SimAdSet,
  type SimCampaign,
  type SimulatorOptions,
  type Status,
  type Totals,
} from './model.ts';
import type { ScenarioSpec } from './scenario.ts';
import { groundTruth } from './truth.ts';
import { setBidAmount, setDailyBudget, setStatus } from './writes.ts';
import { HOUR, DAY } from '../../intel/time.ts';

// Importers know the simulator's types and curves by this module.
export * from './model.ts';

/** Hourly metrics kept at hour grain (older hours live only in daily totals). */
const RING_HOURS = 96;
/** Meta's learning phase: about 50 optimisation events within 7 days of the last significant edit. */
const LEARNING_EVENTS = 50;
const LEARNING_WINDOW_HOURS = 168;
/**
 * An ad account whose behaviour follows known laws, advanced hour by hour. The Graph API emulator reads it; tests
 * and benchmarks read `truth`, which is never exposed through the Graph API.
 */
export class Simulator {
  readonly spec: ScenarioSpec;
  readonly campaigns: SimCampaign[];
  readonly adsets: SimAdSet[];
  readonly ads: SimAd[];
  readonly byId: Map<string, SimCampaign | SimAdSet | SimAd>;
  /** Epoch ms of the first simulated hour. */
  readonly origin: number;
  private nowMs: number;
  private readonly rng: () => number;
  private readonly days: number;
  // Per ad: cumulative impressions (reach and frequency against the ad set's audience).
  private readonly cumImpressions: Float64Array;
  // Hourly ring [ad * RING + slot] and daily store [ad * days + day].
  private readonly hImp: Float64Array;
  private readonly hClk: Float64Array;
  private readonly hSpend: Float64Array;
  private readonly hConv: Float64Array;
  private readonly hVal: Float64Array;
  private readonly dImp: Float64Array;
  private readonly dClk: Float64Array;
  private readonly dSpend: Float64Array;
  private readonly dConv: Float64Array;
  private readonly dVal: Float64Array;
  /** Pixel events by hour index since origin: [PageView, AddToCart, InitiateCheckout, Purchase]. */
  readonly pixelHours: Map<number, [number, number, number, number]> = new Map();
  private readonly localHourCache = new Map<number, { hour: number; weekday: number }>();
  readonly writes: { at: number; id: string; field: string; from: unknown; to: unknown }[] = [];

  constructor(spec: ScenarioSpec, options: SimulatorOptions) {
    this.spec = spec;
    this.rng = mulberry32(options.seed ^ hash32(spec.accountId));
    const start = Math.floor(options.startTime / HOUR) * HOUR;
    this.origin = start - spec.historyDays * DAY;
    this.nowMs = this.origin;
    this.days = spec.historyDays + 120;
    const entities = buildEntities(spec, this.origin);
    this.campaigns = entities.campaigns;
    this.adsets = entities.adsets;
    this.ads = entities.ads;
    this.byId = entities.byId;
    const n = this.ads.length;
    this.cumImpressions = new Float64Array(n);
    const ring = () => new Float64Array(n * RING_HOURS);
    const daily = () => new Float64Array(n * this.days);
    this.hImp = ring();
    this.hClk = ring();
    this.hSpend = ring();
    this.hConv = ring();
    this.hVal = ring();
    this.dImp = daily();
    this.dClk = daily();
    this.dSpend = daily();
    this.dConv = daily();
    this.dVal = daily();
    this.advanceTo(start);
  }

  get now(): number {
    return this.nowMs;
  }

  /** Local hour of day and weekday (0 = Monday) of an hour, in the account's timezone. */
  localTime(hourMs: number): { hour: number; weekday: number } {
    let t = this.localHourCache.get(hourMs);
    if (!t) {
      t = localHourAndWeekday(hourMs, this.spec.timezone);
      this.localHourCache.set(hourMs, t);
    }
    return t;
  }

  /** Start (epoch ms) of the local day containing `instant`: its real midnight, also on a daylight-saving day. */
  localDayStart(instant: number): number {
    return localMidnight(instant, this.spec.timezone);
  }

  /** The local day start `n` calendar days after (or before) the local day containing `dayStart`. */
  shiftLocalDays(dayStart: number, n: number): number {
    return shiftLocalDays(dayStart, n, this.spec.timezone);
  }

  /** Index of the local day containing `instant`, counted in calendar days from the origin's local day. */
  localDayIndex(instant: number): number {
    return localDaysBetween(this.origin, instant, this.spec.timezone);
  }

  advanceHours(n: number): void {
    this.advanceTo(this.nowMs + n * HOUR);
  }

  /** Simulates every whole hour up to `t` (the hour that starts at `t` has not happened yet). */
  advanceTo(t: number): void {
    const target = Math.floor(t / HOUR) * HOUR;
    while (this.nowMs < target) {
      this.simulateHour(this.nowMs);
      this.nowMs += HOUR;
    }
  }

  /** The ad set's effective daily budget in major units (campaign budget is split evenly under CBO). */
  budgetOf(adset: SimAdSet): number {
    const c = adset.campaign;
    if (c.dailyBudgetMinor !== null) {
      const active = c.adsets.filter((s) => s.status === 'ACTIVE').length || 1;
      return c.dailyBudgetMinor / 100 / active;
    }
    return (adset.dailyBudgetMinor ?? 0) / 100;
  }

  private delivering(ad: SimAd): boolean {
    return ad.status === 'ACTIVE' && ad.adset.status === 'ACTIVE' && ad.adset.campaign.status === 'ACTIVE';
  }

  /** True CTR of an ad at a frequency: flat until the onset, then exponential decay (creative fatigue). */
  static ctrAt = ctrAt;

  frequencyOf(ad: SimAd): number {
    const cum = this.cumImpressions[ad.idx]!;
    const a = ad.adset.audienceSize;
    const reach = a * (1 - Math.exp(-cum / a));
    return reach > 0 ? cum / reach : 0;
  }

  private simulateHour(hourMs: number): void {
    const h = Math.round((hourMs - this.origin) / HOUR);
    const slot = h % RING_HOURS;
    const day = this.localDayIndex(hourMs);
    const { hour, weekday } = this.localTime(hourMs);
    const traffic = trafficByHour[hour]!;
    const cvrMult = cvrByHour[hour]! * cvrByWeekday[weekday]!;
    const pixelBroken =
      this.spec.pixel.breaksAtHour !== undefined && h >= this.spec.pixel.breaksAtHour + this.spec.historyDays * 24;
    let pageViews = 0;
    let purchases = 0;
    for (const adset of this.adsets) {
      const budget = this.budgetOf(adset);
      const activeAds = adset.ads.filter((a) => this.delivering(a));
      const dailyImpressions = (adset.maxDailyImpressions * budget) / (budget + adset.halfSaturationBudget);
      const learning = adset.learningStage === 'LEARNING' ? 0.85 : adset.learningStage === 'FAIL' ? 0.9 : 1;
      let adsetConversions = 0;
      for (const ad of adset.ads) {
        const u1 = this.rng();
        const u2 = this.rng();
        const u3 = this.rng();
        const i = ad.idx * RING_HOURS + slot;
        if (!this.delivering(ad) || activeAds.length === 0 || budget <= 0) {
          this.hImp[i] = this.hClk[i] = this.hSpend[i] = this.hConv[i] = this.hVal[i] = 0;
          continue;
        }
        const share = 1 / activeAds.length;
        const impressions = noisyCount((dailyImpressions / 24) * traffic * share, u1, u2);
        const spend = Math.round((budget / 24) * traffic * share * (0.9 + 0.2 * u3) * 100) / 100;
        const frequency = this.frequencyOf(ad);
        if (ad.fatigueOnsetAt === null && frequency > ad.fatigueOnsetFrequency) ad.fatigueOnsetAt = hourMs;
        const clicks = noisyCount(impressions * Simulator.ctrAt(ad, frequency), u2, u3);
        const conversions = noisyCount(clicks * adset.cvr * cvrMult * learning, u3, u1);
        const value = Math.round(conversions * adset.aov * (0.85 + 0.3 * u1) * 100) / 100;
        this.cumImpressions[ad.idx]! += impressions;
        this.hImp[i] = impressions;
        this.hClk[i] = clicks;
        this.hSpend[i] = spend;
        this.hConv[i] = pixelBroken ? 0 : conversions;
        this.hVal[i] = pixelBroken ? 0 : value;
        const d = ad.idx * this.days + day;
        this.dImp[d]! += impressions;
        this.dClk[d]! += clicks;
        this.dSpend[d]! += spend;
        this.dConv[d]! += pixelBroken ? 0 : conversions;
        this.dVal[d]! += pixelBroken ? 0 : value;
        adsetConversions += conversions;
        pageViews += clicks;
        purchases += conversions;
      }
      this.updateLearning(adset, hourMs, adsetConversions);
    }
    const pv = Math.round(pageViews * 0.92);
    const atc = Math.round(pv * 0.11);
    this.pixelHours.set(h, [pv, atc, Math.round(atc * 0.6), pixelBroken ? 0 : purchases]);
  }

  private updateLearning(adset: SimAdSet, hourMs: number, conversions: number): void {
    const sinceEdit = (hourMs - adset.lastSignificantEditAt) / HOUR;
    if (sinceEdit < LEARNING_WINDOW_HOURS) adset.learningEvents.push(conversions);
    const events = adset.learningEvents.reduce((a, b) => a + b, 0);
    if (adset.learningStage === 'LEARNING') {
      if (events >= LEARNING_EVENTS) adset.learningStage = 'SUCCESS';
      else if (sinceEdit >= LEARNING_WINDOW_HOURS) adset.learningStage = 'FAIL';
    }
  }

  /** The hour index since origin of an instant. */
  hourIndex(t: number): number {
    return Math.floor((t - this.origin) / HOUR);
  }

  /**
   * Totals for ads in [from, to) as Meta would report them at `asOf`: conversions of recent hours are only
   * partly reported yet (late attribution). Hours older than the hourly ring come from daily totals, so `from`
   * and `to` must then be local-day boundaries.
   */
  adTotals(ad: SimAd, from: number, to: number, asOf: number = this.nowMs): Totals {
    const t: Totals = { impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0, reach: 0 };
    const end = Math.min(to, this.nowMs);
    let hour = Math.max(from, this.origin);
    const ringStart = this.nowMs - RING_HOURS * HOUR;
    while (hour < end) {
      if (hour < ringStart) {
        const dayStart = this.localDayStart(hour);
        const d = this.localDayIndex(dayStart);
        const k = ad.idx * this.days + d;
        t.impressions += this.dImp[k]!;
        t.clicks += this.dClk[k]!;
        t.spend += this.dSpend[k]!;
        t.conversions += this.dConv[k]!;
        t.value += this.dVal[k]!;
        hour = this.shiftLocalDays(dayStart, 1);
        continue;
      }
      const h = this.hourIndex(hour);
      const i = ad.idx * RING_HOURS + (h % RING_HOURS);
      const share = reportedShare((asOf - hour) / HOUR - 1);
      const conv = this.hConv[i]!;
      // Each purchase is reported after its own delay: floor(conv · share + u) with a fixed per-hour u in [0, 1) has
      // the right expected value, and lets a single purchase arrive late (plain flooring would hide it for 48 h).
      const u = (Math.imul(ad.idx + 1, 2_654_435_761) ^ Math.imul(h + 1, 40_503)) >>> 0;
      const reported = conv === 0 ? 0 : Math.min(conv, Math.floor(conv * share + u / 4_294_967_296));
      t.impressions += this.hImp[i]!;
      t.clicks += this.hClk[i]!;
      t.spend += this.hSpend[i]!;
      t.conversions += reported;
      t.value += conv === 0 ? 0 : (this.hVal[i]! * reported) / conv;
      hour += HOUR;
    }
    t.spend = Math.round(t.spend * 100) / 100;
    t.value = Math.round(t.value * 100) / 100;
    const a = ad.adset.audienceSize;
    t.reach = Math.round(a * (1 - Math.exp(-t.impressions / a)));
    return t;
  }

  // ----- writes (through the Graph API emulator); each throws Error for an entity that cannot take it -----

  setStatus(id: string, status: Status): void {
    setStatus(this, id, status);
  }

  /** Sets a daily budget; a change above ~20% is a significant edit and restarts the learning phase. */
  setDailyBudget(id: string, minor: number): void {
    setDailyBudget(this, id, minor);
  }

  setBidAmount(id: string, minor: number): void {
    setBidAmount(this, id, minor);
  }

  /** Ground truth for tests and benchmarks only; the Graph API never shows it. */
  get truth() {
    return groundTruth(this);
  }
}
