import { describe, expect, it } from '@jest/globals';
import { defaultRuleTemplates } from '../../src/intel/rules/index.ts';
import { accountTrackingHealth, usesConversions } from '../../src/intel/tracking-breaker.ts';
import { HOUR } from '../../src/intel/time.ts';

const NOW = Date.UTC(2026, 2, 10, 12);

describe('usesConversions', () => {
  it('marks the default rules that read purchases, and not the creative fatigue alert', () => {
    const verdict = Object.fromEntries(Object.entries(defaultRuleTemplates).map(([id, r]) => [id, usesConversions(r)]));
    expect(verdict).toMatchObject({
      zero_conversion_stop_loss: true,
      cpa_over_twice_target: true,
    });
    expect(verdict.creative_fatigue_alert).toBe(false);
  });

  it('counts a minimum-conversions guard as reading conversions', () => {
    const rule = defaultRuleTemplates.creative_fatigue_alert!;
    expect(usesConversions(rule)).toBe(false);
    expect(usesConversions({ ...rule, min_data: { ...rule.min_data, min_conversions: 5 } })).toBe(true);
  });
});

describe('accountTrackingHealth', () => {
  const week = (purchasesNow: number) =>
    Array.from({ length: 8 * 24 }, (_, i) => {
      const t = NOW - (8 * 24 - i) * HOUR;
      return { t, purchases: t >= NOW - 6 * HOUR ? purchasesNow : 5 };
    });

  it('is broken when any pixel stops counting, naming the pixel', () => {
    const h = accountTrackingHealth(
      new Map([
        ['px_ok', week(5)],
        ['px_dead', week(0)],
      ]),
      NOW,
    );
    expect(h).toMatchObject({ status: 'broken', observed: 0, expected: 30 });
    expect(h!.reason).toMatch(/^Pixel px_dead: /);
  });

  it('is ok when every pixel counts as last week, and null without pixels', () => {
    expect(accountTrackingHealth(new Map([['px', week(5)]]), NOW)).toMatchObject({ status: 'ok' });
    expect(accountTrackingHealth(new Map(), NOW)).toBeNull();
  });
});
