/**
 * Seeded randomness with 32-bit integer arithmetic only (Math.imul, shifts), so
 * that every JavaScript engine draws exactly the same numbers. The generator is
 * sfc32; its state is plain data, so it is saved with a checkpoint.
 */

export interface Rng {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** A 32-bit mix of a list of integers (murmur3: one round per word, then its finaliser). */
export function mix(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) h = mixWord(h, w);
  return finish(h);
}

/** One murmur3 round: folds a word into a running hash (no allocation: hot paths use it). */
export function mixWord(h: number, w: number): number {
  let k = Math.imul(w | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Streams of one seed: an independent generator per (purpose, id, id). */
export const STREAM = { server: 1, link: 2, client: 3, load: 4, faults: 5 } as const;

export function stream(seed: number, purpose: number, x = 0, y = 0): Rng {
  // `| 0`: the state as 32-bit integers from the start (the same bits), so that an
  // object holds them as small integers, not boxed doubles (checkpoints copy many).
  const rng = {
    a: mix(seed, purpose, x, y, 1) | 0,
    b: mix(seed, purpose, x, y, 2) | 0,
    c: mix(seed, purpose, x, y, 3) | 0,
    d: 1,
  };
  for (let i = 0; i < 12; i++) nextU32(rng);
  return rng;
}

export function nextU32(r: Rng): number {
  const t = (((r.a + r.b) | 0) + r.d) | 0;
  r.d = (r.d + 1) | 0;
  r.a = r.b ^ (r.b >>> 9);
  r.b = (r.c + (r.c << 3)) | 0;
  r.c = (r.c << 21) | (r.c >>> 11);
  r.c = (r.c + t) | 0;
  return t >>> 0;
}

/** A uniform integer in [lo, hi] (inclusive); exact for ranges below 2^32. */
export function randomInt(r: Rng, lo: number, hi: number): number {
  if (hi <= lo) return lo;
  const span = hi - lo + 1;
  // Rejection sampling keeps it unbiased; with spans this small it almost never loops.
  const limit = 0x100000000 - (0x100000000 % span);
  let x = nextU32(r);
  while (x >= limit) x = nextU32(r);
  // A small integer where it fits: a boxed double stored in an object's field (a client
  // id in every log entry, say) makes that field boxed in every object of its shape.
  const v = lo + (x % span);
  return v === (v | 0) ? v | 0 : v;
}

/** True with probability `rate` (0..1), compared as integers. */
export function chance(r: Rng, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return nextU32(r) < Math.floor(rate * 0x100000000);
}

export function copyRng(r: Rng): Rng {
  return { a: r.a, b: r.b, c: r.c, d: r.d };
}
