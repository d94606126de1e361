/** The App Home tab: accounts at a glance, what waits for the user, and the latest decisions. */
import { PROPOSAL_ACTIONS } from './proposal-card.ts';
import {
  button,
  context,
  divider,
  esc,
  formatPercent,
  header,
  md,
  section,
  slackDate,
  type Block,
  type HomeView,
} from './text.ts';

export interface HomeAccount {
  name: string;
  score?: number;
  pending: number;
  lastSyncAt?: number;
}

export interface HomePending {
  id: number;
  action: string;
  entityName: string;
  confidence: number;
  /** Whether this user approves this proposal's account (defaults to `canApprove`): only then the buttons show. */
  canDecide?: boolean;
}

export interface HomeRecent {
  id: number;
  summary: string;
  outcome: string;
  at: number;
}

export interface AppHomeInput {
  userId: string;
  canApprove: boolean;
  accounts: HomeAccount[];
  pending: HomePending[];
  recent: HomeRecent[];
  updatedAt: number;
}

// 100 blocks per Home view: these caps keep the worst case at 3 + 20 + 2 + 2·20 + 1 + 2 + 10 + 1 = 79.
const MAX_ACCOUNTS = 20;
const MAX_PENDING = 20;
const MAX_RECENT = 10;

export function appHome(h: AppHomeInput): HomeView {
  const blocks: Block[] = [
    header('adpilot'),
    section(
      `Hi <@${h.userId}>. ${h.canApprove ? 'You can approve proposals.' : 'You can view proposals; an approver decides them.'}`,
    ),
    divider(),
  ];
  for (const a of h.accounts.slice(0, MAX_ACCOUNTS)) {
    const score = a.score === undefined ? '_no score yet_' : `score *${Math.round(a.score)}*`;
    const sync = a.lastSyncAt ? ` · synced ${slackDate(a.lastSyncAt)}` : '';
    blocks.push(section(`*${esc(a.name, 300)}* · ${score} · ${a.pending} pending${sync}`));
  }
  if (h.accounts.length === 0)
    blocks.push(
      section(
        'You manage no ad account yet. Home shows the accounts you approve or administer; ask a workspace admin to add you with `/adpilot settings`, or use the commands in an account’s channel.',
      ),
    );
  blocks.push(divider(), header(`Waiting for a decision (${h.pending.length})`));
  for (const p of h.pending.slice(0, MAX_PENDING)) {
    blocks.push({
      type: 'section',
      text: md(
        `*#${p.id} ${esc(p.action, 200)}*: ${esc(p.entityName, 500)} · confidence ${formatPercent(p.confidence)}`,
        3000,
      ),
    });
    if (p.canDecide ?? h.canApprove)
      blocks.push({
        type: 'actions',
        block_id: `home_pending_${p.id}`,
        elements: [
          button('Approve', PROPOSAL_ACTIONS.approve, String(p.id), 'primary'),
          button('Reject', PROPOSAL_ACTIONS.reject, String(p.id), 'danger'),
        ],
      });
  }
  if (h.pending.length === 0) blocks.push(section('Nothing waits for you.'));
  if (h.pending.length > MAX_PENDING)
    blocks.push(context(`…and ${h.pending.length - MAX_PENDING} more (\`/pending\`)`));
  blocks.push(divider(), header('Recent decisions'));
  for (const r of h.recent.slice(0, MAX_RECENT))
    blocks.push(section(`#${r.id} ${esc(r.summary, 400)} · *${esc(r.outcome, 50)}* · ${slackDate(r.at)}`));
  if (h.recent.length === 0) blocks.push(section('No decisions yet.'));
  blocks.push(context(`Updated ${slackDate(h.updatedAt)}`));
  return { type: 'home', callback_id: 'adpilot_home', blocks };
}
