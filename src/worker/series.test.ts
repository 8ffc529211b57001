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

  it('picks the finest level that fits the buckets asked for', () => {
    expect(levelFor(0, 1000, 100)).toBe(0);
    expect(levelFor(0, 3_600_000, 160)).toBe(3);
    expect(levelFor(0, 1e12, 10)).toBe(BUCKET_LEVELS - 1);
  });
});
