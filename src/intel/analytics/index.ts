export type * from './types.ts';
export { accountFatigueSignals, computeAccountScore, type ScoreInput } from './score/account-score.ts';
export type * from './score/types.ts';
export { learnPatterns, type PatternInput } from './patterns/learn.ts';
export type * from './patterns/types.ts';
export { timePerformance, type TimePerformanceOptions } from './patterns/time-performance.ts';
export { creativeFatigue, type CreativeFatigueOptions } from './patterns/creative-fatigue.ts';
export { budgetSweetSpot, hill, hillMarginal, type HillCurve, type SweetSpotOptions } from './patterns/sweet-spot.ts';
export { conversionLag, LAG_AGES, type LagObservation } from './patterns/conversion-lag.ts';
export { fitHinge, type HingeFit, type HingePoint } from './patterns/hinge.ts';
export { detectFatigue, type AdSeries, type FatigueOptions, type FatigueSignal } from './fatigue-detection.ts';
export { findArchetypes, labelFor, type Archetype, type ArchetypeResult, type CampaignFeatures } from './archetypes.ts';
export {
  trackingHealth,
  type PixelHourPoint,
  type TrackingHealth,
  type TrackingHealthOptions,
} from './tracking-health.ts';
