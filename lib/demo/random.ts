// Seeded randomness for the demo portfolio (and the tests that want the same numbers every run).

/** A small seeded PRNG (mulberry32): the same numbers on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** exp(N(mu, sigma)) by Box–Muller. */
export function lognormal(rand: () => number, mu: number, sigma: number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}
