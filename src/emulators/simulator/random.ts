/** mulberry32: a small, fast, seedable PRNG so a scenario replays identically from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to derive per-entity seeds. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A draw around an expected count: Poisson-like noise via a normal approximation, never negative. */
export function noisyCount(expected: number, u1: number, u2: number): number {
  if (expected <= 0) return 0;
  if (expected < 20) {
    // Knuth's Poisson sampler from two uniforms is not enough; use inversion with the first uniform.
    let k = 0;
    let p = Math.exp(-expected);
    let cdf = p;
    while (u1 > cdf && k < 200) {
      k++;
      p *= expected / k;
      cdf += p;
    }
    return k;
  }
  const z = Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(expected + z * Math.sqrt(expected)));
}
