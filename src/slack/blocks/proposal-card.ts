/** The proposal card: what adpilot wants to do, why, what it expects, and the buttons to decide. */
import {
  button,
  context,
  divider,
  esc,
  fallback,
  formatDuration,
  formatNumber,
  formatPercent,
  header,
  md,
  section,
  slackDate,
  truncate,
  type Block,
  type Message,
} from './text.ts';

export const PROPOSAL_ACTIONS = {
  approve: 'proposal_approve',
  reject: 'proposal_reject',
  undo: 'proposal_undo',
} as const;

export interface EvidenceItem {
  /** e.g. "Purchases (7 days)" */
  label: string;
  value: number | string;
  /** The rule's threshold, shown next to the value ("≥ 50"). */
  threshold?: string;
}

export interface ProposalCardInput {
  id: number;
  accountName: string;
  /** The action in words: "Pause ad set", "Lower daily budget 20%". */
  action: string;
  entityName: string;
  ruleName?: string;
  evidence: EvidenceItem[];
  explanation: string;
  expectedImpact: string;
  /** 0–1 */
  confidence: number;
  /** Set when the entity is in Meta's learning phase: an edit now resets learning. */
  learningPhaseWarning?: string;
  /** When the newest data behind the evidence was collected (ms since epoch). */
  dataAsOf: number;
  expiresAt?: number;
  /** An uploaded chart (slack_file) or a reachable URL; exactly one. */
  chart?: { slackFileId?: string; imageUrl?: string; altText: string };
}

export type ProposalOutcome = 'approved' | 'rejected' | 'executed' | 'failed' | 'expired' | 'undone' | 'refused';

export interface ProposalDecision {
  outcome: ProposalOutcome;
  /** Slack user id of the person who decided; absent for expiry. */
  userId?: string;
  at: number;
  /** What happened after the decision: "Budget changed from €100 to €80", or the refusal/failure reason. */
  result?: string;
  rejectReason?: string;
  /** The executed action can be undone until then. */
  undoUntil?: number;
}

const OUTCOME_LABEL: Record<ProposalOutcome, string> = {
  approved: ':white_check_mark: Approved',
  rejected: ':no_entry_sign: Rejected',
  executed: ':white_check_mark: Approved and applied',
  failed: ':x: Approved, but applying it failed',
  expired: ':hourglass: Expired without a decision',
  undone: ':leftwards_arrow_with_hook: Undone',
  refused: ':warning: Not applied',
};

const title = (p: ProposalCardInput) => `${p.action}: ${p.entityName}`;

function evidenceLines(items: EvidenceItem[]): string {
  const line = (e: EvidenceItem) => {
    const value = typeof e.value === 'number' ? formatNumber(e.value) : e.value;
    return `• ${esc(e.label, 200)}: *${esc(value, 200)}*${e.threshold ? ` (rule: ${esc(e.threshold, 100)})` : ''}`;
  };
  const shown = items.slice(0, 12).map(line);
  if (items.length > shown.length) shown.push(`…and ${items.length - shown.length} more`);
  return shown.join('\n');
}

function body(p: ProposalCardInput): Block[] {
  const blocks: Block[] = [
    header(title(p)),
    {
      type: 'section',
      fields: [
        md(`*Account*\n${esc(p.accountName, 1900)}`, 2000),
        md(`*Rule*\n${esc(p.ruleName ?? 'adpilot policy', 1900)}`, 2000),
        md(`*Expected impact*\n${esc(p.expectedImpact, 1900)}`, 2000),
        md(`*Confidence*\n${formatPercent(p.confidence)}`, 2000),
      ],
    },
    section(`*Why*\n${esc(p.explanation, 1200)}${p.evidence.length ? `\n${evidenceLines(p.evidence)}` : ''}`),
  ];
  if (p.learningPhaseWarning) blocks.push(section(`:warning: *Learning phase*: ${esc(p.learningPhaseWarning, 2900)}`));
  if (p.chart) {
    const source = p.chart.slackFileId
      ? { slack_file: { id: p.chart.slackFileId } }
      : { image_url: p.chart.imageUrl ?? '' };
    blocks.push({ type: 'image', alt_text: truncate(p.chart.altText, 2000), ...source });
  }
  return blocks;
}

function freshness(p: ProposalCardInput, now?: number): string {
  const age = now === undefined ? '' : ` (${formatDuration(now - p.dataAsOf)} old)`;
  const expiry = p.expiresAt ? ` · expires ${slackDate(p.expiresAt)}` : '';
  return `Data as of ${slackDate(p.dataAsOf)}${age}${expiry} · proposal #${p.id}`;
}

/** An open proposal with Approve / Reject buttons; both carry the proposal id as their value. */
export function proposalCard(p: ProposalCardInput, now?: number): Message {
  const id = String(p.id);
  return {
    text: fallback(`Proposal #${p.id}: ${title(p)} (${p.accountName})`),
    blocks: [
      ...body(p),
      context(freshness(p, now)),
      {
        type: 'actions',
        block_id: `proposal_${id}`,
        elements: [
          button('Approve', PROPOSAL_ACTIONS.approve, id, 'primary'),
          button('Reject', PROPOSAL_ACTIONS.reject, id, 'danger'),
        ],
      },
    ],
  };
}

/** The card after a decision: who, when, what happened, and Undo while the undo window is open at `now`. */
export function decidedProposalCard(p: ProposalCardInput, d: ProposalDecision, now: number): Message {
  const who = d.userId ? ` by <@${d.userId}>` : '';
  const lines = [`*${OUTCOME_LABEL[d.outcome]}*${who} · ${slackDate(d.at)}`];
  if (d.rejectReason) lines.push(`Reason: ${esc(d.rejectReason, 1500)}`);
  if (d.result) lines.push(esc(d.result, 1000));
  const blocks: Block[] = [...body(p), divider(), section(lines.join('\n')), context(freshness(p))];
  if (d.undoUntil !== undefined && d.undoUntil > now) {
    blocks.push({
      type: 'actions',
      block_id: `proposal_${p.id}_undo`,
      elements: [button(`Undo (${formatDuration(d.undoUntil - now)} left)`, PROPOSAL_ACTIONS.undo, String(p.id))],
    });
  }
  return { text: fallback(`Proposal #${p.id} ${d.outcome}: ${title(p)}`), blocks };
}
