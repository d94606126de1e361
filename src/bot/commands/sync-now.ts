import { triggerSyncNow } from '../../temporal/sync-now.ts';
import { errorMessage, syncProgress } from '../../slack/blocks/index.ts';
import { followCollection } from '../sync-follow.ts';
import type { Handler } from './types.ts';

/**
 * /sync-now: triggers the account's collection Schedule now (a run already going is followed, not doubled), posts
 * a progress message in the channel, updates it while the run goes and ends it with the run summary.
 */
export const syncNow: Handler<'sync-now'> = async (_cmd, { account, deps, client, channelId }) => {
  const r = await triggerSyncNow(deps.temporal, account.id);
  if (r.state === 'no_schedule')
    return errorMessage(`${account.name} has no collection schedule yet; it is created when adpilot starts.`);
  if (r.state === 'not_started')
    return errorMessage('The collection did not start in time; check /status in a minute.');
  const startedAt = (deps.now ?? Date.now)();
  const first = syncProgress({ accountName: account.name, phase: 'starting', rowsWritten: 0, startedAt });
  const posted = await client.chat
    .postMessage({ channel: channelId, text: first.text, blocks: first.blocks })
    .catch((error: unknown) => ({ ts: undefined, error }));
  if (!posted.ts)
    // The bot may not be in this channel (not_in_channel): say so privately; the run goes on regardless.
    return {
      text: `Collecting ${account.name} now (${r.workflowId}); invite adpilot to this channel to see its progress, or use /status.`,
    };
  await followCollection({
    temporal: deps.temporal,
    slack: client,
    channel: channelId,
    ts: posted.ts,
    accountName: account.name,
    workflowId: r.workflowId,
    runId: r.runId,
    startedAt,
    alreadyRunning: r.state === 'already_running',
    ...(deps.now ? { now: deps.now } : {}),
  });
  return null;
};
