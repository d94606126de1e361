// The invariants the chaos run checks once the faults have stopped, against what the emulators saw.
import type { Client } from '@temporalio/client';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import type { Topology } from './topology.ts';

const OPEN = ['proposed', 'reconfirm', 'escalated', 'approved', 'executing'];

const row = z.object({
  id: z.number(),
  entity_id: z.string(),
  action_type: z.string(),
  status: z.string(),
  status_reason: z.string().nullable(),
  human_decided_by: z.string().nullable(),
  slack_message_ts: z.string().nullable(),
});
type Row = z.infer<typeof row>;

export interface Findings {
  proposals: number;
  byStatus: Record<string, number>;
  executedMoreThanOnce: number[];
  approvedNeverExecuted: number[];
  withoutWorkflowOrFinalState: number[];
  cardsNeverUpdated: number[];
  snapshotDuplicated: string[];
  snapshotMissing: string[];
  /** Today's ad spend, summed over the stored hourly rows and as the emulator reports it (what was compared). */
  snapshotSpend: { stored: number; emulator: number; ads: number };
  /** Whether the simulated hour moved during the final comparison (then the snapshot figures are not exact). */
  snapshotExact: boolean;
}

async function proposals(pool: DatabasePool, accountId: string): Promise<readonly Row[]> {
  return pool.any(sql.type(row)`
    SELECT id::int AS id, entity_id, action_type, status, status_reason, human_decided_by, slack_message_ts
    FROM intel_automation_action WHERE account_id = ${accountId} ORDER BY id`);
}

/** An open row must have a running approval workflow; a final row needs nothing more. */
async function stuck(client: Client, rows: readonly Row[]): Promise<number[]> {
  const out: number[] = [];
  for (const r of rows) {
    if (!OPEN.includes(r.status)) continue;
    const running = await client.workflow
      .getHandle(approvalWorkflowId(r.id))
      .describe()
      .then((d) => d.status.name === 'RUNNING')
      .catch(() => false);
    if (!running) out.push(r.id);
  }
  return out;
}

/** Per ad, today's hourly snapshot rows must add up to the day's total the emulator reports. */
async function snapshotDiffs(pool: DatabasePool, t: Topology, asOf: number) {
  const dayStart = t.sim.localDayStart(asOf);
  const stored = await pool.any(sql.type(z.object({ entity_id: z.string(), spend: z.coerce.number() }))`
    SELECT entity_id, sum(spend) AS spend FROM intel_performance_snapshot
    WHERE account_id = ${t.accountId} AND entity_type = 'ad' AND snapshot_hour >= ${new Date(dayStart).toISOString()}
    GROUP BY entity_id`);
  const db = new Map(stored.map((s) => [s.entity_id, s.spend]));
  const duplicated: string[] = [];
  const missing: string[] = [];
  const spend = { stored: 0, emulator: 0, ads: t.sim.ads.length };
  for (const ad of t.sim.ads) {
    const want = Math.round(t.sim.adTotals(ad, dayStart, asOf).spend * 100) / 100;
    const got = db.get(ad.id) ?? 0;
    spend.stored += got;
    spend.emulator += want;
    if (got > want + 0.02) duplicated.push(`${ad.id} (${got} > ${want})`);
    if (got < want - 0.02) missing.push(`${ad.id} (${got} < ${want})`);
  }
  return { duplicated, missing, spend };
}

export async function check(
  pool: DatabasePool,
  client: Client,
  t: Topology,
  simNowAtLastCollection: number,
): Promise<Findings> {
  const rows = await proposals(pool, t.accountId);
  const writes = new Map<string, number>();
  for (const w of t.sim.writes) writes.set(w.id, (writes.get(w.id) ?? 0) + 1);
  const executedFor = new Map<string, number>();
  for (const r of rows)
    if (r.status === 'executed' || r.status === 'undone')
      executedFor.set(r.entity_id, (executedFor.get(r.entity_id) ?? 0) + 1);
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  // Every update of a card, by its ts: a decided proposal's card must have been updated at least once.
  const updated = new Set(
    t.slack
      .calls('chat.update')
      .filter((c) => c.ok)
      .map((c) => String(c.args.ts)),
  );
  const snap = await snapshotDiffs(pool, t, simNowAtLastCollection);
  return {
    proposals: rows.length,
    byStatus,
    executedMoreThanOnce: rows
      .filter(
        (r) => (writes.get(r.entity_id) ?? 0) > (executedFor.get(r.entity_id) ?? 0) && executedFor.has(r.entity_id),
      )
      .map((r) => r.id),
    approvedNeverExecuted: rows
      .filter(
        (r) =>
          r.human_decided_by !== null &&
          (r.status === 'approved' ||
            r.status === 'executing' ||
            (r.status === 'executed' && !writes.has(r.entity_id))),
      )
      .map((r) => r.id),
    withoutWorkflowOrFinalState: await stuck(client, rows),
    cardsNeverUpdated: rows
      .filter((r) => r.status !== 'proposed' && (r.slack_message_ts === null || !updated.has(r.slack_message_ts)))
      .map((r) => r.id),
    snapshotDuplicated: snap.duplicated,
    snapshotMissing: snap.missing,
    snapshotSpend: snap.spend,
    snapshotExact: t.sim.now === simNowAtLastCollection,
  };
}
