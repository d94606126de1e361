// Every workflow's contract: inputs, results, queries and updates. The bot and activities import this module, so it
// holds definitions and types only, and imports nothing of ours but types.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RunSummary } from '../db/collection-runs.ts';
import type { Decision, ProposalStatus } from '../intel/approval.ts';
import type { UnitAllocation } from '../intel/forecast/index.ts';

// collectAccount(accountId, trigger)

export type CollectionResult = RunSummary;

export interface CollectionProgress {
  phase: 'starting' | 'entities' | 'insights' | 'pixels' | 'storing' | 'evaluating' | 'done' | 'failed';
  rowsWritten: number;
  pagesDone?: number;
  pagesTotal?: number;
}

/** Progress of a collection run, for /sync-now's message and the Temporal UI. */
export const collectionProgressQuery = defineQuery<CollectionProgress>('collectionProgress');

// approvalWorkflow(input)

export interface ApprovalInput {
  proposalId: number;
  accountId: string;
  entityId: string;
  actionType: string;
  ruleId: string | null;
  approverUserIds: string[];
  executionMode: 'approval_required' | 'automatic' | 'suggestion_only';
  expiresAt: number;
  expiryPolicy: 'drop' | 'escalate';
  undoWindowHours?: number;
  outcomeHorizonsHours?: number[];
  /**
   * A decision taken when an approval-required proposal was made (the approver who approved a /budget plan). The
   * run passes it through the decide Update's own validator and handler before anything else, so who may decide is
   * checked in one place; when refused, the proposal waits for a decision like any other, the reason in its status.
   */
  decision?: Decision;
  /**
   * Index the run under adpilot's custom search attributes (default). Only false on servers that cannot register
   * them, such as Temporal's time-skipping test server.
   */
  searchAttributes?: boolean;
}

export interface ApprovalResult {
  proposalId: number;
  status: ProposalView['status'];
  reasons: string[];
}

export interface ProposalView {
  proposalId: number;
  status: ProposalStatus;
  decidedBy?: string;
  decidedAt?: number;
  expiresAt: number;
  undoUntil?: number;
  reasons: string[];
}

export interface DecisionAccepted {
  accepted: true;
  status: ProposalStatus;
}

/** A person's decision on a proposal (Slack button or modal). The validator refuses what may not be decided. */
export const decideUpdate = defineUpdate<DecisionAccepted, [Decision]>('decide');
/** Restores the state before an executed action, inside the undo window. */
export const undoUpdate = defineUpdate<{ undone: boolean; detail: string }, [{ userId: string }]>('undo');
export const proposalStatusQuery = defineQuery<ProposalView>('proposalStatus');

// outcomeWorkflow(input)

export type OutcomeDecision = 'executed' | 'rejected' | 'expired' | 'shadow' | 'recorded';

export interface OutcomeInput {
  proposalId: number;
  decision: OutcomeDecision;
  /** Epoch ms the horizons count from (the execution, or the decision for counterfactuals). */
  fromTime: number;
  horizonsHours: number[];
}

export interface OutcomeResult {
  proposalId: number;
  rewards: { horizonHours: number; reward: number }[];
}

// accountIntelligence(accountId, options)

export interface IntelligenceOptions {
  /** Relearn the patterns even when they are less than a week old (/patterns refresh). */
  refreshPatterns?: boolean;
  /** Index the run under adpilot's search attributes (false on servers that cannot register them). */
  searchAttributes?: boolean;
}

export interface ScoreSummary {
  scoreId: number;
  overall: number;
  mode: 'model' | 'rules';
  recommendations: number;
}

export interface IntelligenceResult {
  patternsRefreshed: boolean;
  patterns: number | null;
  score: ScoreSummary;
}

// regenerateForecasts(accountId, trigger)

export type GenerateResult =
  | { status: 'skipped'; reason: string }
  | { status: 'completed'; days: number; channels: number; units: number; predictions: number; lastDay: string };

export interface AccuracyResult {
  compared: number;
  pending: number;
  missing: number;
  byMetric: Record<string, { n: number; mae: number; meanAccuracy: number | null }>;
  drifted: string[];
  /** Metrics drifting now: each has its alert on record (one per metric and run of bad days, never repeated). */
  alerts: number;
}

export interface ForecastRunResult {
  accountId: string;
  generate: GenerateResult;
  /** Absent when generation was skipped before any prediction could be checked. */
  accuracy?: AccuracyResult;
}

// proposeRecommendation(request)

export interface RecommendationRequest {
  scoreId: number;
  index: number;
  userId: string;
}

export type ProposeRecommendationResult =
  { ok: true; proposalId: number; created: boolean } | { ok: false; reason: string };

// proposeBudgetPlan(request)

export interface PlanRef {
  accountId: string;
  total: number;
  /** generated_at of the stored recommendation the plan was computed from. */
  generatedAt: number;
}

export type PlanUnit = Pick<
  UnitAllocation,
  | 'id'
  | 'name'
  | 'currentBudget'
  | 'recommendedBudget'
  | 'changePercent'
  | 'expectedOutcomeCurrent'
  | 'expectedOutcomeRecommended'
> & { entityType: 'campaign' | 'adset' };

export interface BudgetPlanRequest {
  ref: PlanRef;
  units: PlanUnit[];
  /** The approver who approved the plan in Slack. */
  userId: string;
}

export interface ProposeBudgetResult {
  /** Proposals whose approval this run started, with the approver's decision. */
  created: number[];
  /** This plan's proposals that already had their approval workflow (a second click). */
  existing: number;
  /** Units with an open proposal of the same kind from elsewhere (a rule). */
  blocked: string[];
}

// nightlyMaintenance()

export interface RepairReport {
  checked: number;
  /** Rows whose workflow was gone, finished with a final state and its reason. */
  finished: { proposalId: number; status: ProposalStatus; reason: string }[];
  /** Rows still awaiting a decision whose workflow never started: started by the repair. */
  restarted: number[];
}

export interface MaintenanceResult {
  rolledUp: number;
  deletedHourly: number;
  /** Proposals found without a live workflow, restarted or finished (runs since patch 'maintenance-repair'). */
  repair?: RepairReport;
}
