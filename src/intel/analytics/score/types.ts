/** Output of `computeAccountScore`: plain JSON (no Dates, no Infinity). */

export type ComponentName = 'learning' | 'performance' | 'budget' | 'creative';
export type Priority = 'high' | 'medium' | 'low';

export interface ScoreIssue {
  component: ComponentName;
  severity: Priority;
  entityId: string;
  entityName: string;
  message: string;
}

export interface ComponentScore {
  name: ComponentName;
  /** 0–100, or null when nothing could be assessed (e.g. no spend); null components do not count. */
  score: number | null;
  weight: number;
  /** The formula in words, so a reader of the card can check the number. */
  formula: string;
  metrics: Record<string, number | null>;
  issues: ScoreIssue[];
}

export type RecommendationAction =
  'pause' | 'decrease_budget' | 'increase_budget' | 'refresh_creative' | 'consolidate_or_raise_budget';

export interface Recommendation {
  priority: Priority;
  action: RecommendationAction;
  entityId: string;
  entityName: string;
  reason: string;
  expectedImpact: {
    /** Money per day the action moves (spend saved or revenue gained/protected), for ranking. */
    dailyValue: number;
    description: string;
  };
  /** `model`: statistical detectors and fitted curves; `rules`: fixed thresholds (thin history). */
  source: 'model' | 'rules';
}

export interface AccountScore {
  accountId: string;
  computedAt: number;
  /** Weighted mean of the assessable components, 0–100. */
  overall: number;
  components: Record<ComponentName, ComponentScore>;
  breakdown: {
    dataSufficiency: { sufficient: boolean; reason: string; mode: 'model' | 'rules' };
    issues: ScoreIssue[];
  };
  recommendations: Recommendation[];
}
