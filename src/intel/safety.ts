/**
 * The executor's safety gate: pure, so the approval workflow's decision is explainable and unit-testable.
 * Every limit that stops or changes an action says so in `reasons`, in words a media buyer can act on.
 */
import { DAY, HOUR } from './time.ts';

export type ActionKind =
  'pause' | 'activate' | 'increase_budget' | 'decrease_budget' | 'adjust_bid' | 'duplicate' | 'notify_only';

export interface SafetyLimits {
  intelligenceEnabled: boolean;
  executorEnabled: boolean;
  maxActionsPerHour: number;
  maxBudgetChangePercent: number;
  cooldownHours: number;
  requireApprovalForDays: number;
  minConfidenceForAuto: number;
}

export interface SafetyInput {
  action: ActionKind;
  /** Requested change for budget/bid actions, in percent (positive = up). */
  changePercent?: number;
  /** Current daily budget or bid in minor units, for computing the target after clamping. */
  currentValueMinor?: number | null;
  mode: 'approved' | 'automatic';
  confidence?: number | null;
  learningPhase?: string | null;
  /** Epoch ms of the last executed action on this entity, if any. */
  lastEntityActionAt?: number | null;
  /** Actions the executor carried out for this account in the last hour. */
  actionsLastHour: number;
  /** Changes made to this entity in the last 24 h (by anyone we know of). */
  entityChangesLast24h: number;
  /** Epoch ms when the account was connected. */
  accountConnectedAt: number;
  now: number;
}

export type SafetyVerdict =
  | { kind: 'execute'; targetValueMinor: number | null; changePercent: number | null; reasons: string[] }
  | { kind: 'record_only'; reasons: string[] }
  | { kind: 'blocked'; reasons: string[] }
  | { kind: 'escalate'; reasons: string[] }
  | { kind: 'needs_approval'; reasons: string[] };

/** Meta restarts learning after a "significant edit"; a budget change above ~20% is the usual trigger. */
export const SIGNIFICANT_BUDGET_EDIT_PERCENT = 20;

const isBudgetOrBid = (a: ActionKind) => a === 'increase_budget' || a === 'decrease_budget' || a === 'adjust_bid';
const writes = (a: ActionKind) => a !== 'notify_only';

/**
 * Decides whether an action may be written to Meta now, and with which value.
 * Order matters: switches first, then limits that block, then limits that adjust.
 */
export function checkSafety(input: SafetyInput, limits: SafetyLimits): SafetyVerdict {
  if (!limits.intelligenceEnabled)
    return { kind: 'blocked', reasons: ['ENABLE_INTELLIGENCE is false: the decision engine is off.'] };
  if (!writes(input.action))
    return { kind: 'record_only', reasons: ['This is a notification; nothing is written to Meta.'] };
  const held = (input.mode === 'automatic' ? autonomyHold(input, limits) : null) ?? paceHold(input, limits);
  if (held) return held;

  const change = isBudgetOrBid(input.action)
    ? budgetChange(input, limits)
    : { changePercent: null, targetValueMinor: null, reasons: [] as string[] };
  if ('kind' in change) return change;
  const { changePercent, targetValueMinor, reasons } = change;
  if (input.learningPhase === 'LEARNING' && input.action !== 'pause')
    reasons.push('Note: the ad set is still in the learning phase.');

  if (!limits.executorEnabled) {
    return {
      kind: 'record_only',
      reasons: [
        ...reasons,
        'ENABLE_ACTION_EXECUTOR is false: the decision is recorded and nothing is written to Meta.',
      ],
    };
  }
  return { kind: 'execute', targetValueMinor, changePercent, reasons };
}

/** An automatic action waits for a person on a young account or a low-confidence proposal. */
function autonomyHold(input: SafetyInput, limits: SafetyLimits): SafetyVerdict | null {
  const ageDays = (input.now - input.accountConnectedAt) / DAY;
  if (ageDays < limits.requireApprovalForDays) {
    return {
      kind: 'needs_approval',
      reasons: [
        `The account was connected ${Math.floor(ageDays)} days ago; automatic actions need ${limits.requireApprovalForDays} days of history (REQUIRE_APPROVAL_FOR_DAYS).`,
      ],
    };
  }
  if ((input.confidence ?? 0) < limits.minConfidenceForAuto) {
    return {
      kind: 'needs_approval',
      reasons: [
        `Confidence ${(input.confidence ?? 0).toFixed(2)} is below MIN_CONFIDENCE_FOR_AUTO ${limits.minConfidenceForAuto}.`,
      ],
    };
  }
  return null;
}

/** Limits on how often: changes to the entity in 24 h, its cooldown, and the account's actions per hour. */
function paceHold(input: SafetyInput, limits: SafetyLimits): SafetyVerdict | null {
  if (input.entityChangesLast24h > 2) {
    return {
      kind: 'escalate',
      reasons: [
        `This entity was already changed ${input.entityChangesLast24h} times in 24 h; a person should look before it changes again.`,
      ],
    };
  }
  if (input.lastEntityActionAt != null && input.now - input.lastEntityActionAt < limits.cooldownHours * HOUR) {
    const until = new Date(input.lastEntityActionAt + limits.cooldownHours * HOUR).toISOString();
    return {
      kind: 'blocked',
      reasons: [
        `Cooldown: the entity was changed less than ${limits.cooldownHours} h ago (ACTION_COOLDOWN_HOURS); try again after ${until}.`,
      ],
    };
  }
  if (input.actionsLastHour >= limits.maxActionsPerHour) {
    return {
      kind: 'blocked',
      reasons: [
        `${input.actionsLastHour} actions were executed for this account in the last hour (MAX_AUTO_ACTIONS_PER_HOUR ${limits.maxActionsPerHour}).`,
      ],
    };
  }
  return null;
}

/** The capped change and the new value of a budget or bid action, or the verdict that blocks it. */
function budgetChange(
  input: SafetyInput,
  limits: SafetyLimits,
): SafetyVerdict | { changePercent: number; targetValueMinor: number; reasons: string[] } {
  const reasons: string[] = [];
  const requested = input.changePercent ?? 0;
  if (requested === 0 || !Number.isFinite(requested))
    return { kind: 'blocked', reasons: ['The action has no budget or bid change.'] };
  const cap = limits.maxBudgetChangePercent;
  const changePercent = Math.sign(requested) * Math.min(Math.abs(requested), cap);
  if (Math.abs(requested) > cap)
    reasons.push(`Change capped from ${requested}% to ${changePercent}% (MAX_BUDGET_CHANGE_PERCENT ${cap}).`);
  if (input.learningPhase === 'LEARNING' && Math.abs(changePercent) > SIGNIFICANT_BUDGET_EDIT_PERCENT) {
    return {
      kind: 'blocked',
      reasons: [
        ...reasons,
        `The ad set is in the learning phase; a ${Math.abs(changePercent)}% change would restart learning. Held until learning ends.`,
      ],
    };
  }
  if (input.currentValueMinor == null)
    return {
      kind: 'blocked',
      reasons: [...reasons, 'The current budget or bid is unknown, so the new value cannot be computed.'],
    };
  const targetValueMinor = Math.max(100, Math.round(input.currentValueMinor * (1 + changePercent / 100)));
  return { changePercent, targetValueMinor, reasons };
}
