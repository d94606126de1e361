import type { DatabasePool } from 'slonik';
import { loadPixelHours } from '../db/intel-input.ts';
import { recordNotification } from '../db/notifications.ts';
import { recordTrackingState, type TrackingState } from '../db/tracking-state.ts';
import { accountTrackingHealth } from '../intel/tracking-breaker.ts';

/**
 * Runs the tracking-health check on the stored pixel hours and records the verdict. @returns the state and
 * whether the breaker opened with this check, or null when the account has no pixel data to judge.
 */
export async function evaluateTrackingBreaker(
  pool: DatabasePool,
  accountId: string,
  now: number,
): Promise<{ state: TrackingState; opened: boolean } | null> {
  const health = accountTrackingHealth(await loadPixelHours(pool, accountId, now), now);
  if (!health) return null;
  const { state, changed } = await recordTrackingState(pool, accountId, health, now);
  return { state, opened: changed && state.status === 'broken' };
}

/** The alert that says why conversion-based rules stopped, once per opening (the dedupe key carries its start). */
export async function recordBreakerAlert(
  pool: DatabasePool,
  state: TrackingState,
  suspendedRules: string[],
  channelId: string | null,
): Promise<void> {
  await recordNotification(pool, {
    dedupeKey: `tracking-breaker:${state.account_id}:${state.since}`,
    accountId: state.account_id,
    kind: 'alert',
    channelId,
    payload: {
      title: 'Conversion tracking looks broken: conversion-based rules are suspended',
      reason: state.reason,
      observed: state.observed,
      expected: state.expected,
      suspendedRules,
    },
  });
}
