import { describe, expect, test } from '@jest/globals';
import { channelOf, channelSeries } from '../../../src/intel/forecast/index.ts';

describe('channelOf', () => {
  test('maps ODAX and legacy objectives onto the same outcome', () => {
    expect(channelOf({ id: 'a', objective: 'OUTCOME_SALES' }, 'objective')).toBe('sales');
    expect(channelOf({ id: 'a', objective: 'CONVERSIONS' }, 'objective')).toBe('sales');
    expect(channelOf({ id: 'a', objective: 'LINK_CLICKS' }, 'objective')).toBe('traffic');
    expect(channelOf({ id: 'a', objective: 'SOMETHING_NEW' }, 'objective')).toBe('other');
  });

  test('groups platform breakdown rows by publisher platform', () => {
    expect(channelOf({ id: 'a', publisherPlatform: 'instagram' }, 'platform')).toBe('instagram');
    expect(channelOf({ id: 'a', publisherPlatform: 'oculus' }, 'platform')).toBe('other');
    expect(channelOf({ id: 'a' }, 'platform')).toBe('unknown');
  });

  test('reads the funnel stage from the first segment of the campaign name', () => {
    expect(channelOf({ id: 'a', campaignName: 'TOF | Broad | 25-54' }, 'naming')).toBe('prospecting');
    expect(channelOf({ id: 'a', campaignName: 'RT_cart_7d' }, 'naming')).toBe('retargeting');
    expect(channelOf({ id: 'a', campaignName: 'Brand - Video' }, 'naming')).toBe('brand');
    expect(channelOf({ id: 'a', campaignName: '' }, 'naming')).toBe('unassigned');
  });

  test('uses a custom naming pattern’s first capture group', () => {
    expect(channelOf({ id: 'a', campaignName: 'US [Search] 2026' }, 'naming', { namingPattern: /\[(\w+)\]/ })).toBe(
      'search',
    );
  });
});

describe('channelSeries', () => {
  test('sums rows per channel and day and keeps ROAS as revenue/spend of the sums', () => {
    const row = (entityId: string, spend: number, revenue: number) => ({
      date: '2026-01-05',
      entityId,
      spend,
      revenue,
      impressions: 100,
      clicks: 1,
      conversions: 1,
      reach: 90,
    });
    const out = channelSeries(
      [row('a', 10, 50), row('b', 990, 990), row('x', 5, 5)],
      new Map([
        ['a', 's'],
        ['b', 's'],
      ]),
    );
    const s = out.get('s')!;
    expect(s.spend).toEqual([{ date: '2026-01-05', value: 1000 }]);
    expect(s.roas.numerator[0]!.value / s.roas.denominator[0]!.value).toBeCloseTo(1.04, 12);
    expect([...out.keys()]).toEqual(['s']);
  });
});
