/** The account score: four components, the issues behind them and ranked recommendations. */
import { detectFatigue, type FatigueSignal } from '../fatigue-detection.ts';
import type { LearnedPattern, SweetSpotPattern } from '../patterns/types.ts';
import { round } from '../stats.ts';
import type { AccountInput } from '../types.ts';
import { belowTarget, budgetEfficiency } from './budget.ts';
import { assessCreatives, creativeHealth } from './creative.ts';
import { learningHealth } from './learning.ts';
import { performance } from './performance.ts';
import { recommend } from './recommendations.ts';
import type { AccountScore, ComponentName, ComponentScore } from './types.ts';
import { windows } from './windows.ts';

/**
 * The fatigue detector over the account's active ads, as the score uses it; null with thin history (rule mode).
 * Callers that need the signals too compute them once here and pass them in `ScoreInput.fatigueSignals`.
 */
export function accountFatigueSignals(input: AccountInput): FatigueSignal[] | null {
  if (!input.sufficiency.sufficient) return null;
  const series = input.ads
    .filter((a) => a.status === 'ACTIVE')
    .map((a) => ({ adId: a.id, adName: a.name, points: a.daily }));
  return detectFatigue(series, input.now);
}

export interface ScoreInput extends AccountInput {
  /** `accountFatigueSignals(input)`, when the caller computed it already. */
  fatigueSignals?: FatigueSignal[] | null;
  /** Patterns from `learnPatterns`, if already learned: the fatigue onset and budget sweet spots are reused. */
  patterns?: LearnedPattern[];
}

/**
 * overall = Σ wᵢ·scoreᵢ / Σ wᵢ over the components that could be assessed (weights 0.25 each), rounded.
 * Components: learning health, performance, budget efficiency, creative health (formulas on each function).
 * With `sufficiency.sufficient` false the breakdown says so, trends are left out of performance, and
 * recommendations come from fixed rules instead of the statistical detectors and fitted curves.
 * Pure; never throws on empty accounts (overall is then 0 with every component null).
 */
export function computeAccountScore(input: ScoreInput): AccountScore {
  const model = input.sufficiency.sufficient;
  const w = windows(input);
  const fatigueLaw = input.patterns?.find((p) => p.kind === 'creative-fatigue');
  const sweetSpots = new Map(
    (input.patterns ?? [])
      .filter((p): p is SweetSpotPattern => p.kind === 'budget-sweet-spot')
      .map((p) => [p.entityId, p]),
  );
  const fatigue = input.fatigueSignals !== undefined ? input.fatigueSignals : accountFatigueSignals(input);
  const signals = fatigue ? new Map(fatigue.map((s) => [s.adId, s])) : null;
  const below = belowTarget(w, input.targets, model);
  const creatives = assessCreatives(w, signals, fatigueLaw?.onsetFrequency ?? null);
  const components: Record<ComponentName, ComponentScore> = {
    learning: learningHealth(w),
    performance: performance(w, input.targets, model),
    budget: budgetEfficiency(w, input.targets, below),
    creative: creativeHealth(creatives),
  };
  const scored = Object.values(components).filter((c) => c.score !== null);
  const weight = scored.reduce((a, c) => a + c.weight, 0);
  const overall = weight > 0 ? scored.reduce((a, c) => a + c.weight * c.score!, 0) / weight : 0;
  const order = { high: 0, medium: 1, low: 2 };
  return {
    accountId: input.accountId,
    computedAt: input.now,
    overall: Math.round(overall),
    components,
    breakdown: {
      dataSufficiency: {
        sufficient: model,
        reason: model
          ? 'Enough history for statistical detectors and fitted curves.'
          : `Thin history (${input.sufficiency.reason ?? 'not enough data yet'}): trends are left out and recommendations follow fixed rules.`,
        mode: model ? 'model' : 'rules',
      },
      issues: Object.values(components)
        .flatMap((c) => c.issues)
        .sort((a, b) => order[a.severity] - order[b.severity]),
    },
    recommendations: recommend({ w, targets: input.targets, model, below, creatives, sweetSpots }).map((r) => ({
      ...r,
      expectedImpact: { ...r.expectedImpact, dailyValue: round(r.expectedImpact.dailyValue, 2) },
    })),
  };
}
