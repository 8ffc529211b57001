/** Quorum maths (etcd keeps it in its own module): majorities and the highest index on a majority. */
import { describe, expect, it } from 'vitest';
import { majority, quorumIndex, quorumIndexOf } from './quorum.ts';

describe('quorum', () => {
  it('majority of n', () => {
    expect([1, 2, 3, 4, 5, 9].map(majority)).toEqual([1, 2, 2, 3, 3, 5]);
  });

  // Reference: Figure 2, Rules for Servers, Leaders (the N stored on a majority)
  it('the highest index stored on a majority', () => {
    expect(quorumIndex([5, 3, 4, 1, 2])).toBe(3);
    expect(quorumIndex([7, 7, 0, 0])).toBe(0);
    expect(quorumIndex([9])).toBe(9);
    const values = [0, 5, 3, 4, 1, 2];
    expect(quorumIndexOf(values, 1, 5)).toBe(3);
    for (let i = 0; i < 200; i++) {
      const xs = Array.from({ length: 1 + (i % 9) }, (_, k) => (i * 7 + k * 13) % 17);
      expect(quorumIndexOf([0, ...xs], 1, xs.length)).toBe(quorumIndex(xs));
    }
  });
});

// Reference: §5.2 (a majority of votes wins), §5.4.2 (what a majority stores)
describe('quorum: brute force', () => {
  it('quorumIndexOf is the largest value reached by at least a majority, for every small cluster', () => {
    for (let n = 1; n <= 9; n++) {
      for (let t = 0; t < 300; t++) {
        const values = Array.from({ length: n }, (_, k) => (t * 31 + k * 17 + ((t * k) % 7)) % 12);
        const brute = Math.max(
          0,
          ...values.filter((v) => values.filter((w) => w >= v).length >= majority(n)),
        );
        expect(quorumIndexOf([99, ...values, 99], 1, n), `${values}`).toBe(brute);
      }
    }
  });

  it('two majorities of the same cluster always intersect', () => {
    for (let n = 1; n <= 9; n++) expect(2 * majority(n)).toBeGreaterThan(n);
  });
});
