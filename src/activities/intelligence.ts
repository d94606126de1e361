import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DatabasePool } from 'slonik';
import { insertAccountScore } from '../db/account-scores.ts';
import { loadAccountHours, loadInputRows } from '../db/intel-input.ts';
import { listPatterns, patternsRefreshedAt, replacePatterns } from '../db/learned-patterns.ts';
import { recordNotification } from '../db/notifications.ts';
import { replaceFatigueForecast } from '../db/fatigue-forecast.ts';
import { getTrackingState } from '../db/tracking-state.ts';
import { buildAccountInput } from '../intel/account-input.ts';
import {
  accountFatigueSignals,
  computeAccountScore,
  learnPatterns,
  type AccountInput,
} from '../intel/analytics/index.ts';
import type { ScoreSummary } from '../workflows/messages.ts';
import { FailureType } from './failures.ts';
import { DAY } from '../intel/time.ts';

export interface IntelligenceDeps {
  pool: DatabasePool;
  now?: () => number;
}

/** Patterns describe weeks of history; relearning them more often than weekly only adds noise. */
export const PATTERN_MAX_AGE_MS = 7 * DAY;

function heartbeat(detail: unknown): void {
  try {
    Context.current().heartbeat(detail);
  } catch {
    /* outside a worker (benchmarks) */
  }
}

export function createIntelligenceActivities(deps: IntelligenceDeps) {
  const now = deps.now ?? Date.now;
  const { pool } = deps;

  /** @throws a non-retryable NotFound failure when the account is not connected. */
  async function input(accountId: string, t: number): Promise<AccountInput> {
    const rows = await loadInputRows(pool, accountId, t);
    if (!rows) throw ApplicationFailure.nonRetryable(`ad account ${accountId} is not connected`, FailureType.NotFound);
    heartbeat({ loaded: rows.adDaily.length });
    return buildAccountInput(rows);
  }

  return {
    /** True when the account's patterns are missing or older than a week. */
    async patternsDue(accountId: string): Promise<boolean> {
      const at = await patternsRefreshedAt(pool, accountId);
      return at === null || now() - at >= PATTERN_MAX_AGE_MS;
    },

    /**
     * Learns the account's patterns from stored history and replaces the stored set. Runs inside one activity
     * (load, learn, store): a 10,000-ad account's inputs are far beyond a Temporal payload. @returns how many.
     */
    async learnAccountPatterns(accountId: string): Promise<{ patterns: number; kinds: string[] }> {
      const t = now();
      const account = await input(accountId, t);
      const hourly = await loadAccountHours(pool, accountId, t);
      const patterns = learnPatterns({
        accountId,
        now: account.now,
        targets: account.targets,
        hourly,
        ads: account.ads,
        adsets: account.adsets,
      });
      await replacePatterns(pool, accountId, patterns, t);
      return { patterns: patterns.length, kinds: [...new Set(patterns.map((p) => p.kind))] };
    },

    /**
     * Computes the account score on stored history (with the stored patterns) and stores it with the tracking
     * verdict; ads the fatigue detector flags become digest notes. `runKey` (the workflow run) makes a retry store
     * nothing twice.
     */
    async scoreAccount(accountId: string, runKey: string): Promise<ScoreSummary> {
      const t = now();
      const account = await input(accountId, t);
      const patterns = (await listPatterns(pool, accountId)).map((p) => p.payload);
      // The fatigue detector runs once: its signals feed the score and the rules engine's verdicts below.
      const fatigue = accountFatigueSignals(account);
      const score = computeAccountScore({ ...account, patterns, fatigueSignals: fatigue });
      const tracking = await getTrackingState(pool, accountId);
      const row = await insertAccountScore(
        pool,
        runKey,
        t,
        score,
        tracking
          ? {
              status: tracking.status,
              reason: tracking.reason,
              observed: tracking.observed,
              expected: tracking.expected,
            }
          : null,
      );
      // The detector's verdict per active ad, for the rules engine's `fatigue_forecast` (the creative-fatigue rule);
      // with thin history there is no verdict, and the rule falls back to its frequency and CTR-trend thresholds.
      const signals = new Map((fatigue ?? []).map((x) => [x.adId, x]));
      await replaceFatigueForecast(
        pool,
        accountId,
        t,
        fatigue
          ? account.ads
              .filter((a) => a.status === 'ACTIVE')
              .map((a) => {
                const x = signals.get(a.id);
                return x
                  ? { adId: a.id, status: x.status, hoursToCollapse: x.hoursToCollapse, reason: x.reason }
                  : { adId: a.id, status: 'none' as const, hoursToCollapse: null, reason: null };
              })
          : [],
      );
      // Creative fatigue caught early (the detector's refresh-creative recommendations) needs no decision: it goes
      // into the account's next digest, once per ad a week (the dedupe key), not as a message of its own.
      const week = Math.floor(t / (7 * DAY));
      for (const r of score.recommendations.filter((x) => x.action === 'refresh_creative'))
        await recordNotification(pool, {
          dedupeKey: `fatigue:${accountId}:${r.entityId}:${week}`,
          accountId,
          kind: 'alert',
          payload: { topic: 'Creative fatigue', text: `${r.entityName}: ${r.reason}`, entityId: r.entityId },
        });
      return {
        scoreId: row.id,
        overall: row.overall,
        mode: row.sufficiency_mode,
        recommendations: row.recommendations.length,
      };
    },
  };
}
