// Fault injection on a production-like topology (issue #14): a real temporal-server on PostgreSQL, two
// `--role worker` processes and a `--role bot` process, the Graph API and Slack emulators; kill -9 of workers in
// every phase, a Temporal server restart, a PostgreSQL restart, a Slack outage and a Meta storm; then the table
// of what must be zero. `node bench/chaos.ts [--short] [--seed N] [--kills N]`. Not part of the test suite
// (test/chaos/chaos-short.test.ts runs the short version).
import { parseArgs } from 'node:util';
import { formatTable, zeroCounts } from './chaos/report.ts';
import { runChaos } from './chaos/run.ts';

const { values } = parseArgs({
  options: { short: { type: 'boolean' }, seed: { type: 'string' }, kills: { type: 'string' } },
});
const short = values.short ?? false;
const result = await runChaos({
  seed: Number(values.seed ?? 14),
  kills: Number(values.kills ?? (short ? 4 : 50)),
  slackOutageMs: short ? 15_000 : 120_000,
  metaStormMs: short ? 10_000 : 60_000,
  campaigns: short ? 2 : 6,
  adsPerAdset: short ? 3 : 5,
  log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
});
console.log(formatTable(result));
const bad = Object.values(zeroCounts(result)).reduce((n, v) => n + v.length, 0);
process.exit(bad === 0 ? 0 : 1);
