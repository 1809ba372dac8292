/** Seeded randomness: test data, benchmark data and cross-validation folds that are the same on every run. */

// mulberry32: a small, fast 32-bit PRNG. Returns floats in [0, 1); the seed is truncated to an integer and taken modulo 2^32.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
