import { log, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { AdAccountId } from './search-attributes.ts';
import { intelActs } from './activities.ts';
import type { IntelligenceOptions, IntelligenceResult } from './messages.ts';

/**
 * Account intelligence for one account: relearns its patterns when asked or when they are a week old, then
 * computes and stores the account score (which reuses the patterns). Started daily by the account's intel
 * Schedule and on demand by /score and /patterns refresh (deduplicated by workflow id).
 */
export async function accountIntelligence(
  accountId: string,
  options: IntelligenceOptions = {},
): Promise<IntelligenceResult> {
  if (options.searchAttributes !== false) upsertSearchAttributes([{ key: AdAccountId, value: accountId }]);
  const { workflowId, runId } = workflowInfo();
  const due = options.refreshPatterns === true || (await intelActs.patternsDue(accountId));
  const learned = due ? await intelActs.learnAccountPatterns(accountId) : null;
  const score = await intelActs.scoreAccount(accountId, `${workflowId}/${runId}`);
  log.info('account intelligence done', { accountId, overall: score.overall, patterns: learned?.patterns ?? null });
  return { patternsRefreshed: due, patterns: learned?.patterns ?? null, score };
}
