import { describe, expect, it } from '@jest/globals';
import { trackingHealth, type PixelHourPoint } from '../../../src/intel/analytics/index.ts';
import { generatedScenario } from '../../../src/emulators/simulator/scenarios.ts';
import { HOUR, simulate } from './support/simulated-ads.ts';

/** Pixel hours as the collector stores them, from the simulator's raw pixel counts. */
function pixel(breaksAtHour?: number): { points: PixelHourPoint[]; now: number } {
  const spec = generatedScenario({
    accountId: 'act_px',
    token: 't',
    campaigns: 2,
    adsetsPerCampaign: 3,
    adsPerAdset: 2,
    seed: 13,
    ...(breaksAtHour === undefined ? {} : { breaksAtHour }),
  });
  const run = simulate(spec, { seed: 13, hours: 24 * 9 });
  const points = [...run.sim.pixelHours.entries()].map(([h, e]) => ({ t: run.sim.origin + h * HOUR, purchases: e[3] }));
  return { points, now: run.sim.now };
}

describe('tracking health', () => {
  it('is ok for a working pixel', () => {
    const { points, now } = pixel();
    expect(trackingHealth(points, now).status).toBe('ok');
  });

  it('breaks when purchases collapse against the same hours last week', () => {
    // The simulator's pixel stops reporting purchases 8 hours before the check: the whole 6 h window is dark.
    const { points, now } = pixel(24 * 9 - 8);
    const h = trackingHealth(points, now);
    expect(h.status).toBe('broken');
    expect(h.reason).toContain('suspend');
  });

  it('breaks when event match quality drops sharply', () => {
    const now = 15 * 24 * HOUR;
    const points = Array.from({ length: 15 * 24 }, (_, i) => ({
      t: i * HOUR,
      purchases: 20,
      eventMatchQuality: i >= 15 * 24 - 6 ? 4.1 : 7.5,
    }));
    expect(trackingHealth(points, now).status).toBe('broken');
  });

  it('stays ok, saying why, when last week had too few purchases to judge', () => {
    const now = 8 * 24 * HOUR;
    const points = Array.from({ length: 8 * 24 }, (_, i) => ({ t: i * HOUR, purchases: i % 40 === 0 ? 1 : 0 }));
    expect(trackingHealth(points, now)).toMatchObject({ status: 'ok', reason: expect.stringContaining('Too few') });
  });
});
