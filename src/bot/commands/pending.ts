import { listOpenProposals } from '../../db/actions.ts';
import { pendingList } from '../../slack/blocks/index.ts';
import { pendingItem } from '../../slack/views.ts';
import type { Handler } from './types.ts';

/** /pending: proposals still waiting for a decision, with their buttons. */
export const pending: Handler<'pending'> = async (_cmd, { account, deps }) =>
  pendingList({
    accountName: account.name,
    items: (await listOpenProposals(deps.pool, account.id))
      .filter((p) => p.status !== 'approved' && p.status !== 'executing')
      .map(pendingItem),
  });
