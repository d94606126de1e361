import type { EntityType, Field, Window } from './fields.ts';
import type { RuleAction, Rule } from './schema.ts';

/** Metric values by field; `null` or absent means "not known" (e.g. CPA with no purchase). */
export type MetricValues = Partial<Record<Field, number | string | null>>;

/** What the engine knows of one entity from its latest snapshots. Plain JSON. */
export interface EntityMetrics {
  entityId: string;
  entityType: EntityType;
  name: string;
  /** Sums and ratios per window (spend, conversions, cpa, ctr, ...). */
  windows: Partial<Record<Window, MetricValues>>;
  /** Window-free attributes: effective_status, learning_phase, days_active, hours_since_conversion, *_trend_7d. */
  attributes: MetricValues;
  /** Hourly buckets, oldest first (for_hours). */
  hourly?: { hour: number; values: MetricValues }[];
  /** Daily buckets, oldest first (for_days, increasing/decreasing/stable). */
  daily?: { day: string; values: MetricValues }[];
}

/** The account a rule runs for. `now` is passed in: the engine never reads the clock. */
export interface AccountContext {
  target_cpa?: number | null;
  target_roas?: number | null;
  /** ISO code for money in explanations; USD when absent. */
  currency?: string | null;
  now: number;
}

/** One metric that made a condition hold, with what it was compared with. */
export interface Evidence {
  field: Field;
  window: Window | null;
  operator: string;
  /** The value compared; null for a CPA without purchases (unbounded). */
  actual: number | string | null;
  threshold: number | string | (number | string)[] | null;
  /** for_hours / for_days / trends: the bucket values, oldest first. */
  series?: (number | null)[];
  /** A phrase for people, e.g. "spent $120.00 in the last 48 h (threshold: $100.00)". */
  text: string;
}

export type EvaluationStatus = 'matched' | 'not_matched' | 'insufficient_data';

export interface EvaluationResult {
  entityId: string;
  entityName: string;
  status: EvaluationStatus;
  /** Set when matched. */
  evidence: Evidence[];
  /** Set when insufficient_data: the fields (or guards, or account settings) that were missing. */
  missing: string[];
  /** A sentence for people; empty when not matched. */
  explanation: string;
}

export interface RuleMatch extends EvaluationResult {
  status: 'matched';
  ruleName: string;
  priority: number;
  action: RuleAction;
  executionMode: Rule['execution_mode'];
  entityType: EntityType;
}
