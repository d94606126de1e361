/** The seasonal-naive benchmark every forecast must beat: ŷ_{T+h} = y_{T+h−m⌈h/m⌉}. */
import { addDays } from './dates.ts';
import type { DailyValue } from './types.ts';

/** Seasonal-naive forecasts for `dates` from the history, m = `seasonLength` days; a missing source day is skipped. */
export function seasonalNaive(
  history: readonly DailyValue[],
  dates: readonly string[],
  seasonLength = 7,
): DailyValue[] {
  const by = new Map(history.map((p) => [p.date, p.value]));
  const last = history.reduce((a, p) => (p.date > a ? p.date : a), '');
  const out: DailyValue[] = [];
  for (const date of dates) {
    let src = date;
    while (src > last) src = addDays(src, -seasonLength);
    const v = by.get(src);
    if (v !== undefined) out.push({ date, value: v });
  }
  return out;
}

/**
 * In-sample MAE of the seasonal-naive method, (1/|P|)·Σ|y_t − y_{t−m}| over the pairs P present: the MASE scale
 * (Hyndman & Koehler 2006). Returns NaN when no pair exists.
 */
export function seasonalNaiveScale(history: readonly DailyValue[], seasonLength = 7): number {
  const by = new Map(history.map((p) => [p.date, p.value]));
  let sum = 0;
  let n = 0;
  for (const p of history) {
    const prev = by.get(addDays(p.date, -seasonLength));
    if (prev === undefined) continue;
    sum += Math.abs(p.value - prev);
    n++;
  }
  return n ? sum / n : Number.NaN;
}
