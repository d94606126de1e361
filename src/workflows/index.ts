export { collectAccount } from './collect-account.ts';
export { nightlyMaintenance } from './maintenance.ts';
export { approvalWorkflow } from './approval.ts';
export { outcomeWorkflow } from './outcome.ts';
export { accountIntelligence } from './account-intelligence.ts';
export { regenerateForecasts } from './regenerate-forecasts.ts';
export { proposeRecommendation } from './propose-recommendation.ts';
export { proposeBudgetPlan } from './propose-budget.ts';
