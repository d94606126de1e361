/**
 * The narrow faces of the outside world that decision activities need. The worker adapts the real Graph API
 * client and the Slack notifier to them; tests pass the same real implementations pointed at the emulators.
 */

/** An entity as the executor sees it before and after a write. Money in minor currency units. */
export interface EntityState {
  id: string;
  status: string | null;
  effectiveStatus: string | null;
  dailyBudgetMinor: number | null;
  bidAmountMinor: number | null;
  updatedTime: string | null;
  learningStage: string | null;
}

export interface MetaWriter {
  /** @throws when the entity cannot be read (deleted, permission); Meta errors keep their transient/permanent kind. */
  getEntity(entityId: string): Promise<EntityState>;
  setStatus(entityId: string, status: 'ACTIVE' | 'PAUSED'): Promise<void>;
  setDailyBudget(entityId: string, minor: number): Promise<void>;
  setBidAmount(entityId: string, minor: number): Promise<void>;
  duplicate(entityId: string): Promise<{ copiedId: string }>;
}

export interface MetaGateway {
  forAccount(accountId: string): Promise<MetaWriter>;
}

export type NotificationKind = 'proposal' | 'decision' | 'outcome' | 'escalation';

/** Posts proposal cards and their updates. The Slack notifier implements it; a recorder is the default. */
export interface Notifier {
  proposal(actionId: number): Promise<void>;
  decision(actionId: number): Promise<void>;
  outcome(actionId: number, horizonHours: number): Promise<void>;
  escalation(actionId: number, reason: string): Promise<void>;
  /** Tells an account's channel, once per transition, that collection stopped working and why. */
  accountNeedsAttention?(accountId: string, reason: string): Promise<void>;
  /** Posts the account's pending non-actionable notes as one digest; absent when nothing can post (no Slack). */
  digest?(accountId: string): Promise<DigestResult>;
}

export interface DigestResult {
  posted: boolean;
  notes: number;
  ts?: string;
}
