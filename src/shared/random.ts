/** A seeded pseudo-random generator, for work that must be repeatable (training, fuzzing). */
export type Rng = () => number;

/** mulberry32: small, fast, seeded; numbers in [0, 1). */
export function prng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
