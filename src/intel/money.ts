/**
 * Money units of the Marketing API. Budgets and bids are integers in the account currency's minor units, where
 * Meta's "offset" per currency says how many of them make one major unit (developers.facebook.com/docs/marketing-api/
 * currencies). Meta's offsets are not ISO 4217's exponents: HUF, TWD, IDR, COP and CRC have two ISO decimals yet an
 * offset of 1, and the three-decimal BHD and JOD have an offset of 100. Spend and action values in insights are
 * already major units; only budgets and bids go through here. Pure, in intel so that the analytics, the db loaders
 * and the activities (which may all import intel, not meta) share it.
 */

// Offset 1 on Meta's table; every other currency Meta accepts has an offset of 100.
const OFFSET_ONE = new Set(['CLP', 'COP', 'CRC', 'HUF', 'IDR', 'ISK', 'JPY', 'KRW', 'PYG', 'TWD', 'VND']);

/** Minor units per major unit of `currency` on Meta (1 or 100); unknown codes get Meta's default of 100. */
export function minorPerMajor(currency: string): 1 | 100 {
  return OFFSET_ONE.has(currency.toUpperCase()) ? 1 : 100;
}

/** A budget or bid as Meta stores it (minor units) to major units of the account currency. */
export function minorToMajor(minor: number, currency: string): number {
  return minor / minorPerMajor(currency);
}

/**
 * Major units to the whole minor units Meta accepts in a write (rounded to the nearest one).
 * @throws RangeError for a value that is not a finite number.
 */
export function majorToMinor(major: number, currency: string): number {
  if (!Number.isFinite(major)) throw new RangeError(`not an amount of money: ${major}`);
  return Math.round(major * minorPerMajor(currency));
}

/** A minor-unit amount for people: `600 JPY`, `80.00 USD`. */
export function formatMinor(minor: number, currency: string): string {
  const perMajor = minorPerMajor(currency);
  return `${(minor / perMajor).toFixed(perMajor === 1 ? 0 : 2)} ${currency.toUpperCase()}`;
}
