/** Quorum maths (etcd keeps it in its own module): majorities, joint configurations, commit index. */
import { describe, expect, it } from 'vitest';
import {
  committedIndex,
  isMajority,
  majority,
  quorumIndex,
  quorumIndexOf,
  voteResult,
  voterIds,
  type VoteResult,
} from './quorum.ts';
import type { Voters } from './types.ts';

const plain = (...ids: number[]): Voters => ({ incoming: ids, outgoing: [] });
const joint = (incoming: number[], outgoing: number[]): Voters => ({ incoming, outgoing });

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

// Reference: §6 (joint consensus: "agreement requires separate majorities from both the old
// and new configurations"), as etcd's quorum/joint.go tables.
describe('quorum: joint configurations', () => {
  it('(1 2 3)&&(1 2 4): a vote needs a majority of each half', () => {
    const v = joint([1, 2, 3], [1, 2, 4]);
    const cases: [Record<number, boolean>, VoteResult][] = [
      [{}, 'pending'],
      [{ 1: true }, 'pending'],
      [{ 1: true, 2: true }, 'won'],
      [{ 1: true, 3: true }, 'pending'],
      [{ 1: true, 3: true, 4: true }, 'won'],
      [{ 3: true, 4: true }, 'pending'],
      [{ 1: false, 2: false }, 'lost'],
      [{ 3: true, 1: false, 2: false }, 'lost'],
      [{ 1: true, 3: false, 2: false }, 'lost'],
      [{ 1: true, 3: true, 2: false }, 'pending'],
      [{ 1: true, 3: true, 2: false, 4: false }, 'lost'],
      [{ 1: true, 2: true, 3: false, 4: false }, 'won'],
      [{ 5: true, 6: true }, 'pending'], // votes of non-voters count for nothing
    ];
    for (const [votes, want] of cases)
      expect(voteResult(v, votes), JSON.stringify(votes)).toBe(want);
  });

  it('(1 2 3)&&(1 2 4): the committed index is the smaller of the two halves', () => {
    const v = joint([1, 2, 3], [1, 2, 4]);
    const at = (m: Record<number, number>) => committedIndex(v, (id) => m[id]);
    expect(at({ 1: 5, 2: 5, 3: 5, 4: 5 })).toBe(5);
    expect(at({ 1: 5, 2: 1, 3: 5, 4: 1 })).toBe(1); // (1 3) a majority of the incoming half only
    expect(at({ 1: 5, 2: 4, 3: 0, 4: 0 })).toBe(4);
    expect(at({ 1: 5, 3: 7, 4: 6 })).toBe(5); // S2 unknown: counts as 0
    expect(at({ 3: 9, 4: 9 })).toBe(0);
  });

  it('an empty half is neutral: a plain configuration is a joint one with an empty half', () => {
    expect(voteResult(plain(), {})).toBe('won');
    expect(committedIndex(plain(), () => 3)).toBe(Infinity);
    expect(voteResult(joint([1, 2, 3], []), { 1: true, 2: true })).toBe('won');
    expect(voteResult(joint([], [1, 2, 3]), { 1: true, 2: true })).toBe('won');
    expect(committedIndex(joint([], [1, 2, 3]), (id) => id)).toBe(2);
  });

  it('plain configurations as before: 3 of 5 win, 3 refusals of 5 lose', () => {
    const v = plain(1, 2, 3, 4, 5);
    expect(voteResult(v, { 1: true, 2: true })).toBe('pending');
    expect(voteResult(v, { 1: true, 2: true, 3: true })).toBe('won');
    expect(voteResult(v, { 1: true, 2: false, 3: false, 4: false })).toBe('lost');
    expect(committedIndex(v, (id) => [0, 9, 8, 7, 1, 0][id])).toBe(7);
  });

  it('voterIds lists each voter once, ascending; isMajority counts a set against one half', () => {
    expect(voterIds(joint([4, 1, 2], [3, 2, 1]))).toEqual([1, 2, 3, 4]);
    expect(isMajority([1, 2, 3], new Set([1, 3]))).toBe(true);
    expect(isMajority([1, 2, 3, 4], new Set([1, 3]))).toBe(false);
    expect(isMajority([], new Set())).toBe(true);
  });
});

// Reference: §5.2 (a majority of votes wins), §5.4.2 (what a majority stores), §6 (joint)
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

  // Every pair of subsets of S1..S5 as (incoming, outgoing), every vote assignment drawn from
  // a small generator: voteResult and committedIndex agree with "a majority of each half",
  // counted the slow way.
  it('voteResult and committedIndex are "a majority of each half", over subsets of 5 servers', () => {
    const ids = [1, 2, 3, 4, 5];
    const subset = (mask: number) => ids.filter((id) => mask & (1 << (id - 1)));
    const slowWins = (half: readonly number[], yes: Set<number>) =>
      half.length === 0 || half.filter((id) => yes.has(id)).length * 2 > half.length;
    let checked = 0;
    const wrong: string[] = [];
    for (let a = 0; a < 32; a++) {
      for (let b = 0; b < 32; b += 3) {
        const v = joint(subset(a), subset(b));
        for (let t = 0; t < 3 ** 5; t += 7) {
          // Each server: no answer (0), granted (1) or refused (2).
          const votes: Record<number, boolean> = {};
          for (let k = 0, x = t; k < 5; k++, x = Math.floor(x / 3)) {
            if (x % 3 === 1) votes[k + 1] = true;
            if (x % 3 === 2) votes[k + 1] = false;
          }
          const yes = new Set(ids.filter((id) => votes[id] === true));
          const notNo = new Set(ids.filter((id) => votes[id] !== false));
          const want: VoteResult =
            slowWins(v.incoming, yes) && slowWins(v.outgoing, yes)
              ? 'won'
              : !slowWins(v.incoming, notNo) || !slowWins(v.outgoing, notNo)
                ? 'lost'
                : 'pending';
          if (voteResult(v, votes) !== want)
            wrong.push(`${JSON.stringify(v)} ${JSON.stringify(votes)}`);
          checked++;
        }
        for (let t = 0; t < 40; t++) {
          const match = ids.map((id) => (t * 7 + id * id * 3 + a) % 6);
          // The largest index such that a majority of each half has reached it.
          let want = Infinity;
          if (v.incoming.length + v.outgoing.length > 0) {
            want = 0;
            for (let n = 1; n <= 6; n++) {
              const reached = new Set(ids.filter((id) => match[id - 1]! >= n));
              if (slowWins(v.incoming, reached) && slowWins(v.outgoing, reached)) want = n;
            }
          }
          if (committedIndex(v, (id) => match[id - 1]) !== want)
            wrong.push(`${JSON.stringify(v)} ${match.join(',')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  }, 30_000);
});
