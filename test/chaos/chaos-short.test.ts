import { describe, expect, it } from '@jest/globals';
import { formatTable, zeroCounts } from '../../bench/chaos/report.ts';
import { runChaos } from '../../bench/chaos/run.ts';

// The short chaos run (bench/chaos.ts --short): a real temporal-server on PostgreSQL, two worker processes and a
// bot process, four kill -9 (one per phase), a Temporal and a PostgreSQL restart, a Slack outage and a Meta storm.
describe('chaos (short): faults on a production-like topology', () => {
  it('leaves no duplicate or missing execution, no stuck proposal, no snapshot gap and no stale card', async () => {
    const result = await runChaos({
      seed: 14,
      kills: 4,
      slackOutageMs: 15_000,
      metaStormMs: 10_000,
      campaigns: 2,
      adsPerAdset: 3,
    });
    console.log(formatTable(result));
    expect(Object.values(result.kills).reduce((n, k) => n + k.done, 0)).toBe(4);
    // Approvals really went through (the probes and the phase kills each executed one).
    expect(result.findings.byStatus.executed ?? 0).toBeGreaterThan(0);
    // The snapshot comparison had spend to compare.
    expect(result.findings.snapshotSpend.emulator).toBeGreaterThan(0);
    for (const [name, ids] of Object.entries(zeroCounts(result))) expect({ name, ids }).toEqual({ name, ids: [] });
  }, 900_000);
});
