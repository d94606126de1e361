/** /sync-now: a progress message updated in place while the collection runs, then its summary. */
import { context, esc, fallback, formatDuration, formatNumber, md, section, slackDate, type Message } from './text.ts';

export interface SyncProgressInput {
  accountName: string;
  /** starting | entities | insights | pixels | storing | evaluating | done | failed */
  phase: string;
  rowsWritten: number;
  pagesDone?: number;
  pagesTotal?: number;
  startedAt: number;
}

const PHASES = ['starting', 'entities', 'insights', 'pixels', 'storing', 'evaluating', 'done'];

function bar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return `\`${'█'.repeat(filled)}${'░'.repeat(width - filled)}\``;
}

export function syncProgress(p: SyncProgressInput): Message {
  const step = Math.max(0, PHASES.indexOf(p.phase));
  const pages = p.pagesTotal ? ` · page ${p.pagesDone ?? 0}/${p.pagesTotal}` : '';
  return {
    text: fallback(`Collecting ${p.accountName}: ${p.phase}`),
    blocks: [
      section(
        `:arrows_counterclockwise: Collecting *${esc(p.accountName, 500)}*: ${esc(p.phase, 50)}\n` +
          `${bar(step, PHASES.length - 1)} ${formatNumber(p.rowsWritten, 0)} rows${pages}`,
      ),
      context(`Started ${slackDate(p.startedAt)}`),
    ],
  };
}

export interface SyncSummaryInput {
  accountName: string;
  status: 'completed' | 'failed' | 'already_running';
  rowsWritten: number;
  durationMs: number;
  proposals: number;
  notes?: string[];
  error?: string;
  finishedAt: number;
}

export function syncSummary(s: SyncSummaryInput): Message {
  const head =
    s.status === 'completed'
      ? `:white_check_mark: Collected *${esc(s.accountName, 500)}*`
      : s.status === 'already_running'
        ? `:hourglass_flowing_sand: A collection of *${esc(s.accountName, 500)}* is already running; this is its result`
        : `:x: Collecting *${esc(s.accountName, 500)}* failed${s.error ? `: ${esc(s.error, 1500)}` : ''}`;
  const notes = (s.notes ?? []).slice(0, 10).map((n) => `• ${esc(n, 250)}`);
  return {
    text: fallback(`Collection of ${s.accountName}: ${s.status}`),
    blocks: [
      section(head),
      {
        type: 'section',
        fields: [
          md(`*Rows written*\n${formatNumber(s.rowsWritten, 0)}`, 2000),
          md(`*Duration*\n${formatDuration(s.durationMs)}`, 2000),
          md(`*New proposals*\n${s.proposals}`, 2000),
        ],
      },
      ...(notes.length ? [section(notes.join('\n'))] : []),
      context(`Finished ${slackDate(s.finishedAt)}`),
    ],
  };
}
