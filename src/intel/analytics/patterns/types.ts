/** Output shapes of `learnPatterns`: JSON-serialisable, one discriminated union member per pattern kind. */

export interface PatternConfidence {
  /** 0–1: the product of the sample, consistency and span factors below. */
  score: number;
  level: 'low' | 'medium' | 'high';
  /** Events (conversions, clicks or ads) the pattern rests on. */
  sampleSize: number;
  /** 0–1: how much the evidence agrees with itself (e.g. 1 − spread of per-ad estimates). */
  consistency: number;
  spanDays: number;
}

interface PatternBase {
  entityId: string;
  summary: string;
  confidence: PatternConfidence;
  /** The pattern is worth trusting from `validFrom` until `validUntil` (epoch ms); relearn after. */
  validFrom: number;
  validUntil: number;
}

export interface SlotEffect {
  /** Hour 0–23 or weekday 0 = Monday. */
  slot: number;
  /** Conversions per unit spend in the slot / overall; 1.2 = 20% more efficient. */
  index: number;
  /** 95% interval of the index. */
  low: number;
  high: number;
  conversions: number;
  /** Two-sided p of "same rate as the other slots", overdispersion-corrected. */
  p: number;
  significant: boolean;
}

export interface TimePerformancePattern extends PatternBase {
  kind: 'time-of-day' | 'day-of-week';
  best: SlotEffect[];
  worst: SlotEffect[];
  slots: SlotEffect[];
  /** Overdispersion φ used to widen the tests (1 = Poisson). */
  dispersion: number;
}

export interface FatigueAdEstimate {
  adId: string;
  onsetFrequency: number;
  declineRate: number;
  /** Days from the ad's first delivery until its CTR halves (observed, or projected at its frequency pace). */
  lifespanDays: number | null;
}

export interface CreativeFatiguePattern extends PatternBase {
  kind: 'creative-fatigue';
  /** Median over fatiguing ads of the frequency at which CTR starts to fall. */
  onsetFrequency: number;
  onsetRange: [number, number];
  /** Median relative CTR loss per unit frequency beyond the onset. */
  declineRate: number;
  /** Median days until CTR halves. */
  typicalLifespanDays: number | null;
  adsAnalysed: number;
  adsFatiguing: number;
  ads: FatigueAdEstimate[];
}

export interface SweetSpotPattern extends PatternBase {
  kind: 'budget-sweet-spot';
  /** Fitted Hill curve: conversions/day = vmax·s^α / (k^α + s^α). */
  curve: { vmax: number; k: number; alpha: number };
  /** Daily spend where the marginal return falls to `marginalShare` of its best. */
  sweetSpotSpend: number;
  marginalShare: number;
  /** Daily spend where the marginal CPA reaches the target CPA, if a target is set. */
  targetCpaSpend: number | null;
  currentSpend: number;
  r2: number;
}

export interface ConversionLagPattern extends PatternBase {
  kind: 'conversion-lag';
  /** Share of a period's final conversions already reported at each age (hours). */
  cdf: { ageHours: number; share: number }[];
  /** Hours until 90% / 95% of conversions are reported. */
  settledHours90: number | null;
  settledHours95: number | null;
}

export type LearnedPattern = TimePerformancePattern | CreativeFatiguePattern | SweetSpotPattern | ConversionLagPattern;
