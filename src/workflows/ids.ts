/** Workflow and schedule ids are built here, never typed by hand, so deduplication by id holds everywhere. */

/** One collection run per account at a time: /sync-now and the schedule share this id. */
export const collectWorkflowId = (accountId: string): string => `collect-${accountId}`;
export const collectScheduleId = (accountId: string): string => `collect-schedule-${accountId}`;
export const approvalWorkflowId = (proposalId: string | number): string => `proposal-${proposalId}`;
export const outcomeWorkflowId = (proposalId: string | number): string => `outcome-${proposalId}`;
/** One on-demand intelligence run per account (/score, /patterns refresh); the daily Schedule appends its time. */
export const intelWorkflowId = (accountId: string): string => `intel-${accountId}`;
export const intelScheduleId = (accountId: string): string => `intel-schedule-${accountId}`;
/** Forecast regeneration: the schedule's runs and /forecast sync share the workflow id prefix per account. */
export const forecastWorkflowId = (accountId: string): string => `forecast-${accountId}`;
export const forecastScheduleId = (accountId: string): string => `forecast-schedule-${accountId}`;
/** A Slack click that makes proposals: one run per score recommendation, or per approved budget plan. */
export const proposeRecommendationWorkflowId = (scoreId: number, index: number): string =>
  `propose-recommendation-${scoreId}-${index}`;
export const proposeBudgetWorkflowId = (p: { accountId: string; generatedAt: number; total: number }): string =>
  `propose-budget-${p.accountId}-${p.generatedAt}-${p.total}`;
