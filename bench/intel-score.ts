/**
 * Account intelligence at scale: score and pattern learning for a generated 10,000-ad account (28 days).
 * Run: node bench/intel-score.ts
 */
import { computeAccountScore, learnPatterns } from '../src/intel/analytics/index.ts';
import { largeAccount } from '../test/intel/analytics/support/large-account.ts';

function time<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const gen = time(() => largeAccount({ seed: 2026, campaigns: 50, adsetsPerCampaign: 20, adsPerAdset: 10, days: 28 }));
  const { input, hourly } = gen.value;
  console.log(`generated ${input.ads.length} ads, ${input.adsets.length} ad sets, 28 days in ${gen.ms.toFixed(0)} ms`);
  const patterns = time(() =>
    learnPatterns({
      accountId: input.accountId,
      now: input.now,
      targets: input.targets,
      hourly,
      ads: input.ads,
      adsets: input.adsets,
    }),
  );
  const counts: Record<string, number> = {};
  for (const p of patterns.value) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  console.log(`learnPatterns: ${patterns.ms.toFixed(0)} ms → ${JSON.stringify(counts)}`);
  const fatigue = patterns.value.find((p) => p.kind === 'creative-fatigue');
  if (fatigue) console.log(`  ${fatigue.summary}`);
  const best = patterns.value.find((p) => p.kind === 'time-of-day');
  if (best) console.log(`  ${best.summary}`);
  const plain = time(() => computeAccountScore(input));
  console.log(`computeAccountScore (no patterns): ${plain.ms.toFixed(0)} ms`);
  const score = time(() => computeAccountScore({ ...input, patterns: patterns.value }));
  const s = score.value;
  console.log(`computeAccountScore (with patterns): ${score.ms.toFixed(0)} ms`);
  console.log(
    `score ${s.overall}: ` +
      Object.values(s.components)
        .map((c) => `${c.name} ${c.score}`)
        .join(', ') +
      `; ${s.breakdown.issues.length} issues, ${s.recommendations.length} recommendations`,
  );
  for (const r of s.recommendations.slice(0, 3))
    console.log(`  [${r.priority}] ${r.action} ${r.entityName}: ${r.reason}`);
  console.log(`output JSON: ${(JSON.stringify(s).length / 1024).toFixed(0)} KiB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
