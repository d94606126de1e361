import { triggerSyncNow } from '../../temporal/sync-now.ts';
import { errorMessage } from '../blocks/index.ts';
import type { Handler } from './types.ts';

/** /sync-now: triggers the account's collection Schedule now (a run already going is reported, not doubled). */
export const syncNow: Handler<'sync-now'> = async (_cmd, { account, deps }) => {
  const r = await triggerSyncNow(deps.temporal, account.id);
  if (r.state === 'no_schedule')
    return errorMessage(`${account.name} has no collection schedule yet; it is created when adpilot starts.`);
  if (r.state === 'not_started')
    return errorMessage('The collection did not start in time; check /status in a minute.');
  return {
    text:
      r.state === 'already_running'
        ? `A collection of ${account.name} is already running (${r.workflowId}).`
        : `Collecting ${account.name} now (${r.workflowId}). /status shows the summary when it is done.`,
  };
};
