import { describe, expect, it } from 'vitest';
import { BUCKET_LEVELS, Series, bucketMs, levelFor } from './series.ts';

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

  it('picks the finest level that fits the buckets asked for', () => {
    expect(levelFor(0, 1000, 100)).toBe(0);
    expect(levelFor(0, 3_600_000, 160)).toBe(3);
    expect(levelFor(0, 1e12, 10)).toBe(BUCKET_LEVELS - 1);
  });
});
