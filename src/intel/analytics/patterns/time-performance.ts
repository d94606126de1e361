/**
 * Best and worst hours of the day / days of the week by conversion efficiency (conversions per unit spend),
 * with a significance test instead of "20% above the mean".
 */
import { sampleRankCorrelation } from 'simple-statistics';
import { benjaminiHochberg, clamp, DAY_MS, round, twoSidedP } from '../stats.ts';
import type { HourPoint } from '../types.ts';
import { confidence } from './confidence.ts';
import type { SlotEffect, TimePerformancePattern } from './types.ts';

export interface TimePerformanceOptions {
  /** Conversions a slot needs before it is tested at all. */
  minConversions?: number;
  /** Distinct days (hours) or weeks (weekdays) a slot needs. */
  minRepeats?: number;
  /** Benjamini–Hochberg false-discovery rate over the 24 (or 7) tests. */
  fdr?: number;
}

/**
 * Per slot s (hour or weekday): rate r_s = C_s / S_s (conversions per spend), index = r_s / (C / S).
 * Under H₀ (same rate everywhere) and given the total C, C_s ~ Binomial(C, p_s) with p_s = S_s / S, so
 * z = (C_s − C·p_s) / √(φ·C·p_s·(1 − p_s)). φ ≥ 1 is the overdispersion, Pearson χ² / df over the individual
 * (day, slot) cells around their slot rates; real conversion counts vary more than Poisson. p-values are
 * two-sided from the normal approximation, then Benjamini–Hochberg at `fdr`. 95% interval of the index:
 * exp(ln index ± 1.96·√(φ / C_s)). Returns null when there are no conversions or spend.
 */
export function timePerformance(
  entityId: string,
  hours: readonly HourPoint[],
  kind: 'time-of-day' | 'day-of-week',
  now: number,
  options: TimePerformanceOptions = {},
): TimePerformancePattern | null {
  const slots = kind === 'time-of-day' ? 24 : 7;
  const slotOf = (p: HourPoint) => (kind === 'time-of-day' ? p.hour : p.weekday);
  const minConversions = options.minConversions ?? 20;
  const minRepeats = options.minRepeats ?? (kind === 'time-of-day' ? 7 : 2);
  const fdr = options.fdr ?? 0.05;
  const { C, S, repeats, cells } = tally(hours, kind, slots, slotOf);
  const totalC = C.reduce((a, b) => a + b, 0);
  const totalS = S.reduce((a, b) => a + b, 0);
  if (totalC <= 0 || totalS <= 0) return null;
  const rate = C.map((c, i) => (S[i]! > 0 ? c / S[i]! : 0));
  const dispersion = overdispersion(cells.values(), rate, slots);
  const overall = totalC / totalS;
  const tested = C.map((c, i) => c >= minConversions && repeats[i]!.size >= minRepeats && S[i]! > 0);
  const pValues = C.map((c, i) => {
    if (!tested[i]) return 1;
    const p = S[i]! / totalS;
    return twoSidedP((c - totalC * p) / Math.sqrt(dispersion * totalC * p * (1 - p)));
  });
  const discoveries = benjaminiHochberg(pValues, fdr);
  const effects: SlotEffect[] = C.map((c, i) => {
    const index = rate[i]! / overall;
    const half = c > 0 ? 1.96 * Math.sqrt(dispersion / c) : Infinity;
    return {
      slot: i,
      index: round(index, 3),
      low: round(index * Math.exp(-half), 3),
      high: Number.isFinite(half) ? round(index * Math.exp(half), 3) : 1e9,
      conversions: round(c, 2),
      p: round(pValues[i]!, 6),
      significant: tested[i]! && discoveries[i]!,
    };
  });
  const best = effects.filter((e) => e.significant && e.index > 1).sort((a, b) => b.index - a.index);
  const worst = effects.filter((e) => e.significant && e.index < 1).sort((a, b) => a.index - b.index);
  const days = new Set(hours.map((p) => Math.floor(p.t / DAY_MS)));
  return {
    kind,
    entityId,
    best,
    worst,
    slots: effects,
    dispersion: round(dispersion, 3),
    summary: summaryOf(kind, best, worst),
    confidence: confidence({
      sampleSize: totalC,
      halfSample: 300,
      consistency: splitHalfAgreement(hours, slots, slotOf),
      spanDays: days.size,
      fullDays: kind === 'time-of-day' ? 14 : 42,
    }),
    validFrom: now,
    // Hour profiles drift with the season; weekday ones need weeks to see again.
    validUntil: now + (kind === 'time-of-day' ? 14 : 28) * DAY_MS,
  };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

interface Cell {
  slot: number;
  c: number;
  s: number;
}

/** Conversions, spend and distinct repeats per slot, and the (day, slot) cells the overdispersion is measured on. */
function tally(
  hours: readonly HourPoint[],
  kind: 'time-of-day' | 'day-of-week',
  slots: number,
  slotOf: (p: HourPoint) => number,
) {
  const C = new Array<number>(slots).fill(0);
  const S = new Array<number>(slots).fill(0);
  const repeats = Array.from({ length: slots }, () => new Set<number>());
  // Cells: one per (day, slot) for hours, per (day) for weekdays: the unit that repeats.
  const cells = new Map<string, Cell>();
  for (const p of hours) {
    const s = slotOf(p);
    const day = Math.floor(p.t / DAY_MS);
    C[s]! += p.conversions;
    S[s]! += p.spend;
    repeats[s]!.add(kind === 'time-of-day' ? day : Math.floor(day / 7));
    const key = `${day}:${s}`;
    const cell = cells.get(key) ?? { slot: s, c: 0, s: 0 };
    cell.c += p.conversions;
    cell.s += p.spend;
    cells.set(key, cell);
  }
  return { C, S, repeats, cells };
}

/** Pearson χ² / df of the cells around their slot rates, at least 1. */
function overdispersion(cells: Iterable<Cell>, rate: readonly number[], slots: number): number {
  let chi2 = 0;
  let n = 0;
  for (const cell of cells) {
    const e = cell.s * rate[cell.slot]!;
    if (e <= 0) continue;
    chi2 += (cell.c - e) ** 2 / e;
    n++;
  }
  return Math.max(1, chi2 / Math.max(1, n - slots));
}

function summaryOf(kind: 'time-of-day' | 'day-of-week', best: readonly SlotEffect[], worst: readonly SlotEffect[]) {
  const label = (s: number) => (kind === 'time-of-day' ? `${String(s).padStart(2, '0')}:00` : WEEKDAYS[s]!);
  return best.length + worst.length === 0
    ? `No ${kind === 'time-of-day' ? 'hour' : 'weekday'} converts significantly better or worse than the rest.`
    : `Best: ${best.map((e) => `${label(e.slot)} (×${e.index.toFixed(2)})`).join(', ') || 'none'}; worst: ${
        worst.map((e) => `${label(e.slot)} (×${e.index.toFixed(2)})`).join(', ') || 'none'
      }.`;
}

/** Rank correlation of the slot rates on even vs odd days (clamped at 0): does the profile repeat itself? */
function splitHalfAgreement(hours: readonly HourPoint[], slots: number, slotOf: (p: HourPoint) => number): number {
  const halves = [0, 1].map(() => ({ c: new Array<number>(slots).fill(0), s: new Array<number>(slots).fill(0) }));
  for (const p of hours) {
    const h = halves[Math.floor(p.t / DAY_MS) % 2]!;
    h.c[slotOf(p)]! += p.conversions;
    h.s[slotOf(p)]! += p.spend;
  }
  const rates = halves.map((h) => h.c.map((c, i) => (h.s[i]! > 0 ? c / h.s[i]! : 0)));
  if (new Set(rates[0]).size < 2 || new Set(rates[1]).size < 2) return 0;
  return clamp(sampleRankCorrelation(rates[0]!, rates[1]!), 0, 1);
}
