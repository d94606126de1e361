/** Campaign archetypes: k-means over normalised campaign features, k chosen by silhouette, clusters named. */
import { kmeans } from 'ml-kmeans';
import { median, silhouette } from 'simple-statistics';
import { clamp, round } from './stats.ts';

/** Campaign features over the last 14–28 days (the caller computes them from its rows). */
export interface CampaignFeatures {
  id: string;
  name: string;
  /** ROAS / target ROAS (or / account ROAS without a target). */
  roasRatio: number;
  ctr: number;
  /** Relative CTR change per week (−0.2 = falling 20% a week). */
  ctrTrend: number;
  frequency: number;
  spendShare: number;
  /** Share of days in LEARNING or LEARNING_LIMITED. */
  learningShare: number;
  /** Spend / budget over the window (1 = spends its whole budget). */
  budgetUtilisation: number;
}

export interface Archetype {
  label: string;
  campaignIds: string[];
  /** Centroid in original units (medians of the members). */
  profile: Omit<CampaignFeatures, 'id' | 'name'>;
}

export interface ArchetypeResult {
  k: number;
  silhouette: number;
  /** False when no k reached the minimum silhouette: everything is then one group, "No clear archetypes". */
  clear: boolean;
  archetypes: Archetype[];
  assignments: Record<string, string>;
}

const FEATURES = [
  'roasRatio',
  'ctr',
  'ctrTrend',
  'frequency',
  'spendShare',
  'learningShare',
  'budgetUtilisation',
] as const;

/**
 * Features are robust z-scores, (x − median) / (1.4826·MAD) (the SD when MAD is 0), clipped at ±3; ROAS ratio
 * and CTR enter as logs. For k = 2..min(6, n − 1), k-means++ (ml-kmeans) runs from 10 seeds derived from
 * `seed`, keeping the lowest within-cluster SSE; k maximises the mean silhouette, which must reach `minSilhouette`
 * (0.25). Labels come from centroid rules in original units (see `labelFor`). Deterministic for a given seed.
 * @throws Error when `campaigns` is empty (simple-statistics' median of no values); there is nothing to cluster.
 */
export function findArchetypes(
  campaigns: readonly CampaignFeatures[],
  options: { seed: number; minSilhouette?: number },
): ArchetypeResult {
  const minSil = options.minSilhouette ?? 0.25;
  const data = normalise(campaigns);
  let best: { k: number; sil: number; labels: number[] } | null = null;
  for (let k = 2; k <= Math.min(6, campaigns.length - 1); k++) {
    let bestRun: { sse: number; labels: number[] } | null = null;
    for (let r = 0; r < 10; r++) {
      const res = kmeans(data, k, { seed: options.seed * 1000 + k * 10 + r, initialization: 'kmeans++' });
      if (new Set(res.clusters).size < k) continue; // an empty cluster: this seed failed, try the next
      const sse = res.computeInformation(data).reduce((a, c) => a + c.error * c.size, 0);
      if (!bestRun || sse < bestRun.sse) bestRun = { sse, labels: res.clusters };
    }
    if (!bestRun) continue;
    // Mean silhouette: simple-statistics' `silhouetteMetric` is the *largest* point's value, which cannot choose k.
    const values = silhouette(data, bestRun.labels);
    const sil = values.reduce((a, b) => a + b, 0) / values.length;
    if (!best || sil > best.sil + 1e-9) best = { k, sil, labels: bestRun.labels };
  }
  const clear = best !== null && best.sil >= minSil;
  const labels = clear ? best!.labels : campaigns.map(() => 0);
  const k = clear ? best!.k : 1;
  const archetypes: Archetype[] = [];
  for (let c = 0; c < k; c++) {
    const members = campaigns.filter((_, i) => labels[i] === c);
    const profile = Object.fromEntries(
      FEATURES.map((f) => [f, round(median(members.map((m) => m[f])), 4)]),
    ) as Archetype['profile'];
    archetypes.push({
      label: clear ? labelFor(profile) : 'No clear archetypes',
      campaignIds: members.map((m) => m.id),
      profile,
    });
  }
  dedupeLabels(archetypes);
  const assignments: Record<string, string> = {};
  archetypes.forEach((a) => a.campaignIds.forEach((id) => (assignments[id] = a.label)));
  return { k, silhouette: round(best?.sil ?? 0, 3), clear, archetypes, assignments };
}

/**
 * First matching rule: "Learning" (≥ 50% of days learning); "Fast fatiguing" (CTR falling ≥ 15%/week at
 * frequency ≥ 2.5); "Underperformers" (ROAS ratio < 0.8); "Budget-limited" (spends ≥ 95% of budget at ROAS
 * ratio ≥ 1.2); "Star performers" (ROAS ratio ≥ 1.2); else "Steady".
 */
export function labelFor(p: Archetype['profile']): string {
  if (p.learningShare >= 0.5) return 'Learning';
  if (p.ctrTrend <= -0.15 && p.frequency >= 2.5) return 'Fast fatiguing';
  if (p.roasRatio < 0.8) return 'Underperformers';
  if (p.budgetUtilisation >= 0.95 && p.roasRatio >= 1.2) return 'Budget-limited';
  if (p.roasRatio >= 1.2) return 'Star performers';
  return 'Steady';
}

function dedupeLabels(archetypes: Archetype[]): void {
  const seen = new Map<string, number>();
  for (const a of archetypes) {
    const n = (seen.get(a.label) ?? 0) + 1;
    seen.set(a.label, n);
    if (n > 1) a.label = `${a.label} (${n})`;
  }
}

function normalise(campaigns: readonly CampaignFeatures[]): number[][] {
  const cols = FEATURES.map((f) =>
    campaigns.map((c) => (f === 'roasRatio' || f === 'ctr' ? Math.log(Math.max(c[f], 1e-6)) : c[f])),
  );
  const scaled = cols.map((col) => {
    const m = median(col);
    let scale = 1.4826 * median(col.map((v) => Math.abs(v - m)));
    if (scale < 1e-9) {
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      scale = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / col.length);
    }
    return col.map((v) => (scale < 1e-9 ? 0 : clamp((v - m) / scale, -3, 3)));
  });
  return campaigns.map((_, i) => scaled.map((col) => col[i]!));
}
