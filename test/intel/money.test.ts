import { describe, expect, it } from '@jest/globals';
import { formatMinor, majorToMinor, minorPerMajor, minorToMajor } from '../../src/intel/money.ts';

describe("Meta's money units", () => {
  it("uses Meta's offset table: 1 for JPY, KRW, HUF, TWD; 100 for USD, EUR and Meta's BHD and JOD", () => {
    expect(['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'HUF', 'TWD', 'IDR', 'COP'].map(minorPerMajor)).toEqual(
      Array(9).fill(1),
    );
    expect(['USD', 'EUR', 'GBP', 'BHD', 'JOD', 'jpy'].map(minorPerMajor)).toEqual([100, 100, 100, 100, 100, 1]);
  });

  it('converts both ways, rounding writes to whole minor units', () => {
    expect(minorToMajor(600, 'JPY')).toBe(600);
    expect(minorToMajor(8000, 'USD')).toBe(80);
    expect(majorToMinor(80.004, 'USD')).toBe(8000);
    expect(majorToMinor(599.6, 'JPY')).toBe(600);
    expect(() => majorToMinor(Number.NaN, 'USD')).toThrow(RangeError);
  });

  it('formats amounts with the decimals the currency has on Meta', () => {
    expect(formatMinor(600, 'JPY')).toBe('600 JPY');
    expect(formatMinor(8050, 'usd')).toBe('80.50 USD');
  });
});
