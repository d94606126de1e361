import { listEntities } from '../../db/entities.ts';
import { listPatterns, patternsRefreshedAt } from '../../db/learned-patterns.ts';
import { lastSufficiency } from '../../db/sufficiency.ts';
import { errorMessage, patternsCard } from '../../slack/blocks/index.ts';
import { runIntelligenceNow } from '../intelligence.ts';
import type { Handler } from './types.ts';

/** /patterns [account] [refresh]: the stored learned patterns; `refresh` relearns them through the workflow first. */
export const patterns: Handler<'patterns'> = async (cmd, { account, deps }) => {
  let note: string | undefined;
  if (cmd.refresh) {
    const run = await runIntelligenceNow(deps.temporal, deps.config.TASK_QUEUE, account.id, { refreshPatterns: true });
    if (run.state === 'running')
      return { text: `Relearning the patterns of ${account.name}; try /patterns again in a minute.` };
    if (!run.result.patternsRefreshed)
      return errorMessage('A run that was already going did not relearn the patterns; try `/patterns refresh` again.');
    note = `Relearned just now: ${run.result.patterns ?? 0} patterns.`;
  }
  const stored = await listPatterns(deps.pool, account.id);
  const names = new Map((await listEntities(deps.pool, account.id)).map((e) => [e.entity_id, e.name]));
  const suff = stored.length === 0 ? await lastSufficiency(deps.pool, account.id) : null;
  return patternsCard({
    accountName: account.name,
    patterns: stored.map((p) => ({
      kind: p.kind,
      ...(p.entity_id ? { entityName: names.get(p.entity_id) ?? p.entity_id } : {}),
      summary: p.summary,
      confidence: p.confidence,
      level: p.confidence_level,
      sampleSize: p.sample_size,
      spanDays: p.payload.confidence.spanDays,
      validUntil: p.valid_until,
    })),
    refreshedAt: await patternsRefreshedAt(deps.pool, account.id),
    ...(suff
      ? { missing: suff.detail.message }
      : stored.length === 0
        ? { missing: 'No collection has finished yet.' }
        : {}),
    ...(note ? { note } : {}),
  });
};
