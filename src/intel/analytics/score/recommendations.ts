/** Recommendations from the issues found, ranked by priority and then by money per day at stake. */
import type { SweetSpotPattern } from '../patterns/types.ts';
import { hill } from '../patterns/sweet-spot.ts';
import { round } from '../stats.ts';
import type { AccountTargets } from '../types.ts';
import type { BelowTarget } from './budget.ts';
import type { CreativeAssessment } from './creative.ts';
import type { Priority, Recommendation } from './types.ts';
import type { Windows } from './windows.ts';

const RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

export interface RecommendationContext {
  w: Windows;
  targets: AccountTargets;
  model: boolean;
  below: BelowTarget[];
  creatives: CreativeAssessment[];
  sweetSpots: ReadonlyMap<string, SweetSpotPattern>;
}

type Source = Recommendation['source'];

export function recommend(c: RecommendationContext): Recommendation[] {
  const source: Source = c.model ? 'model' : 'rules';
  const belowIds = new Set(c.below.map((b) => b.entry.adset.id));
  const out = [
    ...c.below.map((b) => cutLoss(b, source)),
    ...learningLimited(c, belowIds, source),
    ...c.creatives.filter((a) => a.flag > 0).map((a) => refreshCreative(a, source)),
    // Only fitted curves can say that more budget pays: rules never recommend increases.
    ...(c.model ? budgetIncreases(c, belowIds, source) : []),
  ];
  return out.sort(
    (a, b) =>
      RANK[a.priority] - RANK[b.priority] ||
      b.expectedImpact.dailyValue - a.expectedImpact.dailyValue ||
      a.entityId.localeCompare(b.entityId),
  );
}

function cutLoss(b: BelowTarget, source: Source): Recommendation {
  const s = b.entry.last;
  const daily = s.spend / 7;
  const pause = b.ratio < 0.5;
  return {
    priority: pause || b.spendShare >= 0.1 ? 'high' : 'medium',
    action: pause ? 'pause' : 'decrease_budget',
    entityId: b.entry.adset.id,
    entityName: b.entry.adset.name,
    reason: `${s.conversions.toFixed(0)} conversions for ${s.spend.toFixed(0)} spent in 7 days: ${(100 * b.ratio).toFixed(0)}% of target efficiency`,
    expectedImpact: pause
      ? { dailyValue: round(daily, 2), description: `Saves ~${daily.toFixed(0)}/day spent at a loss` }
      : {
          dailyValue: round(0.2 * daily, 2),
          description: `A 20% cut saves ~${(0.2 * daily).toFixed(0)}/day at the least efficient margin`,
        },
    source,
  };
}

function learningLimited(c: RecommendationContext, belowIds: ReadonlySet<string>, source: Source): Recommendation[] {
  const out: Recommendation[] = [];
  for (const e of c.w.adsets) {
    if (e.adset.status !== 'ACTIVE' || e.adset.learningStage !== 'LEARNING_LIMITED' || belowIds.has(e.adset.id))
      continue;
    const daily = e.last.spend / 7;
    out.push({
      priority: 'medium',
      action: 'consolidate_or_raise_budget',
      entityId: e.adset.id,
      entityName: e.adset.name,
      reason: `Learning limited with ${e.last.conversions.toFixed(0)} conversions a week; Meta needs ~50 to optimise delivery`,
      expectedImpact: {
        dailyValue: round(daily, 2),
        description: `Lets ~${daily.toFixed(0)}/day of spend leave learning-limited delivery`,
      },
      source,
    });
  }
  return out;
}

function refreshCreative(a: CreativeAssessment, source: Source): Recommendation {
  const daily = a.entry.last.spend / 7;
  const lost = Math.max(0, -(a.ctrChange ?? a.signal?.ctrChange ?? 0));
  const soon =
    a.signal?.hoursToCollapse !== null && a.signal?.hoursToCollapse !== undefined && a.signal.hoursToCollapse <= 72;
  return {
    priority: a.flag >= 1 || soon ? 'high' : 'medium',
    action: 'refresh_creative',
    entityId: a.entry.ad.id,
    entityName: a.entry.ad.name,
    reason:
      a.signal?.reason ??
      `Frequency ${a.entry.frequency.toFixed(1)} with CTR ${(100 * (a.ctrChange ?? 0)).toFixed(0)}% vs its first week`,
    expectedImpact: {
      dailyValue: round(daily * Math.max(lost, 0.1), 2),
      description: `Recovers the ~${(100 * lost).toFixed(0)}% CTR lost on ~${daily.toFixed(0)}/day of spend`,
    },
    source,
  };
}

function budgetIncreases(c: RecommendationContext, belowIds: ReadonlySet<string>, source: Source): Recommendation[] {
  const out: Recommendation[] = [];
  for (const e of c.w.adsets) {
    const spot = c.sweetSpots.get(e.adset.id);
    if (!spot || e.adset.status !== 'ACTIVE' || belowIds.has(e.adset.id) || spot.confidence.level === 'low') continue;
    const limit = spot.targetCpaSpend ?? spot.sweetSpotSpend;
    const current = e.last.spend / 7;
    if (current <= 0 || limit < current * 1.1) continue;
    // Capped at +20%: larger edits restart Meta's learning phase.
    const next = Math.min(limit, current * 1.2);
    const f = hill(spot.curve);
    const extra = f(next) - f(current);
    const aov = e.last.conversions > 0 ? e.last.value / e.last.conversions : 0;
    out.push({
      priority: 'low',
      action: 'increase_budget',
      entityId: e.adset.id,
      entityName: e.adset.name,
      reason: `Below its sweet spot: marginal returns stay above target up to ~${limit.toFixed(0)}/day (now ${current.toFixed(0)}/day)`,
      expectedImpact: {
        dailyValue: round(extra * aov, 2),
        description: `+${(next - current).toFixed(0)}/day buys ~${extra.toFixed(1)} more conversions a day`,
      },
      source,
    });
  }
  return out;
}
