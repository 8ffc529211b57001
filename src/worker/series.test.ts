import { describe, expect, it } from 'vitest';
import { BUCKET_LEVELS, COARSE_LEVEL_MIN, Series, bucketMs, levelFor } from './series.ts';

/** Records at times 0, 7, 14 … on lanes 0..2, counted at their time. */
function filled(n: number): Series {
  const s = new Series(3, (d, b) => d[b + 2]!);
  for (let i = 0; i < n; i++) s.push([i * 7, i + 1, i % 3]);
  return s;
}

const total = (s: Series, level: number) =>
  s.buckets(0, 1e9, level).reduce((n, b) => n + b.count, 0);

describe('a series of timed records', () => {
  it('finds the records of a window by binary search', () => {
    const s = filled(1000);
    const [lo, hi] = s.range(70, 140);
    expect(s.get(lo, 0)).toBe(70);
    expect(s.get(hi - 1, 0)).toBe(140);
  });

  it('counts every record once at every level', () => {
    const s = filled(5000);
    for (let l = 0; l < BUCKET_LEVELS; l++) expect(total(s, l)).toBe(5000);
    const b = s.buckets(0, bucketMs(0) - 1, 0);
    expect(b.reduce((n, x) => n + x.count, 0)).toBe(Math.ceil(bucketMs(0) / 7));
  });

  it('truncates after an event and restores what it removed', () => {
    const s = filled(3000);
    const removed = s.truncateAfter(1000);
    expect(s.length).toBe(1000);
    for (let l = 0; l < BUCKET_LEVELS; l++) expect(total(s, l)).toBe(1000);
    s.restore(removed);
    expect(s.length).toBe(3000);
    expect(s.get(2999, 0)).toBe(2999 * 7);
    for (let l = 0; l < BUCKET_LEVELS; l++) expect(total(s, l)).toBe(3000);
  });

  it('coarsens old records: they go, their counts stay (but the finest), memory stays bounded', () => {
    const s = new Series(3, (d, b) => d[b + 2]!);
    const whole = filled(200_000);
    let bytesMax = 0;
    for (let i = 0; i < 200_000; i++) {
      s.push([i * 7, i + 1, i % 3]);
      if (i % 1000 === 999) s.coarsenBefore(i * 7 - 7000);
      if (i >= 100_000) bytesMax = Math.max(bytesMax, s.recordBytes);
    }
    expect(s.length).toBeLessThanOrEqual(2000);
    expect(s.get(0, 0)).toBeGreaterThanOrEqual(s.detailFrom);
    // Bounded by the stretch kept, not the run (the run holds 200 000 records).
    expect(bytesMax).toBeLessThan(2000 * 3 * 4 * 4);
    for (let l = COARSE_LEVEL_MIN; l < BUCKET_LEVELS; l++)
      expect(s.buckets(0, 1e9, l)).toEqual(whole.buckets(0, 1e9, l));
    // The finest counts remain where records are held.
    expect(s.buckets(s.detailFrom + 200, 1e9, 0)).toEqual(
      whole.buckets(s.detailFrom + 200, 1e9, 0),
    );
  });

  it('a cut in the coarsened stretch takes its counts after it; restore puts them back', () => {
    const s = filled(20_000);
    s.coarsenBefore(100_000);
    const before = [1, 2, 3].map((l) => s.buckets(0, 1e9, l));
    const removed = s.truncateAfter(5000, 5000 * 7); // event 5000 is long coarsened
    expect(s.length).toBe(0);
    expect(s.detailFrom).toBe(35_000);
    const left = total(s, 1);
    expect(left).toBeLessThan(5000 + bucketMs(1) / 7 + 1);
    expect(left).toBeGreaterThanOrEqual(5000);
    s.restore(removed);
    expect(s.detailFrom).toBe(100_000);
    expect([1, 2, 3].map((l) => s.buckets(0, 1e9, l))).toEqual(before);
  });

  it('lets the finer counts of the far past go: they stay bounded, a window there is counted at the finest level held', () => {
    // Records every 50 ms on 3 lanes for 10,000 s; detail kept 2 s, level 1 for 20 s,
    // level 2 for 160 s, level 3 for 1,280 s, level 4 for the whole run.
    const kept = [Infinity, 20_000, 160_000, 1_280_000, Infinity];
    const s = new Series(3, (d, b) => d[b + 2]!);
    const whole = new Series(3, (d, b) => d[b + 2]!);
    const end = 10_000_000;
    const bytes: number[] = [];
    for (let i = 0; i * 50 < end; i++) {
      const at = i * 50;
      s.push([at, i + 1, i % 3]);
      whole.push([at, i + 1, i % 3]);
      if (i % 1000 === 999) {
        s.coarsenBefore(at - 2000);
        whole.coarsenBefore(at - 2000); // its counts but the finest kept for the whole run
        for (let l = 1; l < BUCKET_LEVELS; l++) s.letGoCountsBefore(l, at - kept[l]!);
        bytes.push(s.countBytes);
      }
    }
    // Bounded: the second half of the run holds no more than the first (what grows, the
    // coarsest level, fits in its first table), and far less than counts kept for the whole run.
    const half = bytes.length >> 1;
    expect(Math.max(...bytes.slice(half))).toBeLessThanOrEqual(Math.max(...bytes.slice(0, half)));
    expect(s.countBytes * 20).toBeLessThan(whole.countBytes);
    // Levels 1 to 3 are held from their horizon back from the end; level 4 for the whole run.
    for (let l = 1; l < 4; l++) {
      expect(s.heldFrom(l)).toBeGreaterThan(end - kept[l]! - 2 * bucketMs(l));
      expect(s.heldFrom(l)).toBeLessThanOrEqual(end - kept[l]!);
    }
    expect(s.heldFrom(BUCKET_LEVELS - 1)).toBe(0);
    // A window in the far past asked at level 1 is answered at the coarsest: the same counts
    // as kept whole; never as level 1's let-go buckets (they would read as empty).
    expect(s.levelHeld(100_000, 1)).toBe(4);
    expect(s.buckets(100_000, 160_000, 1)).toEqual([]);
    expect(s.buckets(100_000, 160_000, 4)).toEqual(whole.buckets(100_000, 160_000, 4));
    // Nearer, the finest level still held.
    expect(s.levelHeld(end - 100_000, 1)).toBe(2);
    expect(s.levelHeld(end - 1_000_000, 1)).toBe(3);
    expect(s.levelHeld(end - 10_000, 1)).toBe(1);
    for (const [from, to] of [
      [end - 100_000, end - 90_000],
      [end - 1_000_000, end - 900_000],
      [end - 10_000, end],
    ] as const) {
      const l = s.levelHeld(from, 1);
      expect(s.buckets(from, to, l)).toEqual(whole.buckets(from, to, l));
    }
    // Counted at the finest level held everywhere, the run sums to its records.
    expect(total(s, BUCKET_LEVELS - 1)).toBe(end / 50);
    // An estimate over a narrow far window takes its part of each coarse bucket.
    expect(s.estimate(100_000, 101_000, 1)).toBeCloseTo(1000 / 50, 0);
    // Where level 1 is held, its buckets that meet the window count whole (195 and 196 here).
    expect(whole.estimate(99_840, 100_863, 1)).toBe(21); // 99,850 … 100,850
  });

  it('a cut in the far past, where finer counts were let go, is undone exactly', () => {
    const s = filled(200_000); // 1,400 s
    s.coarsenBefore(1_300_000);
    s.letGoCountsBefore(1, 1_000_000);
    s.letGoCountsBefore(2, 600_000);
    const before = [1, 2, 3, 4].map((l) => s.buckets(0, 1e9, l));
    const removed = s.truncateAfter(50_000, 50_000 * 7);
    expect(total(s, 4)).toBeLessThan(50_000 + bucketMs(4) / 7 + 1);
    // Played again from the cut, counted where counts are held, then undone.
    for (let i = 50_000; i < 60_000; i++) s.push([i * 7 + 3, i + 1, i % 3]);
    s.truncateAfter(50_000, 50_000 * 7);
    s.restore(removed);
    expect([1, 2, 3, 4].map((l) => s.buckets(0, 1e9, l))).toEqual(before);
  });

  it('picks the finest level that fits the buckets asked for', () => {
    expect(levelFor(0, 1000, 100)).toBe(0);
    expect(levelFor(0, 3_600_000, 160)).toBe(3);
    expect(levelFor(0, 1e12, 10)).toBe(BUCKET_LEVELS - 1);
  });
});
