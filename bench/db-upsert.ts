// Throughput of the idempotent snapshot upsert: 10,000 ads × 24 hours in pages of 1,000 rows (one statement
// per page), then a replay of the same pages (late-attribution re-pull) that must change nothing.
import { createDb } from '../src/db/pool.ts';
import { upsertAdAccount } from '../src/db/accounts.ts';
import { upsertSnapshots, type SnapshotInput } from '../src/db/snapshots.ts';
import { benchDatabase } from './support.ts';

const ADS = Number(process.env.BENCH_ADS ?? 10_000);
const HOURS = Number(process.env.BENCH_HOURS ?? 24);
const PAGE = 1_000;

const db = await benchDatabase();
const pool = await createDb(db.url);
try {
  await upsertAdAccount(pool, { id: 'act_bench', workspaceId: 'T_BENCH', name: 'bench' });
  const start = Date.UTC(2026, 10, 1);
  const page = (h: number, from: number): SnapshotInput[] =>
    Array.from({ length: Math.min(PAGE, ADS - from) }, (_, i) => ({
      accountId: 'act_bench',
      entityType: 'ad' as const,
      entityId: `ad_${from + i}`,
      snapshotHour: start + h * 3_600_000,
      impressions: 100 + ((from + i) % 97),
      clicks: (from + i) % 7,
      spend: ((from + i) % 13) * 0.37,
      conversions: (from + i) % 11 === 0 ? 1 : 0,
      conversionValue: (from + i) % 11 === 0 ? 42 : 0,
    }));
  for (const label of ['first write', 'replay (no changes)']) {
    let rows = 0;
    let changed = 0;
    const t0 = performance.now();
    for (let h = 0; h < HOURS; h++)
      for (let from = 0; from < ADS; from += PAGE) {
        const p = page(h, from);
        rows += p.length;
        changed += await upsertSnapshots(pool, p);
      }
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${label.padEnd(20)} ${rows} rows in ${s.toFixed(2)} s = ${Math.round(rows / s)} rows/s, ${changed} rows changed`,
    );
  }
} finally {
  await pool.end();
  await db.stop();
}
