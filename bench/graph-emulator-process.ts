// Runs the Graph API emulator with a named scenario in its own process (so a benchmark measures only the worker).
// Prints one JSON line {"baseUrl", "token", "accountId"} on stdout when ready; then answers each "stats" line on stdin
// with {"busyMs", "requests"}: the time the emulator spent answering, which a benchmark subtracts from its wall time.
import { createInterface } from 'node:readline';
import { startGraphEmulator } from '../src/emulators/meta/server.ts';
import { scenarios, type ScenarioName } from '../src/emulators/simulator/scenarios.ts';
import { Simulator } from '../src/emulators/simulator/simulator.ts';

const name = (process.argv[2] ?? 'large') as ScenarioName;
const spec = scenarios[name]();
const sim = new Simulator(spec, { seed: 1, startTime: Date.now() });
const emu = await startGraphEmulator({ simulators: [sim], reportPolls: 1 });
console.log(
  JSON.stringify({
    baseUrl: emu.baseUrl,
    token: spec.token,
    accountId: spec.accountId,
    timezone: spec.timezone,
    ads: sim.ads.length,
  }),
);
createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() === 'stats') console.log(JSON.stringify({ busyMs: emu.busyMs, requests: emu.requests.length }));
});
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
