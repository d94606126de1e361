import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startGraphEmulator, type GraphEmulator } from '../../src/emulators/meta/server.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { Simulator } from '../../src/emulators/simulator/simulator.ts';
import { MetaClient, type InsightsParams } from '../../src/meta/client.ts';
import { MetaTooMuchDataError } from '../../src/meta/errors.ts';
import type { InsightRow } from '../../src/meta/parse.ts';
import { emptySplitStats, getInsightsSplitting } from '../../src/meta/split.ts';

const start = Date.UTC(2026, 10, 24, 15);
let sim: Simulator;
let emu: GraphEmulator;
const client = () => new MetaClient({ baseUrl: emu.baseUrl, accessToken: 'split-token', sleep: async () => undefined });
const key = (r: InsightRow) => `${r.campaignId}:${r.adsetId}:${r.adId}:${r.dateStart}`;
const sorted = (rows: InsightRow[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

beforeAll(async () => {
  sim = new Simulator(
    generatedScenario({
      accountId: 'act_split',
      token: 'split-token',
      campaigns: 4,
      adsetsPerCampaign: 2,
      adsPerAdset: 3,
      seed: 5,
      historyDays: 20,
    }),
    { seed: 5, startTime: start },
  );
  emu = await startGraphEmulator({ simulators: [sim] });
});
afterAll(async () => emu.close());
beforeEach(() => emu.setMaxSyncInsightRows(Infinity));

const campaignIds = async () => sim.campaigns.map((c) => c.id);

describe('getInsightsSplitting', () => {
  it("is refused by the emulator with Meta's code 1 wording above the row limit", async () => {
    emu.setMaxSyncInsightRows(5);
    await expect(client().getInsights('act_split', { level: 'ad', datePreset: 'yesterday' })).rejects.toThrow(
      MetaTooMuchDataError,
    );
    await expect(client().getInsights('act_split', { level: 'ad', datePreset: 'yesterday' })).rejects.toThrow(
      /reduce the amount of data you're asking for, then retry your request \(code 1/,
    );
  });

  it('halves the time range of daily rows until each part fits, and merges the same rows', async () => {
    const p: InsightsParams = {
      level: 'campaign',
      timeRange: { since: '2026-11-10', until: '2026-11-19' },
      timeIncrement: 1,
    };
    const whole = await client().getInsights('act_split', p);
    expect(whole.length).toBeGreaterThan(20);
    emu.setMaxSyncInsightRows(12);
    const stats = emptySplitStats();
    const parts = await getInsightsSplitting(client(), 'act_split', p, { campaignIds, stats });
    expect(sorted(parts)).toEqual(sorted(whole));
    expect(stats.refused).toBeGreaterThanOrEqual(3);
    expect(stats.parts).toBe(stats.refused * 2);
  });

  it('splits a one-day request by campaign when the range cannot be halved', async () => {
    const p: InsightsParams = { level: 'ad', datePreset: 'yesterday' };
    const whole = await client().getInsights('act_split', p);
    expect(whole).toHaveLength(24);
    emu.setMaxSyncInsightRows(6);
    const stats = emptySplitStats();
    const parts = await getInsightsSplitting(client(), 'act_split', p, { campaignIds, stats });
    expect(sorted(parts)).toEqual(sorted(whole));
    expect(stats).toEqual({ refused: 3, parts: 6, depth: 2 });
  });

  it('gives up with the refusal when a single campaign is still too large or the depth is used up', async () => {
    emu.setMaxSyncInsightRows(2);
    const p: InsightsParams = { level: 'ad', datePreset: 'yesterday' };
    await expect(
      getInsightsSplitting(client(), 'act_split', p, { campaignIds, stats: emptySplitStats() }),
    ).rejects.toThrow(MetaTooMuchDataError);
    emu.setMaxSyncInsightRows(6);
    await expect(
      getInsightsSplitting(client(), 'act_split', p, { campaignIds, stats: emptySplitStats(), maxDepth: 1 }),
    ).rejects.toThrow(MetaTooMuchDataError);
  });
});
