import { describe, expect, it } from '@jest/globals';
import { entitySchema } from '../../src/meta/parse.ts';

describe('entity budget parsing', () => {
  it('reads Meta\'s "0" (no budget of that kind) as null', () => {
    const e = entitySchema.parse({ id: 'as_1', daily_budget: '8000', lifetime_budget: '0', bid_amount: 0 });
    expect(e).toMatchObject({ dailyBudgetMinor: 8000, lifetimeBudgetMinor: null, bidAmountMinor: null });
  });

  it('rejects a budget that is not a whole number of minor units instead of reading NaN', () => {
    for (const daily_budget of ['abc', '12.5', '-100', '1e3']) {
      const r = entitySchema.safeParse({ id: 'as_1', daily_budget });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/whole number of minor units/);
    }
  });
});
