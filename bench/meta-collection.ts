// How many Graph API calls and how much wall time a full collection of the 10,000-ad scenario takes through the
// client: entities (campaigns, ad sets, ads), today's insights at campaign, ad set and ad level, pixel stats.
// The old design made one call per ad (~45 s for 150 ads).
import { MetaClient } from '../src/meta/client.ts';
import { startGraphEmulator } from '../src/emulators/meta/server.ts';
import { scenarios } from '../src/emulators/simulator/scenarios.ts';
import { Simulator } from '../src/emulators/simulator/simulator.ts';
import { mib } from './support.ts';

const t0 = performance.now();
const sim = new Simulator(scenarios.large(), { seed: 1, startTime: Date.UTC(2026, 10, 24, 15) });
console.log(
  `simulated ${sim.ads.length} ads × ${sim.spec.historyDays} days + today in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
);
const emu = await startGraphEmulator({ simulators: [sim], reportPolls: 1 });
try {
  const client = new MetaClient({ baseUrl: emu.baseUrl, accessToken: sim.spec.token, pageSize: 500, reportPollMs: 50 });
  const start = performance.now();
  const [campaigns, adsets, ads] = [
    await client.listCampaigns(sim.spec.accountId),
    await client.listAdSets(sim.spec.accountId),
    await client.listAds(sim.spec.accountId),
  ];
  const rows = { campaign: 0, adset: 0, ad: 0 };
  for (const level of ['campaign', 'adset', 'ad'] as const) {
    rows[level] = (
      await client.getInsights(sim.spec.accountId, { level, datePreset: 'today', async: level === 'ad' })
    ).length;
  }
  const pixels = await client.listPixels(sim.spec.accountId);
  for (const p of pixels) await client.getPixelStats(p.id, sim.now - 24 * 3_600_000, sim.now);
  const seconds = (performance.now() - start) / 1000;
  console.log(`entities: ${campaigns.length} campaigns, ${adsets.length} ad sets, ${ads.length} ads`);
  console.log(
    `insight rows today: ${rows.campaign} campaign, ${rows.adset} ad set, ${rows.ad} ad; pixels: ${pixels.length}`,
  );
  console.log(`Graph API calls: ${client.stats.calls} (one call per ad would be ${ads.length}+)`);
  console.log(
    `wall time: ${seconds.toFixed(2)} s (client and emulator in one process), peak RSS ${mib(process.memoryUsage().rss)}`,
  );
} finally {
  await emu.close();
}
