/** /pending: open proposals, each with its own Approve / Reject buttons. */
import { PROPOSAL_ACTIONS } from './proposal-card.ts';
import {
  button,
  context,
  esc,
  fallback,
  formatPercent,
  header,
  section,
  slackDate,
  type Block,
  type Message,
} from './text.ts';

export interface PendingItem {
  id: number;
  action: string;
  entityName: string;
  expectedImpact?: string;
  confidence: number;
  expiresAt: number;
}

// 50 blocks a message: header + 2 per item + a closing context leaves room for 20 items with margin.
const MAX_ITEMS = 20;

export function pendingList(input: { accountName: string; items: PendingItem[] }): Message {
  const { items } = input;
  if (items.length === 0)
    return {
      text: fallback(`No open proposals for ${input.accountName}`),
      blocks: [section(`:sparkles: No open proposals for *${esc(input.accountName, 500)}*.`)],
    };
  const blocks: Block[] = [header(`Open proposals: ${input.accountName} (${items.length})`)];
  for (const p of items.slice(0, MAX_ITEMS)) {
    const impact = p.expectedImpact ? ` · ${esc(p.expectedImpact, 300)}` : '';
    blocks.push(
      section(
        `*#${p.id} ${esc(p.action, 200)}*: ${esc(p.entityName, 500)}\n` +
          `Confidence ${formatPercent(p.confidence)}${impact} · expires ${slackDate(p.expiresAt)}`,
      ),
      {
        type: 'actions',
        block_id: `pending_${p.id}`,
        elements: [
          button('Approve', PROPOSAL_ACTIONS.approve, String(p.id), 'primary'),
          button('Reject', PROPOSAL_ACTIONS.reject, String(p.id), 'danger'),
        ],
      },
    );
  }
  if (items.length > MAX_ITEMS) blocks.push(context(`…and ${items.length - MAX_ITEMS} more; decide these first.`));
  return { text: fallback(`${items.length} open proposals for ${input.accountName}`), blocks };
}
