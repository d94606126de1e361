import type { WebClient } from '@slack/web-api';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { RunSummary } from '../db/collection-runs.ts';
import { collectionProgressQuery, type CollectionProgress } from '../workflows/messages.ts';
import { esc, section, syncProgress, syncSummary, type Message } from '../slack/blocks/index.ts';

export interface FollowOptions {
  temporal: Client;
  slack: WebClient;
  channel: string;
  /** The progress message to update in place. */
  ts: string;
  accountName: string;
  workflowId: string;
  runId: string;
  startedAt: number;
  alreadyRunning: boolean;
  now?: () => number;
  /** How often the run's progress query is read (Slack allows about one chat.update per second per channel). */
  pollMs?: number;
  /** Past this the message says the run is still going and points at /status; the run itself goes on. */
  giveUpMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The notes under a finished run's numbers: what a media buyer would want to know about this collection. */
export function summaryNotes(s: RunSummary): string[] {
  const notes = [
    `${s.entities.campaigns} campaigns, ${s.entities.adsets} ad sets, ${s.entities.ads} ads · ${s.apiCalls} Graph API calls`,
  ];
  if (s.backfilledDays) notes.push(`Backfilled ${s.backfilledDays} days of history.`);
  if (s.sufficiency && s.sufficiency !== 'sufficient')
    notes.push(`History is ${s.sufficiency === 'thin' ? 'still thin' : 'missing'}: rules use fixed thresholds.`);
  if (s.throttleWaitMs > 0) notes.push(`Meta throttled the run; waited ${Math.round(s.throttleWaitMs / 1000)} s.`);
  return notes;
}

/**
 * Follows a collection run for /sync-now: updates the progress message in place from the workflow's progress query
 * and replaces it with the run summary (or the failure) at the end. Runs after the command was acked; never throws
 * (a Slack update that fails only loses a progress tick).
 */
export async function followCollection(o: FollowOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const update = async (m: Message) => {
    await o.slack.chat.update({ channel: o.channel, ts: o.ts, text: m.text, blocks: m.blocks }).catch(() => undefined);
  };
  const handle = o.temporal.workflow.getHandle(o.workflowId, o.runId);
  let outcome: { summary?: RunSummary; error?: string } | undefined;
  const result = handle.result().then(
    (summary: RunSummary) => (outcome = { summary }),
    (error: unknown) =>
      (outcome = {
        error:
          error instanceof WorkflowFailedError
            ? (error.cause?.message ?? error.message) || 'the run failed'
            : (error as Error).message,
      }),
  );
  let last = '';
  const deadline = now() + (o.giveUpMs ?? 15 * 60_000);
  while (!outcome && now() < deadline) {
    await Promise.race([result, sleep(o.pollMs ?? 1_000)]);
    if (outcome) break;
    const p: CollectionProgress | undefined = await handle.query(collectionProgressQuery).catch(() => undefined);
    if (!p) continue;
    const key = `${p.phase}:${p.rowsWritten}`;
    if (key === last) continue;
    last = key;
    await update(syncProgress({ accountName: o.accountName, ...p, startedAt: o.startedAt }));
  }
  if (!outcome) {
    const text = `The collection of ${o.accountName} is still running (${o.workflowId}); /status shows it when it ends.`;
    await update({ text, blocks: [section(esc(text))] });
    return;
  }
  const s = outcome.summary;
  await update(
    syncSummary({
      accountName: o.accountName,
      status: s ? (o.alreadyRunning ? 'already_running' : 'completed') : 'failed',
      rowsWritten: s?.rowsWritten ?? 0,
      durationMs: s?.durationMs ?? now() - o.startedAt,
      proposals: s?.proposalsCreated ?? 0,
      ...(s ? { notes: summaryNotes(s) } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      finishedAt: now(),
    }),
  );
}
