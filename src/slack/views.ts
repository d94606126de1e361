import type { ActionRow } from '../db/actions.ts';
import { EDIT_ACTIONS } from '../intel/rules/fields.ts';
import { SIGNIFICANT_BUDGET_EDIT_PERCENT } from '../intel/safety.ts';
import type {
  EvidenceItem,
  PendingItem,
  ProposalCardInput,
  ProposalDecision,
  ProposalOutcome,
} from './blocks/index.ts';

const KIND: Record<string, string> = { campaign: 'campaign', adset: 'ad set', ad: 'ad', account: 'account' };

/** The action in words, as a card's title: "Pause ad set", "Lower daily budget 20%". */
export function actionLabel(row: ActionRow): string {
  const pct = typeof row.params.change_percent === 'number' ? ` ${Math.abs(row.params.change_percent)}%` : '';
  const kind = KIND[row.entity_type] ?? row.entity_type;
  switch (row.action_type) {
    case 'pause':
      return `Pause ${kind}`;
    case 'activate':
      return `Activate ${kind}`;
    case 'increase_budget':
      return `Raise daily budget${pct}`;
    case 'decrease_budget':
      return `Lower daily budget${pct}`;
    case 'adjust_bid':
      return `Adjust bid${pct}`;
    case 'duplicate':
      return `Duplicate ${kind}`;
    default:
      return `Look at ${kind}`;
  }
}

const show = (v: number | string | (number | string)[] | null | undefined): string =>
  v === null || v === undefined
    ? '–'
    : Array.isArray(v)
      ? v.join('–')
      : typeof v === 'number'
        ? String(Math.round(v * 100) / 100)
        : v;

function evidenceItems(row: ActionRow): EvidenceItem[] {
  type Ev = {
    field?: string;
    window?: string | null;
    actual?: number | string | null;
    operator?: string;
    threshold?: number | string | (number | string)[] | null;
  };
  const list = Array.isArray(row.evidence) ? (row.evidence as Ev[]) : [];
  return list.slice(0, 8).map((e) => ({
    label: `${(e.field ?? '').replace(/_/g, ' ')}${e.window ? ` (${e.window})` : ''}`,
    value: show(e.actual),
    ...(e.threshold === undefined || e.threshold === null
      ? {}
      : { threshold: `${e.operator ?? ''} ${show(e.threshold)}`.trim() }),
  }));
}

/**
 * What the card says about Meta's learning phase: an edit to an ad set still learning restarts it (the safety gate
 * holds significant edits back), and a learning-limited one is short of the ~50 weekly events it needs.
 */
export function learningPhaseWarning(actionType: string, stage: string | null | undefined): string | undefined {
  if (stage === 'LEARNING')
    return (EDIT_ACTIONS as readonly string[]).includes(actionType)
      ? `This ad set is still learning: a budget or bid edit above ${SIGNIFICANT_BUDGET_EDIT_PERCENT}% restarts learning, so adpilot holds such an edit until learning ends.`
      : 'This ad set is still learning; its numbers are less stable than usual.';
  if (stage === 'FAIL' || stage === 'LEARNING_LIMITED')
    return 'Learning limited: the ad set gets fewer than the ~50 weekly optimisation events Meta needs.';
  return undefined;
}

export function proposalCardInput(
  row: ActionRow,
  accountName: string,
  extra: { ruleName?: string; learningStage?: string | null } = {},
): ProposalCardInput {
  const impact = (row.expected_impact ?? {}) as { summary?: string };
  const learning = learningPhaseWarning(row.action_type, extra.learningStage);
  return {
    ...(extra.ruleName ? { ruleName: extra.ruleName } : {}),
    ...(learning ? { learningPhaseWarning: learning } : {}),
    id: row.id,
    accountName,
    action: actionLabel(row),
    entityName: row.entity_name ?? row.entity_id,
    evidence: evidenceItems(row),
    explanation: row.explanation || 'Proposed by adpilot.',
    expectedImpact: impact.summary ?? '—',
    confidence: row.confidence ?? 0.5,
    dataAsOf: row.created_at,
    expiresAt: row.expires_at,
  };
}

const OUTCOME: Partial<Record<string, ProposalOutcome>> = {
  approved: 'approved',
  executing: 'approved',
  executed: 'executed',
  recorded: 'approved',
  blocked: 'refused',
  rejected: 'rejected',
  expired: 'expired',
  failed: 'failed',
  undone: 'undone',
  shadow: 'refused',
};

/** The decision shown on a decided card, or undefined while the proposal still waits for one. */
export function proposalDecision(row: ActionRow, now: number): ProposalDecision | undefined {
  const outcome = OUTCOME[row.status];
  if (!outcome) return undefined;
  const result =
    row.status === 'executed'
      ? String((row.execution_result as { detail?: string } | null)?.detail ?? '')
      : (row.status_reason ?? undefined);
  return {
    outcome,
    ...(row.human_decided_by ? { userId: row.human_decided_by } : {}),
    at: row.human_decided_at ?? row.updated_at ?? now,
    ...(result ? { result } : {}),
    ...(row.human_feedback_reason ? { rejectReason: row.human_feedback_reason } : {}),
    ...(row.status === 'executed' && row.undo_until && row.undo_until > now ? { undoUntil: row.undo_until } : {}),
  };
}

export function pendingItem(row: ActionRow): PendingItem {
  const impact = (row.expected_impact ?? {}) as { summary?: string };
  return {
    id: row.id,
    action: actionLabel(row),
    entityName: row.entity_name ?? row.entity_id,
    ...(impact.summary ? { expectedImpact: impact.summary } : {}),
    confidence: row.confidence ?? 0.5,
    expiresAt: row.expires_at,
  };
}
