import { describe, expect, it } from '@jest/globals';
import { canonicalPurchaseType, insightRowSchema, purchasesOf, rowPurchaseType } from '../../src/meta/parse.ts';

// Rows as Meta sends them: numbers as strings, one purchase reported under several action types.
const row = (actions: [string, string][], values: [string, string][] = []) =>
  insightRowSchema.parse({
    date_start: '2026-11-24',
    date_stop: '2026-11-24',
    actions: actions.map(([action_type, value]) => ({ action_type, value })),
    action_values: values.map(([action_type, value]) => ({ action_type, value })),
  });
const PIXEL = 'offsite_conversion.fb_pixel_purchase';

describe('purchases per row', () => {
  const omni = row(
    [
      ['omni_purchase', '3'],
      [PIXEL, '3'],
      ['link_click', '40'],
    ],
    [
      ['omni_purchase', '150.00'],
      [PIXEL, '150.00'],
    ],
  );
  const pixelOnly = row([[PIXEL, '2']], [[PIXEL, '90.50']]);
  const rows = [omni, pixelOnly];
  const account = canonicalPurchaseType(rows);

  it('counts a row that reports only the pixel type in an account whose other rows report omni_purchase', () => {
    expect(account).toBe('omni_purchase');
    expect(purchasesOf(pixelOnly, account)).toEqual({ conversions: 2, value: 90.5 });
    expect(rowPurchaseType(pixelOnly, account)).toBe(PIXEL);
  });

  it("reads a row with several types under the account's type once, never their sum", () => {
    expect(purchasesOf(omni, account)).toEqual({ conversions: 3, value: 150 });
    const total = rows.reduce((a, r) => a + purchasesOf(r, account).conversions, 0);
    expect(total).toBe(5);
  });

  it("breaks a tie between the row's types by the account's preference over the global order", () => {
    const both = row([
      ['purchase', '4'],
      [PIXEL, '4'],
    ]);
    expect(rowPurchaseType(both, PIXEL)).toBe(PIXEL);
    expect(rowPurchaseType(both, 'omni_purchase')).toBe('purchase');
  });

  it('takes the value from action_values even when actions lacks the type', () => {
    const valueOnly = row([['link_click', '12']], [['omni_purchase', '75.25']]);
    expect(canonicalPurchaseType([valueOnly])).toBe('omni_purchase');
    expect(purchasesOf(valueOnly, 'omni_purchase')).toEqual({ conversions: 0, value: 75.25 });
  });

  it('reads nothing from a row without any purchase type', () => {
    const clicks = row([['link_click', '12']]);
    expect(purchasesOf(clicks, 'omni_purchase')).toEqual({ conversions: 0, value: 0 });
    expect(rowPurchaseType(clicks, 'omni_purchase')).toBeNull();
  });
});
