/** Workflow and schedule ids are built here, never typed by hand, so deduplication by id holds everywhere. */

/** One collection run per account at a time: /sync-now and the schedule share this id. */
export const collectWorkflowId = (accountId: string): string => `collect-${accountId}`;
export const collectScheduleId = (accountId: string): string => `collect-schedule-${accountId}`;
export const approvalWorkflowId = (proposalId: string | number): string => `proposal-${proposalId}`;
export const outcomeWorkflowId = (proposalId: string | number): string => `outcome-${proposalId}`;
/** Forecast regeneration: the schedule's runs and /forecast sync share the workflow id prefix per account. */
export const forecastWorkflowId = (accountId: string): string => `forecast-${accountId}`;
export const forecastScheduleId = (accountId: string): string => `forecast-schedule-${accountId}`;
