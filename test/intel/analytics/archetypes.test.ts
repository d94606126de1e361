import { describe, expect, it } from '@jest/globals';
import { findArchetypes, type CampaignFeatures } from '../../../src/intel/analytics/index.ts';
import { mulberry32 } from '../../../src/emulators/simulator/random.ts';

type Profile = Omit<CampaignFeatures, 'id' | 'name'>;
const TYPES: Record<string, Profile> = {
  'Star performers': {
    roasRatio: 1.8,
    ctr: 0.015,
    ctrTrend: 0,
    frequency: 1.6,
    spendShare: 0.05,
    learningShare: 0,
    budgetUtilisation: 0.7,
  },
  'Fast fatiguing': {
    roasRatio: 1.0,
    ctr: 0.01,
    ctrTrend: -0.3,
    frequency: 4.2,
    spendShare: 0.03,
    learningShare: 0,
    budgetUtilisation: 0.9,
  },
  Underperformers: {
    roasRatio: 0.45,
    ctr: 0.007,
    ctrTrend: 0,
    frequency: 1.8,
    spendShare: 0.03,
    learningShare: 0.1,
    budgetUtilisation: 0.9,
  },
  Learning: {
    roasRatio: 0.9,
    ctr: 0.01,
    ctrTrend: 0,
    frequency: 1.2,
    spendShare: 0.01,
    learningShare: 0.85,
    budgetUtilisation: 0.6,
  },
};

/** 8 campaigns per latent type, each feature jittered by ±10% (and ±0.05 on shares and trends). */
function campaigns(seed: number): { rows: CampaignFeatures[]; truth: string[] } {
  const rnd = mulberry32(seed);
  const rows: CampaignFeatures[] = [];
  const truth: string[] = [];
  for (const [label, p] of Object.entries(TYPES))
    for (let i = 0; i < 8; i++) {
      const j = (v: number) => v * (0.9 + 0.2 * rnd());
      const a = (v: number) => v + 0.1 * (rnd() - 0.5);
      rows.push({
        id: `${label}-${i}`,
        name: `${label} ${i}`,
        roasRatio: j(p.roasRatio),
        ctr: j(p.ctr),
        ctrTrend: a(p.ctrTrend),
        frequency: j(p.frequency),
        spendShare: j(p.spendShare),
        learningShare: Math.max(0, a(p.learningShare)),
        budgetUtilisation: j(p.budgetUtilisation),
      });
      truth.push(label);
    }
  return { rows, truth };
}

/** Adjusted Rand index (Hubert & Arabie 1985) between two labelings. */
function ari(a: string[], b: string[]): number {
  const c2 = (n: number) => (n * (n - 1)) / 2;
  const table = new Map<string, number>();
  const ra = new Map<string, number>();
  const rb = new Map<string, number>();
  a.forEach((x, i) => {
    const key = `${x}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    ra.set(x, (ra.get(x) ?? 0) + 1);
    rb.set(b[i]!, (rb.get(b[i]!) ?? 0) + 1);
  });
  const sumIj = [...table.values()].reduce((s, n) => s + c2(n), 0);
  const sumA = [...ra.values()].reduce((s, n) => s + c2(n), 0);
  const sumB = [...rb.values()].reduce((s, n) => s + c2(n), 0);
  const expected = (sumA * sumB) / c2(a.length);
  return (sumIj - expected) / ((sumA + sumB) / 2 - expected);
}

describe('campaign archetypes', () => {
  const { rows, truth } = campaigns(42);
  const result = findArchetypes(rows, { seed: 7 });

  it('chooses k = 4 for four latent types by silhouette', () => {
    expect(result.k).toBe(4);
  });

  it('recovers the latent types (adjusted Rand index ≥ 0.9)', () => {
    expect(
      ari(
        rows.map((r) => result.assignments[r.id]!),
        truth,
      ),
    ).toBeGreaterThanOrEqual(0.9);
  });

  it('names each cluster after its latent type', () => {
    const hits = rows.filter((r, i) => result.assignments[r.id] === truth[i]).length;
    expect(hits / rows.length).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same clusters for the same seed', () => {
    expect(findArchetypes(rows, { seed: 7 })).toEqual(result);
  });

  it('reports no clear archetypes for one homogeneous blob', () => {
    const rnd = mulberry32(3);
    const blob = Array.from({ length: 40 }, (_, i) => ({
      id: `c${i}`,
      name: `c${i}`,
      ...Object.fromEntries(
        Object.entries(TYPES.Learning!).map(([k, v]) => [k, v * (0.8 + 0.4 * rnd()) + 0.05 * rnd()]),
      ),
    })) as CampaignFeatures[];
    const r = findArchetypes(blob, { seed: 1 });
    expect(r.clear).toBe(false);
  });
});
