// The table the chaos run prints (and the README quotes).
import type { ChaosResult } from './run.ts';

const list = (ids: readonly (number | string)[]) => (ids.length ? ` (${ids.slice(0, 8).join(', ')})` : '');
const seconds = (ms: number[]) => (ms.length ? ms.map((m) => (m / 1000).toFixed(1)).join(', ') + ' s' : 'not measured');

/** The zero counts the run asserts, by name. */
export function zeroCounts(r: ChaosResult): Record<string, readonly (number | string)[]> {
  const f = r.findings;
  return {
    'actions executed more than once': f.executedMoreThanOnce,
    'approved actions never executed': f.approvedNeverExecuted,
    'proposals without a workflow or final state': f.withoutWorkflowOrFinalState,
    'snapshot rows duplicated (stored > emulator)': f.snapshotDuplicated,
    'snapshot rows missing (stored < emulator)': f.snapshotMissing,
    'cards never updated after the decision': f.cardsNeverUpdated,
  };
}

export function formatTable(r: ChaosResult): string {
  const rows: [string, string][] = Object.entries(zeroCounts(r)).map(([k, v]) => [k, `${v.length}${list(v)}`]);
  const k = r.kills;
  const kills = Object.values(k).reduce((a, b) => a + b.done, 0);
  rows.push(
    [
      'kill -9 of a worker (caught in phase / done)',
      `${kills}: ` +
        Object.entries(k)
          .map(([p, v]) => `${p} ${v.caught}/${v.done}`)
          .join(', '),
    ],
    ...Object.entries(r.recoveryMs).map(([kind, ms]): [string, string] => [`recovery after ${kind}`, seconds(ms)]),
    ['worker processes that exited by themselves', String(r.unexpectedWorkerExits)],
    [
      'proposals (by final status)',
      `${r.findings.proposals}: ` +
        Object.entries(r.findings.byStatus)
          .map(([s, n]) => `${s} ${n}`)
          .join(', '),
    ],
    [
      "today's ad spend compared (stored / emulator)",
      `${r.findings.snapshotSpend.stored.toFixed(2)} / ${r.findings.snapshotSpend.emulator.toFixed(2)} over ` +
        `${r.findings.snapshotSpend.ads} ads${r.findings.snapshotExact ? '' : ' (the simulated hour moved meanwhile)'}`,
    ],
    ['approver clicks', String(r.approverClicks)],
    ['run time', `${(r.runMs / 1000).toFixed(0)} s`],
  );
  const w = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `| ${a.padEnd(w)} | ${b} |`).join('\n');
}
