import type { DatabasePool } from 'slonik';
import { loadPixelHours } from '../db/intel-input.ts';
import { recordNotification } from '../db/notifications.ts';
import { recordTrackingState, type TrackingState } from '../db/tracking-state.ts';
import { accountTrackingHealth } from '../intel/tracking-breaker.ts';

/**
 * Runs the tracking-health check on the stored pixel hours and records the verdict. When the breaker opens, an
 * alert notification records why (once per opening: the dedupe key carries its start). @returns the state, or
 * null when the account has no pixel data to judge.
 */
export async function evaluateTrackingBreaker(
  pool: DatabasePool,
  accountId: string,
  now: number,
  channelId: string | null,
): Promise<TrackingState | null> {
  const health = accountTrackingHealth(await loadPixelHours(pool, accountId, now), now);
  if (!health) return null;
  const { state, changed } = await recordTrackingState(pool, accountId, health, now);
  if (state.status === 'broken' && changed)
    await recordNotification(pool, {
      dedupeKey: `tracking-breaker:${accountId}:${state.since}`,
      accountId,
      kind: 'alert',
      channelId,
      payload: {
        title: 'Conversion tracking looks broken: conversion-based rules are suspended',
        reason: state.reason,
        observed: state.observed,
        expected: state.expected,
      },
    });
  return state;
}
