import { describe, expect, it } from 'vitest';
import {
  emptyVec,
  forkVec,
  vecGet,
  vecNodesNotIn,
  vecOf,
  vecPush,
  vecSet,
  vecValues,
  type Vec,
} from './pvec.ts';

describe('persistent vector', () => {
  it('reads back what was written, dense and sparse', () => {
    const v = emptyVec<number>();
    for (let i = 0; i < 5000; i++) vecPush(v, i * 2);
    expect(v.size).toBe(5000);
    expect(vecGet(v, 0)).toBe(0);
    expect(vecGet(v, 4999)).toBe(9998);
    expect(vecGet(v, 5000)).toBeUndefined();
    expect(vecGet(v, -1)).toBeUndefined();
    const sparse = emptyVec<string>();
    vecSet(sparse, 3, 'a');
    vecSet(sparse, 1_000_000, 'b');
    vecSet(sparse, 2 ** 40, 'c');
    expect(vecGet(sparse, 3)).toBe('a');
    expect(vecGet(sparse, 4)).toBeUndefined();
    expect(vecGet(sparse, 1_000_000)).toBe('b');
    expect(vecGet(sparse, 2 ** 40)).toBe('c');
    expect(vecValues(sparse)).toEqual(['a', 'b', 'c']);
    expect(vecValues(sparse, 4)).toEqual(['b', 'c']);
    expect(sparse.size).toBe(2 ** 40 + 1);
  });

  it('a fork and its source change apart', () => {
    const a = vecOf([1, 2, 3]);
    const b = forkVec(a);
    vecSet(a, 0, 10);
    vecPush(b, 4);
    vecSet(b, 1, 20);
    expect(vecValues(a)).toEqual([10, 2, 3]);
    expect(vecValues(b)).toEqual([1, 20, 3, 4]);
    const c = forkVec(b);
    for (let i = 0; i < 2000; i++) vecPush(c, i);
    expect(vecValues(b)).toEqual([1, 20, 3, 4]);
    expect(c.size).toBe(2004);
    expect(vecGet(c, 2003)).toBe(1999);
  });

  it('a fork costs what is written after it, not the size of the vector', () => {
    // Keep a fork of a growing vector every 100 pushes, as checkpoints do; the new
    // nodes each fork holds stay the same however long the vector has grown.
    const live: Vec<number> = emptyVec();
    const costs: number[] = [];
    let last = forkVec(live);
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 100; i++) vecPush(live, i);
      const fork = forkVec(live);
      costs.push(vecNodesNotIn(fork, last));
      last = fork;
    }
    expect(live.size).toBe(30_000);
    // 100 pushes touch at most 5 leaves and their paths (depth 3 here).
    expect(Math.max(...costs)).toBeLessThanOrEqual(5 + 3 * 3);
    expect(Math.max(...costs.slice(-50))).toBeLessThanOrEqual(Math.max(...costs.slice(0, 50)) + 2);
  });

  it('forks and their sources agree with plain maps under random writes', () => {
    // Appends, rewrites of old keys, gaps (keys past the size) and forks of forks, as
    // logs (truncated, then rewritten), requests (completed later) and sparse terms do.
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) | 0;
      return (seed >>> 8) % n;
    };
    const vecs: { v: Vec<number>; model: Map<number, number>; size: number }[] = [
      { v: emptyVec(), model: new Map(), size: 0 },
    ];
    const check = (): void => {
      for (const y of vecs) {
        expect(y.v.size).toBe(y.size);
        const got: (number | undefined)[] = [];
        const want: (number | undefined)[] = [];
        for (let k = 0; k < y.size + 40; k++) {
          got.push(vecGet(y.v, k));
          want.push(y.model.get(k));
        }
        expect(got).toEqual(want);
        const sorted = [...y.model.entries()].sort((a, b) => a[0] - b[0]);
        expect(vecValues(y.v)).toEqual(sorted.map((e) => e[1]));
      }
    };
    for (let step = 0; step < 6000; step++) {
      const x = vecs[rand(vecs.length)]!;
      const r = rand(100);
      let key: number;
      if (r < 60) key = x.size;
      else if (r < 85) key = x.size === 0 ? 0 : rand(x.size);
      else if (r < 97) key = x.size + 1 + rand(70);
      else {
        if (vecs.length < 12) vecs.push({ v: forkVec(x.v), model: new Map(x.model), size: x.size });
        continue;
      }
      vecSet(x.v, key, step);
      x.model.set(key, step);
      x.size = Math.max(x.size, key + 1);
      if (step % 250 === 0) check();
    }
    check();
  });

  it('a source that only grows pays nothing for its forks', () => {
    const live: Vec<number> = emptyVec();
    let last = forkVec(live);
    const costs: number[] = [];
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 100; i++) vecPush(live, i);
      const fork = forkVec(live);
      // Only the nodes that hold the 100 new keys (and their path) are new.
      costs.push(vecNodesNotIn(fork, last));
      last = fork;
    }
    expect(Math.max(...costs)).toBeLessThanOrEqual(5 + 3 * 3);
    // And the source keeps its nodes: a fork made no copy of them.
    const before = forkVec(live);
    for (let i = 0; i < 10; i++) vecPush(live, i);
    expect(vecNodesNotIn(live, before)).toBeLessThanOrEqual(1);
  });
});
